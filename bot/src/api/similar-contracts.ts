import type { Stage } from '../domain/stages';

/**
 * The similar-idea API's JSON, shared type-only with the tab. Operations `getSimilarIdeas`
 * (`GET /api/ideas/{id}/similar?limit=`) and `findSimilarIdeas` (`POST /api/ideas/similar`).
 */

/** One idea like the asked one. */
export interface SimilarIdeaItem {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly stage: Stage;
  readonly department: string;
  /** The municipality's tenant; only for ideas of the caller's own sluice (no tenant id crosses a link). */
  readonly tenantId?: string;
  /** Set for an idea of a linked sluice: it is read in "Från länkade idéslussar", not opened as an own idea. */
  readonly linkedSluice?: { readonly id: string; readonly name: string };
  /** The municipality's display name, when the sluice knows it. */
  readonly municipality?: string;
  /** Why a closed idea stopped. */
  readonly closedReason?: string;
  /** 0–1; higher is more alike. */
  readonly score: number;
  /** What the two share, as the asked text writes it: ["simlektion", "påminnelse"]. */
  readonly shared: readonly string[];
}

export interface SimilarIdeasResponse {
  readonly items: readonly SimilarIdeaItem[];
}

/** A draft being written: any of its fields may still be empty. */
export interface FindSimilarRequest {
  readonly title?: string;
  readonly need?: string;
  readonly idea?: string;
  readonly limit?: number;
}
