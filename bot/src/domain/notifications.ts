import { createHash } from 'node:crypto';
import type { HistoryEvent, Idea } from './idea';
import type { IdeaListener } from './idea-service';
import type { IdeaChangeFeed, NotificationJob, NotificationStep, OutboxRepository, StepState } from './outbox';
import type { Clock, IdeaRepository, SluiceRepository } from './ports';
import type { Sluice } from './sluice';
import { SATISFACTION_STAGES, type Stage } from './stages';

/** The stages whose reaching the idea's supporters are told of: it is tested, it is implemented. */
export const SUPPORTER_STAGES: readonly Stage[] = ['testing', 'done'];

/** History kinds that move an idea to another stage because a coach decided so. */
const DECISIONS = new Set<HistoryEvent['kind']>(['taken', 'advanced', 'declined', 'reopened']);

/** The outbox job id for a history event: one job per event, whoever stores it first. */
export function jobIdFor(eventId: string): string {
  return `job:${eventId}`;
}

/** A step's key, unique within its job. */
export function stepKey(step: NotificationStep): string {
  switch (step.kind) {
    case 'postTaskCard':
      return step.to === 'channel' ? 'postTaskCard:channel' : `postTaskCard:coach:${step.coachId}`;
    case 'tellCoach':
      return `tellCoach:${step.coachId}`;
    case 'remind':
      return `remind:${step.personId}`;
    case 'tellSupporter':
      return `tellSupporter:${step.tenantId}:${step.personId}`;
    case 'tellUnreachable':
      return step.to === 'channel' ? 'tellUnreachable:channel' : `tellUnreachable:admin:${step.personId}`;
    case 'reply':
      return `reply:${step.index}`;
    case 'weeklyDigest':
      return `weeklyDigest:${step.coachId}`;
    case 'monthlyDigest':
      return `monthlyDigest:${step.conversationId}`;
    case 'challengePost':
      return `challengePost:${step.conversationId}`;
    case 'challengeSummary':
      return `challengeSummary:${step.personId}`;
    case 'commentNotice':
      return `commentNotice:${step.to}`;
    default:
      return step.kind;
  }
}

/**
 * Decides who must hear about one history event. Pure: the same idea, sluice and event always
 * give the same steps, so the recovery sweep plans exactly what the listener would have.
 *
 * @param assignedCoachId the coach round-robin picked for a new idea; defaults to the sluice's
 *   `lastAssignedCoachId`, which is that coach right after {@link IdeaService.submit}.
 */
