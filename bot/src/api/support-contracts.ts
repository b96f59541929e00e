/**
 * Shapes of the support and "Jag kan hjälpa till" routes (`getSupport`, `supportIdea`,
 * `withdrawSupport`, `offerHelp`); type-only for the tab, described the same way in the OpenAPI
 * document (support-openapi.ts).
 */

/** One colleague's offer of help, as the panel lists it. */
export interface HelpOfferView {
  readonly helper: { readonly id: string; readonly name: string };
  /** Their note, as they wrote it (the tab shows it as plain text). */
  readonly note: string;
  readonly at: string;
  /**
   * Only for the giver, the responsible coach and this helper: the Teams link to a new group chat
   * with the three (`url`, when the directory knows at least one address) and the names of those
   * whose address it does not know (to add by hand in Teams).
   */
  readonly chat?: { readonly url?: string; readonly missing: readonly string[] };
}

/** Why the caller may not support the idea or offer help: their own idea, or a closed one. */
export type SupportRefusalCode = 'ownIdea' | 'closed';

/** An idea's support and offers of help, as the caller sees them. */
export interface SupportResponse {
  readonly ideaId: string;
  /** How many people support the idea (each once). */
  readonly count: number;
  /** The caller supports it. */
  readonly mine: boolean;
  /** Set when the caller may not support it or offer help (the buttons are not shown). */
  readonly refusal?: SupportRefusalCode;
  /** The caller offered help already. */
  readonly offered: boolean;
  readonly helpers: readonly HelpOfferView[];
}

/** Body of `offerHelp` (`POST /api/ideas/{id}/help`). */
export interface OfferHelpRequest {
  /** A short note, 1–500 characters ("Jag jobbar med samma sak på Tekniska"). */
  readonly note: string;
}
