import type { HistoryEvent, Idea } from '../idea';
import type { DigestSubscription, Sluice } from '../sluice';
import type { Stage } from '../stages';
import { addDays, stockholmDate, stockholmTime, workingDayOnOrAfter, type WorkingCalendar } from '../working-days';
import { isAway } from './absence';
import { overdueOf, type Overdue } from './policy';
import { calendarOf, LIMITED_STAGES } from './settings';

/**
 * When the digests are due, and what they say. Pure: the scheduler's digest work (digest-work.ts)
 * claims each round and queues it; the Teams edge renders the cards.
 *
 * - The weekly coach digest: every Monday at 08:00 Stockholm, or the next working day of that
 *   week when the Monday is not one (a Swedish holiday, a closed day). A week without any working
 *   day has no digest. Its round is the Monday's date, `YYYY-MM-DD`.
 * - The monthly outcome digest ("Vad hände med våra idéer?"): at 08:00 on the first working day
 *   of a month, about the month before. Its round is the month reported on, `YYYY-MM`.
 */

/** Digests go out at this hour (Stockholm). */
export const DIGEST_HOUR = 8;

/** A digest round and when it falls due. */
export interface DigestRound {
  /** `YYYY-MM-DD` (the week's Monday) for the weekly digest, `YYYY-MM` (the month reported on) for the monthly one. */
  readonly round: string;
  readonly dueAt: Date;
}

/** Monday of the week `date` lies in (Monday–Sunday weeks, as in Sweden). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** When the weekly digest of the week starting on `monday` is due; undefined when the week has no working day. */
export function weeklyDueAt(monday: string, calendar: WorkingCalendar): Date | undefined {
  const day = workingDayOnOrAfter(monday, calendar);
  return day <= addDays(monday, 6) ? stockholmTime(day, DIGEST_HOUR) : undefined;
}

/** The first day of the month after `month` (`YYYY-MM`). */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * When the monthly digest about `month` (`YYYY-MM`) is due: 08:00 on the first working day of the
 * month after; undefined when that month has no working day at all.
 */
export function monthlyDueAt(month: string, calendar: WorkingCalendar): Date | undefined {
  const sendMonth = nextMonth(month);
  const day = workingDayOnOrAfter(`${sendMonth}-01`, calendar);
  return day.startsWith(sendMonth) ? stockholmTime(day, DIGEST_HOUR) : undefined;
}

/** The first instant of a month in Stockholm, and of the month after: the period a monthly digest reports. */
export function monthPeriod(month: string): { from: Date; to: Date } {
  return { from: stockholmTime(`${month}-01`, 0), to: stockholmTime(`${nextMonth(month)}-01`, 0) };
}

/** The next weekly digest due strictly after `after`. */
export function nextWeeklyDigest(after: Date, calendar: WorkingCalendar): DigestRound {
  let monday = mondayOf(stockholmDate(after));
  for (let week = 0; week < 160; week++, monday = addDays(monday, 7)) {
    const dueAt = weeklyDueAt(monday, calendar);
    if (dueAt && dueAt.getTime() > after.getTime()) return { round: monday, dueAt };
  }
  throw new Error(`No weekly digest within three years after ${after.toISOString()}`);
}

/** The next monthly digest due strictly after `after`. */
export function nextMonthlyDigest(after: Date, calendar: WorkingCalendar): DigestRound {
  let month = previousMonth(stockholmDate(after).slice(0, 7));
  for (let i = 0; i < 40; i++, month = nextMonth(month)) {
    const dueAt = monthlyDueAt(month, calendar);
    if (dueAt && dueAt.getTime() > after.getTime()) return { round: month, dueAt };
  }
  throw new Error(`No monthly digest within three years after ${after.toISOString()}`);
}

/**
 * The weekly round to queue at `now`: this week's, once its time has come, unless `lastQueued`
 * (the sluice's `digestsQueued.weekly`) already is it or later. A week the server missed is not
 * sent late the week after: that week has its own digest.
 */
export function dueWeeklyRound(now: Date, lastQueued: string | undefined, calendar: WorkingCalendar): DigestRound | undefined {
  const monday = mondayOf(stockholmDate(now));
  const dueAt = weeklyDueAt(monday, calendar);
  if (!dueAt || dueAt.getTime() > now.getTime()) return undefined;
  if (lastQueued !== undefined && lastQueued >= monday) return undefined;
  return { round: monday, dueAt };
}

/** The monthly round to queue at `now` (about last month), once its time has come and unless already queued. */
export function dueMonthlyRound(now: Date, lastQueued: string | undefined, calendar: WorkingCalendar): DigestRound | undefined {
  const month = previousMonth(stockholmDate(now).slice(0, 7));
  const dueAt = monthlyDueAt(month, calendar);
  if (!dueAt || dueAt.getTime() > now.getTime()) return undefined;
  if (lastQueued !== undefined && lastQueued >= month) return undefined;
  return { round: month, dueAt };
}

/**
 * Where the "new ideas" of a weekly round start: the previous round's due time when the sluice
 * queued one, else a week before this one.
 */
export function weeklyPeriodStart(round: DigestRound, lastQueued: string | undefined, calendar: WorkingCalendar): Date {
  const previous = lastQueued ? weeklyDueAt(lastQueued, calendar) : undefined;
  return previous && previous.getTime() < round.dueAt.getTime() ? previous : new Date(round.dueAt.getTime() - 7 * 86_400_000);
}

