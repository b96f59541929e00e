import type { Activity, ConversationReference } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { channelKey, userKey, type ConversationReferenceRepository, type StoredReference } from '../../domain/conversations';
import type { HistoryEvent, Idea } from '../../domain/idea';
import type { CardCopy, CardCopyKind, CardCopyRepository, DeliveryOutcome, NotificationJob, NotificationStep } from '../../domain/outbox';
import type { Clock, IdeaRepository, SluiceRepository, Versioned } from '../../domain/ports';
import type { Sluice } from '../../domain/sluice';
import { localeFrom, type Locale } from '../../domain/stages';
import type { Logger } from '../../logger';
import { renderCoachTaskCard } from '../cards/coach-task-card';
import { renderGiverQuestionCard, renderGiverUpdateCard, renderSatisfactionCard } from '../cards/giver-cards';
import type { CardJson } from '../cards/render';
import { escapeMarkdown, preview } from '../markdown';
import type { CoachDirectory, SluiceCoach } from './coach-directory';
import { SendError, type ProactiveMessenger } from './proactive-messenger';
import { ct } from './strings';
import { baseConversationId } from '../activity';

export interface DeliveryDependencies {
  readonly ideas: IdeaRepository;
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly copies: CardCopyRepository;
  readonly directory: CoachDirectory;
  readonly messenger: ProactiveMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Times a card update re-reads the idea to catch a change made while it was updating. */
const UPDATE_PASSES = 3;

/** Where to send something: a stored conversation, or a personal chat to open first. */
type Target =
  | { readonly kind: 'stored'; readonly key: string; readonly stored: StoredReference }
  | {
      readonly kind: 'new';
      readonly key: string;
      readonly userId: string;
      readonly tenantId: string;
      readonly serviceUrl: string;
      readonly bot?: ConversationReference['bot'];
    };

/**
 * Carries out the outbox's steps against Teams: renders each card or message from the idea as it
 * is now and sends it through the connector. Every step is safe to repeat after a crash; a
 * repeated send can at worst post the same message twice, never lose one.
 */
export class NotificationDeliveries {
  constructor(private readonly deps: DeliveryDependencies) {}

