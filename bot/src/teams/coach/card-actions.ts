import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { entraId, eventId, ideaId, sluiceId } from '../../domain/ids';
import type { EffectInput } from '../../domain/effects';
import type { CardCopyRepository } from '../../domain/outbox';
import type { IdeaService } from '../../domain/idea-service';
import type { Clock, SluiceRepository } from '../../domain/ports';
import { isMemberTenant, mayCoach } from '../../domain/sluice';
import type { IdeaAction } from '../../domain/transitions';
import type { Logger } from '../../logger';
import { baseConversationId, incoming } from '../activity';
import { PERSONAL, type IdeaLinks, type LinkPlace } from '../deep-links';
import type { SimilarLookup } from '../cards/coach-task-card';
import { ADAPTIVE_CARD, CardView, errorResponse } from './card-answers';
import type { CoachDirectory, SluiceCoach } from './coach-directory';
import { coachText } from './strings';
import { COMMENT_VERB, isCardVerb, isCoachVerb, SUPPORT_REFRESH_VERB, SUPPORT_VERB, type CardVerb } from './verbs';
import type { SupportService } from '../../domain/support';
import type { Sluice } from '../../domain/sluice';
import type { Person } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import { renderIdeaSharedCard, sharedCardNotice } from '../cards/idea-shared-card';
import { st } from '../support/strings';
import type { CommentService } from '../../domain/comments/comment-service';
import { commentFromCard } from '../comments/comment-card-action';
import { COMMENT_CARD_KINDS } from '../comments/comment-cards';

export { ADAPTIVE_CARD, INVOKE_ERROR } from './card-answers';

export interface CardActionDependencies {
  readonly ideas: IdeaService;
  readonly sluices: SluiceRepository;
  readonly copies: CardCopyRepository;
  readonly directory: CoachDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The similar-idea index, for the task card's "Liknande:" line. */
  readonly similar?: SimilarLookup;
  /** Comments, for the cards' "Kommentera"; without it that button is refused. */
  readonly comments?: CommentService;
  /** "Jag stödjer idén" on the shared card; without it that button is refused. */
  readonly support?: Pick<SupportService, 'support' | 'summary'>;
  /** How many support an idea, for the task card's "Stöd" line; without it the card has none. */
  readonly supportCount?: (sluiceId: string, ideaId: string) => Promise<number>;
  /** Makes the cards' "Öppna i Idéslussen" links; without it the cards have none. */
  readonly links?: IdeaLinks;
}

const text = z.string().max(10_000).optional();
/** The card's data merged with its inputs, as Teams sends it in `action.data`; ids in the server's one format. */
const actionDataSchema = z.object({
  ideaId,
  sluiceId,
  etag: z.string().min(1).max(200).optional(),
  version: z.coerce.number().int().min(0).optional(),
  eventId: eventId.optional(),
  comment: text,
  effectFor: text,
  effectChange: text,
  effectAmount: z.union([z.string().max(40), z.number()]).optional(),
  effectUnit: text,
  reason: text,
  question: text,
  // Teams' people picker sends the person's Entra object id; the sluice stores ids in lower case.
  coachId: entraId.transform((id) => id.toLowerCase()).optional(),
  answer: text,
  rating: z.union([z.string(), z.number()]).optional(),
  ratingComment: text,
  // "Kommentera": the typed comment, which card it was, and the card's key (teams/comments).
  newComment: text,
  card: z.enum(COMMENT_CARD_KINDS).optional(),
  commentKey: eventId.optional(),
});
type ActionData = z.infer<typeof actionDataSchema>;
const ID_FIELDS = new Set<PropertyKey>(['ideaId', 'sluiceId', 'eventId', 'coachId']);

/**
 * Maps `adaptiveCard/action` invokes (coach task cards, the giver's cards) to one
 * `IdeaService.act` and the card to answer with. Who may act, and whether the action is still
 * possible, is the domain's decision; the card only names the idea and the state it showed.
 * The activity id goes with the action, so a redelivered click changes nothing.
 */
export class CardActions {
  constructor(private readonly deps: CardActionDependencies) {}

