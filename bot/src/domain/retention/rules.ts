import type { Idea } from '../idea';
import type { Stage } from '../stages';

/**
 * The sluice's retention rules (from the municipality's informationshanteringsplan). Each end
 * state has at most one rule; an end state without a rule is kept, as is an idea in any other
 * stage: nothing is removed without a rule saying so.
 */

/** The stages an idea ends in: only these can have a rule. */
export const END_STAGES = ['closed', 'done'] as const satisfies readonly Stage[];
export type EndStage = (typeof END_STAGES)[number];

/**
 * What a rule does once its time has come: `keep` (bevaras), `delete` (the idea is removed) or
 * `removePersonalData` (names and ids of people are removed, the rest of the record kept).
 */
export const RETENTION_ACTIONS = ['keep', 'delete', 'removePersonalData'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export interface RetentionRule {
  readonly stage: EndStage;
  readonly action: RetentionAction;
  /** Whole years after the idea reached the stage; required unless the action is `keep`. */
  readonly years?: number;
  /** The gallringsbeslut the rule applies (its reference text, e.g. "KS 2024/117 § 12"). */
  readonly decision: string;
}

/** The audit log's own rule: entries older than `years` are removed; without `years` the log is kept. */
export interface AuditRetention {
  readonly years?: number;
  readonly decision: string;
}

export interface RetentionSettings {
  readonly rules: readonly RetentionRule[];
  readonly audit?: AuditRetention;
}

/** Drafts never handed in are working material (arbetsmaterial): removed this long after they were last touched. */
export const DRAFT_RETENTION_DAYS = 30;

export const RETENTION_LIMITS = { years: 100, decision: 200 } as const;

/** A rule's id in gallring records: stable while the rule says the same. */
export type RuleKey = EndStage | 'audit' | 'drafts';

export type RetentionProblem = { field: string; code: 'required' | 'tooLong' | 'notANumber' | 'duplicate' };

/** Problems of (trimmed) retention settings; `field` is relative to `retention`. */
export function checkRetention(settings: RetentionSettings): RetentionProblem[] {
  const problems: RetentionProblem[] = [];
  const seen = new Set<EndStage>();
  settings.rules.forEach((rule, i) => {
    const at = `rules.${i}`;
    if (seen.has(rule.stage)) problems.push({ field: `${at}.stage`, code: 'duplicate' });
    seen.add(rule.stage);
    if (rule.action !== 'keep' && rule.years === undefined) problems.push({ field: `${at}.years`, code: 'required' });
    if (rule.years !== undefined && !wholeYears(rule.years)) problems.push({ field: `${at}.years`, code: 'notANumber' });
    problems.push(...checkDecision(rule.decision, `${at}.decision`));
  });
  if (settings.audit) {
    if (settings.audit.years !== undefined && !wholeYears(settings.audit.years))
      problems.push({ field: 'audit.years', code: 'notANumber' });
    problems.push(...checkDecision(settings.audit.decision, 'audit.decision'));
  }
  return problems;
}

function wholeYears(years: number): boolean {
  return Number.isInteger(years) && years >= 1 && years <= RETENTION_LIMITS.years;
}

function checkDecision(decision: string, field: string): RetentionProblem[] {
  if (!decision) return [{ field, code: 'required' }];
  if ([...decision].length > RETENTION_LIMITS.decision) return [{ field, code: 'tooLong' }];
  return [];
}

/** The rule for an end stage, if the sluice has one. */
export function ruleFor(settings: RetentionSettings | undefined, stage: Stage): RetentionRule | undefined {
  return settings?.rules.find((r) => r.stage === stage);
}

/** `years` whole years before `now` (the same day and time of year; 29 February becomes 28 February). */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now.getTime());
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}

/**
 * The moment before which an idea that reached the rule's stage is due: undefined when the rule
 * keeps its ideas. An idea reached its stage at `stageChangedAt` (a reopened idea starts again).
 */
export function dueBefore(rule: RetentionRule, now: Date): Date | undefined {
  if (rule.action === 'keep' || rule.years === undefined) return undefined;
  return yearsBefore(now, rule.years);
}

/** Whether the rule applies to the idea at `now`: it is in the rule's stage and has been for the rule's time. */
export function isDue(rule: RetentionRule, idea: Pick<Idea, 'stage' | 'stageChangedAt'>, now: Date): boolean {
  const before = dueBefore(rule, now);
  return before !== undefined && idea.stage === rule.stage && Date.parse(idea.stageChangedAt) < before.getTime();
}
