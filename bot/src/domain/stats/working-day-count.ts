import { addDays, stockholmDate, swedishCalendar, type WorkingCalendar } from '../working-days';
import type { WorkingDayCount } from './facts';

/**
 * Working days between two instants, as `workingDaysBetween` counts them (days after the
 * first date up to and including the second, Stockholm), answered from per-year running totals so
 * recounting a long history does not walk every day of every stay.
 *
 * Statistics use the Swedish calendar without a sluice's own closed days: those can be changed
 * later, and a figure about the past must not move when they are.
 */
export function statsWorkingDays(calendar: WorkingCalendar = swedishCalendar()): WorkingDayCount {
  const years = new Map<number, Map<string, number>>();
  const yearTotals = (year: number): Map<string, number> => {
    let upTo = years.get(year);
    if (!upTo) {
      upTo = new Map<string, number>();
      let count = 0;
      for (let day = `${String(year).padStart(4, '0')}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
        if (calendar.isWorkingDay(day)) count++;
        upTo.set(day, count);
      }
      years.set(year, upTo);
    }
    return upTo;
  };
  // Working days from the start of `base` up to and including `date`.
  const cumulative = (date: string, base: number): number => {
    const year = Number(date.slice(0, 4));
    let total = 0;
    for (let y = base; y < year; y++) total += yearTotals(y).get(`${String(y).padStart(4, '0')}-12-31`) ?? 0;
    return total + (yearTotals(year).get(date) ?? 0);
  };
  return (fromIso, toIso) => {
    const start = stockholmDate(new Date(fromIso));
    const end = stockholmDate(new Date(toIso));
    if (end <= start) return 0;
    const base = Number(start.slice(0, 4));
    return cumulative(end, base) - cumulative(start, base);
  };
}
