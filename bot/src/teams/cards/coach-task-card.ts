import { effectLine } from '../../domain/effects';
import type { Idea } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import { NEXT_STAGE, type Locale } from '../../domain/stages';
import { coachActionsFor } from '../../domain/transitions';
import type { SluiceCoach } from '../coach/coach-directory';
import { ageOf, summarize } from '../coach/describe';
import { coachText } from '../coach/strings';
import { INPUT_IDS, REFRESH_VERB, VERB_OF, type CoachActionType } from '../coach/verbs';
import { escapeMarkdown, preview } from '../markdown';
import { overdueFact } from '../reminders/reminder-messages';
import { overdueOf } from '../../domain/reminders/policy';
import type { SimilarIdeas } from '../../domain/similar/similar-ideas';
import type { SimilarMatch } from '../../domain/similar/similar-index';
import { expand, type CardJson } from './render';
import template from './templates/coach-task.json';
import { commentStamp, withCommentAction } from '../comments/comment-cards';
import { st } from '../support/strings';

/** The data every task-card button sends back: which idea, and which state of it the card shows. */
export interface TaskActionData {
  readonly ideaId: string;
  readonly sluiceId: string;
  /** The idea's eTag when the card was rendered; the action is a conditional write on it. */
  readonly etag: string;
  /** The idea's version when the card was rendered; tells the loser of a race what came first. */
  readonly version: number;
}

/** What a line under the card says after a click, and how it looks. */
export interface CardNotice {
  readonly text: string;
  readonly tone: 'good' | 'attention' | 'warning';
}

export interface TaskCardView {
  readonly idea: Idea;
  readonly etag: string;
  readonly sluice: Sluice;
  readonly locale: Locale;
  readonly now: Date;
  /** Coaches get the buttons; everyone else a read-only card. */
  readonly viewer: 'coach' | 'readOnly';
  /** The sluice's coaches and admins (names, Teams ids) from {@link CoachDirectory}. */
  readonly coaches: readonly SluiceCoach[];
  readonly notice?: CardNotice;
  /** Ideas like this one ({@link similarForTask}), best first; the card shows up to three. */
  readonly similar?: readonly SimilarMatch[];
  /** How many people support the idea ("Jag stödjer idén"); no line when none. */
  readonly supportCount?: number;
  /** The comment just saved from this card, when it answers a "Kommentera": its key then differs from the card's before. */
  readonly afterCommentId?: string;
}

/** Where the task card's "Liknande:" line comes from: the similar-idea index of the app. */
export type SimilarLookup = Pick<SimilarIdeas, 'similarTo'>;

/** How many similar ideas the task card names. */
export const TASK_SIMILAR_LIMIT = 3;

/**
 * The ideas of the idea's own sluice that are like it, for its task card. Never throws: a card
 * without the line is better than no card.
 */
export function similarForTask(similar: SimilarLookup | undefined, idea: Idea, sluice: Pick<Sluice, 'id'>): SimilarMatch[] {
  if (!similar) return [];
  try {
    return similar.similarTo([sluice.id], idea, TASK_SIMILAR_LIMIT);
  } catch {
    return [];
  }
}

/** "Liknande: #12 Påminn föräldrar om simskolan (Testas) · #14 …", or '' when there are none. */
function similarLine(similar: readonly SimilarMatch[], sluice: Sluice, locale: Locale): string {
  const shown = similar.slice(0, TASK_SIMILAR_LIMIT);
  if (shown.length === 0) return '';
  const ideas = shown.map((m) => `#${m.number} ${escapeMarkdown(m.title)} (${stageLabel(sluice, m.stage, locale)})`).join(' · ');
  return coachText(locale, 'task.similar', { ideas });
}

/** "Kopplad: dubblett av #12 Påminn föräldrar om simskolan · liknar #14 …": the links coaches made, or ''. */
function linksLine(idea: Pick<Idea, 'links'>, locale: Locale): string {
  const links = idea.links ?? [];
  if (links.length === 0) return '';
  const shown = links.map((l) => `${coachText(locale, `link.${l.kind}`)} #${l.number} ${escapeMarkdown(l.title)}`).join(' · ');
  return coachText(locale, 'task.links', { links: shown });
}

const NOTICE_COLOR: Record<CardNotice['tone'], string> = { good: 'Good', attention: 'Attention', warning: 'Warning' };

/**
 * The coach task card: the idea (every user-written string escaped), its giver, department,
 * stage, age and the actions allowed now, with a `refresh` so coaches opening it later see the
 * current state. The same card is posted in the coach channel, sent to the responsible coach and
 * returned from every card action.
 */
