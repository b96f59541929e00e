import type { IdeaRepository } from './ports';
import type { Sluice } from './sluice';

/** A person a people picker offers: their Entra object id and what tells them apart from namesakes. */
export interface FoundPerson {
  readonly id: string;
  readonly name: string;
  /** Their address, from the directory's basic profile; it tells namesakes apart. */
  readonly mail?: string;
  /** Where the app found them: the organisation's directory, or among the people the sluice already knows. */
  readonly source: 'directory' | 'sluice';
}

/**
 * Searches the organisation's directory as the signed-in user (Graph on behalf of them, from the
 * tab's Teams SSO token), so the search sees what that user may see and nothing of another
 * tenant. Throws when the directory cannot answer (consent missing, throttled, down).
 */
export interface PeopleDirectoryPort {
  searchPeople(tenantId: string, userToken: string, query: string, top?: number): Promise<readonly Omit<FoundPerson, 'source'>[]>;
}

/** Why the directory was not searched: none is configured, or it could not answer now. */
export type DirectoryState = 'searched' | 'off' | 'unavailable';

export interface PeopleSearchResult {
  readonly directory: DirectoryState;
  readonly people: readonly FoundPerson[];
}

/** How many people one search answers with. */
export const PEOPLE_SEARCH_LIMIT = 10;
/** How many of the sluice's newest ideas the fallback reads givers' names from. */
const KNOWN_GIVERS_FROM = 200;

/**
 * The people search behind the tab's people pickers (Administration's coaches and admins). It asks
 * the directory on behalf of the caller; when there is no directory, or it fails, it answers from
 * the people the sluice already knows (its coaches and the givers of its newest ideas) and says
 * so, so the picker can tell the person why someone may be missing. Known people of the sluice
 * matching the words come first either way, as they are the likeliest picks; nobody outside the
 * caller's sluice is ever among them.
 */
export class PeopleSearch {
  constructor(
    private readonly ideas: Pick<IdeaRepository, 'list'>,
    private readonly directory?: PeopleDirectoryPort,
    private readonly onDirectoryFailure?: (err: unknown) => void,
  ) {}

  async search(sluice: Sluice, caller: { readonly tenantId: string; readonly token: string }, query: string): Promise<PeopleSearchResult> {
    const words = wordsOf(query);
    const known = (await this.knownPeople(sluice)).filter((p) => matches(p.name, words));
    let directory: DirectoryState = this.directory ? 'searched' : 'off';
    let found: FoundPerson[] = [];
    if (this.directory) {
      try {
        found = (await this.directory.searchPeople(caller.tenantId, caller.token, query.trim(), PEOPLE_SEARCH_LIMIT))
          .filter((p) => p.id && p.name)
          .map((p) => ({ ...p, id: p.id.toLowerCase(), source: 'directory' as const }));
      } catch (err) {
        this.onDirectoryFailure?.(err);
        directory = 'unavailable';
      }
    }
    const byId = new Map<string, FoundPerson>();
    for (const person of [...known, ...found]) {
      const before = byId.get(person.id);
      // The directory's entry tells namesakes apart (its address); the sluice's spelling of the name is kept.
      byId.set(person.id, before && person.source === 'directory' ? { ...person, name: before.name || person.name } : (before ?? person));
    }
    return { directory, people: [...byId.values()].slice(0, PEOPLE_SEARCH_LIMIT) };
  }

  /** The sluice's coaches with a name, then the givers of its newest ideas (each once). */
  private async knownPeople(sluice: Sluice): Promise<FoundPerson[]> {
    const people: FoundPerson[] = sluice.coaches
      .filter((c) => c.name?.trim())
      .map((c) => ({ id: c.id, name: (c.name ?? '').trim(), source: 'sluice' as const }));
    const page = await this.ideas.list(sluice.id, { filter: {}, sort: 'newest', pageSize: KNOWN_GIVERS_FROM });
    for (const idea of page.items) {
      // Anonymised givers keep an empty id: they are nobody to pick.
      if (idea.giver.id && idea.giver.name.trim()) people.push({ id: idea.giver.id, name: idea.giver.name.trim(), source: 'sluice' });
    }
    const seen = new Set<string>();
    return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
  }
}

/** The search's words, lower case ("anna lind" → ["anna", "lind"]). */
function wordsOf(query: string): string[] {
  return query.toLocaleLowerCase('sv').split(/\s+/).filter(Boolean);
}

/** Every word starts one of the name's words ("lind" matches "Anna Lindqvist"). */
function matches(name: string, words: readonly string[]): boolean {
  const parts = name.toLocaleLowerCase('sv').split(/[\s-]+/);
  return words.length > 0 && words.every((w) => parts.some((p) => p.startsWith(w)));
}
