import type { Idea, Person } from './idea';
import type { IdeaRepository, SluiceRepository } from './ports';
import type { SimilarIdeas } from './similar/similar-ideas';
import type { Sluice } from './sluice';

/** How many ideas a search answers with at most (Teams lists about ten in the compose box). */
export const SEARCH_LIMIT = 10;

/** The longest search text taken; Teams' box allows more, a few words are what is meant. */
const MAX_QUERY = 200;

/** What a person finds: their sluice and its ideas, best first. */
export interface SearchResult {
  readonly sluice: Sluice;
  readonly ideas: readonly Idea[];
}

/**
 * Finding ideas to share in a conversation ("Sök idéer") and the idea behind a pasted link. The
 * person's sluice is decided from their own tenant, never from the request: only ideas of that
 * sluice are ever found, and an idea of another sluice is as unknown as one that does not exist.
 */
export class IdeaSearch {
  constructor(
    private readonly ideas: IdeaRepository,
    private readonly sluices: SluiceRepository,
    /** The similar-idea index ranks ideas by the words they share with the search. */
    private readonly similar?: Pick<SimilarIdeas, 'find'>,
  ) {}

  /**
   * Ideas of the person's sluice for a few words: its number ("#12" or "12"), then the ideas the
   * similar-idea index ranks highest, then any whose title, need or idea contains the words. An
   * empty search lists the newest ideas. Undefined when the person's tenant is in no sluice.
   */
  async search(person: Pick<Person, 'tenantId'>, query: string, limit = SEARCH_LIMIT): Promise<SearchResult | undefined> {
    const found = await this.sluices.findByTenant(person.tenantId);
    if (!found) return undefined;
    const sluice = found.value;
    const text = query.trim().slice(0, MAX_QUERY);
    const max = Math.min(Math.max(1, limit), SEARCH_LIMIT);
    const ids: string[] = [];
    const add = (id: string): void => {
      if (ids.length < max && !ids.includes(id)) ids.push(id);
    };

    if (!text) {
      const newest = await this.ideas.list(sluice.id, { filter: {}, sort: 'newest', pageSize: max });
      newest.items.forEach((i) => add(i.id));
    } else {
      const number = /^#?(\d{1,9})$/.exec(text)?.[1];
      if (number) {
        const byNumber = await this.ideas.list(sluice.id, { filter: { number: Number(number) }, sort: 'newest', pageSize: 1 });
        byNumber.items.forEach((i) => add(i.id));
      }
      this.similar?.find([sluice.id], { title: text }, max).forEach((m) => add(m.id));
      if (ids.length < max) {
        const containing = await this.ideas.list(sluice.id, { filter: { text }, sort: 'newest', pageSize: max });
        containing.items.forEach((i) => add(i.id));
      }
    }
    const ideas = await Promise.all(ids.map((id) => this.ideas.get(sluice.id, id)));
    // The index may name an idea of the sluice that is gone since; only stored ideas of this sluice are shown.
    return { sluice, ideas: ideas.flatMap((i) => (i && i.value.sluiceId === sluice.id ? [i.value] : [])) };
  }

  /** One idea of the person's sluice (a pasted link's), or undefined: no sluice, no such idea, or another sluice's. */
  async idea(person: Pick<Person, 'tenantId'>, ideaId: string): Promise<{ sluice: Sluice; idea: Idea } | undefined> {
    const found = await this.sluices.findByTenant(person.tenantId);
    if (!found) return undefined;
    const idea = await this.ideas.get(found.value.id, ideaId);
    return idea && idea.value.sluiceId === found.value.id ? { sluice: found.value, idea: idea.value } : undefined;
  }
}