export function renderCoachTaskCard(view: TaskCardView): CardJson {
  const { idea, sluice, locale } = view;
  const stage = stageLabel(sluice, idea.stage, locale);
  const next = NEXT_STAGE[idea.stage];
  const allowed = new Set<CoachActionType>(
    view.viewer === 'coach' ? (coachActionsFor(idea, sluice) as CoachActionType[]).filter((a) => a in VERB_OF) : [],
  );
  const otherCoaches = view.coaches.filter((c) => c.role === 'coach' && c.id !== idea.coach?.id);
  const latestEvent = idea.history.length > 1 ? idea.history[idea.history.length - 1] : undefined;
  const lastRating = idea.satisfaction[idea.satisfaction.length - 1];
  const coachLine = idea.coach ? escapeMarkdown(idea.coach.name) : coachText(locale, 'task.noCoach');
  const overdue = overdueOf(idea, sluice, view.now);
  const action: TaskActionData = { ideaId: idea.id, sluiceId: sluice.id, etag: view.etag, version: idea.version };

  const card = expand(template, {
    heading: coachText(locale, idea.stage === 'submitted' ? 'task.headingNew' : 'task.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    facts: [
      { label: coachText(locale, 'task.giver'), value: escapeMarkdown(idea.giver.name) },
      { label: coachText(locale, 'task.department'), value: escapeMarkdown(idea.department) },
      { label: coachText(locale, 'task.stage'), value: idea.needsInfo ? coachText(locale, 'task.needsInfo', { stage }) : stage },
      { label: coachText(locale, 'task.coach'), value: coachLine },
      { label: coachText(locale, 'task.submitted'), value: ageOf(idea.createdAt, view.now, locale) },
      ...(overdue ? [overdueFact(overdue, locale)] : []),
      ...(view.supportCount
        ? [{ label: st(locale, 'supportLabel'), value: st(locale, 'supportValue', { count: view.supportCount }) }]
        : []),
    ],
    needLabel: coachText(locale, 'task.need'),
    need: escapeMarkdown(preview(idea.need, 600)),
    ideaLabel: coachText(locale, 'task.idea'),
    idea: escapeMarkdown(preview(idea.idea, 900)),
    pendingQuestion:
      idea.needsInfo && idea.pendingQuestion
        ? coachText(locale, 'task.pendingQuestion', { question: escapeMarkdown(preview(idea.pendingQuestion, 300)) })
        : '',
    toDone: next === 'done',
    effectsLabel: coachText(locale, 'task.effects'),
    effects: (idea.effects ?? []).map((e) => `- ${escapeMarkdown(effectLine(e, locale))}`),
    rating: lastRating ? coachText(locale, 'task.rating', { rating: lastRating.rating }) : '',
    similar: similarLine(view.similar ?? [], sluice, locale),
    links: linksLine(idea, locale),
    latest: latestEvent ? coachText(locale, 'task.latest', { summary: summarize(latestEvent, sluice, locale) }) : '',
    notice: view.notice?.text ?? (view.viewer === 'readOnly' ? coachText(locale, 'task.readOnly') : ''),
    noticeColor: NOTICE_COLOR[view.notice?.tone ?? 'attention'],
    refresh: {
      title: coachText(locale, 'task.refresh'),
      verb: REFRESH_VERB,
      data: { ideaId: idea.id, sluiceId: sluice.id },
      userIds: view.coaches.map((c) => c.userId).filter((id): id is string => id !== undefined),
    },
    can: Object.fromEntries((Object.keys(VERB_OF) as CoachActionType[]).map((a) => [a, allowed.has(a)])),
    verbs: VERB_OF,
    inputs: INPUT_IDS,
    action,
    otherCoaches: otherCoaches.map((c) => ({ title: escapeMarkdown(c.name), value: c.id })),
    labels: {
      take: coachText(locale, 'action.take'),
      advance: coachText(locale, 'action.advance'),
      advanceSubmit: coachText(locale, 'submit.advance', { stage: next ? stageLabel(sluice, next, locale) : '' }),
      decline: coachText(locale, 'action.decline'),
      declineSubmit: coachText(locale, 'submit.decline'),
      askInfo: coachText(locale, 'action.askInfo'),
      askInfoSubmit: coachText(locale, 'submit.askInfo'),
      reassign: coachText(locale, 'action.reassign'),
      reassignSubmit: coachText(locale, 'submit.reassign'),
      reopen: coachText(locale, 'action.reopen'),
      comment: coachText(locale, 'input.comment'),
      effectsIntro: coachText(locale, 'input.effectsIntro'),
      effectFor: coachText(locale, 'input.effectFor'),
      effectForHint: coachText(locale, 'input.effectForHint'),
      effectChange: coachText(locale, 'input.effectChange'),
      effectAmount: coachText(locale, 'input.effectAmount'),
      effectUnit: coachText(locale, 'input.effectUnit'),
      effectUnitHint: coachText(locale, 'input.effectUnitHint'),
      effectRequired: coachText(locale, 'input.effectRequired'),
      reason: coachText(locale, 'input.reason'),
      reasonRequired: coachText(locale, 'input.reasonRequired'),
      question: coachText(locale, 'input.question'),
      questionRequired: coachText(locale, 'input.questionRequired'),
      coach: coachText(locale, 'input.coach'),
      coachRequired: coachText(locale, 'input.coachRequired'),
      coachSearch: coachText(locale, 'input.coachSearch'),
    },
  });
  // Without user ids Teams refreshes the card for every member of a small conversation, which
  // is right when the bot has met none of the coaches yet: non-coaches then get the read-only card.
  const refresh = card['refresh'] as { userIds?: unknown[] } | undefined;
  if (refresh && Array.isArray(refresh.userIds) && refresh.userIds.length === 0) delete refresh.userIds;
  // Everyone who sees the card may comment, coach or not. The key is made from what the card
  // shows (the idea's state, and the comment it answers), never the time: a redelivered action
  // must answer with exactly the same card.
  return withCommentAction(
    card,
    { ideaId: idea.id, sluiceId: sluice.id, card: 'task', stamp: commentStamp(view.etag, view.afterCommentId) },
    locale,
  );
}
