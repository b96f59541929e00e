import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Idea, Person } from '../../domain/idea';
import type { ActResult } from '../../domain/idea-service';
import type { Versioned } from '../../domain/ports';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { IdeaAction, TransitionError } from '../../domain/transitions';
import { renderCoachTaskCard, similarForTask, type CardNotice, type SimilarLookup } from '../cards/coach-task-card';
import { renderGiverQuestionCard, renderSatisfactionCard } from '../cards/giver-cards';
import type { CardJson } from '../cards/render';
import { escapeMarkdown } from '../markdown';
import { linked, PERSONAL, type IdeaLinks, type LinkPlace } from '../deep-links';
import type { SluiceCoach } from './coach-directory';
import { summarize, supersedingEvent } from './describe';
import { coachText, type CoachStringKey } from './strings';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const INVOKE_ERROR = 'application/vnd.microsoft.error';

/** What the card said about the state it showed (the task card's version), for the answer's notice. */
export interface CardState {
  readonly version?: number;
  readonly eventId?: string;
}

/** The card (or error) a card action answers with, for one sluice, person and language. */
export class CardView {
  constructor(
    private readonly sluice: Sluice,
    private readonly data: CardState,
    private readonly actor: Person,
    private readonly locale: Locale,
    private readonly now: Date,
    private readonly similar?: SimilarLookup,
    /** How many support the idea now, for the task card's "Stöd" line. */
    private readonly supportCount?: number,
    /** The cards' "Öppna i Idéslussen" links, for the conversation the card is in. */
    private readonly links?: { readonly links: IdeaLinks; readonly place: LinkPlace },
  ) {}

  private linked(card: CardJson, ideaId: string): CardJson {
    return linked(card, this.links?.links, ideaId, this.locale, this.links?.place ?? PERSONAL);
  }

  task(
    idea: Versioned<Idea>,
    coaches: readonly SluiceCoach[],
    viewer: 'coach' | 'readOnly',
    notice?: CardNotice,
    afterCommentId?: string,
  ): AdaptiveCardInvokeResponse {
    const { sluice, locale, now } = this;
    return cardResponse(
      this.linked(
        renderCoachTaskCard({
          idea: idea.value,
          etag: idea.etag,
          sluice,
          locale,
          now,
          viewer,
          coaches,
          similar: similarForTask(this.similar, idea.value, sluice),
          ...(this.supportCount ? { supportCount: this.supportCount } : {}),
          ...(notice ? { notice } : {}),
          ...(afterCommentId ? { afterCommentId } : {}),
        }),
        idea.value.id,
      ),
    );
  }

  coachAnswer(result: ActResult, coaches: readonly SluiceCoach[]): AdaptiveCardInvokeResponse {
    const { sluice, locale } = this;
    if (result.ok) {
      const summary = summarize(result.event, sluice, locale, false);
      return this.task(result.idea, coaches, 'coach', { text: coachText(locale, 'notice.done', { summary }), tone: 'good' });
    }
    if (result.error === 'notFound') return this.error('notFound');
    if (result.error === 'stale') {
      const first = supersedingEvent(result.current.value, this.data.version);
      const summary = first && summarize(first, sluice, locale, false);
      const notice: CardNotice | undefined = first && {
        text:
          first.actor.id === this.actor.id
            ? coachText(locale, 'notice.alreadyDone', { summary: summary ?? '' })
            : coachText(locale, 'notice.actedFirst', { actor: escapeMarkdown(first.actor.name), summary: summary ?? '' }),
        tone: 'warning',
      };
      return this.task(result.current, coaches, 'coach', notice);
    }
    if (result.reason.code === 'forbidden') return this.error('forbidden');
    return this.task(result.current, coaches, 'coach', { text: rejectionText(result.reason, sluice, locale), tone: 'attention' });
  }