/** The coaches who get the weekly digest on `today`: every coach of the sluice who is not away. */
export function weeklyRecipients(sluice: Pick<Sluice, 'coaches'>, today: string): string[] {
  return [...new Set(sluice.coaches.filter((c) => !isAway(c, today)).map((c) => c.id))];
}

/** Stages an idea is open in: a coach still has something to do with it. */
export const OPEN_STAGES: readonly Stage[] = LIMITED_STAGES;

/** History kinds by which a coach acts on an idea (what answers a giver's reply). */
const COACH_ACTS = new Set<HistoryEvent['kind']>(['taken', 'advanced', 'declined', 'infoRequested', 'reassigned', 'reopened']);

/** The giver's answer to a coach's question that no coach has acted on since; undefined when none waits. */
export function waitingAnswer(idea: Pick<Idea, 'history'>): HistoryEvent | undefined {
  for (let i = idea.history.length - 1; i >= 0; i--) {
    const event = idea.history[i] as HistoryEvent;
    if (event.kind === 'infoAnswered') return event;
    if (COACH_ACTS.has(event.kind)) return undefined;
  }
  return undefined;
}

/** One coach's weekly digest: what is new in the sluice, and what waits for them. */
export interface WeeklyDigest {
  /** Ideas handed in during the period, oldest first. */
  readonly newIdeas: readonly Idea[];
  /** The coach's ideas in an open stage, oldest first. */
  readonly open: readonly Idea[];
  /** Those of them past their stage's limit, longest over first. */
  readonly overdue: ReadonlyArray<{ readonly idea: Idea; readonly overdue: Overdue }>;
  /** Those of them where the giver answered the coach's question and no coach has acted since. */
  readonly answers: ReadonlyArray<{ readonly idea: Idea; readonly answer: HistoryEvent }>;
}

/**
 * Builds a coach's weekly digest from the sluice's ideas handed in during [from, to) and the
 * coach's open ideas (as they are when the card is sent).
 */
export function weeklyDigestOf(
  sluice: Pick<Sluice, 'reminders'>,
  coachId: string,
  ideas: { readonly created: readonly Idea[]; readonly coachOpen: readonly Idea[] },
  period: { readonly from: Date; readonly to: Date },
  now: Date,
): WeeklyDigest {
  const calendar = calendarOf(sluice);
  const byAge = (a: Idea, b: Idea): number => a.createdAtMs - b.createdAtMs || a.number - b.number;
  const newIdeas = ideas.created.filter((i) => i.createdAtMs >= period.from.getTime() && i.createdAtMs < period.to.getTime()).sort(byAge);
  const open = ideas.coachOpen.filter((i) => i.coach?.id === coachId && OPEN_STAGES.includes(i.stage)).sort(byAge);
  const overdue = open
    .map((idea) => ({ idea, overdue: overdueOf(idea, sluice, now, calendar) }))
    .filter((o): o is { idea: Idea; overdue: Overdue } => o.overdue !== undefined)
    .sort((a, b) => b.overdue.waited - b.overdue.limit - (a.overdue.waited - a.overdue.limit) || byAge(a.idea, b.idea));
  const answers = open
    .map((idea) => ({ idea, answer: waitingAnswer(idea) }))
    .filter((a): a is { idea: Idea; answer: HistoryEvent } => a.answer !== undefined);
  return { newIdeas, open, overdue, answers };
}

/** What a monthly digest reports of one idea: where it got to that month, and why or with what effect. */
export interface Outcome {
  readonly idea: Idea;
  readonly event: HistoryEvent;
}

export interface MonthlyDigest {
  readonly month: string;
  readonly tested: readonly Outcome[];
  readonly implemented: readonly Outcome[];
  readonly closed: readonly Outcome[];
}

const OUTCOME_STAGES = ['testing', 'done', 'closed'] as const satisfies readonly Stage[];

/**
 * The ideas that were moved to Testas, Införd or Avslutad during the month, each under the last of
 * those it reached that month (an idea tested and implemented in the same month is reported as
 * implemented). Reopened ideas count by what happened in the month, whatever they are now.
 */
export function monthlyDigestOf(ideas: readonly Idea[], month: string): MonthlyDigest {
  const { from, to } = monthPeriod(month);
  const found: Record<(typeof OUTCOME_STAGES)[number], Outcome[]> = { testing: [], done: [], closed: [] };
  for (const idea of ideas) {
    const last = [...idea.history].reverse().find((e) => {
      const at = Date.parse(e.at);
      return at >= from.getTime() && at < to.getTime() && (OUTCOME_STAGES as readonly string[]).includes(e.to ?? '');
    });
    if (last) found[last.to as (typeof OUTCOME_STAGES)[number]].push({ idea, event: last });
  }
  const byTime = (a: Outcome, b: Outcome): number => Date.parse(a.event.at) - Date.parse(b.event.at) || a.idea.number - b.idea.number;
  return { month, tested: found.testing.sort(byTime), implemented: found.done.sort(byTime), closed: found.closed.sort(byTime) };
}

/** The subscription of this channel, if the sluice has one. */
export function subscriptionOf(sluice: Pick<Sluice, 'digestSubscriptions'>, conversationId: string): DigestSubscription | undefined {
  return sluice.digestSubscriptions?.find((s) => s.conversationId === conversationId);
}
