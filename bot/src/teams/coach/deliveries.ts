import type { ActivityFeed, FeedActivity } from './activity-feed';
import type { Activity, ConversationReference } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { channelKey, type ConversationReferenceRepository, type StoredReference } from '../../domain/conversations';
import { openQuestion, type HistoryEvent, type Idea } from '../../domain/idea';
import type { CardCopyKind, CardCopyRepository, DeliveryOutcome, NotificationJob, NotificationStep } from '../../domain/outbox';
import type { Clock, IdeaRepository, SluiceRepository, Versioned } from '../../domain/ports';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { Logger } from '../../logger';
import { renderCoachTaskCard, similarForTask, type SimilarLookup, type TaskCardView } from '../cards/coach-task-card';
import { renderIdeaConfirmationCard } from '../cards/idea-confirmation-card';
import { renderGiverQuestionCard, renderGiverUpdateCard, renderSatisfactionCard } from '../cards/giver-cards';
import type { CardJson } from '../cards/render';
import { helpOfferedText, renderHelpOfferedCard, renderSupporterCard } from '../cards/support-cards';
import type { SupporterNotices } from '../../domain/support';
import { escapeMarkdown, preview } from '../markdown';
import { noConnectorEventId, unreachableCoachesOf, type UnreachableOutcome } from '../../domain/reminders/unreachable';
import { reminderMessage } from '../reminders/reminder-messages';
import type { DigestContent } from '../../domain/reminders/digest-work';
import { subscriptionOf } from '../../domain/reminders/digests';
import { renderMonthlyDigestCard, renderWeeklyDigestCard } from '../cards/digest-cards';
import type { CoachDirectory, SluiceCoach } from './coach-directory';
import { SendError, type ProactiveMessenger } from './proactive-messenger';
import { coachText } from './strings';
import { baseConversationId } from '../activity';
import { localeOfReference, type PersonAddress, type PersonalChats } from '../personal-chat';
import type { ChallengeDeliveries } from '../challenges/challenge-deliveries';
import type { CommentService } from '../../domain/comments/comment-service';
import { commentsToTell } from '../../domain/comments/comment-notices';
import { renderCommentNoticeCard } from '../comments/comment-cards';
import { linked, PERSONAL, type IdeaLinks, type LinkPlace } from '../deep-links';

export interface DeliveryDependencies {
  readonly ideas: IdeaRepository;
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly copies: CardCopyRepository;
  readonly directory: CoachDirectory;
  readonly messenger: ProactiveMessenger;
  /** Personal chats of coaches and givers. */
  readonly chats: PersonalChats;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Records that the idea's responsible coach cannot be reached, which moves the idea to the next
   * coach (`IdeaService.coachUnreachable`); `noConnector`: nobody in the coach's tenant has written
   * to the bot yet, which marks the idea and tells the admins. Without it such a step simply fails.
   */
  readonly coachUnreachable?: (
    sluiceId: string,
    ideaId: string,
    coachId: string,
    reason: 'refused' | 'noConnector',
  ) => Promise<UnreachableOutcome>;
  /** The similar-idea index, for the task card's "Liknande:" line; without it the card has none. */
  readonly similar?: SimilarLookup;
  /** What the weekly and monthly digests say, read when they are sent; without it digest steps fail. */
  readonly digests?: DigestContent;
  /** Challenge posts and summaries (teams/challenges); without it those steps fail. */
  readonly challenges?: Pick<ChallengeDeliveries, 'deliver'>;
  /** The comments an hour's comment notice lists; without it those steps fail. */
  readonly comments?: Pick<CommentService, 'forRecord'>;
  /** Who supports an idea, to tell them when it is tested or implemented; without it those steps fail. */
  readonly supporters?: SupporterNotices;
  /** Makes each card's "Öppna i Idéslussen" link; without it cards have none. */
  readonly links?: IdeaLinks;
  /** Raises task cards and reminders in the coach's Teams activity feed too (Graph); without it, chat only. */
  readonly activityFeed?: ActivityFeed;
}