  /** The giver's question or satisfaction card, closed once the answer is in. */
  giverAnswer(result: ActResult, action: IdeaAction): AdaptiveCardInvokeResponse {
    const { locale, sluice } = this;
    if (!result.ok && result.error === 'notFound') return this.error('notFound');
    if (!result.ok && result.error === 'stale') return this.error('concurrent');
    if (!result.ok && (result.reason.code === 'forbidden' || result.reason.code === 'unknownEvent')) {
      return this.error(result.reason.code === 'forbidden' ? 'forbiddenGiver' : 'mismatch');
    }
    const idea = result.ok ? result.idea.value : result.current.value;
    const event = idea.history.find((e) => e.id === this.data.eventId);
    if (!event) return this.error('mismatch');
    const card = (open: boolean, notice: CardNotice): AdaptiveCardInvokeResponse =>
      cardResponse(
        this.linked(
          action.type === 'answerInfo'
            ? renderGiverQuestionCard({ idea, sluiceId: sluice.id, question: event, locale, open, notice })
            : renderSatisfactionCard({ idea, sluiceId: sluice.id, decision: event, locale, open, notice }),
          idea.id,
        ),
      );
    if (result.ok) {
      return action.type === 'answerInfo'
        ? card(false, { text: coachText(locale, 'question.thanks', { coach: escapeMarkdown(event.actor.name) }), tone: 'good' })
        : card(false, { text: coachText(locale, 'rate.thanks', { rating: result.event.rating ?? '' }), tone: 'good' });
    }
    const reason = result.reason;
    if (reason.code === 'alreadyRated') return card(false, { text: coachText(locale, 'rate.already'), tone: 'good' });
    if (reason.code === 'questionClosed') {
      const given = reason.answer?.text;
      return given !== undefined
        ? card(false, { text: coachText(locale, 'question.yourAnswer', { answer: escapeMarkdown(given) }), tone: 'good' })
        : card(false, { text: coachText(locale, 'question.closed'), tone: 'attention' });
    }
    return card(true, { text: rejectionText(reason, sluice, locale), tone: 'attention' });
  }

  error(kind: 'notFound' | 'forbidden' | 'forbiddenGiver' | 'mismatch' | 'badRequest' | 'concurrent'): AdaptiveCardInvokeResponse {
    const [status, code]: [number, string] =
      kind === 'notFound'
        ? [400, 'NotFound']
        : kind.startsWith('forbidden')
          ? [403, 'Forbidden']
          : kind === 'concurrent'
            ? [409, 'Conflict']
            : [400, 'BadRequest'];
    return errorResponse(status, code, coachText(this.locale, `error.${kind}` as CoachStringKey));
  }
}

function rejectionText(reason: TransitionError, sluice: Sluice, locale: Locale): string {
  switch (reason.code) {
    case 'notAllowedNow':
      return coachText(locale, 'notice.notAllowedNow', { stage: stageLabel(sluice, reason.stage, locale) });
    case 'invalidInput': {
      const problem = reason.problems[0];
      return problem?.problem === 'tooLong'
        ? coachText(locale, 'notice.tooLong', { limit: problem.limit })
        : coachText(locale, 'notice.missingText');
    }
    case 'invalidEffects': {
      const problem = reason.problems[0];
      if (problem?.problem === 'tooLong') return coachText(locale, 'notice.tooLong', { limit: problem.limit ?? 0 });
      if (problem?.field.endsWith('.amount') && problem.problem === 'invalid')
        return coachText(locale, 'notice.effectAmount', { limit: problem.limit ?? 0 });
      if (problem?.field.endsWith('.amount') || problem?.field.endsWith('.unit')) return coachText(locale, 'notice.effectUnit');
      return coachText(locale, 'notice.effectsMissing');
    }
    case 'unknownCoach':
    case 'notLinked':
      return coachText(locale, 'notice.unknownCoach');
    case 'invalidRating':
      return coachText(locale, 'rate.required');
    case 'forbidden':
      return coachText(locale, 'error.forbidden');
    case 'unknownEvent':
      return coachText(locale, 'error.mismatch');
    case 'questionClosed':
      return coachText(locale, 'question.closed');
    case 'alreadyRated':
      return coachText(locale, 'rate.already');
  }
}

function cardResponse(card: CardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD, value: card };
}

export function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: INVOKE_ERROR, value: { code, message } };
}
