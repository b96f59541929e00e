import type { HistoryKind } from './idea';
import type { Versioned } from './ports';

/**
 * One thing to tell someone after an idea changed. Steps name whom to reach and what to say;
 * the text and cards are rendered when the step runs, from the idea as it is then, so a late
 * delivery never shows an outdated state.
 */
export type NotificationStep =
  /** Post the coach task card in the sluice's coach channel. */
  | { readonly kind: 'postTaskCard'; readonly to: 'channel' }
  /** Send the coach task card to one coach in personal chat. */
  | { readonly kind: 'postTaskCard'; readonly to: 'coach'; readonly coachId: string }
  /** Update every posted copy of the idea's task card to the current state. */
  | { readonly kind: 'updateTaskCards' }
  /** The same, after the idea's support count changed (a job of its own, `eventKind` `support`: domain/support-cards.ts). */
  | { readonly kind: 'supportCards' }
  /**
   * Send the giver the receipt of an idea handed in outside the chat (the message extension):
   * the chat answers in its own turn, the extension's invoke can only say a short thank-you.
   */
  | { readonly kind: 'confirmGiver' }
  /** Tell the giver about a decision (stage change or new coach), with who and why. */
  | { readonly kind: 'tellGiver' }
  /** Send the giver the coach's question as a card they can answer. */
  | { readonly kind: 'askGiver' }
  /** Ask the giver the one satisfaction question. */
  | { readonly kind: 'askSatisfaction' }
  /** Tell a coach what the giver did (answered a question, withdrew the idea). */
  | { readonly kind: 'tellCoach'; readonly coachId: string }
  /**
   * Tell the coach channel, or one admin, that the bot cannot reach a coach (a `coachUnreachable`
   * event): who, where the idea went, and what to do (install the app for them).
   */
  | { readonly kind: 'tellUnreachable'; readonly to: 'channel' }
  | { readonly kind: 'tellUnreachable'; readonly to: 'admin'; readonly personId: string }
  /**
   * The idea reached Testas or Införd: queue one job per person who supports it now
   * ({@link supporterJob}), each told once; repeating this step queues nobody twice.
   */
  | { readonly kind: 'tellSupporters' }
  /** Tell one supporter that the idea they support is being tested or is implemented. */
  | { readonly kind: 'tellSupporter'; readonly personId: string; readonly tenantId: string }
  /** Tell one person about a reminder event (coach, backup, admin or giver; see domain/reminders). */
  | { readonly kind: 'remind'; readonly personId: string }
  /**
   * A coach's weekly digest (domain/reminders/digests.ts) of round `round` (the week's Monday):
   * ideas handed in during [fromMs, toMs), and the coach's open ideas as they are when it is sent.
   */
  | { readonly kind: 'weeklyDigest'; readonly coachId: string; readonly round: string; readonly fromMs: number; readonly toMs: number }
  /**
   * The comments written on the idea in [fromMs, toMs) (one hour), in one message to its giver or
   * its coach, leaving out their own (domain/comments/comment-notices.ts).
   */
  | { readonly kind: 'commentNotice'; readonly to: 'giver' | 'coach'; readonly fromMs: number; readonly toMs: number }
  /** "Vad hände med våra idéer?" about the month `round` (`YYYY-MM`), to one subscribed channel. */
  | { readonly kind: 'monthlyDigest'; readonly conversationId: string; readonly round: string }
  /**
   * Bring every scored idea of the sluice to its criteria of version `criteriaVersion`, after an
   * admin changed them (domain/scoring/rescore-jobs.ts); nothing when a newer change came since.
   */
  | { readonly kind: 'rescore'; readonly criteriaVersion: string }
  /** Post a challenge's card in one of the channels it was published to (domain/challenges.ts). */
  | { readonly kind: 'challengePost'; readonly challengeId: string; readonly conversationId: string }
  /** Tell a challenge's owner, once it closed, which ideas came in and where they are. */
  | { readonly kind: 'challengeSummary'; readonly challengeId: string; readonly personId: string }
  /**
   * Send a message a turn could not send within its budget (a slow or throttling Teams), into
   * the conversation of that turn. The reference and the message are the channel's own JSON,
   * opaque here; `index` orders the messages of one turn.
   */
  | {
      readonly kind: 'reply';
      readonly index: number;
      readonly reference: Readonly<Record<string, unknown>>;
      readonly message: Readonly<Record<string, unknown>>;
    };