  async handle(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await this.handleAction(context, value);
    } catch (err) {
      // Cosmos unreachable or a bug: the person gets a sentence, the log gets the detail.
      this.deps.logger.error({ err, activityId: context.activity.id, verb: value.action?.verb }, 'Card action failed');
      return errorResponse(500, 'InternalError', coachText(incoming(context).locale, 'error.generic'));
    }
  }

  private async handleAction(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const { activity } = context;
    const { locale, person: actor, conversationId, channelId } = incoming(context);
    const verb = value.action?.verb;
    if (!isCardVerb(verb)) return errorResponse(400, 'BadRequest', coachText(locale, 'error.unknownVerb'));
    const parsed = actionDataSchema.safeParse(value.action.data);
    if (!parsed.success) {
      const badId = parsed.error.issues.some((i) => ID_FIELDS.has(i.path[0] ?? ''));
      return errorResponse(400, 'BadRequest', coachText(locale, badId ? 'error.badId' : 'error.badRequest'));
    }
    const data = parsed.data;
    if (!actor) return errorResponse(403, 'Forbidden', coachText(locale, 'error.forbidden'));
    const [copy, sluice] = await Promise.all([
      activity.replyToId && conversationId ? this.deps.copies.find(conversationId, activity.replyToId) : undefined,
      this.deps.sluices.get(data.sluiceId),
    ]);
    // A card the bot posted is about one idea; a request naming another one is refused.
    if (copy && (copy.ideaId !== data.ideaId || copy.sluiceId !== data.sluiceId)) {
      this.deps.logger.warn({ verb, ideaId: data.ideaId, cardIdeaId: copy.ideaId, userId: actor.id }, 'Card action names another idea');
      return errorResponse(400, 'BadRequest', coachText(locale, 'error.mismatch'));
    }
    if (!sluice) return errorResponse(400, 'NotFound', coachText(locale, 'error.notFound'));
    // Ideas are visible only inside their sluice: people of other tenants get nothing.
    if (!isMemberTenant(sluice.value, actor.tenantId)) return errorResponse(403, 'Forbidden', coachText(locale, 'error.forbidden'));
    const supported = await this.deps.supportCount?.(sluice.value.id, data.ideaId);
    const place: LinkPlace = channelId ? { kind: 'channel', channelId: baseConversationId(channelId) } : PERSONAL;
    const links = this.deps.links ? { links: this.deps.links, place } : undefined;
    const view = new CardView(sluice.value, data, actor, locale, this.deps.clock.now(), this.deps.similar, supported, links);
    const coaches = isCoachVerb(verb) || verb === 'idea.refresh' ? await this.deps.directory.coachesOf(sluice.value) : [];

    if (verb === 'idea.refresh') {
      const idea = await this.deps.ideas.get(sluice.value.id, data.ideaId);
      return idea ? view.task(idea, coaches, mayCoach(sluice.value, actor) ? 'coach' : 'readOnly') : view.error('notFound');
    }
    if (verb === COMMENT_VERB) {
      if (!this.deps.comments) return view.error('badRequest');
      return commentFromCard(
        { comments: this.deps.comments, ideas: this.deps.ideas, directory: this.deps.directory },
        {
          sluice: sluice.value,
          actor,
          locale,
          ideaId: data.ideaId,
          card: data.card ?? 'task',
          ...(data.eventId ? { eventId: data.eventId } : {}),
          ...(data.commentKey ? { commentKey: data.commentKey } : {}),
          text: data.newComment ?? '',
        },
        view,
      );
    }
    if (verb === SUPPORT_VERB) return this.support(sluice.value, data.ideaId, actor, locale);
    if (verb === SUPPORT_REFRESH_VERB) return this.sharedCard(sluice.value, data.ideaId, actor, locale);
    const action = toIdeaAction(verb, data, coaches);
    // A coach acts on the state the card showed; a giver's answer is taken on the latest state.
    if (isCoachVerb(verb) && !data.etag) return view.error('badRequest');
    const result = await this.deps.ideas.act(
      sluice.value.id,
      data.ideaId,
      actor,
      action,
      isCoachVerb(verb) ? data.etag : undefined,
      activity.id,
    );
    return isCoachVerb(verb) ? view.coachAnswer(result, coaches) : view.giverAnswer(result, action);
  }

  /**
   * "Jag stödjer idén": the sender supports the idea once (a repeated click or redelivery changes
   * nothing), and the shared card comes back with a line saying so and how many support it.
   */
  private async support(sluice: Sluice, ideaId: string, actor: Person, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.support) return errorResponse(400, 'BadRequest', coachText(locale, 'error.badRequest'));
    const result = await this.deps.support.support(sluice.id, ideaId, actor);
    const idea = await this.deps.ideas.get(sluice.id, ideaId);
    if (!idea) return errorResponse(404, 'NotFound', st(locale, 'card.notFound'));
    const count = this.deps.supportCount ? await this.deps.supportCount(sluice.id, ideaId) : 0;
    const notice = sharedCardNotice(locale, { count, supported: result.ok, ...(result.ok ? {} : { refusal: result.error }) });
    return { statusCode: 200, type: ADAPTIVE_CARD, value: renderIdeaSharedCard(locale, idea.value, sluice, notice) };
  }

  /** The shared card's `refresh`: the card as the viewer sees it now, with the current count; it changes nothing. */
  private async sharedCard(sluice: Sluice, ideaId: string, actor: Person, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.support) return errorResponse(400, 'BadRequest', coachText(locale, 'error.badRequest'));
    const idea = await this.deps.ideas.get(sluice.id, ideaId);
    if (!idea) return errorResponse(404, 'NotFound', st(locale, 'card.notFound'));
    const summary = await this.deps.support.summary(idea, actor);
    const notice = sharedCardNotice(locale, {
      count: summary.count,
      supported: summary.mine,
      ...(summary.refusal ? { refusal: summary.refusal } : {}),
    });
    return { statusCode: 200, type: ADAPTIVE_CARD, value: renderIdeaSharedCard(locale, idea.value, sluice, notice) };
  }
}