/**
 * How long a card for a coach in a tenant with no known connector waits before it is tried again:
 * by then someone there may have written to the bot. The outbox tries `MAX_DELIVERY_ROUNDS` rounds.
 */
export const NO_CONNECTOR_RETRY_MS = 60 * 60_000;

/** Times a card update re-reads the idea to catch a change made while it was updating. */
const UPDATE_PASSES = 3;

/**
 * Carries out the outbox's steps against Teams: renders each card or message from the idea as it
 * is now and sends it through the connector. Every step is safe to repeat after a crash; a
 * repeated send can at worst post the same message twice, never lose one.
 */
export class NotificationDeliveries {
  constructor(private readonly deps: DeliveryDependencies) {}

  /** Runs one step of a job. */
  async deliver(job: NotificationJob, step: NotificationStep): Promise<DeliveryOutcome> {
    if (step.kind === 'reply') return this.guarded(() => this.sendLateReply(step));
    if (step.kind === 'weeklyDigest' || step.kind === 'monthlyDigest') return this.guarded(() => this.sendDigest(job, step));
    if (step.kind === 'challengePost' || step.kind === 'challengeSummary') {
      const challenges = this.deps.challenges;
      return challenges ? this.guarded(() => challenges.deliver(job, step)) : { status: 'failed', error: 'Challenges are not wired' };
    }
    if (step.kind === 'commentNotice') return this.guarded(() => this.sendCommentNotice(job, step));
    // Run by the scoring (domain/scoring/rescore-jobs.ts), never sent: the worker routes it there.
    if (step.kind === 'rescore') return { status: 'failed', error: 'A rescore job is no message' };
    const [idea, sluice] = await Promise.all([this.ideaOf(job), this.deps.sluices.recentGet(job.sluiceId)]);
    if (!idea || !sluice) return { status: 'failed', error: 'The idea or its sluice no longer exists' };
    // A support is no history event: its job names a window, and only brings the posted cards to the count.
    if (step.kind === 'supportCards') return this.guarded(() => this.updateTaskCards(idea, sluice.value));
    const event = idea.value.history.find((e) => e.id === job.eventId);
    if (!event) return { status: 'failed', error: `Event ${job.eventId} is not in the idea's history` };
    return this.guarded(async () => {
      switch (step.kind) {
        case 'postTaskCard':
          return step.to === 'channel'
            ? await this.postToChannel(idea, sluice.value)
            : await this.postToCoach(idea, sluice.value, step.coachId, job.id);
        case 'updateTaskCards':
          return await this.updateTaskCards(idea, sluice.value);
        case 'confirmGiver':
          return await this.toGiver(idea.value, sluice.value, job.id, (locale) =>
            card(this.linked(renderIdeaConfirmationCard(locale, idea.value, sluice.value), idea.value, locale)),
          );
        case 'tellGiver':
          return await this.toGiver(idea.value, sluice.value, job.id, (locale) =>
            card(
              this.linked(
                event.kind === 'helpOffered'
                  ? renderHelpOfferedCard(idea.value, event, locale)
                  : renderGiverUpdateCard(idea.value, sluice.value, event, locale),
                idea.value,
                locale,
              ),
            ),
          );
        case 'tellSupporters':
          if (!this.deps.supporters) return { status: 'failed', error: 'Supporter notices are not wired' };
          await this.deps.supporters.fanOut(job);
          return { status: 'done' };
        case 'tellSupporter':
          return await this.toSupporter(idea.value, sluice.value, event, step, job.id);
        case 'askGiver':
          return await this.toGiver(
            idea.value,
            sluice.value,
            job.id,
            (locale) =>
              card(
                this.linked(
                  renderGiverQuestionCard({ idea: idea.value, sluiceId: sluice.value.id, question: event, locale, open: true }),
                  idea.value,
                  locale,
                ),
              ),
            'question',
          );
        case 'askSatisfaction':
          return await this.toGiver(
            idea.value,
            sluice.value,
            job.id,
            (locale) =>
              card(
                this.linked(
                  renderSatisfactionCard({ idea: idea.value, sluiceId: sluice.value.id, decision: event, locale, open: true }),
                  idea.value,
                  locale,
                ),
              ),
            'satisfaction',
          );
        case 'tellCoach':
          return await this.toCoach(idea.value, sluice.value, event, step.coachId, job.id);
        case 'remind':
          return await this.remind(idea, sluice.value, event, step.personId, job.id);
        case 'tellUnreachable':
          return step.to === 'channel'
            ? await this.unreachableToChannel(idea.value, sluice.value, event)
            : await this.toPerson(this.coachAddress(sluice.value, idea.value, step.personId, job.id), (locale) =>
                text(unreachableText(idea.value, event, locale)),
              );
      }
    });
  }

