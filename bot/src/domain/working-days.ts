import Holidays from 'date-holidays';

/**
 * Swedish working days: not a Saturday or Sunday, not a Swedish public holiday, not one of the
 * de facto days off (midsommarafton, julafton, nyårsafton), and not one of the sluice's own closed
 * days. Days are calendar dates in Europe/Stockholm, written `YYYY-MM-DD`.
 */

export const SLUICE_TIME_ZONE = 'Europe/Stockholm';

/** A run of days the sluice is closed (e.g. the weeks of July), both ends included. */
export interface ClosedPeriod {
  /** `YYYY-MM-DD`. */
  readonly from: string;
  /** `YYYY-MM-DD`, on or after {@link from}. */
  readonly to: string;
}

/** Answers whether a date is a working day. */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The date `days` calendar days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a date: 0 Sunday … 6 Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SLUICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Stockholm's dates by UTC hour: its offset is a whole number of hours, so the date changes only
 * on the hour and every instant of a UTC hour has the same date. Formatting is slow and the
 * reminder rules ask for the same few hours over and over.
 */
const dateByHour = new Map<number, string>();
const HOUR_MS = 3_600_000;

/** The calendar date in Stockholm at an instant. */
export function stockholmDate(at: Date): string {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  const known = dateByHour.get(hour);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(dateFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (dateByHour.size >= 10_000) dateByHour.clear();
  if (Number.isFinite(hour)) dateByHour.set(hour, date);
  return date;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: SLUICE_TIME_ZONE, timeZoneName: 'longOffset' });

/** Stockholm's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function stockholmOffsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant it is `hour:minute` in Stockholm on `date` (hours between 04 and 23 are never skipped by DST). */
export function stockholmTime(date: string, hour: number, minute = 0): Date {
  const asUtc = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  const first = asUtc - stockholmOffsetMinutes(new Date(asUtc)) * 60_000;
  return new Date(asUtc - stockholmOffsetMinutes(new Date(first)) * 60_000);
}

const holidaysByYear = new Map<number, ReadonlySet<string>>();
const SE = new Holidays('SE');

/**
 * Swedish days off of a year: the public holidays, and the "bank" days that are days off in
 * practice (midsommarafton, julafton, nyårsafton). Observances such as Valborg's half day are not.
 */
export function swedishHolidays(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    days = new Set(
      SE.getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, days);
  }
  return days;
}

/** Swedish working days, less the sluice's closed periods. */
export function swedishCalendar(closed: readonly ClosedPeriod[] = []): WorkingCalendar {
  return {
    isWorkingDay(date: string): boolean {
      const day = weekday(date);
      if (day === 0 || day === 6) return false;
      if (swedishHolidays(Number(date.slice(0, 4))).has(date)) return false;
      return !closed.some((p) => p.from <= date && date <= p.to);
    },
  };
}

/** Longest run of closed days we look through before deciding a calendar has no working days at all. */
const MAX_SEARCH_DAYS = 3 * 366;

/** The first working day on or after `date`. */
export function workingDayOnOrAfter(date: string, calendar: WorkingCalendar): string {
  let day = date;
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day = addDays(day, 1)) if (calendar.isWorkingDay(day)) return day;
  throw new Error(`No working day within ${MAX_SEARCH_DAYS} days after ${date}`);
}

/**
 * Working days that have passed since `from`: working days after `from`'s date, up to and
 * including `to`'s date (Stockholm). Submitted on a Monday, it is 1 on Tuesday and 5 on the
 * next Monday; zero when `to` is not later.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const start = stockholmDate(from);
  const end = stockholmDate(to);
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) count++;
  return count;
}

/** The date of the `n`th working day after `from`'s date (n ≥ 1). */
export function nthWorkingDayAfter(from: Date, n: number, calendar: WorkingCalendar): string {
  let day = stockholmDate(from);
  let seen = 0;
  let searched = 0;
  while (seen < n) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) {
      seen++;
      searched = 0;
    } else if (++searched > MAX_SEARCH_DAYS) {
      throw new Error(`No working day within ${MAX_SEARCH_DAYS} days after ${day}`);
    }
  }
  return day;
}
