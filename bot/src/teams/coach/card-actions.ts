import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { HistoryEvent, Idea, Person } from '../../domain/idea';
import type { ActResult, IdeaService } from '../../domain/idea-service';
import type { CardCopyRepository } from '../../domain/outbox';
import type { Clock, SluiceRepository, Versioned } from '../../domain/ports';
import { isMemberTenant, mayCoach, stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { IdeaAction, TransitionError } from '../../domain/transitions';
import type { Logger } from '../../logger';
import { renderCoachTaskCard, type CardNotice } from '../cards/coach-task-card';
import { renderGiverQuestionCard, renderSatisfactionCard } from '../cards/giver-cards';
import type { CardJson } from '../cards/render';
import { escapeMarkdown } from '../markdown';
import type { CoachDirectory, SluiceCoach } from './coach-directory';
import { summarize, supersedingEvent } from './describe';
import { ct } from './strings';
import { incoming } from '../activity';
import { isCardVerb, isCoachVerb, type CoachVerb } from './verbs';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const INVOKE_ERROR = 'application/vnd.microsoft.error';

export interface CardActionDependencies {
  readonly ideas: IdeaService;
  readonly sluices: SluiceRepository;
  readonly copies: CardCopyRepository;
  readonly directory: CoachDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
}

const text = z.string().max(10_000).optional();
/** The card's data merged with its inputs, as Teams sends it in `action.data`. */
const actionDataSchema = z.object({
  ideaId: z.string().min(1).max(200),
  sluiceId: z.string().min(1).max(200),
  etag: z.string().min(1).max(200).optional(),
  version: z.coerce.number().int().min(0).optional(),
  eventId: z.string().min(1).max(200).optional(),
  comment: text,
  reason: text,
  question: text,
  coachId: z.string().max(200).optional(),
  answer: text,
  rating: z.union([z.string(), z.number()]).optional(),
  ratingComment: text,
});
type ActionData = z.infer<typeof actionDataSchema>;

/** How many times a giver's answer is retried when the idea changed under it (a coach's write). */
const GIVER_ATTEMPTS = 4;

/**
 * Handles `adaptiveCard/action` invokes from the coach task card and the giver's cards. Who may
 * act is decided from the sender's Entra object id and tenant against the sluice; the card only
 * says which idea and which state of it. Every change is one `IdeaService.act`, i.e. one
 * conditional write; notifications are queued by the service's listener and sent later.
 */
export class CardActions {
  constructor(private readonly deps: CardActionDependencies) {}

  async handle(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await this.handleAction(context, value);
    } catch (err) {
      // Cosmos unreachable or a bug: the person gets a sentence, the log gets the detail.
      this.deps.logger.error({ err, activityId: context.activity.id, verb: value.action?.verb }, 'Card action failed');
      return errorResponse(500, 'InternalError', ct(incoming(context).locale, 'error.generic'));
    }
  }

  private async handleAction(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const { locale, person: actor, conversationId } = incoming(context);
    const verb = value.action?.verb;
    if (!isCardVerb(verb)) return errorResponse(400, 'BadRequest', ct(locale, 'error.unknownVerb'));
    const parsed = actionDataSchema.safeParse(value.action.data);
    if (!parsed.success) return errorResponse(400, 'BadRequest', ct(locale, 'error.badRequest'));
    const data = parsed.data;
    if (!actor) return errorResponse(403, 'Forbidden', ct(locale, 'error.forbidden'));

    const [copy, sluice] = await Promise.all([
      activity.replyToId && conversationId ? this.deps.copies.find(conversationId, activity.replyToId) : Promise.resolve(undefined),
      this.deps.sluices.get(data.sluiceId),
    ]);
    // A card the bot posted is about one idea; a request naming another one is refused.
    if (copy && (copy.ideaId !== data.ideaId || copy.sluiceId !== data.sluiceId)) {
      this.deps.logger.warn({ verb, ideaId: data.ideaId, cardIdeaId: copy.ideaId, userId: actor.id }, 'Card action names another idea');
      return errorResponse(400, 'BadRequest', ct(locale, 'error.mismatch'));
    }
    if (!sluice) return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
    // Ideas are visible only inside their sluice: people of other tenants get nothing.
    if (!isMemberTenant(sluice.value, actor.tenantId)) return errorResponse(403, 'Forbidden', ct(locale, 'error.forbidden'));

    if (verb === 'idea.refresh') return this.refresh(sluice.value, data, actor, locale);
    if (isCoachVerb(verb)) return this.coachAction(verb, sluice.value, data, actor, locale);
    return verb === 'idea.answerInfo' ? this.answerInfo(sluice.value, data, actor, locale) : this.rate(sluice.value, data, actor, locale);
  }

  private async refresh(sluice: Sluice, data: ActionData, actor: Person, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    const [idea, coaches] = await Promise.all([this.deps.ideas.get(sluice.id, data.ideaId), this.deps.directory.coachesOf(sluice)]);
    if (!idea) return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
    return cardResponse(this.taskCard(idea, sluice, locale, coaches, mayCoach(sluice, actor) ? 'coach' : 'readOnly'));
  }

  private async coachAction(
    verb: CoachVerb,
    sluice: Sluice,
    data: ActionData,
    actor: Person,
    locale: Locale,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!mayCoach(sluice, actor)) return errorResponse(403, 'Forbidden', ct(locale, 'error.forbidden'));
    // Without the state the card showed, the write could not be conditional on it.
    if (!data.etag) return errorResponse(400, 'BadRequest', ct(locale, 'error.badRequest'));
    const coaches = await this.deps.directory.coachesOf(sluice);
    const result = await this.deps.ideas.act(sluice.id, data.ideaId, actor, toIdeaAction(verb, data, coaches), data.etag);
    return this.answer(result, sluice, data, actor, locale, coaches);
  }

  private answer(
    result: ActResult,
    sluice: Sluice,
    data: ActionData,
    actor: Person,
    locale: Locale,
    coaches: readonly SluiceCoach[],
  ): AdaptiveCardInvokeResponse {
    if (result.ok) {
      // Every coach action reaches the giver (a decision, a question, or a new coach).
      const notice: CardNotice = {
        text: ct(locale, 'notice.done', { summary: summarize(result.event, sluice, locale, false) }),
        tone: 'good',
      };
      return cardResponse(this.taskCard(result.idea, sluice, locale, coaches, 'coach', notice));
    }
    if (result.error === 'notFound') return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
    if (result.error === 'stale') {
      const first = supersedingEvent(result.current.value, data.version);
      const notice: CardNotice | undefined = first && {
        text:
          first.actor.id === actor.id
            ? ct(locale, 'notice.alreadyDone', { summary: summarize(first, sluice, locale, false) })
            : ct(locale, 'notice.actedFirst', {
                actor: escapeMarkdown(first.actor.name),
                summary: summarize(first, sluice, locale, false),
              }),
        tone: 'warning',
      };
      return cardResponse(this.taskCard(result.current, sluice, locale, coaches, 'coach', notice));
    }
    if (result.reason.code === 'forbidden') return errorResponse(403, 'Forbidden', ct(locale, 'error.forbidden'));
    const notice: CardNotice = { text: rejectionText(result.reason, sluice, locale), tone: 'attention' };
    return cardResponse(this.taskCard(result.current, sluice, locale, coaches, 'coach', notice));
  }

  /** The giver answers the coach's question; exactly once per question, whatever Teams redelivers. */
  private async answerInfo(sluice: Sluice, data: ActionData, actor: Person, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    for (let attempt = 0; attempt < GIVER_ATTEMPTS; attempt++) {
      const current = await this.deps.ideas.get(sluice.id, data.ideaId);
      if (!current) return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
      const idea = current.value;
      if (!isGiver(idea, actor)) return errorResponse(403, 'Forbidden', ct(locale, 'error.forbiddenGiver'));
      const question = idea.history.find((e) => e.id === data.eventId && e.kind === 'infoRequested');
      if (!question) return errorResponse(400, 'BadRequest', ct(locale, 'error.mismatch'));
      const latestQuestion = [...idea.history].reverse().find((e) => e.kind === 'infoRequested');
      const questionCard = (open: boolean, notice?: CardNotice): AdaptiveCardInvokeResponse =>
        cardResponse(renderGiverQuestionCard({ idea, sluiceId: sluice.id, question, locale, open, ...(notice ? { notice } : {}) }));
      if (!idea.needsInfo || latestQuestion?.id !== question.id) {
        const given = answerAfter(idea, question);
        return questionCard(
          false,
          given
            ? { text: ct(locale, 'question.yourAnswer', { answer: escapeMarkdown(given.text ?? '') }), tone: 'good' }
            : { text: ct(locale, 'question.closed'), tone: 'attention' },
        );
      }
      const result = await this.deps.ideas.act(sluice.id, idea.id, actor, { type: 'answerInfo', answer: data.answer ?? '' }, current.etag);
      if (result.ok) {
        const notice: CardNotice = { text: ct(locale, 'question.thanks', { coach: escapeMarkdown(question.actor.name) }), tone: 'good' };
        return cardResponse(
          renderGiverQuestionCard({ idea: result.idea.value, sluiceId: sluice.id, question, locale, open: false, notice }),
        );
      }
      if (result.error === 'notFound') return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
      if (result.error === 'rejected') {
        if (result.reason.code === 'forbidden') return errorResponse(403, 'Forbidden', ct(locale, 'error.forbiddenGiver'));
        return questionCard(true, { text: rejectionText(result.reason, sluice, locale), tone: 'attention' });
      }
      // stale: someone wrote the idea in between; look again.
    }
    return errorResponse(503, 'Busy', ct(locale, 'channel.busy'));
  }

  /** The giver's satisfaction rating; one per decision card, whatever Teams redelivers. */
  private async rate(sluice: Sluice, data: ActionData, actor: Person, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    for (let attempt = 0; attempt < GIVER_ATTEMPTS; attempt++) {
      const current = await this.deps.ideas.get(sluice.id, data.ideaId);
      if (!current) return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
      const idea = current.value;
      if (!isGiver(idea, actor)) return errorResponse(403, 'Forbidden', ct(locale, 'error.forbiddenGiver'));
      const decision = idea.history.find((e) => e.id === data.eventId);
      if (!decision) return errorResponse(400, 'BadRequest', ct(locale, 'error.mismatch'));
      const card = (target: Idea, open: boolean, notice: CardNotice): AdaptiveCardInvokeResponse =>
        cardResponse(renderSatisfactionCard({ idea: target, sluiceId: sluice.id, decision, locale, open, notice }));
      const given = ratingAfter(idea, decision);
      if (given) return card(idea, false, { text: ct(locale, 'rate.already'), tone: 'good' });
      const rating = Number(data.rating);
      const comment = data.ratingComment;
      const result = await this.deps.ideas.act(
        sluice.id,
        idea.id,
        actor,
        { type: 'rate', rating, ...(comment ? { comment } : {}) },
        current.etag,
      );
      if (result.ok) return card(result.idea.value, false, { text: ct(locale, 'rate.thanks', { rating }), tone: 'good' });
      if (result.error === 'notFound') return errorResponse(400, 'NotFound', ct(locale, 'error.notFound'));
      if (result.error === 'rejected') {
        if (result.reason.code === 'forbidden') return errorResponse(403, 'Forbidden', ct(locale, 'error.forbiddenGiver'));
        const message = result.reason.code === 'invalidRating' ? ct(locale, 'rate.required') : rejectionText(result.reason, sluice, locale);
        return card(idea, true, { text: message, tone: 'attention' });
      }
    }
    return errorResponse(503, 'Busy', ct(locale, 'channel.busy'));
  }

  private taskCard(
    idea: Versioned<Idea>,
    sluice: Sluice,
    locale: Locale,
    coaches: readonly SluiceCoach[],
    viewer: 'coach' | 'readOnly',
    notice?: CardNotice,
  ): CardJson {
    return renderCoachTaskCard({
      idea: idea.value,
      etag: idea.etag,
      sluice,
      locale,
      now: this.deps.clock.now(),
      viewer,
      coaches,
      ...(notice ? { notice } : {}),
    });
  }
}