  /**
   * The idea for a job's step: as this instance stored it a moment ago when that copy holds the
   * job's event (the submission or change that queued the job, or a later write here), else read.
   * A change another instance made since queues a job of its own, which brings the cards to it, and
   * the task cards' update reads the idea again after its pass (see {@link updateTaskCards}).
   */
  private async ideaOf(job: NotificationJob): Promise<Versioned<Idea> | undefined> {
    const copy = this.deps.ideas.written(job.sluiceId, job.ideaId);
    if (copy?.value.history.some((e) => e.id === job.eventId)) return copy;
    return this.deps.ideas.get(job.sluiceId, job.ideaId);
  }

  /** A message a turn handed over because Teams was too slow: sent into the turn's conversation. */
  private async sendLateReply(step: Extract<NotificationStep, { kind: 'reply' }>): Promise<DeliveryOutcome> {
    await this.deps.messenger.send(step.reference as Partial<ConversationReference>, step.message as Partial<Activity>);
    return { status: 'done' };
  }

  /** A coach's weekly digest in personal chat, or the monthly one in a subscribed channel; rendered from the ideas as they are now. */
  private async sendDigest(
    job: NotificationJob,
    step: Extract<NotificationStep, { kind: 'weeklyDigest' | 'monthlyDigest' }>,
  ): Promise<DeliveryOutcome> {
    const { digests } = this.deps;
    const found = await this.deps.sluices.recentGet(job.sluiceId);
    if (!found || !digests) return { status: 'failed', error: found ? 'Digests are not wired' : 'The sluice no longer exists' };
    const sluice = found.value;
    if (step.kind === 'weeklyDigest') {
      const digest = await digests.weekly(sluice, step);
      return this.toPerson(
        {
          personId: step.coachId,
          tenantIds: sluice.tenantIds,
          ...(sluice.coachChannel ? { fallbackServiceUrl: sluice.coachChannel.serviceUrl } : {}),
          correlationId: job.id,
        },
        (locale) => card(renderWeeklyDigestCard(digest, sluice, locale, this.linkTo(PERSONAL))),
      );
    }
    // A channel that unsubscribed after the round was queued gets nothing.
    const subscription = subscriptionOf(sluice, step.conversationId);
    if (!subscription) return { status: 'done' };
    const digest = await digests.monthly(sluice, step.round);
    const key = channelKey(subscription.conversationId);
    const stored = await this.deps.conversations.get(key);
    if (stored?.staleSince) return { status: 'failed', error: 'The subscribed channel no longer accepts the bot' };
    const reference: Partial<ConversationReference> = stored?.reference ?? {
      channelId: 'msteams',
      serviceUrl: subscription.serviceUrl,
      conversation: {
        id: subscription.conversationId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: subscription.tenantId,
        name: '',
      },
    };
    await this.sendToChannel(
      key,
      stored ?? { key, reference, serviceUrl: subscription.serviceUrl, updatedAt: this.deps.clock.now().toISOString() },
      card(
        renderMonthlyDigestCard(
          digest,
          sluice,
          subscription.locale,
          this.linkTo({ kind: 'channel', channelId: subscription.conversationId }),
        ),
      ),
    );
    return { status: 'done' };
  }

