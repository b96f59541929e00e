import type { Effect, Idea } from './idea';
import type { IdeaRepository, IdeaSummary, SluiceRepository } from './ports';
import type { Sluice } from './sluice';
import { isLinked } from './sluice';
import type { SimilarMatch } from './similar/similar-index';
import type { Stage } from './stages';

/**
 * The stages of the ideas a linked sluice sees: tested, implemented and closed, the outcomes worth
 * learning from. Nothing else of the other sluice crosses.
 */
export const LINKED_STAGES = ['testing', 'done', 'closed'] as const satisfies readonly Stage[];
export type LinkedStage = (typeof LINKED_STAGES)[number];

/**
 * What a linked sluice sees of one idea, read-only: its text, stage, effects and the reason given
 * when it reached the stage, marked with its sluice and municipality. No person (giver, coach,
 * history) and no tenant id crosses.
 */
export interface LinkedIdea {
  readonly id: string;
  readonly number: number;
  readonly sluice: { readonly id: string; readonly name: string };
  /** The municipality the idea came from, by name. */
  readonly municipality: string;
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly department: string;
  readonly stage: LinkedStage;
  readonly createdAt: string;
  readonly stageChangedAt: string;
  readonly effects: readonly Effect[];
  /** Why it reached its stage: the reason it was closed, or the coach's comment when it moved on. */
  readonly reason?: string;
}

/** The matches with each linked sluice's idea marked with that sluice (its name, for a reader). */
export function markLinked(matches: readonly SimilarMatch[], scope: SimilarScope): SimilarMatch[] {
  return matches.map((m) => {
    const other = scope.linked.get(m.sluiceId);
    return other ? { ...m, linkedSluice: { id: other.id, name: other.name } } : m;
  });
}

/** The sluices a similar-idea search covers, and what each linked one shares. */
export interface SimilarScope {
  readonly sluiceIds: readonly string[];
  /** Per linked sluice, the stages it shares; the own sluice is not restricted. */
  readonly stagesOf: Readonly<Record<string, readonly Stage[]>>;
  /** The linked sluices by id (for their names and municipalities). */
  readonly linked: ReadonlyMap<string, Sluice>;
}

export interface LinkedIdeasQuery {
  /** Only this linked sluice. */
  readonly sluiceId?: string;
  readonly stages?: readonly LinkedStage[];
  /** Free text in title, need and idea. */
  readonly text?: string;
  readonly pageSize: number;
}

export interface LinkedIdeasPage {
  /** The sluices linked with the viewer's, for the filter. */
  readonly sluices: readonly { readonly id: string; readonly name: string }[];
  /** Newest stage change first. */
  readonly items: readonly LinkedIdea[];
  /** There are more than `pageSize` matching ideas; narrow the filter to see them. */
  readonly more: boolean;
}

/**
 * The read side of linked sluices: what a sluice sees of the sluices it is linked with. A sluice
 * counts as linked only while both sides agree ({@link isLinked}), checked on every read, so a
 * removed link ends what crosses at once.
 */
export class LinkedIdeas {
  constructor(
    private readonly ideas: IdeaRepository,
    private readonly sluices: SluiceRepository,
  ) {}

  /** The sluices linked with this one now. */
  async linkedWith(sluice: Sluice): Promise<Sluice[]> {
    const others = await Promise.all((sluice.links ?? []).map(async (l) => (await this.sluices.get(l.sluiceId))?.value));
    return others.filter((o): o is Sluice => o !== undefined && isLinked(sluice, o));
  }

  /** {@link similarScope} of the sluice with this id (only its own ideas if it is gone). */
  async similarScopeOf(sluiceId: string): Promise<SimilarScope> {
    const sluice = (await this.sluices.get(sluiceId))?.value;
    return sluice ? this.similarScope(sluice) : { sluiceIds: [sluiceId], stagesOf: {}, linked: new Map() };
  }

  /**
   * Where ideas like one of `sluice`'s are looked for: all of its own, and the shared stages
   * ({@link LINKED_STAGES}) of the sluices linked with it now, with those sluices' names.
   */
  async similarScope(sluice: Sluice): Promise<SimilarScope> {
    const linked = await this.linkedWith(sluice);
    return {
      sluiceIds: [sluice.id, ...linked.map((o) => o.id)],
      stagesOf: Object.fromEntries(linked.map((o) => [o.id, LINKED_STAGES])),
      linked: new Map(linked.map((o) => [o.id, o])),
    };
  }

  /**
   * The newest tested, implemented and closed ideas of the linked sluices (or of one of them); an
   * id of a sluice that is not linked gives nothing.
   */
  async list(sluice: Sluice, query: LinkedIdeasQuery): Promise<LinkedIdeasPage> {
    const linked = await this.linkedWith(sluice);
    const from = linked.filter((o) => query.sluiceId === undefined || o.id === query.sluiceId);
    const stages = query.stages && query.stages.length > 0 ? query.stages : LINKED_STAGES;
    const pages = await Promise.all(
      from.map(async (other) => {
        const page = await this.ideas.list(other.id, {
          filter: { stages, ...(query.text ? { text: query.text } : {}) },
          sort: 'stageChanged',
          pageSize: query.pageSize,
        });
        return page.items.map((summary) => ({ other, summary, more: page.continuation !== undefined }));
      }),
    );
    const all = pages.flat().sort((a, b) => newestFirst(a.summary, b.summary));
    const shown = all.slice(0, query.pageSize);
    const items = await Promise.all(
      shown.map(async ({ other, summary }) => {
        const full = await this.ideas.get(other.id, summary.id);
        return full && isLinkedStage(full.value.stage) ? toLinkedIdea(full.value, other) : undefined;
      }),
    );
    return {
      sluices: linked.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      items: items.filter((i): i is LinkedIdea => i !== undefined),
      more: all.length > shown.length || pages.some((p) => p.some((x) => x.more)),
    };
  }
}

function isLinkedStage(stage: Stage): stage is LinkedStage {
  return (LINKED_STAGES as readonly Stage[]).includes(stage);
}

function newestFirst(a: IdeaSummary, b: IdeaSummary): number {
  return b.stageChangedAt.localeCompare(a.stageChangedAt) || b.id.localeCompare(a.id);
}

/** The part of an idea that crosses to a linked sluice. */
export function toLinkedIdea(idea: Idea, sluice: Sluice): LinkedIdea {
  const stage = idea.stage as LinkedStage;
  const arrival = [...idea.history].reverse().find((e) => e.to === stage);
  const reason = arrival?.text?.trim();
  return {
    id: idea.id,
    number: idea.number,
    sluice: { id: sluice.id, name: sluice.name },
    municipality: sluice.municipalities[idea.tenantId] ?? sluice.name,
    title: idea.title,
    need: idea.need,
    idea: idea.idea,
    department: idea.department,
    stage,
    createdAt: idea.createdAt,
    stageChangedAt: idea.stageChangedAt,
    effects: stage === 'done' ? (idea.effects ?? []) : [],
    ...(reason && (arrival?.kind === 'declined' || arrival?.kind === 'advanced') ? { reason } : {}),
  };
}
