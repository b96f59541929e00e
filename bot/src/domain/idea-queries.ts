import type { KeptStageCounts } from './stage-counts';
import { createHash } from 'node:crypto';
import type { Idea, Person } from './idea';
import type { Clock, IdeaFilter, IdeaRepository, IdeaSummary, Page, SluiceRepository, SortOrder, Versioned } from './ports';
import { backupWhileAway, coverOf, isAway, type Cover } from './reminders/absence';
import { overdueOf, type Overdue } from './reminders/policy';
import { stockholmDate } from './working-days';
import type { Sluice } from './sluice';
import { mayCoach, stageLabel } from './sluice';
import { STAGES, type Locale, type Stage } from './stages';
import { coachActionsFor, type IdeaActionType } from './transitions';
import { giverViewOf, type GiverView } from './giver-actions';

/** A signed-in person together with the sluice their tenant belongs to. */
export interface Viewer {
  readonly person: Person;
  readonly sluice: Sluice;
  /** May change ideas of the sluice (a coach or admin signed in from a member tenant). */
  readonly isCoach: boolean;
}

/** What the viewer sees of one idea beyond its stored fields. */
export interface IdeaView {
  readonly actions: readonly IdeaActionType[];
  readonly overdue?: Overdue;
  readonly cover?: Cover;
}

/** Thrown when a page token is not one this service made for the same query. */
export class InvalidPageTokenError extends Error {
  constructor() {
    super('The continuation token is not valid for this query');
    this.name = 'InvalidPageTokenError';
  }
}

/** One request for a page of ideas, as the pipeline asks for it. */
export interface IdeaPageQuery {
  readonly filter: IdeaFilter;
  readonly sort: SortOrder;
  readonly pageSize: number;
  /** Token from the previous page of the same query. */
  readonly pageToken?: string;
}

/** The first page of every column of the board plus the header counts, for one filter. */
export interface Board {
  readonly counts: Readonly<Record<Stage, number>>;
  readonly columns: Readonly<Record<Stage, Page<IdeaSummary>>>;
}

/** What the tab needs to know about the sluice to draw filters, labels and actions. */
export interface SluiceOverview {
  readonly id: string;
  readonly name: string;
  readonly stageLabels: Readonly<Record<Locale, Readonly<Record<Stage, string>>>>;
  readonly departments: readonly string[];
  /** Coaches in the sluice's order; `name` is missing for one who never signed in or took an idea. */
  readonly coaches: readonly { readonly id: string; readonly name?: string }[];
  readonly municipalities: readonly { readonly tenantId: string; readonly name: string }[];
}

/**
 * Read-side use cases of the pipeline (the board, "Mina idéer", one idea). Every query is
 * scoped to the viewer's own sluice, so one sluice's ideas never reach another's members;
 * changes go through {@link IdeaService.act}.
 */
export class IdeaQueries {
  constructor(
    private readonly ideas: IdeaRepository,
    private readonly sluices: SluiceRepository,
    private readonly clock: Clock,
    /** The kept per-stage counts; without them every count is a counting query. */
    private readonly kept?: KeptStageCounts,
  ) {}

  /** The viewer for a signed-in person, or undefined when their tenant is in no sluice. */
  async viewerFor(person: Person): Promise<Viewer | undefined> {
    const found = await this.sluices.findByTenant(person.tenantId);
    if (!found) return undefined;
    return { person, sluice: found.value, isCoach: mayCoach(found.value, person) };
  }

  /** A page of the sluice's ideas. Throws {@link InvalidPageTokenError} for a foreign token. */
  async list(viewer: Viewer, query: IdeaPageQuery): Promise<Page<IdeaSummary>> {
    return this.page(viewer.sluice.id, query);
  }

  /** A page of the ideas the viewer handed in themselves, across all stages. */
  async mine(viewer: Viewer, query: Omit<IdeaPageQuery, 'filter'>): Promise<Page<IdeaSummary>> {
    const filter: IdeaFilter = { giverId: viewer.person.id, tenantId: viewer.person.tenantId };
    return this.page(viewer.sluice.id, { ...query, filter });
  }

