import type { RecordEntry } from './record';
import type { Locale, Stage } from './stages';

/** Who an idea is meant to help; the giver picks one or more. */
export const BENEFICIARIES = ['residents', 'staff', 'businesses', 'other'] as const;
export type Beneficiary = (typeof BENEFICIARIES)[number];

/** How the idea reached the sluice. */
export const IDEA_SOURCES = ['chat', 'mention', 'message', 'tab', 'import'] as const;
export type IdeaSource = (typeof IDEA_SOURCES)[number];

/** A person as the sluice knows them: Entra object id within a tenant. */
export interface Person {
  /** Entra ID object id (`oid`, `aadObjectId`). */
  readonly id: string;
  /** Entra ID tenant id (`tid`) — the municipality. */
  readonly tenantId: string;
  readonly name: string;
}

export interface Giver extends Person {
  readonly department?: string;
  readonly jobTitle?: string;
  /** The organisation the directory named that day, e.g. a municipal company ("Kommunens Energi AB"). */
  readonly companyName?: string;
  /** Language the giver talks to the bot in; notifications follow it. */
  readonly locale: Locale;
}

/** The author of a Teams message an idea was made from, when that is not the giver. */
export interface IdeaOrigin {
  readonly name: string;
  readonly id?: string;
  readonly messageLink?: string;
}

/** What the giver writes. */
export interface IdeaText {
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly beneficiaries: readonly Beneficiary[];
  readonly department: string;
}

