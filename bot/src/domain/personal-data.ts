import { createHash } from 'node:crypto';
import type { Sluice } from './sluice';

/**
 * The registry of personal data (GDPR art. 15 and 17). Every store that keeps something about a
 * person contributes one {@link PersonalDataSource}: it lists what it holds about a person (for
 * the export) and, when it can, removes the person from it (for anonymisation). The export and the
 * anonymisation ask every registered source, so a new kind of item is one more registration — a
 * source that is not registered is a gap the export test shows.
 *
 * Registrations live in `adapters/cosmos/personal-data-sources.ts` (stores read through Cosmos)
 * and in {@link ideaPersonalData} (what an idea holds about people).
 */

/** The person the data is about: an Entra object id in a tenant, within one sluice. */
export interface DataSubject {
  readonly sluice: Sluice;
  readonly id: string;
  readonly tenantId: string;
}

/** A kind of item a person can leave, with what the export page calls it. */
export interface PersonalDataKind {
  /** Stable key, e.g. `idea`, `answer`, `comment`. */
  readonly kind: string;
  readonly label: { readonly sv: string; readonly en: string };
}

/** One thing stored about the person. */
export interface PersonalDataItem {
  /** One of its source's {@link PersonalDataSource.kinds}. */
  readonly kind: string;
  /** The item's own id in its store (an event id, an idea id, a document id). */
  readonly id: string;
  /** When it was written or last changed. */
  readonly at?: string;
  /** The idea it belongs to, when it belongs to one. */
  readonly idea?: { readonly id: string; readonly number: number; readonly title: string };
  /** What is stored, as stored (the app's internal fields such as hashes and request ids left out). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** What anonymising did to one kind of item. */
export interface AnonymisedCount {
  readonly kind: string;
  /** Items changed (the name replaced, ids removed) or deleted. */
  readonly count: number;
  readonly action: 'anonymised' | 'deleted';
}

/** What an anonymisation writes where it replaces a name. */
export interface Anonymisation {
  readonly at: Date;
  /** The legal basis stated by the admin; written on the audit entry and on each idea's history. */
  readonly basis: string;
  /** Who anonymises (an admin), as the history event's actor. */
  readonly by: { readonly id: string; readonly name: string };
}

/** A store that keeps something about people. */
export interface PersonalDataSource {
  /** The store, e.g. `ideas`, `botstate`; shown in the export beside each kind. */
  readonly store: string;
  readonly kinds: readonly PersonalDataKind[];
  /** Everything the store holds about the person in the sluice (or, for per-person stores, at all). */
  collect(subject: DataSubject): Promise<readonly PersonalDataItem[]>;
  /**
   * Removes the person: names become {@link FORMER_EMPLOYEE}, ids are removed, free text is kept
   * where the record is kept; working material (drafts, conversation state) is deleted. Doing it
   * again changes nothing. A source without it keeps its items (the audit log: append-only, kept
   * by its own rule).
   */
  anonymise?(subject: DataSubject, anonymisation: Anonymisation): Promise<readonly AnonymisedCount[]>;
}

/** The name an anonymised person gets everywhere. */
export const FORMER_EMPLOYEE = { sv: 'Tidigare medarbetare', en: 'Former employee' } as const;

/** Everything stored about a person, as the export hands it out. */
export interface PersonalDataExport {
  readonly subject: { readonly id: string; readonly tenantId: string; readonly name?: string };
  readonly sluice: { readonly id: string; readonly name: string };
  readonly producedAt: string;
  /** Every kind any source can hold, with how many items of it there are (0 included, so the page says "none"). */
  readonly kinds: readonly (PersonalDataKind & { readonly store: string; readonly count: number })[];
  readonly items: readonly PersonalDataItem[];
}

/** Reads an idea of the sluice, to name the idea an item belongs to by its number and title. */
export interface IdeaLookup {
  get(
    sluiceId: string,
    ideaId: string,
  ): Promise<{ readonly value: { readonly id: string; readonly number: number; readonly title: string } } | undefined>;
}

export class PersonalDataRegistry {
  private readonly registered: PersonalDataSource[] = [];