  /**
   * How many ideas match the filter, per stage: from the kept counts when the filter picks only
   * stages (the board as it opens), else counted with queries.
   */
  async counts(viewer: Viewer, filter: IdeaFilter): Promise<Record<Stage, number>> {
    const { stages, ...narrowing } = filter;
    if (!this.kept || Object.values(narrowing).some((v) => v !== undefined)) return this.ideas.countByStage(viewer.sluice.id, filter);
    const kept = await this.kept.counts(viewer.sluice.id);
    return Object.fromEntries(STAGES.map((s) => [s, !stages || stages.includes(s) ? kept[s] : 0])) as Record<Stage, number>;
  }

  /**
   * The board in one go: counts and the first page of each stage's column (only the stages the
   * filter allows), all read in parallel.
   */
  async board(viewer: Viewer, filter: IdeaFilter, sort: SortOrder, perStage: number): Promise<Board> {
    const stages = STAGES.filter((s) => !filter.stages || filter.stages.includes(s));
    const [counts, pages] = await Promise.all([
      this.counts(viewer, filter),
      Promise.all(stages.map((stage) => this.page(viewer.sluice.id, { filter: { ...filter, stages: [stage] }, sort, pageSize: perStage }))),
    ]);
    const empty: Page<IdeaSummary> = { items: [] };
    const columns = Object.fromEntries(STAGES.map((s) => [s, pages[stages.indexOf(s)] ?? empty])) as Record<Stage, Page<IdeaSummary>>;
    return { counts, columns };
  }

  /** One idea of the viewer's sluice, with its whole history. */
  async idea(viewer: Viewer, ideaId: string): Promise<Versioned<Idea> | undefined> {
    return this.ideas.get(viewer.sluice.id, ideaId);
  }

  /** The day the viewer is back, when they are a coach who is away today. */
  awayUntil(viewer: Viewer): string | undefined {
    const coach = viewer.sluice.coaches.find((c) => c.id === viewer.person.id);
    return coach && isAway(coach, stockholmDate(this.clock.now())) ? coach.awayUntil : undefined;
  }

  /** Who covers for the viewer while they are away (the one `setAbsence` named), when they are. */
  coveredBy(viewer: Viewer): { readonly id: string; readonly name?: string } | undefined {
    if (!this.awayUntil(viewer)) return undefined;
    const backup = backupWhileAway(viewer.sluice, viewer.person.id, stockholmDate(this.clock.now()));
    return backup ? { id: backup.id, ...(backup.name ? { name: backup.name } : {}) } : undefined;
  }

  /** "Försenad": how long past its stage's limit the idea is now (the same rule as the task card). */
  overdueFor(
    viewer: Viewer,
    idea: Pick<Idea, 'stage' | 'stageChangedAt' | 'waitingSince'> & Partial<Pick<Idea, 'history'>>,
  ): Overdue | undefined {
    return overdueOf(idea, viewer.sluice, this.clock.now());
  }

  /** Who covers while the idea's responsible coach is away (see {@link coverOf}). */
  coverFor(viewer: Viewer, idea: Pick<Idea, 'stage' | 'coach' | 'backupCoach' | 'tenantId'>): Cover | undefined {
    return coverOf(viewer.sluice, idea, stockholmDate(this.clock.now()));
  }

  /** Everything a card of the idea says about the viewer's view of it now: actions, "Försenad", who covers. */
  viewOf(
    viewer: Viewer,
    idea: Pick<Idea, 'stage' | 'stageChangedAt' | 'waitingSince' | 'needsInfo' | 'coach' | 'backupCoach' | 'tenantId'> &
      Partial<Pick<Idea, 'history'>>,
  ): IdeaView {
    const overdue = this.overdueFor(viewer, idea);
    const cover = this.coverFor(viewer, idea);
    return { actions: this.actionsFor(viewer, idea), ...(overdue ? { overdue } : {}), ...(cover ? { cover } : {}) };
  }