function toIdeaAction(
  verb: Exclude<CardVerb, 'idea.refresh' | typeof COMMENT_VERB | typeof SUPPORT_VERB | typeof SUPPORT_REFRESH_VERB>,
  data: ActionData,
  coaches: readonly SluiceCoach[],
): IdeaAction {
  const comment = data.comment ? { comment: data.comment } : {};
  switch (verb) {
    case 'idea.take':
      return { type: 'take' };
    case 'idea.advance':
      return { type: 'advance', ...comment, ...effectsOf(data) };
    case 'idea.decline':
      return { type: 'decline', reason: data.reason ?? '' };
    case 'idea.askInfo':
      return { type: 'askInfo', question: data.question ?? '' };
    case 'idea.reassign': {
      const name = coaches.find((c) => c.id === data.coachId)?.name;
      return { type: 'reassign', coachId: data.coachId ?? '', ...(name ? { coachName: name } : {}) };
    }
    case 'idea.reopen':
      return { type: 'reopen', ...comment };
    case 'idea.answerInfo':
      return { type: 'answerInfo', answer: data.answer ?? '', questionId: data.eventId ?? '' };
    case 'idea.rate': {
      const rating = { type: 'rate' as const, rating: Number(data.rating), decisionId: data.eventId ?? '' };
      return data.ratingComment ? { ...rating, comment: data.ratingComment } : rating;
    }
  }
}

/** The effect the card's Införd form sent, if any of its fields was filled in (the domain checks it). */
function effectsOf(data: ActionData): { effects?: EffectInput[] } {
  const amountText =
    typeof data.effectAmount === 'string' ? data.effectAmount.trim().replace(',', '.').replace(/\s/g, '') : data.effectAmount;
  const amount = amountText === undefined || amountText === '' ? undefined : Number(amountText);
  const effect: EffectInput = {
    ...(data.effectFor ? { forWhom: data.effectFor } : {}),
    ...(data.effectChange ? { change: data.effectChange } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(data.effectUnit ? { unit: data.effectUnit } : {}),
  };
  return Object.keys(effect).length > 0 ? { effects: [effect] } : {};
}
