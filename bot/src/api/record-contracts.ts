import type { Beneficiary, Effect, HistoryKind, IdeaSource, Satisfaction } from '../domain/idea';
import type { Stage } from '../domain/stages';
import type { PersonRef } from './contracts';

/**
 * `getIdeaRecord` (`GET /api/ideas/{id}/record`): an idea as a public record, for an utlämnande.
 * Shared type-only with the tab. Each reading is written to the audit log (`record.viewed`).
 */
export interface IdeaRecordResponse {
  /** The record entry; missing on ideas handed in before records were kept. */
  readonly record?: {
    readonly reference: string;
    readonly authority: { readonly tenantId: string; readonly name: string };
    readonly receivedOn: string;
  };
  /** The idea's texts as they stand, and who handed it in. */
  readonly idea: {
    readonly id: string;
    readonly number: number;
    readonly title: string;
    readonly need: string;
    readonly idea: string;
    readonly beneficiaries: readonly Beneficiary[];
    readonly department: string;
    readonly source: IdeaSource;
    readonly stage: Stage;
    readonly createdAt: string;
    readonly giver: PersonRef & { readonly department?: string; readonly jobTitle?: string };
    /** Who wrote the Teams message the idea was made from, when that was someone else. */
    readonly origin?: { readonly name: string };
  };
  /** Every decision, oldest first: who took it, when, and its reason or comment. */
  readonly decisions: readonly RecordEvent[];
  /** The coach's questions, oldest first, each with the giver's answers. */
  readonly questions: readonly RecordQuestion[];
  readonly ratings: readonly Satisfaction[];
  /** What the idea achieved, recorded at Införd. */
  readonly effects: readonly Effect[];
  /**
   * Its comments and the coaches' internal notes, oldest first (a deleted one is not there); a
   * hidden comment is here with its text, marked with who hid it and why.
   */
  readonly comments?: readonly RecordComment[];
  /** Whether the history's hash chain is whole; if not, the first event that no longer matches. */
  readonly chain: {
    readonly whole: boolean;
    readonly events: number;
    readonly brokenAt?: {
      /** 0-based position in the history. */
      readonly index: number;
      readonly eventId: string;
      readonly kind: HistoryKind;
      readonly at: string;
      /** `changed`: the event differs from what was sealed; `unsealed`: it was never sealed (added past the app). */
      readonly problem: 'changed' | 'unsealed';
    };
    /** Anonymisations the history went through: the chain is whole, anonymised on `at` under `basis`. */
    readonly anonymised?: readonly { readonly at: string; readonly basis: string; readonly chainWholeBefore: boolean }[];
  };
}

/** One history event of the record: what, when, by whom, and its text (reason, comment, question or answer). */
export interface RecordEvent {
  readonly id: string;
  readonly kind: HistoryKind;
  readonly at: string;
  readonly by: PersonRef;
  readonly from?: Stage;
  readonly to?: Stage;
  readonly text?: string;
  /** `reassigned`: the coach the idea went to. */
  readonly coach?: PersonRef;
  readonly effects?: readonly Effect[];
}

export interface RecordQuestion {
  readonly question: RecordEvent;
  readonly answers: readonly RecordEvent[];
}

/** A comment or internal note as the record shows it. */
export interface RecordComment {
  readonly id: string;
  readonly kind: 'comment' | 'note';
  readonly at: string;
  readonly by: PersonRef;
  readonly text: string;
  readonly editedAt?: string;
  readonly hidden?: { readonly by: PersonRef; readonly at: string; readonly reason: string };
}