  /**
   * An hour's comments on an idea, in one card to its giver or to its coach as they are now,
   * leaving out the recipient's own and those deleted or hidden since; nothing when none are left.
   */
  private async sendCommentNotice(
    job: NotificationJob,
    step: Extract<NotificationStep, { kind: 'commentNotice' }>,
  ): Promise<DeliveryOutcome> {
    const [idea, sluice] = await Promise.all([this.deps.ideas.get(job.sluiceId, job.ideaId), this.deps.sluices.recentGet(job.sluiceId)]);
    if (!idea || !sluice || !this.deps.comments)
      return { status: 'failed', error: this.deps.comments ? 'The idea no longer exists' : 'Comments are not wired' };
    const recipient = step.to === 'giver' ? idea.value.giver.id : idea.value.coach?.id;
    if (!recipient) return { status: 'done' };
    const told = commentsToTell(await this.deps.comments.forRecord(job.sluiceId, job.ideaId), recipient, step);
    if (told.length === 0) return { status: 'done' };
    // Sent to a personal chat, so "Öppna i Idéslussen" opens the personal tab at the idea.
    const notice = (locale: Locale) => card(this.linked(renderCommentNoticeCard(idea.value, told, locale), idea.value, locale));
    if (step.to === 'giver') return this.toGiver(idea.value, sluice.value, job.id, notice);
    return this.toPerson(this.coachAddress(sluice.value, idea.value, recipient, job.id), notice);
  }

  /** Runs a delivery and turns the connector's refusal into the outbox's outcome. */
  private async guarded(deliver: () => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    try {
      return await deliver();
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      const { failure } = err;
      if (failure.kind === 'retry')
        return {
          status: 'retry',
          error: failure.message,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        };
      return { status: 'failed', error: `${failure.status ?? ''} ${failure.message}`.trim() };
    }
  }

  private async postToChannel(idea: Versioned<Idea>, sluice: Sluice): Promise<DeliveryOutcome> {
    const channel = await this.coachChannel(sluice);
    if ('status' in channel) return channel;
    const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
    const supported = await this.supportCount(idea.value);
    const place = channelPlace(channel.stored);
    const sent = await this.sendToChannel(
      channel.key,
      channel.stored,
      card(this.taskCard(idea, sluice, channel.locale, coaches, supported, place)),
    );
    await this.recordCopy(idea.value, 'task', channel.locale, {
      ...sent,
      referenceKey: channel.key,
      serviceUrl: channel.stored.serviceUrl,
    });
    return { status: 'done' };
  }

  /** Tells the coach channel that a coach cannot be reached, and what to do about it. */
  private async unreachableToChannel(idea: Idea, sluice: Sluice, event: HistoryEvent): Promise<DeliveryOutcome> {
    const channel = await this.coachChannel(sluice);
    if ('status' in channel) return channel;
    await this.sendToChannel(channel.key, channel.stored, text(unreachableText(idea, event, channel.locale)));
    return { status: 'done' };
  }

  /** The sluice's coach channel as the bot can write to it: its stored reference, or one made from the sluice's settings. */
  private async coachChannel(sluice: Sluice): Promise<{ key: string; stored: StoredReference; locale: Locale } | DeliveryOutcome> {
    const channel = sluice.coachChannel;
    if (!channel) return { status: 'done' };
    const key = channelKey(channel.conversationId);
    const stored = await this.deps.conversations.get(key);
    if (stored?.staleSince) return { status: 'failed', error: 'The coach channel no longer accepts the bot' };
    const reference: Partial<ConversationReference> = stored?.reference ?? {
      channelId: 'msteams',
      serviceUrl: channel.serviceUrl,
      conversation: { id: channel.conversationId, isGroup: true, conversationType: 'channel', tenantId: channel.tenantId, name: '' },
    };
    return {
      key,
      stored: stored ?? { key, reference, serviceUrl: channel.serviceUrl, updatedAt: this.deps.clock.now().toISOString() },
      locale: localeOfReference(stored),
    };
  }

