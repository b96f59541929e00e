import type { Activity, ConversationReference } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { isOpen, type ChallengeIdeaSource, type ChallengeRepository } from '../../domain/challenges';
import type { Sluice } from '../../domain/sluice';
import { channelKey, type ConversationReferenceRepository } from '../../domain/conversations';
import type { DeliveryOutcome, NotificationJob, NotificationStep } from '../../domain/outbox';
import type { Clock, SluiceRepository } from '../../domain/ports';
import type { Logger } from '../../logger';
import { renderChallengeCard, renderChallengeSummaryCard } from '../cards/challenge-cards';
import type { CardJson } from '../cards/render';
import { SendError, type ProactiveMessenger } from '../coach/proactive-messenger';
import { baseConversationId } from '../activity';
import { PERSONAL, type IdeaLinks } from '../deep-links';
import { localeOfReference, type PersonalChats } from '../personal-chat';

/** What challenge deliveries read: the challenges and the ideas that answer them. */
export interface ChallengeDeliverySource {
  readonly challenges: ChallengeRepository;
  readonly ideas: ChallengeIdeaSource;
}

export interface ChallengeDeliveryDependencies extends ChallengeDeliverySource {
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly messenger: ProactiveMessenger;
  readonly chats: PersonalChats;
  readonly clock: Clock;
  readonly logger: Logger;
  /** "Öppna i Idéslussen" on both cards and the summary's idea links; the cards have none without it. */
  readonly links?: IdeaLinks;
}

type ChallengeStep = Extract<NotificationStep, { kind: 'challengePost' | 'challengeSummary' }>;

const card = (json: CardJson): Partial<Activity> => ({ type: 'message', attachments: [CardFactory.adaptiveCard(json)] });

/**
 * Sends the outbox's challenge steps: a challenge's card into a channel, and its owner's summary
 * into their personal chat. Both are rendered now, from the challenge and its ideas as they are.
 * A connector refusal is thrown as {@link SendError}; the outbox's delivery turns it into a retry
 * or a failure like every other step.
 */
export class ChallengeDeliveries {
  constructor(private readonly deps: ChallengeDeliveryDependencies) {}

  async deliver(job: NotificationJob, step: ChallengeStep): Promise<DeliveryOutcome> {
    const [found, sluice] = await Promise.all([
      this.deps.challenges.get(job.sluiceId, step.challengeId),
      this.deps.sluices.get(job.sluiceId),
    ]);
    if (!found || !sluice) return { status: 'failed', error: 'The challenge or its sluice no longer exists' };
    const challenge = found.value;
    if (step.kind === 'challengePost') {
      const channel = challenge.channels.find((c) => c.conversationId === step.conversationId);
      if (!channel) return { status: 'failed', error: 'The channel is not one the challenge was published to' };
      const key = channelKey(step.conversationId);
      const stored = await this.deps.conversations.get(key);
      if (stored?.staleSince) return { status: 'failed', error: 'The channel no longer accepts the bot' };
      // The reference stored when someone last wrote there, else one made from the sluice's own record of the channel.
      const address = channelAddress(sluice.value, step.conversationId);
      const reference: Partial<ConversationReference> | undefined =
        (stored?.reference as Partial<ConversationReference> | undefined) ??
        (address
          ? {
              channelId: 'msteams',
              serviceUrl: address.serviceUrl,
              conversation: { id: step.conversationId, isGroup: true, conversationType: 'channel', tenantId: address.tenantId, name: '' },
            }
          : undefined);
      if (!reference) return { status: 'failed', error: 'The bot knows no way into the channel' };
      const locale = localeOfReference(stored);
      const open = isOpen(challenge, this.deps.clock.now());
      try {
        // In the channel the card links to the team tab there.
        const link = this.deps.links?.toChallenge(challenge.id, { kind: 'channel', channelId: baseConversationId(step.conversationId) });
        await this.deps.messenger.send(
          reference,
          card(renderChallengeCard({ challenge, sluice: sluice.value, open, locale, ...(link ? { link } : {}) })),
        );
      } catch (err) {
        if (err instanceof SendError && err.failure.kind === 'gone') {
          await this.deps.conversations.markStale(key, this.deps.clock.now().toISOString());
          this.deps.logger.warn({ key, challengeId: challenge.id }, 'Channel reference is stale: the bot was removed from the team');
        }
        throw err;
      }
      return { status: 'done' };
    }
    const ideas = (await this.deps.ideas.ideasOf(challenge.sluiceId, [challenge.id])).get(challenge.id) ?? [];
    const reach = await this.deps.chats.send(
      {
        personId: step.personId,
        tenantIds: [challenge.owner.tenantId, ...sluice.value.tenantIds.filter((t) => t !== challenge.owner.tenantId)],
        ...(sluice.value.coachChannel ? { fallbackServiceUrl: sluice.value.coachChannel.serviceUrl } : {}),
        correlationId: job.id,
      },
      (locale) => card(renderChallengeSummaryCard({ challenge, ideas, sluice: sluice.value, locale, ...this.summaryLinks(challenge.id) })),
    );
    switch (reach.status) {
      case 'sent':
        return { status: 'done' };
      case 'retry':
        return { status: 'retry', error: reach.detail, ...(reach.retryAfterMs !== undefined ? { retryAfterMs: reach.retryAfterMs } : {}) };
      case 'unreachable':
        return { status: 'failed', error: `Cannot reach the challenge's owner (${reach.reason}): ${reach.detail}` };
      case 'failed':
        return { status: 'failed', error: reach.detail };
    }
  }

  /** The owner's summary is in their personal chat: its links open the personal tab. */
  private summaryLinks(challengeId: string): { links?: { challenge: string; idea: (ideaId: string) => string } } {
    const { links } = this.deps;
    if (!links) return {};
    return { links: { challenge: links.toChallenge(challengeId, PERSONAL), idea: (ideaId) => links.toIdea(ideaId, PERSONAL) } };
  }
}

/** Where the sluice's record of a channel (coach channel, report channel, digest subscription) says it is. */
function channelAddress(sluice: Sluice, conversationId: string): { serviceUrl: string; tenantId: string } | undefined {
  const all = [sluice.coachChannel, sluice.reportChannel, ...(sluice.digestSubscriptions ?? [])];
  const found = all.find((c) => c?.conversationId === conversationId);
  return found ? { serviceUrl: found.serviceUrl, tenantId: found.tenantId } : undefined;
}
