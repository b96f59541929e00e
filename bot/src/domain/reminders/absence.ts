import { ConflictError, type Clock, type SluiceRepository } from '../ports';
import type { Idea } from '../idea';
import type { Coach, Sluice } from '../sluice';
import { OPEN_STAGES } from '../stages';
import { addDays, isIsoDate, stockholmDate } from '../working-days';

/** Whether the coach is away on `today` (`YYYY-MM-DD`): away until, not including, their return date. */
export function isAway(coach: Pick<Coach, 'awayUntil'>, today: string): boolean {
  return coach.awayUntil !== undefined && today < coach.awayUntil;
}

/** The sluice's coaches who are not away today. */
export function presentCoaches(sluice: Pick<Sluice, 'coaches'>, today: string): Coach[] {
  return sluice.coaches.filter((c) => !isAway(c, today));
}

/** What a backup is chosen for: the backup named on the idea, and the member municipality it came from. */
export interface BackupFor {
  /** The idea's own backup coach, chosen first when present. */
  readonly chosen?: string | undefined;
  /** The municipality (tenant) the idea came from, or the one the away coach serves. */
  readonly tenantId?: string | undefined;
}

/**
 * The backup of an idea's responsible coach, never the responsible coach and never one who is away
 * today: the idea's own backup; then, in a shared sluice, a coach of the idea's municipality (the
 * sluice's backup coach when it is one, else the next after the responsible one in the sluice's
 * order), as routing gives the municipality's ideas to its own coaches first; then the sluice's
 * backup coach; then the next coach after the responsible one in the whole sluice. Undefined when
 * nobody else is there.
 */
export function backupCoachFor(
  sluice: Pick<Sluice, 'coaches' | 'backupCoachId'>,
  responsibleId: string | undefined,
  today: string,
  wanted: BackupFor = {},
): Coach | undefined {
  const present = (coach: Coach | undefined): Coach | undefined =>
    coach && coach.id !== responsibleId && !isAway(coach, today) ? coach : undefined;
  const byId = (id: string | undefined): Coach | undefined => present(sluice.coaches.find((c) => c.id === id));
  const { tenantId } = wanted;
  const own = (coach: Coach | undefined): Coach | undefined => (tenantId !== undefined && coach?.tenantId === tenantId ? coach : undefined);
  const start = sluice.coaches.findIndex((c) => c.id === responsibleId);
  const inOrder = Array.from({ length: sluice.coaches.length }, (_, i) => sluice.coaches[(start + 1 + i) % sluice.coaches.length]);
  return (
    byId(wanted.chosen) ??
    own(byId(sluice.backupCoachId)) ??
    inOrder.map((c) => own(present(c))).find((c) => c !== undefined) ??
    byId(sluice.backupCoachId) ??
    inOrder.map(present).find((c) => c !== undefined)
  );
}

/** Who covers for a coach who is away: another present coach of the municipality they serve first (see {@link backupCoachFor}). */
export function backupWhileAway(sluice: Pick<Sluice, 'coaches' | 'backupCoachId'>, coachId: string, today: string): Coach | undefined {
  const tenantId = sluice.coaches.find((c) => c.id === coachId)?.tenantId;
  return backupCoachFor(sluice, coachId, today, { tenantId });
}

/** The coach who covers while the responsible coach is away, and the day that coach is back. */
export interface Cover {
  readonly coach: { readonly id: string; readonly name: string };
  readonly until: string;
}

/**
 * Who covers an open idea while its responsible coach is away: the idea's backup, else a present
 * coach of the idea's municipality, else the sluice's backup or the next present coach (the one its
 * reminders go to; see {@link backupCoachFor}); undefined when the coach is not away or nobody else
 * is there.
 */
export function coverOf(
  sluice: Pick<Sluice, 'coaches' | 'backupCoachId'>,
  idea: Pick<Idea, 'stage' | 'coach' | 'backupCoach' | 'tenantId'>,
  today: string,
): Cover | undefined {
  const responsible = sluice.coaches.find((c) => c.id === idea.coach?.id);
  if (!OPEN_STAGES.includes(idea.stage) || !responsible?.awayUntil || !isAway(responsible, today)) return undefined;
  const backup = backupCoachFor(sluice, responsible.id, today, { chosen: idea.backupCoach?.id, tenantId: idea.tenantId });
  if (!backup) return undefined;
  const name = backup.name ?? (idea.backupCoach?.id === backup.id ? idea.backupCoach.name : '');
  return { coach: { id: backup.id, name }, until: responsible.awayUntil };
}