  /**
   * With `ideas`, an item whose source names its idea only by `data.ideaId` (a comment, a support,
   * an offer of help …) gets the idea's number and title too, so the export can link it.
   */
  constructor(
    sources: readonly PersonalDataSource[] = [],
    private readonly ideas?: IdeaLookup,
  ) {
    for (const source of sources) this.register(source);
  }

  /** Adds a source; a kind registered twice is a mistake that would count items twice. */
  register(source: PersonalDataSource): this {
    const known = new Set(this.kinds().map((k) => k.kind));
    const twice = source.kinds.find((k) => known.has(k.kind));
    if (twice) throw new Error(`Personal data kind "${twice.kind}" is registered twice`);
    this.registered.push(source);
    return this;
  }

  kinds(): (PersonalDataKind & { store: string })[] {
    return this.registered.flatMap((s) => s.kinds.map((k) => ({ ...k, store: s.store })));
  }

  /** Asks every source; items come oldest first within the export. */
  async export(subject: DataSubject, producedAt: Date): Promise<PersonalDataExport> {
    const collected = await Promise.all(this.registered.map((s) => s.collect(subject)));
    const items = (await this.withIdeas(subject.sluice.id, collected.flat())).sort(
      (a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.id.localeCompare(b.id),
    );
    const name = nameIn(items, subject);
    return {
      subject: { id: subject.id, tenantId: subject.tenantId, ...(name ? { name } : {}) },
      sluice: { id: subject.sluice.id, name: subject.sluice.name },
      producedAt: producedAt.toISOString(),
      kinds: this.kinds().map((k) => ({ ...k, count: items.filter((i) => i.kind === k.kind).length })),
      items,
    };
  }

  /** Names the idea of each item that has only its id (one read per idea); an idea no longer there leaves the item as it is. */
  private async withIdeas(sluiceId: string, items: readonly PersonalDataItem[]): Promise<PersonalDataItem[]> {
    const { ideas } = this;
    if (!ideas) return [...items];
    const idOf = (item: PersonalDataItem): string | undefined => {
      const id = item.data['ideaId'];
      return !item.idea && typeof id === 'string' && id ? id : undefined;
    };
    const wanted = [...new Set(items.map(idOf).filter((id): id is string => id !== undefined))];
    const found = new Map<string, NonNullable<PersonalDataItem['idea']>>();
    await Promise.all(
      wanted.map(async (id) => {
        const idea = (await ideas.get(sluiceId, id))?.value;
        if (idea) found.set(id, { id: idea.id, number: idea.number, title: idea.title });
      }),
    );
    return items.map((item) => {
      const idea = found.get(idOf(item) ?? '');
      return idea ? { ...item, idea } : item;
    });
  }

  /** Runs every source's anonymisation, one after the other (the ideas' re-sealing must not race another writer of the same source). */
  async anonymise(subject: DataSubject, anonymisation: Anonymisation): Promise<AnonymisedCount[]> {
    const counts: AnonymisedCount[] = [];
    for (const source of this.registered) if (source.anonymise) counts.push(...(await source.anonymise(subject, anonymisation)));
    return counts;
  }
}

/** The name the stores know the person by (their ideas' giver name first), for the export's heading. */
function nameIn(items: readonly PersonalDataItem[], subject: DataSubject): string | undefined {
  for (const item of items) {
    const person = item.data['giver'] ?? item.data['actor'] ?? item.data['person'];
    if (person && typeof person === 'object') {
      const { id, name } = person as Record<string, unknown>;
      if (id === subject.id && typeof name === 'string') return name;
    }
  }
  return undefined;
}

/**
 * A reference to a person that names nobody: the audit entries of an export or an anonymisation
 * carry it instead of the id, so a later request about the same person finds them while the log
 * itself does not keep who it was.
 */
export function subjectRef(tenantId: string, personId: string): string {
  return `p-${createHash('sha256').update(`${tenantId}\n${personId}`).digest('hex').slice(0, 32)}`;
}

/** Whether a stored person (id, and tenant where the store keeps it) is the subject. */
export function isSubject(person: { readonly id?: string; readonly tenantId?: string } | undefined, subject: DataSubject): boolean {
  if (!person?.id || person.id !== subject.id) return false;
  return person.tenantId === undefined || person.tenantId === subject.tenantId;
}