  /** The coach actions the viewer may take on the idea right now (none for non-coaches). */
  actionsFor(viewer: Viewer, idea: Pick<Idea, 'stage' | 'needsInfo' | 'coach'>): IdeaActionType[] {
    return viewer.isCoach ? coachActionsFor(idea, viewer.sluice) : [];
  }

  /** What the viewer may do with the idea as its giver (nothing when they are not). */
  giverViewFor(viewer: Viewer, idea: Pick<Idea, 'giver' | 'stage' | 'needsInfo' | 'coach' | 'history'>): GiverView {
    return giverViewOf(idea, viewer.person);
  }

  /**
   * The sluice as the tab shows it. Coaches configured without a name get the name their
   * ideas carry (recorded when they took one).
   */
  async overview(viewer: Viewer): Promise<SluiceOverview> {
    const { sluice } = viewer;
    const coaches = await Promise.all(
      sluice.coaches.map(async (c) => {
        const name = c.name ?? (c.id === viewer.person.id ? viewer.person.name : await this.coachNameFromIdeas(sluice.id, c.id));
        return name ? { id: c.id, name } : { id: c.id };
      }),
    );
    return {
      id: sluice.id,
      name: sluice.name,
      stageLabels: {
        sv: Object.fromEntries(STAGES.map((s) => [s, stageLabel(sluice, s, 'sv')])) as Record<Stage, string>,
        en: Object.fromEntries(STAGES.map((s) => [s, stageLabel(sluice, s, 'en')])) as Record<Stage, string>,
      },
      departments: [...sluice.departments].sort((a, b) => a.localeCompare(b, 'sv')),
      coaches,
      municipalities: sluice.tenantIds.map((tenantId) => ({ tenantId, name: sluice.municipalities[tenantId] ?? tenantId })),
    };
  }

  private async coachNameFromIdeas(sluiceId: string, coachId: string): Promise<string | undefined> {
    const { items } = await this.ideas.list(sluiceId, { filter: { coachId }, sort: 'stageChanged', pageSize: 1 });
    return items[0]?.coach?.name;
  }

  private async page(sluiceId: string, query: IdeaPageQuery): Promise<Page<IdeaSummary>> {
    const fingerprint = fingerprintOf(query);
    const continuation = query.pageToken === undefined ? undefined : openPageToken(query.pageToken, fingerprint);
    const page = await this.ideas.list(sluiceId, {
      filter: query.filter,
      sort: query.sort,
      pageSize: query.pageSize,
      ...(continuation ? { continuation } : {}),
    });
    return { items: page.items, ...(page.continuation ? { continuation: sealPageToken(page.continuation, fingerprint) } : {}) };
  }
}

/**
 * Page tokens wrap the repository's keyset cursor together with a fingerprint of the query it
 * belongs to: a token that is garbled, or taken from another filter or sort order (whose cursor
 * would point at the wrong field), is refused instead of silently restarting or skipping ideas.
 */
function sealPageToken(continuation: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ c: continuation, f: fingerprint })).toString('base64url');
}

function openPageToken(token: string, fingerprint: string): string {
  if (token.length === 0 || token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidPageTokenError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidPageTokenError();
  const { c, f } = parsed as Record<string, unknown>;
  if (typeof c !== 'string' || c.length === 0 || f !== fingerprint) throw new InvalidPageTokenError();
  return c;
}

function fingerprintOf(query: IdeaPageQuery): string {
  const f = query.filter;
  const normalised = [
    query.sort,
    [...(f.stages ?? [])].sort(),
    f.department ?? null,
    f.coachId ?? null,
    f.tenantId ?? null,
    f.giverId ?? null,
    f.number ?? null,
    f.needsInfo ?? null,
    f.challengeId ?? null,
    f.submittedFrom ?? null,
    f.submittedTo ?? null,
    f.text?.trim().toLowerCase() ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(normalised)).digest('base64url').slice(0, 16);
}