/** How one step went: done, try again later (with the connector's Retry-After), or failed for good. */
export type DeliveryOutcome =
  | { readonly status: 'done' }
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  | { readonly status: 'failed'; readonly error: string };

export type StepStatus = 'pending' | 'done' | 'failed';

export interface StepState {
  /** Unique within its job, e.g. `postTaskCard:coach:<id>`. */
  readonly key: string;
  readonly step: NotificationStep;
  readonly status: StepStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly finishedAt?: string;
}

/**
 * The outbox item for one history event of one idea: everything that must be sent because of it.
 * Its id is derived from the event id, so the listener and the recovery sweep can both try to
 * store it and only one of them succeeds. A turn's late replies are a job too (`eventKind`
 * `reply`): then `ideaId` is the conversation and `eventId` the incoming activity's id. A digest
 * is a job too (`eventKind` `digest`): then `ideaId` is `digest:<sluice>` and `eventId` names the
 * round and the recipient. A challenge's posts and summary are jobs too (`eventKind` `challenge`):
 * then `ideaId` is `challenge:<id>`. An hour's comment notice is a job too (`eventKind`
 * `comments`): then `eventId` names the hour. So is the update of an idea's posted cards after its
 * support count changed (`eventKind` `support`): then `eventId` names the few seconds' window. So
 * is the rescoring after a change of the criteria (`eventKind` `rescore`): then `ideaId` is
 * `rescore:<sluice>` and `eventId` names the criteria's version.
 */
export interface NotificationJob {
  readonly id: string;
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly eventId: string;
  readonly eventKind: HistoryKind | 'reply' | 'digest' | 'challenge' | 'comments' | 'support' | 'rescore';
  readonly eventAt: string;
  /** `pending` until every step is done or has failed for good. */
  readonly status: 'pending' | 'done';
  readonly steps: readonly StepState[];
  /**
   * When a worker may take the job next (ms since epoch). A worker that claims a job moves this
   * forward by its lease, so a crashed worker's job becomes due again by itself.
   */
  readonly dueAtMs: number;
  /** Delivery rounds so far. */
  readonly attempts: number;
  /** The worker instance holding the lease, while it does. */
  readonly leaseOwner?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Jobs waiting to be sent; stored so several server instances share them and none is lost. */
export interface OutboxRepository {
  /** Stores a new job; resolves false (and changes nothing) when the job for that event exists. */
  enqueue(job: NotificationJob): Promise<boolean>;
  /** {@link enqueue} that gives the stored job with its eTag, so its writer can go on with it; undefined when it exists. */
  create(job: NotificationJob): Promise<Versioned<NotificationJob> | undefined>;
  get(ideaId: string, jobId: string): Promise<Versioned<NotificationJob> | undefined>;
  /** Pending jobs whose time has come, oldest first. */
  due(nowMs: number, limit: number): Promise<Versioned<NotificationJob>[]>;
  /** Conditional replace; throws {@link ConflictError} when another worker changed the job. */
  replace(job: NotificationJob, etag: string): Promise<Versioned<NotificationJob>>;
  /** How far the recovery sweep has looked (ms since epoch), if it ever ran. */
  sweptUntil(): Promise<number | undefined>;
  saveSweptUntil(ms: number): Promise<void>;
}

/** Which card a posted message holds. */
export type CardCopyKind = 'task' | 'question' | 'satisfaction';

/** A card the bot posted: where it is, so it can be updated and so an action on it can be checked. */
export interface CardCopy {
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly kind: CardCopyKind;
  readonly conversationId: string;
  readonly activityId: string;
  /** Key of the stored conversation reference it was sent through (`channel:…`/`user:…`). */
  readonly referenceKey: string;
  readonly serviceUrl: string;
  /** Language the card was rendered in; updates keep it. */
  readonly locale: 'sv' | 'en';
  readonly postedAt: string;
}

export interface CardCopyRepository {
  record(copy: CardCopy): Promise<void>;
  /** The copy posted as this message, if the bot recorded it. */
  find(conversationId: string, activityId: string): Promise<CardCopy | undefined>;
  listForIdea(ideaId: string, kind: CardCopyKind): Promise<CardCopy[]>;
}

/** Ideas written in a time window, for the recovery sweep. */
export interface IdeaChangeFeed {
  /**
   * Ideas whose `updatedAt` is at or after `fromIso`. No upper bound: an idea changed again later
   * still holds the earlier event the sweep looks for.
   */
  changedSince(fromIso: string): Promise<Array<{ readonly sluiceId: string; readonly ideaId: string }>>;
}
