/**
 * The sluice's process. Stage keys are fixed; labels can be configured per sluice
 * (see {@link Sluice.stageLabels}) but default to the ones below.
 */
export const STAGES = ['submitted', 'screening', 'testing', 'implementing', 'done', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export type Locale = 'sv' | 'en';

/** Default labels, as in the process table of the specification. */
export const DEFAULT_STAGE_LABELS: Readonly<Record<Locale, Readonly<Record<Stage, string>>>> = {
  sv: {
    submitted: 'Inkommen',
    screening: 'Idésamtal',
    testing: 'Testas',
    implementing: 'Införs',
    done: 'Införd',
    closed: 'Avslutad',
  },
  en: {
    submitted: 'Submitted',
    screening: 'First talk',
    testing: 'Being tested',
    implementing: 'Being implemented',
    done: 'Implemented',
    closed: 'Closed',
  },
};

/** The stage an idea moves to when a coach "moves it on"; undefined where there is no next stage. */
export const NEXT_STAGE: Readonly<Partial<Record<Stage, Stage>>> = {
  submitted: 'screening',
  screening: 'testing',
  testing: 'implementing',
  implementing: 'done',
};

/** Stages after which the giver is asked how they experienced the process. */
export const SATISFACTION_STAGES: readonly Stage[] = ['testing', 'done', 'closed'];

/** Stages in which the idea is still being worked on (not finished, not closed). */
export const OPEN_STAGES: readonly Stage[] = ['submitted', 'screening', 'testing', 'implementing'];

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Picks a locale from a Teams/BCP-47 locale string: English when it starts with "en", Swedish otherwise. */
export function localeFrom(tag: string | undefined | null): Locale {
  return typeof tag === 'string' && tag.toLowerCase().startsWith('en') ? 'en' : 'sv';
}
