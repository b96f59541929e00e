import type { Sluice } from '../sluice';
import type { Stage } from '../stages';
import { isIsoDate, swedishCalendar, type ClosedPeriod, type WorkingCalendar } from '../working-days';

/** The stages an idea may wait in for a limited number of working days. */
export const LIMITED_STAGES = ['submitted', 'screening', 'testing', 'implementing'] as const satisfies readonly Stage[];
export type LimitedStage = (typeof LIMITED_STAGES)[number];

/** Working days something may wait before someone is reminded, per stage and for a giver's answer. */
export interface ReminderLimits {
  /** A new idea is taken within this many working days of submission. */
  readonly submitted: number;
  /** The first talk (Idésamtal). */
  readonly screening: number;
  readonly testing: number;
  readonly implementing: number;
  /** A giver's answer to a coach's question; then the giver is reminded once and the coach told. */
  readonly infoAnswer: number;
}

/** The limits an admin can set, in the order the API and the view list them. */
export const REMINDER_LIMIT_KEYS = [
  'submitted',
  'screening',
  'testing',
  'implementing',
  'infoAnswer',
] as const satisfies readonly (keyof ReminderLimits)[];

export const DEFAULT_REMINDER_LIMITS: ReminderLimits = Object.freeze({
  submitted: 5,
  screening: 15,
  testing: 60,
  implementing: 90,
  infoAnswer: 10,
});

/** What a sluice stores about reminders; every part is optional and falls back to the defaults. */
export interface ReminderSettings {
  readonly limits?: Partial<ReminderLimits>;
  /** Days the sluice is closed besides weekends and Swedish holidays (e.g. the weeks of July). */
  readonly closedDays?: readonly ClosedPeriod[];
}

/** Longest closed period, in calendar days. */
export const MAX_CLOSED_PERIOD_DAYS = 366;

/** Escalation to the backup coach and the admins happens at this multiple of a limit. */
export const ESCALATION_FACTOR = 1.5;
/** Longest limit an admin may set, in working days (about two years). */
export const MAX_LIMIT_DAYS = 500;

/** The sluice's limits, with the defaults for what it has not set. */
export function limitsOf(sluice: Pick<Sluice, 'reminders'>): ReminderLimits {
  return { ...DEFAULT_REMINDER_LIMITS, ...(sluice.reminders?.limits ?? {}) };
}

/** The sluice's working-day calendar: Swedish working days less its closed days. */
export function calendarOf(sluice: Pick<Sluice, 'reminders'>): WorkingCalendar {
  return swedishCalendar(sluice.reminders?.closedDays ?? []);
}

export type SettingsProblem =
  | { readonly field: `limits.${keyof ReminderLimits}`; readonly problem: 'notWholeDays'; readonly max: number }
  | { readonly field: `closedDays.${number}`; readonly problem: 'badDate' | 'endsBeforeStart' | 'tooLong' };

/** Checks settings an admin sends; an empty list means they can be stored. */
export function checkReminderSettings(settings: ReminderSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [key, value] of Object.entries(settings.limits ?? {})) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT_DAYS)
      problems.push({ field: `limits.${key as keyof ReminderLimits}`, problem: 'notWholeDays', max: MAX_LIMIT_DAYS });
  }
  (settings.closedDays ?? []).forEach((p, i) => {
    if (!isIsoDate(p.from) || !isIsoDate(p.to)) problems.push({ field: `closedDays.${i}`, problem: 'badDate' });
    else if (p.to < p.from) problems.push({ field: `closedDays.${i}`, problem: 'endsBeforeStart' });
    else if (Date.parse(p.to) - Date.parse(p.from) > MAX_CLOSED_PERIOD_DAYS * 86_400_000)
      problems.push({ field: `closedDays.${i}`, problem: 'tooLong' });
  });
  return problems;
}