export function planSteps(idea: Idea, sluice: Sluice, event: HistoryEvent, assignedCoachId?: string): NotificationStep[] {
  const steps: NotificationStep[] = [];
  const actorIsGiver = event.actor.id === idea.giver.id;
  switch (event.kind) {
    case 'submitted': {
      // The giver's receipt first: the coaches' cards may wait on a throttled connector.
      // The chat answers in its own turn; the message extension and the tab can only say a short thank-you.
      if (idea.source === 'message' || idea.source === 'tab') steps.push({ kind: 'confirmGiver' });
      if (sluice.coachChannel) steps.push({ kind: 'postTaskCard', to: 'channel' });
      const coachId = assignedCoachId ?? sluice.lastAssignedCoachId;
      if (coachId) steps.push({ kind: 'postTaskCard', to: 'coach', coachId });
      break;
    }
    case 'taken':
    case 'advanced':
    case 'declined':
    case 'reopened':
      steps.push({ kind: 'updateTaskCards' });
      if (!actorIsGiver) steps.push({ kind: 'tellGiver' });
      if (event.to && SATISFACTION_STAGES.includes(event.to)) steps.push({ kind: 'askSatisfaction' });
      // Supporters hear when the idea is tested or implemented (domain/support.ts).
      if (event.kind === 'advanced' && event.to && SUPPORTER_STAGES.includes(event.to)) steps.push({ kind: 'tellSupporters' });
      break;
    case 'helpOffered':
      // "Jag kan hjälpa till": the giver and the responsible coach hear of the offer and its note.
      steps.push({ kind: 'tellGiver' });
      if (idea.coach && idea.coach.id !== event.actor.id) steps.push({ kind: 'tellCoach', coachId: idea.coach.id });
      break;
    case 'infoRequested':
      steps.push({ kind: 'updateTaskCards' }, { kind: 'askGiver' });
      break;
    case 'infoAnswered': {
      steps.push({ kind: 'updateTaskCards' });
      const coachId = askerOf(idea, event)?.id ?? idea.coach?.id;
      if (coachId) steps.push({ kind: 'tellCoach', coachId });
      break;
    }
    case 'reassigned':
      steps.push({ kind: 'updateTaskCards' });
      if (event.coach) steps.push({ kind: 'postTaskCard', to: 'coach', coachId: event.coach.id });
      if (!actorIsGiver) steps.push({ kind: 'tellGiver' });
      break;
    case 'coachUnreachable': {
      // The next coach gets the card; the admins (not the coach who cannot be reached) and the
      // coach channel are told what to do; the giver learns the new coach's name.
      steps.push({ kind: 'updateTaskCards' });
      if (event.coach) steps.push({ kind: 'postTaskCard', to: 'coach', coachId: event.coach.id });
      if (sluice.coachChannel) steps.push({ kind: 'tellUnreachable', to: 'channel' });
      for (const admin of sluice.admins)
        if (admin !== event.unreachable?.id) steps.push({ kind: 'tellUnreachable', to: 'admin', personId: admin });
      if (event.coach) steps.push({ kind: 'tellGiver' });
      break;
    }
    case 'withdrawn':
      steps.push({ kind: 'updateTaskCards' });
      if (idea.coach) steps.push({ kind: 'tellCoach', coachId: idea.coach.id });
      break;
    case 'linked':
      // Each giver hears once per link: the event (and so the job) is one per idea and link.
      if (!actorIsGiver) steps.push({ kind: 'tellGiver' });
      break;
    case 'edited':
    case 'rated':
      steps.push({ kind: 'updateTaskCards' });
      break;
    case 'reminded':
    case 'escalated':
    case 'giverReminded':
      // Whom to tell was decided when the breach was written (absence, backup, admins).
      for (const personId of event.reminder?.to ?? []) steps.push({ kind: 'remind', personId });
      if (event.kind === 'reminded') steps.push({ kind: 'updateTaskCards' });
      break;
  }
  return steps;
}

/** Whether an event is a coach's decision on the idea's stage (what the giver is told about). */
export function isDecision(event: Pick<HistoryEvent, 'kind'>): boolean {
  return DECISIONS.has(event.kind);
}

/** The coach who asked the question an `infoAnswered` event answers. */
export function askerOf(idea: Pick<Idea, 'history'>, answer: HistoryEvent): HistoryEvent['actor'] | undefined {
  const index = idea.history.findIndex((e) => e.id === answer.id);
  const before = index < 0 ? idea.history : idea.history.slice(0, index);
  return [...before].reverse().find((e) => e.kind === 'infoRequested')?.actor;
}

/** What names a new outbox job: its id, its partition (`ideaId`), its sluice and the event it is about. */
export type JobHeader = Pick<NotificationJob, 'id' | 'ideaId' | 'sluiceId' | 'eventId' | 'eventKind' | 'eventAt'>;