  private async postToCoach(idea: Versioned<Idea>, sluice: Sluice, coachId: string, correlationId: string): Promise<DeliveryOutcome> {
    // The idea already moved on from this coach because the bot could not reach them: a repeated
    // step (a crash, a redelivery) sends nothing, even if the coach can be reached by now.
    if (idea.value.coach?.id !== coachId && unreachableCoachesOf(idea.value).has(coachId)) return { status: 'done' };
    const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
    const supported = await this.supportCount(idea.value);
    return this.toPerson(
      this.coachAddress(sluice, idea.value, coachId, correlationId),
      (locale) => card(this.taskCard(idea, sluice, locale, coaches, supported)),
      { idea: idea.value, kind: 'task' },
      (detail, reason) => this.unreachableCoach(idea.value, coachId, detail, reason),
      { idea: idea.value, activity: 'ideaTask' },
    );
  }

  /**
   * The idea's responsible coach cannot be reached: the idea moves on to the next coach and the
   * admins are told (see {@link DeliveryDependencies.coachUnreachable}); the step is done then.
   */
  private async unreachableCoach(
    idea: Idea,
    coachId: string,
    detail: string,
    reason: 'refused' | 'noServiceUrl',
  ): Promise<DeliveryOutcome> {
    if (reason === 'noServiceUrl') return this.noConnector(idea, coachId, detail);
    const outcome = await this.deps.coachUnreachable?.(idea.sluiceId, idea.id, coachId, 'refused');
    if (outcome === undefined || outcome === 'notResponsible')
      return { status: 'failed', error: `Cannot reach ${coachId}: ${detail ?? ''}` };
    this.deps.logger.warn(
      { ideaId: idea.id, coachId, outcome },
      'The idea coach cannot be reached; the idea moves on and the admins are told',
    );
    return { status: 'done' };
  }

  /**
   * Nobody in the coach's tenant has written to the bot yet, so no connector is known there: the
   * idea shows "no reachable coach" and the admins and the coach channel are told (once: the event
   * id is derived), and the step waits to be tried again, so the card goes out once someone in the
   * tenant has written to the bot. Nothing is sent twice: the step is the same step.
   */
  private async noConnector(idea: Idea, coachId: string, detail: string): Promise<DeliveryOutcome> {
    if (!this.deps.coachUnreachable) return { status: 'failed', error: `Cannot reach ${coachId} ${detail}` };
    const outcome = await this.deps.coachUnreachable(idea.sluiceId, idea.id, coachId, 'noConnector');
    if (outcome === 'notResponsible') return { status: 'done' };
    if (outcome === 'none')
      this.deps.logger.warn(
        { ideaId: idea.id, coachId },
        "No connector is known for the idea coach's tenant yet; the admins are told and the card waits",
      );
    return { status: 'retry', error: `Cannot reach ${coachId} ${detail}`, retryAfterMs: NO_CONNECTOR_RETRY_MS };
  }

  /**
   * Brings every posted copy of the task card to the idea's current state and support count. Two
   * workers may update for two events (or supports) at once and finish in either order, so after
   * its updates a worker reads the idea and the count again and repeats if either changed: the last
   * update written is always the newest state.
   */
  private async updateTaskCards(first: Versioned<Idea>, sluice: Sluice): Promise<DeliveryOutcome> {
    const copies = await this.deps.copies.listForIdea(first.value.id, 'task');
    if (copies.length === 0) return { status: 'done' };
    let idea = first;
    let supported = await this.supportCount(idea.value);
    for (let pass = 0; pass < UPDATE_PASSES; pass++) {
      const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
      for (const copy of copies) {
        const stored = await this.deps.conversations.get(copy.referenceKey);
        const reference: Partial<ConversationReference> = {
          ...(stored?.reference ?? {}),
          channelId: 'msteams',
          serviceUrl: stored?.serviceUrl ?? copy.serviceUrl,
          conversation: {
            ...((stored?.reference['conversation'] as ConversationReference['conversation'] | undefined) ?? {
              isGroup: false,
              conversationType: '',
              name: '',
            }),
            id: copy.conversationId,
          },
        };
        try {
          const place: LinkPlace = copy.referenceKey.startsWith('channel:')
            ? { kind: 'channel', channelId: copy.conversationId }
            : PERSONAL;
          await this.deps.messenger.update(
            reference,
            copy.activityId,
            card(this.taskCard(idea, sluice, copy.locale, coaches, supported, place)),
          );
        } catch (err) {
          // A deleted message or a chat the bot left: nothing to update there.
          if (err instanceof SendError && err.failure.kind === 'gone') continue;
          throw err;
        }
      }
      const [latest, count] = await Promise.all([this.deps.ideas.get(sluice.id, first.value.id), this.supportCount(idea.value)]);
      if (!latest || (latest.etag === idea.etag && count === supported)) return { status: 'done' };
      idea = latest;
      supported = count;
    }
    return { status: 'done' };
  }