  /** Runs one step of a job. */
  async deliver(job: NotificationJob, step: NotificationStep): Promise<DeliveryOutcome> {
    const [idea, sluice] = await Promise.all([this.deps.ideas.get(job.sluiceId, job.ideaId), this.deps.sluices.get(job.sluiceId)]);
    if (!idea || !sluice) return { status: 'failed', error: 'The idea or its sluice no longer exists' };
    const event = idea.value.history.find((e) => e.id === job.eventId);
    if (!event) return { status: 'failed', error: `Event ${job.eventId} is not in the idea's history` };
    try {
      switch (step.kind) {
        case 'postTaskCard':
          return step.to === 'channel'
            ? await this.postToChannel(idea, sluice.value)
            : await this.postToCoach(idea, sluice.value, step.coachId);
        case 'updateTaskCards':
          return await this.updateTaskCards(idea, sluice.value);
        case 'tellGiver':
          return await this.toGiver(idea.value, sluice.value, (locale) =>
            card(renderGiverUpdateCard(idea.value, sluice.value, event, locale)),
          );
        case 'askGiver':
          return await this.toGiver(
            idea.value,
            sluice.value,
            (locale) => card(renderGiverQuestionCard({ idea: idea.value, sluiceId: sluice.value.id, question: event, locale, open: true })),
            'question',
          );
        case 'askSatisfaction':
          return await this.toGiver(
            idea.value,
            sluice.value,
            (locale) => card(renderSatisfactionCard({ idea: idea.value, sluiceId: sluice.value.id, decision: event, locale, open: true })),
            'satisfaction',
          );
        case 'tellCoach':
          return await this.toCoach(idea.value, sluice.value, event, step.coachId);
      }
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
    const locale = localeOfReference(stored);
    const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
    const activity = card(this.taskCard(idea, sluice, locale, coaches));
    const target: Target = {
      kind: 'stored',
      key,
      stored: stored ?? { key, reference, serviceUrl: channel.serviceUrl, updatedAt: this.deps.clock.now().toISOString() },
    };
    return this.sendAndRecord(target, activity, idea.value, 'task', locale);
  }

  private async postToCoach(idea: Versioned<Idea>, sluice: Sluice, coachId: string): Promise<DeliveryOutcome> {
    const target = await this.personalTarget(sluice, coachId, sluice.tenantIds[0] ?? idea.value.tenantId);
    if (!target) return { status: 'failed', error: `No way to reach coach ${coachId}: the bot has met nobody in the tenant yet` };
    const locale = target.kind === 'stored' ? localeOfReference(target.stored) : 'sv';
    const coaches = await this.deps.directory.coachesOf(sluice, idea.value);
    return this.sendAndRecord(target, card(this.taskCard(idea, sluice, locale, coaches)), idea.value, 'task', locale);
  }

  /**
   * Brings every posted copy of the task card to the idea's current state. Two workers may update
   * for two events at once and finish in either order, so after its updates a worker reads the
   * idea again and repeats if it changed: the last update written is always the newest state.
   */
  private async updateTaskCards(first: Versioned<Idea>, sluice: Sluice): Promise<DeliveryOutcome> {
    const copies = await this.deps.copies.listForIdea(first.value.id, 'task');
    if (copies.length === 0) return { status: 'done' };
    let idea = first;
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
          await this.deps.messenger.update(reference, copy.activityId, card(this.taskCard(idea, sluice, copy.locale, coaches)));
        } catch (err) {
          // A deleted message or a chat the bot left: nothing to update there.
          if (err instanceof SendError && err.failure.kind === 'gone') continue;
          throw err;
        }
      }
      const latest = await this.deps.ideas.get(sluice.id, first.value.id);
      if (!latest || latest.etag === idea.etag) return { status: 'done' };
      idea = latest;
    }
    return { status: 'done' };
  }

  private async toGiver(
    idea: Idea,
    sluice: Sluice,
    render: (locale: Locale) => Partial<Activity>,
    copyKind?: CardCopyKind,
  ): Promise<DeliveryOutcome> {
    const target = await this.personalTarget({ ...sluice, tenantIds: [idea.giver.tenantId] }, idea.giver.id, idea.giver.tenantId);
    if (!target) return { status: 'failed', error: 'No way to reach the idea giver' };
    // The language the giver handed the idea in (their Teams language then).
    const locale = idea.giver.locale;
    const activity = render(locale);
    if (copyKind) return this.sendAndRecord(target, activity, idea, copyKind, locale);
    await this.sendTo(target, activity);
    return { status: 'done' };
  }

  private async toCoach(idea: Idea, sluice: Sluice, event: HistoryEvent, coachId: string): Promise<DeliveryOutcome> {
    const target = await this.personalTarget(sluice, coachId, sluice.tenantIds[0] ?? idea.tenantId);
    if (!target) return { status: 'failed', error: `No way to reach coach ${coachId}` };
    const locale = target.kind === 'stored' ? localeOfReference(target.stored) : 'sv';
    const values = { giver: escapeMarkdown(idea.giver.name), number: idea.number, title: escapeMarkdown(idea.title) };
    const text =
      event.kind === 'infoAnswered'
        ? ct(locale, 'coach.answered', { ...values, answer: escapeMarkdown(preview(event.text ?? '', 1500)) })
        : ct(locale, 'coach.withdrawn', values);
    await this.sendTo(target, { type: 'message', text, textFormat: 'markdown' });
    return { status: 'done' };
  }

  /** A stored personal chat with the person, else what is needed to open one. */
  private async personalTarget(
    sluice: Pick<Sluice, 'tenantIds' | 'coachChannel'>,
    personId: string,
    tenantId: string,
  ): Promise<Target | undefined> {
    const stored = await this.deps.directory.referenceOf(sluice, personId);
    if (stored && !stored.staleSince) return { kind: 'stored', key: stored.key, stored };
    // Any conversation the bot has in the tenant tells which connector (service URL) to use.
    const channel = sluice.coachChannel;
    const serviceUrl = stored?.serviceUrl ?? channel?.serviceUrl;
    if (!serviceUrl) return undefined;
    const bot = (stored?.reference['bot'] as ConversationReference['bot'] | undefined) ?? undefined;
    return { kind: 'new', key: userKey(tenantId, personId), userId: personId, tenantId, serviceUrl, ...(bot ? { bot } : {}) };
  }

  private async sendTo(target: Target, activity: Partial<Activity>): Promise<{ conversationId: string; activityId: string }> {
    if (target.kind === 'new') {
      return this.deps.messenger.sendToNewPersonalChat(
        {
          serviceUrl: target.serviceUrl,
          tenantId: target.tenantId,
          userAadObjectId: target.userId,
          ...(target.bot ? { bot: target.bot } : {}),
        },
        activity,
      );
    }
    const conversation = target.stored.reference['conversation'] as { id?: string } | undefined;
    try {
      const activityId = await this.deps.messenger.send(target.stored.reference, activity);
      return { conversationId: conversation?.id ?? '', activityId };
    } catch (err) {
      if (err instanceof SendError && err.failure.kind === 'gone') {
        await this.deps.conversations.markStale(target.key, this.deps.clock.now().toISOString());
        this.deps.logger.warn(
          { key: target.key, status: err.failure.status },
          'Conversation reference is stale: the bot was removed or the user left',
        );
      }
      throw err;
    }
  }

  private async sendAndRecord(
    target: Target,
    activity: Partial<Activity>,
    idea: Idea,
    kind: CardCopyKind,
    locale: Locale,
  ): Promise<DeliveryOutcome> {
    const sent = await this.sendTo(target, activity);
    const copy: CardCopy = {
      ideaId: idea.id,
      sluiceId: idea.sluiceId,
      kind,
      conversationId: baseConversationId(sent.conversationId),
      activityId: sent.activityId,
      referenceKey: target.key,
      serviceUrl: target.kind === 'stored' ? target.stored.serviceUrl : target.serviceUrl,
      locale,
      postedAt: this.deps.clock.now().toISOString(),
    };
    if (copy.activityId) await this.deps.copies.record(copy);
    return { status: 'done' };
  }

  private taskCard(idea: Versioned<Idea>, sluice: Sluice, locale: Locale, coaches: readonly SluiceCoach[]): CardJson {
    return renderCoachTaskCard({ idea: idea.value, etag: idea.etag, sluice, locale, now: this.deps.clock.now(), viewer: 'coach', coaches });
  }
}

function card(content: CardJson): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(content)] };
}

function localeOfReference(stored: StoredReference | undefined): Locale {
  const locale = stored?.reference['locale'];
  return localeFrom(typeof locale === 'string' ? locale : undefined);
}