export type AwayDateProblem = 'unreadable' | 'past' | 'tooFar';
export type AwayDate = { ok: true; until: string } | { ok: false; problem: AwayDateProblem };

const MONTHS: Record<string, number> = {
  januari: 1,
  january: 1,
  jan: 1,
  februari: 2,
  february: 2,
  feb: 2,
  mars: 3,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  maj: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  augusti: 8,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** The furthest ahead a coach may say they are away. */
export const MAX_AWAY_DAYS = 366;

/**
 * Reads the date in "borta till 10 januari", "away until 2027-01-10", "10 jan 2027",
 * "January 10": the day the coach is back. A date without a year is the next such date. Dates
 * that are not real, today or earlier, or more than a year ahead are refused with the reason.
 */
export function parseAwayDate(text: string, today: string): AwayDate {
  const date = readDate(text.trim().toLowerCase().replace(/\.$/, ''), today);
  if (!date || !isIsoDate(date)) return { ok: false, problem: 'unreadable' };
  if (date <= today) return { ok: false, problem: 'past' };
  if (date > addDays(today, MAX_AWAY_DAYS)) return { ok: false, problem: 'tooFar' };
  return { ok: true, until: date };
}

function readDate(text: string, today: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})(?:e|:e|st|nd|rd|th)?\s+([a-zåäö]+)\.?(?:\s+(\d{4}))?$/.exec(text);
  const monthFirst = /^([a-zåäö]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$/.exec(text);
  const parts = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3] }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3] }
      : undefined;
  if (!parts) return undefined;
  const month = MONTHS[parts.month ?? ''];
  if (!month) return undefined;
  const day = Number(parts.day);
  if (parts.year) return ymd(Number(parts.year), month, day);
  const thisYear = Number(today.slice(0, 4));
  const candidate = ymd(thisYear, month, day);
  return candidate <= today ? ymd(thisYear + 1, month, day) : candidate;
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The sluice with the coach's absence set (or ended, with `until` undefined); undefined when they are no coach. */
export function withAbsence(sluice: Sluice, coachId: string, until: string | undefined): Sluice | undefined {
  if (!sluice.coaches.some((c) => c.id === coachId)) return undefined;
  return {
    ...sluice,
    coaches: sluice.coaches.map((c) => {
      if (c.id !== coachId) return c;
      const { awayUntil: _previous, ...rest } = c;
      return until ? { ...rest, awayUntil: until } : rest;
    }),
  };
}

export type AbsenceProblem = AwayDateProblem | 'notCoach' | 'notFound' | 'busy';

/** What setting or ending an absence did. */
export type AbsenceOutcome =
  | {
      readonly ok: true;
      /** The day the coach is back; absent when the absence was ended. */
      readonly until?: string;
      /** Who covers the coach's ideas meanwhile (a coach of the same municipality, else the sluice's backup, else the next present coach). */
      readonly backup?: Coach;
      readonly sluice: Sluice;
    }
  | { readonly ok: false; readonly problem: AbsenceProblem };

/** Times the sluice is re-read when someone else changed it at the same moment. */
const ABSENCE_ATTEMPTS = 5;

/**
 * A coach's absence, one use case for the chat ("borta till 10 januari", "tillbaka") and the tab's
 * switch: reads the date, checks it, and stores it on the coach's entry with a conditional write.
 */
export class AbsenceService {
  constructor(
    private readonly sluices: SluiceRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets the coach's absence until `date` ("10 januari", "2027-01-10", …: the day they are back),
   * or ends it when `date` is undefined.
   */
  async set(sluiceId: string, coachId: string, date: string | undefined): Promise<AbsenceOutcome> {
    const today = stockholmDate(this.clock.now());
    let until: string | undefined;
    if (date !== undefined) {
      const parsed = parseAwayDate(date, today);
      if (!parsed.ok) return { ok: false, problem: parsed.problem };
      until = parsed.until;
    }
    for (let attempt = 0; attempt < ABSENCE_ATTEMPTS; attempt++) {
      const current = await this.sluices.get(sluiceId);
      if (!current) return { ok: false, problem: 'notFound' };
      const next = withAbsence(current.value, coachId, until);
      if (!next) return { ok: false, problem: 'notCoach' };
      try {
        const saved = (await this.sluices.replace(next, current.etag)).value;
        const backup = until ? backupWhileAway(saved, coachId, today) : undefined;
        return { ok: true, sluice: saved, ...(until ? { until } : {}), ...(backup ? { backup } : {}) };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return { ok: false, problem: 'busy' };
  }
}