function toIdeaAction(verb: CoachVerb, data: ActionData, coaches: readonly SluiceCoach[]): IdeaAction {
  switch (verb) {
    case 'idea.take':
      return { type: 'take' };
    case 'idea.advance':
      return { type: 'advance', ...(data.comment ? { comment: data.comment } : {}) };
    case 'idea.decline':
      return { type: 'decline', reason: data.reason ?? '' };
    case 'idea.askInfo':
      return { type: 'askInfo', question: data.question ?? '' };
    case 'idea.reassign': {
      const coachId = data.coachId ?? '';
      const name = coaches.find((c) => c.id === coachId)?.name;
      return { type: 'reassign', coachId, ...(name ? { coachName: name } : {}) };
    }
    case 'idea.reopen':
      return { type: 'reopen', ...(data.comment ? { comment: data.comment } : {}) };
  }
}

function rejectionText(reason: TransitionError, sluice: Sluice, locale: Locale): string {
  switch (reason.code) {
    case 'notAllowedNow':
      return ct(locale, 'notice.notAllowedNow', { stage: stageLabel(sluice, reason.stage, locale) });
    case 'invalidInput': {
      const problem = reason.problems[0];
      return problem?.problem === 'tooLong' ? ct(locale, 'notice.tooLong', { limit: problem.limit }) : ct(locale, 'notice.missingText');
    }
    case 'unknownCoach':
      return ct(locale, 'notice.unknownCoach');
    case 'invalidRating':
      return ct(locale, 'rate.required');
    case 'forbidden':
      return ct(locale, 'error.forbidden');
  }
}

function isGiver(idea: Idea, actor: Person): boolean {
  return idea.giver.id === actor.id && idea.giver.tenantId === actor.tenantId;
}

/** The giver's answer to this question, if they gave one. */
function answerAfter(idea: Idea, question: HistoryEvent): HistoryEvent | undefined {
  const index = idea.history.findIndex((e) => e.id === question.id);
  for (const event of idea.history.slice(index + 1)) {
    if (event.kind === 'infoRequested') return undefined;
    if (event.kind === 'infoAnswered') return event;
  }
  return undefined;
}

/** A rating the giver already gave after this decision. */
function ratingAfter(idea: Idea, decision: HistoryEvent): HistoryEvent | undefined {
  const index = idea.history.findIndex((e) => e.id === decision.id);
  return idea.history.slice(index + 1).find((e) => e.kind === 'rated');
}

function cardResponse(card: CardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD, value: card };
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: INVOKE_ERROR, value: { code, message } };
}