export const HISTORY_KINDS = [
  'submitted',
  'taken',
  'advanced',
  'declined',
  'infoRequested',
  'infoAnswered',
  'reassigned',
  'reopened',
  'edited',
  'withdrawn',
  'rated',
  // Written by the reminder scheduler (actor: the app itself); each breach at most once.
  'reminded',
  'escalated',
  'giverReminded',
  // Written when the bot cannot reach the responsible coach (actor: the app itself); once per coach.
  'coachUnreachable',
  'imported',
  // A coach linked the idea to another of the sluice, or removed that link (`link` names the other idea).
  'linked',
  'unlinked',
  // A colleague offered to help with the idea ("Jag kan hjälpa till"); `text` is their note (domain/support.ts).
  'helpOffered',
  // An admin anonymised a person the idea names (`anonymisation` says under which basis); the chain is sealed again from the first changed event.
  'anonymised',
  // The gallring job removed the names and ids of people under a retention rule (`text`: its gallringsbeslut).
  'personalDataRemoved',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One immutable entry in an idea's history: who, when, from, to, why. */
export interface HistoryEvent {
  readonly id: string;
  readonly kind: HistoryKind;
  readonly at: string;
  readonly actor: { readonly id: string; readonly name: string };
  readonly from?: Stage;
  readonly to?: Stage;
  /** Decline reason, coach comment, question, answer or satisfaction comment. */
  readonly text?: string;
  /** Coach the idea was reassigned to (for `coachUnreachable`: the next coach; absent when nobody could be reached). */
  readonly coach?: { readonly id: string; readonly name: string };
  /** `coachUnreachable`: the coach the bot could not reach (the reason the idea moved on). */
  readonly unreachable?: { readonly id: string; readonly name: string };
  readonly rating?: number;
  /** Reminder events: working days waited, the limit, and who was told. */
  readonly reminder?: { readonly waited: number; readonly limit: number; readonly to: readonly string[] };
  /** What the idea achieved, recorded when it was moved to Införd. */
  readonly effects?: readonly Effect[];
  /** `linked`, `unlinked`, and a decline as a duplicate: the other idea as it was then, and the kind of link. */
  readonly link?: LinkRef;
  /** `anonymised`: the legal basis, from which event the chain was sealed again, the head before and whether the chain was whole then. */
  readonly anonymisation?: {
    readonly basis: string;
    readonly resealedFrom: number;
    readonly priorHead: string;
    readonly chainWholeBefore: boolean;
  };
  /**
   * The request this event came from (a card click's activity id), so a redelivered request
   * finds its event instead of acting twice. Stays on the server.
   */
  readonly requestId?: string;
  /**
   * SHA-256 of this event and the previous event's hash (`domain/record.ts`), written when the
   * event is stored, so a changed, removed or reordered event shows. Stays on the server.
   */
  readonly hash?: string;
}

/** How a coach says two ideas of a sluice belong together: "liknar", "dubblett av", "hänger ihop med". */
export const LINK_KINDS = ['similar', 'duplicate', 'related'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** The other idea of a link, as it was when linked. */
export interface LinkRef {
  readonly ideaId: string;
  readonly number: number;
  readonly title: string;
  readonly kind: LinkKind;
}

/** A link on an idea: the other idea, the kind, when and by whom. The same link is on both ideas. */
export interface IdeaLink extends LinkRef {
  readonly at: string;
  readonly by: { readonly id: string; readonly name: string };
}

/** One effect of an implemented idea: for whom, what changed, optionally a number with its unit. */
export interface Effect {
  /** Who benefits, e.g. "Besökare på biblioteket". */
  readonly forWhom: string;
  /** What changed for them. */
  readonly change: string;
  /** An optional figure, e.g. 12 … */
  readonly amount?: number;
  /** … with its unit, e.g. "timmar per vecka" or "kronor per år". */
  readonly unit?: string;
}

export interface Satisfaction {
  readonly rating: number;
  readonly comment?: string;
  readonly at: string;
  /** The stage the rating was asked after. */
  readonly stage: Stage;
}

export interface Idea extends IdeaText {
  readonly id: string;
  readonly sluiceId: string;
  /** Short, human, per-sluice sequence number (#42). */
  readonly number: number;
  /** The idea as a public record: its reference (`IDÉ 2026/42`), receiving authority and day received. */
  readonly record?: RecordEntry;
  /** Tenant (municipality) the idea was handed in from. */
  readonly tenantId: string;
  readonly giver: Giver;
  readonly origin?: IdeaOrigin;
  readonly source: IdeaSource;
  /** Link back to the Teams message the idea was made from (source `message`). */
  readonly sourceLink?: string;
  readonly stage: Stage;
  readonly needsInfo: boolean;
  /** The coach's open question while {@link needsInfo} is set. */
  readonly pendingQuestion?: string;
  readonly coach?: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  /** Milliseconds since epoch; sorting key (Cosmos' `_ts` has whole-second resolution). */
  readonly createdAtMs: number;
  readonly updatedAt: string;
  readonly stageChangedAt: string;
  readonly history: readonly HistoryEvent[];
  readonly satisfaction: readonly Satisfaction[];
  /**
   * When the next reminder or escalation falls due (ms since epoch); absent when nothing is due.
   * Indexed, so the scheduler finds due ideas without reading the others.
   */
  readonly reminderDueAtMs?: number;
  /**
   * When the current wait began (the event that started the stage), in a limited stage; written
   * with {@link reminderDueAtMs}, so the board can show "Försenad" without reading the history.
   */
  readonly waitingSince?: string;
  /**
   * Since when no coach of the sluice could be reached with the idea's task card (every present
   * coach tried); a state the board shows, cleared by the next coach action on the idea.
   */
  readonly noReachableCoach?: string;
  /** The coach who covers when the responsible coach is away or does not answer. */
  readonly backupCoach?: { readonly id: string; readonly name: string };
  /**
   * The department as it was when the idea was handed in; statistics count the idea there even
   * if the giver corrects it later or the organisation changes. Missing on ideas from before it
   * was recorded, which then count under {@link department}.
   */
  readonly submittedDepartment?: string;
  /** Effects recorded when the idea reached Införd. */
  readonly effects?: readonly Effect[];
  /** Other ideas of the sluice a coach linked this one to (missing when none). */
  readonly links?: readonly IdeaLink[];
  /** The challenge (domain/challenges.ts) the idea answers, when the giver said it does one. */
  readonly challengeId?: string;
  /**
   * The coaches' weighted score (0–100, the mean of each coach's) and how many scored, kept here
   * for sorting; only coaches and admins ever see it (domain/scoring/scores.ts).
   */
  readonly score?: { readonly weighted: number; readonly coaches: number };
  /** Incremented by every change; lets clients and notifications refer to one state. */
  readonly version: number;
}

/** Text limits, shared by chat, message extension, tab and API. */
export const TEXT_LIMITS = {
  title: { min: 3, max: 120 },
  need: { min: 1, max: 2000 },
  idea: { min: 1, max: 4000 },
  department: { min: 1, max: 120 },
  reason: { min: 1, max: 1000 },
} as const;
export type LimitedField = keyof typeof TEXT_LIMITS;

export type TextProblem = { field: LimitedField; problem: 'empty' | 'tooShort' | 'tooLong'; limit: number };

// Control characters other than tab and line feed (they are invisible and break cards and CSV).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Normalises user text: trims, turns CRLF into LF, removes control characters that are not
 * line breaks or tabs. It does not escape anything — cards and the tab escape on output.
 */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').trim();
}

/** Checks one field against its limits; returns undefined when it is fine. */
export function checkText(field: LimitedField, raw: string | undefined): TextProblem | undefined {
  const value = cleanText(raw ?? '');
  const { min, max } = TEXT_LIMITS[field];
  if (value.length === 0) return { field, problem: 'empty', limit: min };
  if ([...value].length < min) return { field, problem: 'tooShort', limit: min };
  if ([...value].length > max) return { field, problem: 'tooLong', limit: max };
  return undefined;
}

/** Checks a whole idea text; an empty list means it can be submitted. */
export function checkIdeaText(text: Partial<IdeaText>): TextProblem[] {
  const fields = ['title', 'need', 'idea', 'department'] as const;
  return fields.map((f) => checkText(f, text[f])).filter((p): p is TextProblem => !!p);
}

/** The coach's latest question while the idea waits for the giver's answer; none once answered. */
export function openQuestion(idea: Pick<Idea, 'needsInfo' | 'history'>): HistoryEvent | undefined {
  if (!idea.needsInfo) return undefined;
  return [...idea.history].reverse().find((e) => e.kind === 'infoRequested');
}

export function isBeneficiary(value: unknown): value is Beneficiary {
  return typeof value === 'string' && (BENEFICIARIES as readonly string[]).includes(value);
}
