/**
 * Shapes of the scoring routes (`getScores`, `scoreIdea`); type-only for the tab, described the
 * same way in the OpenAPI document (scoring-openapi.ts).
 */
export type { ScoresView as ScoresResponse, SheetView as ScoreSheetView } from '../domain/scoring/scores';
export type { Criterion } from '../domain/scoring/criteria';

/** `scoreIdea`'s body: criterion id → 1–5; a criterion left out is unscored. */
export interface ScoreIdeaRequest {
  readonly scores: Readonly<Record<string, number>>;
}
