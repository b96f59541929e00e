import { createHash } from 'node:crypto';
import { openQuestion, type HistoryEvent, type Idea } from '../idea';
import type { Sluice } from '../sluice';
import { nthWorkingDayAfter, stockholmDate, stockholmTime, workingDaysBetween, type WorkingCalendar } from '../working-days';
import { backupCoachFor, isAway } from './absence';
import { calendarOf, ESCALATION_FACTOR, LIMITED_STAGES, limitsOf, type LimitedStage } from './settings';

/**
 * What the app says when an idea has waited too long. Each breach is one history event with an id
 * derived from the idea, the kind and the event the wait started with, so writing it twice is
 * impossible and "was it sent?" is a look at the history.
 */
export type BreachKind = 'reminded' | 'escalated' | 'giverReminded';

export interface Breach {
  readonly kind: BreachKind;
  /** The history event id this breach is written as. */
  readonly eventId: string;
  /** When it falls due. */
  readonly dueAt: Date;
  /** The limit in working days. */
  readonly limit: number;
  /** When the wait started (stage change, or the coach's question). */
  readonly since: string;
}

/** Who the reminder events name as their actor. */
export const SYSTEM_ACTOR = Object.freeze({ id: 'ideslussen', name: 'Idéslussen' });

/** Reminders go out at this hour (Stockholm) on the day a limit is passed. */
export const REMINDER_HOUR = 8;

/** The event that started the wait in the current stage. */
function stageStart(idea: Pick<Idea, 'history' | 'stage' | 'stageChangedAt'>): { id: string; at: string } {
  const event = [...idea.history].reverse().find((e) => e.to !== undefined && e.to === idea.stage);
  return event ? { id: event.id, at: event.at } : { id: `stage-${idea.stage}-${idea.stageChangedAt}`, at: idea.stageChangedAt };
}

function breachEventId(ideaId: string, kind: BreachKind, since: string): string {
  return derivedEventId(ideaId, kind, since);
}

/**
 * A history event id derived from what the event is about, so the app writes such an event at
 * most once however often it is tried (a UUID-shaped hash of the parts).
 */
export function derivedEventId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The moment an idea that started waiting at `since` has waited more than `days` working days. */
function passedAt(since: string, days: number, calendar: WorkingCalendar): Date {
  return stockholmTime(nthWorkingDayAfter(new Date(since), days + 1, calendar), REMINDER_HOUR);
}

function isLimited(stage: string): stage is LimitedStage {
  return (LIMITED_STAGES as readonly string[]).includes(stage);
}

/**
 * Every breach the idea's current state can have, sent or not: a reminder when it has waited
 * longer than its stage's limit, an escalation at 1.5 times the limit, and a reminder to the giver
 * when the coach's question has gone unanswered longer than its limit.
 */
export function breachesOf(idea: Idea, sluice: Pick<Sluice, 'reminders'>, calendar = calendarOf(sluice)): Breach[] {
  const limits = limitsOf(sluice);
  const breaches: Breach[] = [];
  if (isLimited(idea.stage)) {
    const start = stageStart(idea);
    const limit = limits[idea.stage];
    breaches.push(
      {
        kind: 'reminded',
        eventId: breachEventId(idea.id, 'reminded', start.id),
        dueAt: passedAt(start.at, limit, calendar),
        limit,
        since: start.at,
      },
      {
        kind: 'escalated',
        eventId: breachEventId(idea.id, 'escalated', start.id),
        dueAt: passedAt(start.at, Math.floor(limit * ESCALATION_FACTOR), calendar),
        limit,
        since: start.at,
      },
    );
  }
  const question = openQuestion(idea);
  if (question && isLimited(idea.stage)) {
    const limit = limits.infoAnswer;
    breaches.push({
      kind: 'giverReminded',
      eventId: breachEventId(idea.id, 'giverReminded', question.id),
      dueAt: passedAt(question.at, limit, calendar),
      limit,
      since: question.at,
    });
  }
  return breaches;
}

/** Whether the breach's event is already in the idea's history. */
export function isSent(idea: Pick<Idea, 'history'>, breach: Pick<Breach, 'eventId'>): boolean {
  return idea.history.some((e) => e.id === breach.eventId);
}

/** Breaches due at `now` that have not been sent. */
export function dueBreaches(idea: Idea, sluice: Pick<Sluice, 'reminders'>, now: Date): Breach[] {
  return breachesOf(idea, sluice).filter((b) => b.dueAt.getTime() <= now.getTime() && !isSent(idea, b));
}

