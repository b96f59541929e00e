/**
 * Shapes of `searchPeople` (`GET /api/people?q=`), the tab's people pickers; type-only for the
 * tab, described the same way in the OpenAPI document (people-openapi.ts).
 */

/** One person a picker offers. The tab sends only `id` on; the server names and checks them itself. */
export interface PersonChoice {
  /** Entra object id. */
  readonly id: string;
  readonly name: string;
  /** From the directory's basic profile, to tell namesakes apart. */
  readonly mail?: string;
  /** `directory`: found in the organisation's directory; `sluice`: a coach or giver the sluice knows. */
  readonly source: 'directory' | 'sluice';
}

/**
 * Whether the directory was searched: `searched`; `off` (no Graph configured) or `unavailable`
 * (it could not answer now, or may not on the caller's behalf): then only people the sluice
 * already knows are offered, and the picker says so.
 */
export type PeopleDirectoryState = 'searched' | 'off' | 'unavailable';

export interface PeopleSearchResponse {
  readonly directory: PeopleDirectoryState;
  readonly people: readonly PersonChoice[];
}
