import { ActivityFeed, chatFeedLink } from './activity-feed';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import type { PersonReachPort } from '../../domain/directory';
import type { IdeaService } from '../../domain/idea-service';
import { notificationListener, recoverMissedJobs } from '../../domain/notifications';
import { OutboxWorker } from '../../domain/notifications-worker';
import type { CardCopyRepository, IdeaChangeFeed, NotificationJob, OutboxRepository } from '../../domain/outbox';
import type { RescoreJobs } from '../../domain/scoring/rescore-jobs';
import type { Clock, IdeaRepository, SluiceRepository } from '../../domain/ports';
import type { Logger } from '../../logger';
import type { AbsenceService } from '../../domain/reminders/absence';
import { DigestContent, DigestSubscriptions, type DigestSource } from '../../domain/reminders/digest-work';
import { SubscribeCommand } from './subscribe-command';
import { AbsenceCommand } from './absence-command';
import type { SimilarLookup } from '../cards/coach-task-card';
import { CardActions } from './card-actions';
import { CoachChannelCommand } from './coach-channel';
import { CoachDirectory } from './coach-directory';
import { NotificationDeliveries } from './deliveries';
import type { ProactiveMessenger } from './proactive-messenger';
import { PersonalChats } from '../personal-chat';
import { ChallengeDeliveries, type ChallengeDeliverySource } from '../challenges/challenge-deliveries';
import type { CommentService } from '../../domain/comments/comment-service';
import { SupporterNotices, SupportService, type SupportRepository } from '../../domain/support';
import { SupportCardUpdates } from '../../domain/support-cards';
import type { IdeaLinks } from '../deep-links';

export interface CoachingDependencies {
  readonly ideaService: IdeaService;
  readonly ideas: IdeaRepository;
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly outbox: OutboxRepository;
  readonly copies: CardCopyRepository;
  readonly feed: IdeaChangeFeed;
  /** Every proactive message, each as the bot of its recipient's tenant. */
  readonly messenger: ProactiveMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Coaches' absence (the tab's switch uses the same service). */
  readonly absence: AbsenceService;
  /** Poll interval of the outbox worker; 0 leaves it paused (jobs wait in Cosmos). */
  readonly pollMs: number;
  /** Graph's way to reach people the bot has no chat with (install the app, activity feed); none without Graph. */
  readonly reach?: PersonReachPort;
  /** The app's id in Teams, for the activity feed's link; the feed is raised only with it and `reach`. */
  readonly teamsAppId?: string;
  /** The similar-idea index, for the task card's "Liknande:" line. */
  readonly similar?: SimilarLookup;
  /** What the weekly and monthly digests read when they are sent. */
  readonly digestSource?: DigestSource;
  /** What a challenge's card and its owner's summary are rendered from when they are sent. */
  readonly challengeSource?: ChallengeDeliverySource;
  /** Comments: the cards' "Kommentera" and the hourly comment notices. */
  readonly comments?: CommentService;
  /** Supports of ideas, so supporters hear when an idea is tested or implemented. */
  readonly supports?: SupportRepository;
  /** Makes every card's "Öppna i Idéslussen" link. */
  readonly links?: IdeaLinks;
  /** The rescoring after a change of the criteria, run by the same worker; without it those jobs fail. */
  readonly rescores?: Pick<RescoreJobs, 'run' | 'recover' | 'failed'>;
}

/** Coach tasks and giver notifications, wired: the invoke handler, the channel command and the outbox. */
export interface Coaching {
  readonly cardActions: CardActions;
  readonly coachChannel: CoachChannelCommand;
  /** "borta till …" / "away until …" and "tillbaka" / "back". */
  readonly absence: AbsenceCommand;
  /** "prenumerera" / "avsluta prenumeration" (and English) in a channel: the monthly digest. */
  readonly subscriptions: SubscribeCommand;
  /** Drains the outbox; started by {@link startCoaching} unless paused. */
  readonly worker: OutboxWorker;
  /** Support and offers of help, for the cards and the tab alike (each change of a count updates the posted cards). */
  readonly support?: SupportService;
}

/**
 * Builds the coach features and registers the notification listener on the idea service, so
 * every submission and change queues its notifications in the same request.
 */
