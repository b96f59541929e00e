import type { Activity, CardAction } from 'botbuilder';
import type { Line, LineValue, Say } from '../../domain/capture-machine';
import type { IdeaDraft } from '../../domain/draft';
import type { Locale } from '../../domain/stages';
import { renderBeneficiariesCard } from '../cards/beneficiaries-card';
import { renderIdeaConfirmationCard } from '../cards/idea-confirmation-card';
import { renderIdeaSummaryCard } from '../cards/idea-summary-card';
import { renderMyIdeasCard } from '../cards/my-ideas-card';
import { asAttachment } from '../cards/render';
import { renderSimilarIdeaCard, renderSimilarIdeasCard } from '../cards/similar-ideas-card';
import { renderHelpCard } from '../cards/welcome-card';
import { renderChallengeChoiceCard } from '../cards/challenge-cards';
import { escapeMarkdown, preview } from '../markdown';
import { captureText } from './capture-strings';
import { linked, type IdeaLinks } from '../deep-links';

/** What one {@link Say} becomes in Teams: messages to send, or a card to replace. */
export type Rendered = { kind: 'send'; messages: Partial<Activity>[] } | { kind: 'update'; activity: Partial<Activity> & { id: string } };

/**
 * Turns what the capture machine says into Teams activities, in the giver's language. User
 * text goes through {@link escapeMarkdown}; one-click answers are offered to `recipientId`.
 */
/** What the replies say beyond the machine's lines. */
export interface ReplyOptions {
  /** Whom a person of a tenant in no sluice is told to ask (ONBOARDING_CONTACT). */
  readonly onboardingContact?: string;
  /** Makes the cards' "Öppna i Idéslussen" links and the similar ideas' "Öppna" (the giver's personal tab). */
  readonly links?: IdeaLinks;
}

export function renderSay(say: Say, locale: Locale, recipientId: string, options: ReplyOptions = {}): Rendered {
  const send = (...messages: Partial<Activity>[]): Rendered => ({ kind: 'send', messages: messages.flatMap(asMessages) });
  switch (say.kind) {
    case 'text': {
      const reply: Partial<Activity> = { text: lines(locale, say.lines, options) };
      return send(
        say.choices
          ? withChoices(
              reply,
              say.choices.map((c) => lineText(locale, c)),
              recipientId,
            )
          : reply,
      );
    }
    case 'question':
      return send(question(locale, say.draft, say.lead, say.departments, recipientId, options.links));
    case 'help':
      return send({ attachments: [asAttachment(renderHelpCard(locale, options.links))] });
    case 'myIdeas':
      return send({
        attachments: [asAttachment(renderMyIdeasCard(locale, say.mine.ideas, say.mine.sluice, say.mine.more, say.mine.covers))],
      });
    case 'confirmation':
      return send({
        text: lines(locale, say.lines, options),
        attachments: [asAttachment(linked(renderIdeaConfirmationCard(locale, say.idea, say.sluice), options.links, say.idea.id, locale))],
      });
    case 'markSummary':
      return {
        kind: 'update',
        activity: { type: 'message', id: say.cardId, attachments: [asAttachment(renderIdeaSummaryCard(locale, say.draft, say.outcome))] },
      };
    case 'similarIdeas':
      return send({
        attachments: [
          asAttachment(
            renderSimilarIdeasCard(
              locale,
              say.sluice,
              say.draftId,
              say.ideas,
              options.links ? (id) => options.links?.toIdea(id) ?? '' : undefined,
            ),
          ),
        ],
      });
    case 'similarIdea':
      return send({
        attachments: [
          asAttachment(
            linked(renderSimilarIdeaCard(locale, say.sluice, say.idea, say.draftId, say.pending), options.links, say.idea.id, locale),
          ),
        ],
      });
    case 'challengeChoice':
      return send({ attachments: [asAttachment(renderChallengeChoiceCard(locale, say.draftId, say.challenges))] });
  }
}