/** A new outbox job with every step pending, due at `dueAtMs` (now unless given): the one way jobs are made. */
export function pendingJob(header: JobHeader, steps: readonly NotificationStep[], now: Date, dueAtMs = now.getTime()): NotificationJob {
  const at = now.toISOString();
  return {
    ...header,
    status: 'pending',
    steps: steps.map((step): StepState => ({ key: stepKey(step), step, status: 'pending', attempts: 0 })),
    dueAtMs,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** A new, pending outbox job for one event; undefined when nobody needs to hear about it. */
export function newJob(idea: Idea, sluice: Sluice, event: HistoryEvent, now: Date, assignedCoachId?: string): NotificationJob | undefined {
  const steps = planSteps(idea, sluice, event, assignedCoachId);
  if (steps.length === 0) return undefined;
  return pendingJob(
    {
      id: jobIdFor(event.id),
      ideaId: idea.id,
      sluiceId: sluice.id,
      eventId: event.id,
      eventKind: event.kind,
      eventAt: event.at,
    },
    steps,
    now,
  );
}

/** What a turn hands to the outbox when it could not send its messages within its budget. */
export interface LateReplies {
  /** Id of the incoming activity (the same on a redelivery, so the job is stored once). */
  readonly activityId: string;
  readonly conversationId: string;
  /** Which hand-off of the turn this is (a turn may hand off more than once). */
  readonly sequence: number;
  /** How long Teams asked to be left alone (a 429's Retry-After), if it did. */
  readonly retryAfterMs?: number;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly messages: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The outbox job that sends a turn's late messages in order. Its id comes from the activity id
 * and the hand-off's sequence, so a redelivered turn cannot queue the same replies twice. It is
 * due at once, or when Teams' Retry-After has passed; later hand-offs of the turn a millisecond
 * later each, so they go out in order.
 */
export function lateReplyJob(replies: LateReplies, now: Date): NotificationJob {
  const at = now.toISOString();
  const digest = createHash('sha256').update(`${replies.conversationId}\n${replies.activityId}`).digest('hex').slice(0, 32);
  const steps = replies.messages.map((message, index): NotificationStep => ({
    kind: 'reply',
    index,
    reference: replies.reference,
    message,
  }));
  return pendingJob(
    {
      id: `reply-${digest}-${replies.sequence}`,
      ideaId: `reply:${replies.conversationId}`,
      sluiceId: '',
      eventId: replies.activityId,
      eventKind: 'reply',
      eventAt: at,
    },
    steps,
    now,
    now.getTime() + Math.min(replies.retryAfterMs ?? 0, 60 * 60_000) + replies.sequence,
  );
}

/** Delivery rounds before the steps still pending are given up (logged, kept in the outbox). */
export const MAX_DELIVERY_ROUNDS = 8;

/**
 * How long to wait before the next delivery round: the connector's Retry-After when it gave one,
 * otherwise exponential back-off from 2 s up to 10 minutes, with jitter so instances spread out.
 */
export function retryDelayMs(round: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, 60 * 60_000);
  const base = Math.min(2_000 * 2 ** Math.max(0, round - 1), 10 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Where the listener reports an outbox write that failed (the sweep will recover it). */
export interface NotificationLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * Puts an outbox job in Cosmos for every submitted idea and every change, right after the idea's
 * own write and before the request answers; the outbox worker's `enqueue` also starts delivering
 * it. A failed enqueue does not fail the request: the event is in the idea's history (written in
 * the same conditional write as the change), and the recovery sweep ({@link recoverMissedJobs})
 * enqueues what is missing.
 */
export function notificationListener(outbox: Pick<OutboxRepository, 'enqueue'>, clock: Clock, logger: NotificationLogger): IdeaListener {
  const put = async (idea: Idea, sluice: Sluice, event: HistoryEvent, assignedCoachId?: string): Promise<void> => {
    const job = newJob(idea, sluice, event, clock.now(), assignedCoachId);
    if (!job) return;
    try {
      await outbox.enqueue(job);
    } catch (err) {
      logger.warn({ err, ideaId: idea.id, eventId: event.id }, 'Could not enqueue notifications; the recovery sweep will');
    }
  };
  return {
    async ideaSubmitted(idea, sluice) {
      const event = idea.history[0];
      if (event) await put(idea, sluice, event, sluice.lastAssignedCoachId);
    },
    async ideaChanged(idea, sluice, event) {
      await put(idea, sluice, event);
    },
  };
}

export interface RecoveryDependencies {
  readonly feed: IdeaChangeFeed;
  readonly ideas: IdeaRepository;
  readonly sluices: SluiceRepository;
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
}

/**
 * Closes the window between an idea's write and its outbox job: for every history event written
 * in [fromMs, toMs) that has no job, stores the job the listener would have stored. Safe to run
 * on several instances at once (job ids are per event). Returns how many jobs it stored.
 */
export async function recoverMissedJobs(deps: RecoveryDependencies, fromMs: number, toMs: number): Promise<number> {
  const changed = await deps.feed.changedSince(new Date(fromMs).toISOString());
  const sluices = new Map<string, Sluice | undefined>();
  let stored = 0;
  for (const { sluiceId, ideaId } of changed) {
    if (!sluices.has(sluiceId)) sluices.set(sluiceId, (await deps.sluices.get(sluiceId))?.value);
    const sluice = sluices.get(sluiceId);
    const idea = (await deps.ideas.get(sluiceId, ideaId))?.value;
    if (!sluice || !idea) continue;
    for (const event of idea.history) {
      const at = Date.parse(event.at);
      if (at < fromMs || at >= toMs) continue;
      // The idea's own coach: the sluice does not store who got the last idea.
      const job = newJob(idea, sluice, event, deps.clock.now(), idea.coach?.id);
      if (job && (await deps.outbox.enqueue(job))) stored++;
    }
  }
  return stored;
}