export function createCoaching(deps: CoachingDependencies): Coaching {
  const { clock, logger } = deps;
  const directory = new CoachDirectory(deps.conversations);
  const { messenger } = deps;
  const chats = new PersonalChats({
    messenger,
    conversations: deps.conversations,
    clock,
    logger,
    ...(deps.reach ? { reach: deps.reach } : {}),
  });
  const supporters = deps.supports ? new SupporterNotices(deps.supports, deps.outbox, clock, () => worker.wake()) : undefined;
  // A support changes the count the posted task cards show: one outbox job per idea and few seconds updates them.
  const cardUpdates = new SupportCardUpdates(deps.outbox, clock, logger, () => worker.wake());
  const support = deps.supports
    ? new SupportService(deps.supports, deps.ideaService, clock, (sluiceId, ideaId) => cardUpdates.countChanged(sluiceId, ideaId))
    : undefined;
  const deliveries = new NotificationDeliveries({
    ideas: deps.ideas,
    sluices: deps.sluices,
    conversations: deps.conversations,
    copies: deps.copies,
    directory,
    messenger,
    chats,
    clock,
    logger,
    coachUnreachable: (sluiceId, ideaId, coachId, reason) => deps.ideaService.coachUnreachable(sluiceId, ideaId, coachId, reason),
    // The bell links to the idea in the app (IdeaLinks), or to the app's chat when no links are made.
    ...(deps.reach && deps.teamsAppId
      ? {
          activityFeed: new ActivityFeed(
            deps.reach,
            (idea) => (deps.links ? deps.links.toIdea(idea.id) : chatFeedLink(deps.teamsAppId!)),
            logger,
          ),
        }
      : {}),
    ...(deps.similar ? { similar: deps.similar } : {}),
    ...(deps.digestSource ? { digests: new DigestContent(deps.digestSource, clock) } : {}),
    ...(deps.challengeSource
      ? {
          challenges: new ChallengeDeliveries({
            ...deps.challengeSource,
            sluices: deps.sluices,
            conversations: deps.conversations,
            messenger,
            chats,
            clock,
            logger,
            ...(deps.links ? { links: deps.links } : {}),
          }),
        }
      : {}),
    ...(deps.comments ? { comments: deps.comments } : {}),
    ...(supporters ? { supporters } : {}),
    ...(deps.links ? { links: deps.links } : {}),
  });
  const { rescores } = deps;
  const worker = new OutboxWorker({
    outbox: deps.outbox,
    // Rescoring is no message: the domain runs it, everything else goes to Teams.
    deliver: async (job, step) => {
      if (step.kind !== 'rescore') return deliveries.deliver(job, step);
      return rescores ? rescores.run(job, step) : { status: 'failed', error: 'Rescoring is not wired' };
    },
    recover: async (fromMs, toMs) =>
      (await recoverMissedJobs({ feed: deps.feed, ideas: deps.ideas, sluices: deps.sluices, outbox: deps.outbox, clock }, fromMs, toMs)) +
      (rescores ? await rescores.recover() : 0),
    ...(rescores ? { failed: (job: NotificationJob) => rescores.failed(job) } : {}),
    clock,
    logger,
    pollMs: deps.pollMs,
  });
  // Delivery runs in the background (at once, or in the next round); the request that queued it does not wait.
  deps.ideaService.listen(notificationListener(worker, clock, logger));
  return {
    cardActions: new CardActions({
      ideas: deps.ideaService,
      sluices: deps.sluices,
      copies: deps.copies,
      directory,
      clock,
      logger,
      ...(deps.similar ? { similar: deps.similar } : {}),
      ...(deps.comments ? { comments: deps.comments } : {}),
      ...(supporters ? { supportCount: (sluiceId: string, ideaId: string) => supporters.count(sluiceId, ideaId) } : {}),
      ...(support ? { support } : {}),
      ...(deps.links ? { links: deps.links } : {}),
    }),
    coachChannel: new CoachChannelCommand({ sluices: deps.sluices, conversations: deps.conversations, clock, logger }),
    absence: new AbsenceCommand({ absence: deps.absence, sluices: deps.sluices }),
    subscriptions: new SubscribeCommand({
      subscriptions: new DigestSubscriptions(deps.sluices, clock),
      sluices: deps.sluices,
      conversations: deps.conversations,
      clock,
      logger,
    }),
    worker,
    ...(support ? { support } : {}),
  };
}