  private async toGiver(
    idea: Idea,
    sluice: Sluice,
    correlationId: string,
    render: (locale: Locale) => Partial<Activity>,
    copyKind?: CardCopyKind,
  ): Promise<DeliveryOutcome> {
    // The language the giver handed the idea in (their Teams language then).
    return this.toPerson(
      { personId: idea.giver.id, tenantIds: [idea.giver.tenantId], correlationId },
      () => render(idea.giver.locale),
      copyKind ? { idea, kind: copyKind } : undefined,
    );
  }

  /** One supporter hears that the idea reached Testas or Införd, unless they took their support back meanwhile. */
  private async toSupporter(
    idea: Idea,
    sluice: Sluice,
    event: HistoryEvent,
    step: Extract<NotificationStep, { kind: 'tellSupporter' }>,
    correlationId: string,
  ): Promise<DeliveryOutcome> {
    const person = { id: step.personId, tenantId: step.tenantId };
    if (!(await this.deps.supporters?.stillSupports(sluice.id, idea.id, person))) return { status: 'done' };
    return this.toPerson({ personId: step.personId, tenantIds: [step.tenantId], correlationId }, (locale) =>
      card(this.linked(renderSupporterCard(idea, sluice, event, locale), idea, locale)),
    );
  }

  private async toCoach(idea: Idea, sluice: Sluice, event: HistoryEvent, coachId: string, correlationId: string): Promise<DeliveryOutcome> {
    if (event.kind === 'helpOffered')
      return this.toPerson(this.coachAddress(sluice, idea, coachId, correlationId), (locale) => text(helpOfferedText(idea, event, locale)));
    const values = { giver: escapeMarkdown(idea.giver.name), number: idea.number, title: escapeMarkdown(idea.title) };
    return this.toPerson(this.coachAddress(sluice, idea, coachId, correlationId), (locale) => ({
      type: 'message',
      text:
        event.kind === 'infoAnswered'
          ? coachText(locale, 'coach.answered', { ...values, answer: escapeMarkdown(preview(event.text ?? '', 1500)) })
          : coachText(locale, 'coach.withdrawn', values),
      textFormat: 'markdown',
    }));
  }