/**
 * The message that asks the draft's current question, after `lead`: plain text for free-text
 * questions, a multi-select card for who benefits, suggestions for the department, and the
 * summary card once everything is answered.
 */
function question(
  locale: Locale,
  draft: IdeaDraft,
  lead: readonly Line[],
  departments: readonly string[],
  recipientId: string,
  links?: IdeaLinks,
): Partial<Activity> {
  const before = lead.map((l) => lineText(locale, l, links));
  const step = draft.step;
  const current = draft.editing && step !== 'summary' && step !== 'beneficiaries' ? draft[step] : undefined;
  const currentLine = current ? [captureText(locale, 'edit.current', { value: escapeMarkdown(preview(current, 300)) })] : [];
  switch (step) {
    case 'summary':
      return {
        text: [...before, captureText(locale, 'summary.intro')].join('\n\n'),
        attachments: [asAttachment(renderIdeaSummaryCard(locale, draft))],
      };
    case 'beneficiaries':
      return {
        ...(before.length > 0 ? { text: before.join('\n\n') } : {}),
        attachments: [asAttachment(renderBeneficiariesCard(locale, draft.id, draft.beneficiaries ?? []))],
      };
    case 'department': {
      const text = [...before, ...currentLine, captureText(locale, 'ask.department')];
      if (departments.length === 0) return { text: text.join('\n\n') };
      return withChoices({ text: [...text, captureText(locale, 'ask.department.choices')].join('\n\n') }, departments, recipientId);
    }
    default:
      return { text: [...before, ...currentLine, captureText(locale, `ask.${step}`)].join('\n\n') };
  }
}

function lines(locale: Locale, all: readonly Line[], options: ReplyOptions): string {
  return all
    .map((l) => (l.key === 'submit.noSluice' ? noSluiceText(locale, options.onboardingContact) : lineText(locale, l, options.links)))
    .join('\n\n');
}

/** "Your organisation is not connected yet", naming whom to ask when the deployment says. */
export function noSluiceText(locale: Locale, contact: string | undefined): string {
  return contact
    ? captureText(locale, 'submit.noSluice.contact', { contact: escapeMarkdown(contact) })
    : captureText(locale, 'submit.noSluice');
}

/**
 * One line in the locale, with the giver's own words escaped for markdown; with `links`, a
 * challenge's title links to the challenge in the personal tab's Utmaningar.
 */
export function lineText(locale: Locale, l: Line, links?: IdeaLinks): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(l.values ?? {})) values[name] = valueText(locale, value, links);
  return captureText(locale, l.key, values);
}

function valueText(locale: Locale, value: LineValue, links: IdeaLinks | undefined): string | number {
  if (typeof value === 'number') return value;
  if ('text' in value)
    return value.challengeId && links
      ? `[${escapeMarkdown(value.text)}](${links.toChallenge(value.challengeId)})`
      : escapeMarkdown(value.text);
  return value.title ? `”${escapeMarkdown(value.title)}”` : captureText(locale, 'draft.untitled');
}

/** Adds one-click answers (Teams shows them under the message in a personal chat). */
function withChoices(reply: Partial<Activity>, choices: readonly string[], recipientId: string): Partial<Activity> {
  const actions: CardAction[] = choices.map((c) => ({ type: 'imBack', title: c, value: c }));
  return { ...reply, suggestedActions: { actions, to: [recipientId] } };
}

/**
 * A reply as the messages to send: text and card go as two messages (text first), so each has
 * its own id — the card's is what a click refers to — as Teams and Agents Playground expect.
 * (Agents Playground answers a message holding both with 202 and no id, so a click on such a card
 * or its update could not find it; one message each costs a send more per summary.)
 */
function asMessages(reply: Partial<Activity>): Partial<Activity>[] {
  const { attachments, ...rest } = reply;
  if (!reply.text || !attachments?.length) return [{ type: 'message', ...reply }];
  return [
    { type: 'message', ...rest },
    { type: 'message', attachments },
  ];
}