/** When the next unsent breach falls due (ms), or undefined. */
export function nextReminderDueMs(idea: Idea, sluice: Pick<Sluice, 'reminders'>): number | undefined {
  const times = breachesOf(idea, sluice)
    .filter((b) => !isSent(idea, b))
    .map((b) => b.dueAt.getTime());
  return times.length > 0 ? Math.min(...times) : undefined;
}

/**
 * The idea with {@link Idea.reminderDueAtMs} set to its next due breach (or removed). Every write
 * of an idea goes through this, so the scheduler's indexed query always sees the current due time.
 */
export function withReminderDue(idea: Idea, sluice: Pick<Sluice, 'reminders'>): Idea {
  const due = nextReminderDueMs(idea, sluice);
  const { reminderDueAtMs: _previous, waitingSince: _since, ...rest } = idea;
  return {
    ...rest,
    ...(due === undefined ? {} : { reminderDueAtMs: due }),
    ...(isLimited(idea.stage) ? { waitingSince: stageStart(idea).at } : {}),
  };
}

/**
 * Who is told about a breach on `today`. A reminder goes to the responsible coach, or to the
 * backup while that coach is away (the admins when there is none); an escalation to the backup
 * and the admins; a giver reminder to the giver, and the coach (or who covers) is told.
 */
export function recipientsOf(kind: BreachKind, idea: Idea, sluice: Sluice, today: string): string[] {
  const responsible = sluice.coaches.find((c) => c.id === idea.coach?.id);
  const present = responsible && !isAway(responsible, today) ? responsible : undefined;
  const backup = backupCoachFor(sluice, idea.coach?.id, today, { chosen: idea.backupCoach?.id, tenantId: idea.tenantId });
  const cover = present?.id ?? backup?.id;
  const admins = sluice.admins.filter((a) => a !== idea.coach?.id);
  let to: readonly (string | undefined)[];
  switch (kind) {
    case 'reminded':
      to = cover ? [cover] : sluice.admins;
      break;
    case 'escalated':
      to = [backup?.id, ...admins];
      if (to.every((id) => !id)) to = sluice.admins;
      break;
    case 'giverReminded':
      to = [idea.giver.id, cover ?? sluice.admins[0]];
      break;
  }
  return [...new Set(to.filter((id): id is string => !!id))];
}

/** The history event a breach is written as. */
export function breachEvent(breach: Breach, idea: Idea, sluice: Sluice, now: Date): HistoryEvent {
  const waited = workingDaysBetween(new Date(breach.since), now, calendarOf(sluice));
  return {
    id: breach.eventId,
    kind: breach.kind,
    at: now.toISOString(),
    actor: { ...SYSTEM_ACTOR },
    reminder: { waited, limit: breach.limit, to: recipientsOf(breach.kind, idea, sluice, stockholmDate(now)) },
  };
}

/**
 * Writes the due breaches into the idea (one event each) and moves its due time on; undefined
 * when nothing is due. Pure: the scheduler stores the result with a conditional write.
 */
export function applyDueBreaches(idea: Idea, sluice: Sluice, now: Date): { idea: Idea; events: HistoryEvent[] } | undefined {
  const due = dueBreaches(idea, sluice, now);
  if (due.length === 0) return undefined;
  const events = due.map((b) => breachEvent(b, idea, sluice, now));
  // One version per event, as every other change: cards refer to a state by its version.
  const next: Idea = {
    ...idea,
    history: [...idea.history, ...events],
    updatedAt: now.toISOString(),
    version: idea.version + events.length,
  };
  return { idea: withReminderDue(next, sluice), events };
}

/** An idea past its stage's limit: how many working days it has waited and the limit. */
export interface Overdue {
  readonly waited: number;
  readonly limit: number;
  readonly since: string;
}

/**
 * "Försenad": the idea has waited longer than its stage's limit; undefined when it has not. Reads
 * the stored {@link Idea.waitingSince} (a board summary has no history), else the history.
 */
export function overdueOf(
  idea: Pick<Idea, 'stage' | 'stageChangedAt' | 'waitingSince'> & Partial<Pick<Idea, 'history'>>,
  sluice: Pick<Sluice, 'reminders'>,
  now: Date,
  calendar = calendarOf(sluice),
): Overdue | undefined {
  if (!isLimited(idea.stage)) return undefined;
  const since = idea.waitingSince ?? stageStart({ ...idea, history: idea.history ?? [] }).at;
  const limit = limitsOf(sluice)[idea.stage];
  const waited = workingDaysBetween(new Date(since), now, calendar);
  return waited > limit ? { waited, limit, since } : undefined;
}