  /** A reminder, an escalation or a giver's reminder to one person (what it says: teams/reminders). */
  private async remind(
    idea: Versioned<Idea>,
    sluice: Sluice,
    event: HistoryEvent,
    personId: string,
    correlationId: string,
  ): Promise<DeliveryOutcome> {
    const giver = idea.value.giver;
    const toGiver = personId === giver.id;
    const address = toGiver
      ? { personId, tenantIds: [giver.tenantId], correlationId }
      : this.coachAddress(sluice, idea.value, personId, correlationId);
    const localeFor = (l: Locale): Locale => (toGiver ? giver.locale : l);
    const message = (l: Locale) => reminderMessage(event, idea.value, sluice, personId, localeFor(l));
    const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
    const supported = await this.supportCount(idea.value);
    const asTaskCard = message('sv').kind === 'taskCard';
    const sent = await this.toPerson(
      address,
      (l) => {
        const m = message(l);
        if (m.kind === 'text') return text(m.text);
        return card(
          this.linked(
            renderCoachTaskCard({ ...this.taskView(idea, sluice, localeFor(l), coaches, supported), notice: m.notice }),
            idea.value,
            localeFor(l),
          ),
        );
      },
      asTaskCard ? { idea: idea.value, kind: 'task' } : undefined,
      // The responsible coach's own reminder that cannot reach them moves the idea on, as a new card does.
      event.kind === 'reminded' && personId === idea.value.coach?.id
        ? (detail, reason) => this.unreachableCoach(idea.value, personId, detail, reason)
        : undefined,
      toGiver ? undefined : { idea: idea.value, activity: 'ideaReminder' },
    );
    const first = message('sv');
    const question = openQuestion(idea.value);
    if (sent.status !== 'done' || first.kind !== 'text' || !first.withQuestion || !question) return sent;
    // The giver gets the question card again, to answer right there.
    return this.toPerson(
      address,
      () =>
        card(
          this.linked(
            renderGiverQuestionCard({ idea: idea.value, sluiceId: sluice.id, question, locale: giver.locale, open: true }),
            idea.value,
            giver.locale,
          ),
        ),
      { idea: idea.value, kind: 'question' },
    );
  }

  /** A coach may have met the bot in any member tenant of the sluice; a new chat opens in the first. */
  private coachAddress(sluice: Sluice, idea: Idea, coachId: string, correlationId: string): PersonAddress {
    return {
      personId: coachId,
      tenantIds: sluice.tenantIds.length > 0 ? sluice.tenantIds : [idea.tenantId],
      ...(sluice.coachChannel ? { fallbackServiceUrl: sluice.coachChannel.serviceUrl } : {}),
      correlationId,
    };
  }

  /**
   * Sends to a person's personal chat and, for a card, records the copy so it can be updated.
   * `unreachable` decides what a person Teams refuses a chat with means (else it fails).
   */
  private async toPerson(
    address: PersonAddress,
    render: (locale: Locale) => Partial<Activity>,
    copy?: { idea: Idea; kind: CardCopyKind },
    unreachable?: (detail: string, reason: 'refused' | 'noServiceUrl') => Promise<DeliveryOutcome>,
    feed?: { idea: Idea; activity: FeedActivity },
  ): Promise<DeliveryOutcome> {
    let locale: Locale = 'sv';
    const reach = await this.deps.chats.send(address, (l) => {
      locale = l;
      return render(l);
    });
    switch (reach.status) {
      case 'sent':
        if (copy) await this.recordCopy(copy.idea, copy.kind, locale, { ...reach, referenceKey: reach.referenceKey });
        // The bell too, for a coach's task card or reminder (best effort: the card is in the chat).
        if (feed && this.deps.activityFeed) {
          const tenantId = address.tenantIds[0];
          if (tenantId) await this.deps.activityFeed.notify(tenantId, address.personId, feed.idea, feed.activity, locale);
        }
        return { status: 'done' };
      case 'retry':
        return { status: 'retry', error: reach.detail, ...(reach.retryAfterMs !== undefined ? { retryAfterMs: reach.retryAfterMs } : {}) };
      case 'unreachable': {
        const detail = `(${reach.reason}): ${reach.detail}`;
        // A refusal is about the person (the idea moves on); without any connector for the tenant
        // nobody there can be reached yet, and the first message from anyone in it teaches the bot one.
        return unreachable ? unreachable(detail, reach.reason) : { status: 'failed', error: `Cannot reach ${address.personId} ${detail}` };
      }
      case 'failed':
        return { status: 'failed', error: reach.detail };
    }
  }

  private async sendToChannel(
    key: string,
    stored: StoredReference,
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string }> {
    const conversation = stored.reference['conversation'] as { id?: string } | undefined;
    try {
      const activityId = await this.deps.messenger.send(stored.reference, activity);
      return { conversationId: conversation?.id ?? '', activityId };
    } catch (err) {
      if (err instanceof SendError && err.failure.kind === 'gone') {
        await this.deps.conversations.markStale(key, this.deps.clock.now().toISOString());
        this.deps.logger.warn({ key, status: err.failure.status }, 'Coach channel reference is stale: the bot was removed from the team');
      }
      throw err;
    }
  }

  private async recordCopy(
    idea: Idea,
    kind: CardCopyKind,
    locale: Locale,
    sent: { conversationId: string; activityId: string; referenceKey: string; serviceUrl: string },
  ): Promise<void> {
    if (!sent.activityId) return;
    await this.deps.copies.record({
      ideaId: idea.id,
      sluiceId: idea.sluiceId,
      kind,
      conversationId: baseConversationId(sent.conversationId),
      activityId: sent.activityId,
      referenceKey: sent.referenceKey,
      serviceUrl: sent.serviceUrl,
      locale,
      postedAt: this.deps.clock.now().toISOString(),
    });
  }

  private taskCard(
    idea: Versioned<Idea>,
    sluice: Sluice,
    locale: Locale,
    coaches: readonly SluiceCoach[],
    supported: number,
    place: LinkPlace = PERSONAL,
  ): CardJson {
    return this.linked(renderCoachTaskCard(this.taskView(idea, sluice, locale, coaches, supported)), idea.value, locale, place);
  }

  /** The card with "Öppna i Idéslussen" at the idea, for where it is shown. */
  private linked(content: CardJson, idea: Idea, locale: Locale, place: LinkPlace = PERSONAL): CardJson {
    return linked(content, this.deps.links, idea.id, locale, place);
  }

  /** How a digest shown in `place` links each idea it lists, when links are wired. */
  private linkTo(place: LinkPlace): ((ideaId: string) => string) | undefined {
    const { links } = this.deps;
    return links ? (ideaId) => links.toIdea(ideaId, place) : undefined;
  }

  private taskView(
    idea: Versioned<Idea>,
    sluice: Sluice,
    locale: Locale,
    coaches: readonly SluiceCoach[],
    supported: number,
  ): TaskCardView {
    const similar = similarForTask(this.deps.similar, idea.value, sluice);
    return {
      idea: idea.value,
      etag: idea.etag,
      sluice,
      locale,
      now: this.deps.clock.now(),
      viewer: 'coach',
      coaches,
      similar,
      ...(supported > 0 ? { supportCount: supported } : {}),
    };
  }

  /** How many support the idea now, for the task card (none without supports wired). */
  private async supportCount(idea: Idea): Promise<number> {
    return (await this.deps.supporters?.count(idea.sluiceId, idea.id)) ?? 0;
  }
}

/** A channel's card links to the team tab in that channel. */
function channelPlace(stored: StoredReference): LinkPlace {
  const conversation = stored.reference['conversation'] as { id?: string } | undefined;
  return conversation?.id ? { kind: 'channel', channelId: baseConversationId(conversation.id) } : PERSONAL;
}

function card(content: CardJson): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(content)] };
}

function text(markdown: string): Partial<Activity> {
  return { type: 'message', text: markdown, textFormat: 'markdown' };
}

/** What the admins and the coach channel read about a coach the bot cannot reach: who, where the idea went, what to do. */
export function unreachableText(idea: Idea, event: HistoryEvent, locale: Locale): string {
  const values = {
    coach: escapeMarkdown(event.unreachable?.name || event.unreachable?.id || '–'),
    number: idea.number,
    title: escapeMarkdown(idea.title),
  };
  const what = event.coach
    ? coachText(locale, 'unreachable.rerouted', { ...values, next: escapeMarkdown(event.coach.name || event.coach.id) })
    : event.unreachable && event.id === noConnectorEventId(idea.id, event.unreachable.id)
      ? coachText(locale, 'unreachable.noConnector', values)
      : coachText(locale, 'unreachable.none', values);
  return `${what}\n\n${coachText(locale, 'unreachable.todo', values)}`;
}
