import type { Request, Response } from 'restify';
import { roleOf } from '../../domain/admin/roles';
import type { ChallengeService } from '../../domain/challenges';
import type { IdeaService } from '../../domain/idea-service';
import { InvalidPageTokenError, type IdeaQueries, type Viewer } from '../../domain/idea-queries';
import type { Idea } from '../../domain/idea';
import type { IdeaSummary, Versioned } from '../../domain/ports';
import { STAGES, type Stage } from '../../domain/stages';
import type { IdeaAction, TransitionError } from '../../domain/transitions';
import type {
  BoardResponse,
  CoachActionRequest,
  CountsResponse,
  FieldProblem,
  IdeaCard,
  IdeaDetail,
  IdeaPage,
  IdeaResponse,
  TabConfig,
} from '../contracts';
import { ApiProblem, sendJson } from '../http';
import { errors, json, ref } from '../openapi';
import { toCard, toDetail } from '../present';
import { memberRoute, type ApiRoute } from '../route';
import {
  actionBody,
  boardQuery,
  countsQuery,
  filterProblems,
  ideaParams,
  ifMatchHeader,
  listQuery,
  mineQuery,
  toIdeaFilter,
} from '../schemas';

export interface IdeaRouteDeps {
  readonly ideas: IdeaService;
  readonly queries: IdeaQueries;
  /** How many support each idea, for the cards' count; without it the cards show none. */
  readonly supportCounts?: (sluiceId: string, ideaIds: readonly string[]) => Promise<ReadonlyMap<string, number>>;
  /** The link to an idea the cards' "Öppna i Idéslussen" carry, for the panel's "Kopiera länk"; without it none is given. */
  readonly ideaLink?: IdeaLinkMaker;
  /** Finds a challenge of a sluice, to check the `challenge` filter; without it that filter is refused. */
  readonly challenges?: Pick<ChallengeService, 'get'>;
}

/** Makes the link that opens the tab at one idea (the app wires it to the cards' deep links). */
export type IdeaLinkMaker = (ideaId: string) => string;

/** What one idea is presented with: its readers, and the link to it when links are wired. */
export type DetailDeps = Pick<IdeaRouteDeps, 'queries' | 'ideaLink'>;

/**
 * The pipeline's routes: the board, lists, counts, one idea, "Mina idéer", the sluice's
 * configuration and coach actions. Thin: parse, ask a domain service, shape the answer.
 */
export function ideaRoutes(deps: IdeaRouteDeps): ApiRoute[] {
  const { queries } = deps;
  return [
    memberRoute({
      method: 'get',
      path: '/api/config',
      operationId: 'getConfig',
      summary: "The caller's sluice: stage labels, departments, coaches, municipalities, and whether the caller is a coach.",
      responses: { 200: json(ref('TabConfig'), 'The sluice as the tab shows it.') },
      handle: async ({ res, viewer }) => {
        const overview = await queries.overview(viewer);
        const body: TabConfig = {
          sluice: { id: overview.id, name: overview.name },
          stages: [...STAGES],
          stageLabels: overview.stageLabels,
          departments: overview.departments,
          coaches: overview.coaches,
          municipalities: overview.municipalities,
          caller: {
            id: viewer.person.id,
            tenantId: viewer.person.tenantId,
            name: viewer.person.name,
            isCoach: viewer.isCoach,
            role: roleOf(viewer.sluice, viewer.person),
            ...(queries.awayUntil(viewer) ? { awayUntil: queries.awayUntil(viewer) } : {}),
            ...(queries.coveredBy(viewer) ? { coveredBy: queries.coveredBy(viewer) } : {}),
          },
        };
        sendJson(res, 200, body);
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/board',
      operationId: 'getBoard',
      summary: 'Counts per stage and the first page of every stage column, for one filter.',
      request: { query: boardQuery },
      responses: { 200: json(ref('BoardResponse'), 'The board.'), ...errors(400, 403) },
      handle: async ({ res, query: q, viewer }) => {
        const filter = await checkedFilter(q, viewer, deps);
        const board = await queries.board(viewer, filter, checkedSort(q.sort, viewer), q.perStage);
        const supported = await supportCounts(
          deps,
          viewer,
          STAGES.flatMap((s) => board.columns[s].items),
        );
        const body: BoardResponse = {
          counts: board.counts,
          total: sum(board.counts),
          columns: Object.fromEntries(
            STAGES.map((s) => [s, pageOut(cards(board.columns[s].items, viewer, queries, supported), board.columns[s].continuation)]),
          ) as Record<Stage, IdeaPage>,
        };
        sendJson(res, 200, body);
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/counts',
      operationId: 'getCounts',
      summary: 'How many ideas match the filter, per stage (the board header).',
      request: { query: countsQuery },
      responses: { 200: json(ref('CountsResponse'), 'Counts.'), ...errors(400) },
      handle: async ({ res, query: q, viewer }) => {
        const counts = await queries.counts(viewer, await checkedFilter(q, viewer, deps));
        sendJson(res, 200, { counts, total: sum(counts) } satisfies CountsResponse);
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/ideas',
      operationId: 'listIdeas',
      summary: "A page of the sluice's ideas: filters, free-text search, sort, keyset paging.",
      request: { query: listQuery },
      responses: { 200: json(ref('IdeaPage'), 'One page.'), ...errors(400, 403) },
      handle: async ({ res, query: q, viewer }) => {
        const filter = await checkedFilter(q, viewer, deps);
        const sort = checkedSort(q.sort, viewer);
        const page = await withPageToken(() =>
          queries.list(viewer, {
            filter,
            sort,
            pageSize: q.pageSize,
            ...(q.continuation ? { pageToken: q.continuation } : {}),
          }),
        );
        sendJson(res, 200, pageOut(cards(page.items, viewer, queries, await supportCounts(deps, viewer, page.items)), page.continuation));
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/ideas/mine',
      operationId: 'listMyIdeas',
      summary: 'The ideas the caller handed in ("Mina idéer").',
      request: { query: mineQuery },
      responses: { 200: json(ref('IdeaPage'), 'One page.'), ...errors(400, 403) },
      handle: async ({ res, query: q, viewer }) => {
        const page = await withPageToken(() =>
          queries.mine(viewer, {
            sort: checkedSort(q.sort, viewer),
            pageSize: q.pageSize,
            ...(q.continuation ? { pageToken: q.continuation } : {}),
          }),
        );
        sendJson(res, 200, pageOut(cards(page.items, viewer, queries, await supportCounts(deps, viewer, page.items)), page.continuation));
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}',
      operationId: 'getIdea',
      summary: 'One idea with its full history. The ETag header equals `idea.etag`.',
      request: { params: ideaParams },
      responses: { 200: json(ref('IdeaResponse'), 'The idea.'), ...errors(400, 404) },
      handle: async ({ res, params, viewer }) => {
        const found = await queries.idea(viewer, params.id);
        if (!found) throw notFound();
        await sendIdea(res, 200, viewer, found, deps);
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/ideas/{id}/actions',
      operationId: 'actOnIdea',
      summary: 'A coach action (the same transitions as the coach cards). Send the etag you saw in If-Match.',
      request: { params: ideaParams, body: actionBody, headers: ifMatchHeader },
      responses: { 200: json(ref('IdeaResponse'), 'The idea after the action.'), ...errors(400, 404, 409, 412, 428) },
      handle: async ({ req, res, params, body, viewer }) => {
        const etag = ifMatch(req);
        const action = await toDomainAction(body, viewer, queries);
        const result = await deps.ideas.act(viewer.sluice.id, params.id, viewer.person, action, etag);
        if (result.ok) {
          await sendIdea(res, 200, viewer, result.idea, deps);
          return;
        }
        switch (result.error) {
          case 'notFound':
            throw notFound();
          case 'stale':
            throw new ApiProblem(412, 'Stale', 'The idea was changed by someone else since you saw it; this is how it is now.', {
              current: detailFor(viewer, result.current, deps, await linkedIdeas(viewer, result.current.value, queries)),
            });
          case 'rejected':
            throw rejection(
              result.reason,
              body,
              detailFor(viewer, result.current, deps, await linkedIdeas(viewer, result.current.value, queries)),
            );
        }
      },
    }),
  ];
}

/** Sends one idea as the viewer may see and act on it, with its etag and its linked ideas as they are now. */
export async function sendIdea(res: Response, status: number, viewer: Viewer, idea: Versioned<Idea>, deps: DetailDeps): Promise<void> {
  const body: IdeaResponse = { idea: detailFor(viewer, idea, deps, await linkedIdeas(viewer, idea.value, deps.queries)) };
  sendJson(res, status, body, { etag: idea.etag });
}

/**
 * The idea for the panel: the coach actions, "Försenad" and the giver's own actions as they are for
 * this viewer; `links` lists the linked ideas found in `linked` (read by {@link linkedIdeas}), and
 * `link` is the cards' "Öppna i Idéslussen" link to it.
 */
export function detailFor(
  viewer: Viewer,
  idea: Versioned<Idea>,
  deps: DetailDeps,
  linked?: ReadonlyMap<string, Pick<Idea, 'number' | 'title' | 'stage'>>,
): IdeaDetail {
  const { queries, ideaLink } = deps;
  const detail = withScore(
    toDetail(idea, queries.viewOf(viewer, idea.value), queries.giverViewFor(viewer, idea.value), linked),
    viewer,
    idea.value,
  );
  return ideaLink ? { ...detail, link: ideaLink(idea.value.id) } : detail;
}

/** The weighted score on a card or the panel: for coaches and admins only (`viewer.isCoach`). */
function withScore<T extends IdeaCard>(card: T, viewer: Viewer, idea: Pick<IdeaSummary, 'score'>): T {
  return viewer.isCoach && idea.score ? { ...card, score: idea.score.weighted } : card;
}

/** The ideas `idea` is linked to, read now (their number, title and stage may have changed since). */
export async function linkedIdeas(viewer: Viewer, idea: Idea, queries: IdeaQueries): Promise<Map<string, Idea>> {
  const found = await Promise.all((idea.links ?? []).map((l) => queries.idea(viewer, l.ideaId)));
  return new Map(found.flatMap((f) => (f ? [[f.value.id, f.value] as const] : [])));
}

function cards(items: readonly IdeaSummary[], viewer: Viewer, queries: IdeaQueries, supported: ReadonlyMap<string, number>): IdeaCard[] {
  return items.map((s) => {
    const card = withScore(toCard(s, queries.viewOf(viewer, s)), viewer, s);
    const count = supported.get(s.id);
    return count ? { ...card, supportCount: count } : card;
  });
}

/** How many support each of the listed ideas, read in one query (none without the support service). */
async function supportCounts(deps: IdeaRouteDeps, viewer: Viewer, items: readonly IdeaSummary[]): Promise<ReadonlyMap<string, number>> {
  if (!deps.supportCounts || items.length === 0) return new Map();
  return deps.supportCounts(
    viewer.sluice.id,
    items.map((i) => i.id),
  );
}

/**
 * The filter of a request, refusing (400) an empty time range and a challenge that is not one of
 * the viewer's sluice: an unknown id and another sluice's challenge get the same answer, so the
 * answer tells nothing about other sluices.
 */
async function checkedFilter(
  q: Parameters<typeof toIdeaFilter>[0],
  viewer: Viewer,
  deps: Pick<IdeaRouteDeps, 'challenges'>,
): Promise<ReturnType<typeof toIdeaFilter>> {
  const filter = toIdeaFilter(q);
  const problems = filterProblems(filter);
  if (filter.challengeId !== undefined && !(await deps.challenges?.get(viewer.sluice.id, filter.challengeId)))
    problems.push({ field: 'challenge', message: 'is not a challenge of your sluice' });
  if (problems.length > 0)
    throw new ApiProblem(400, 'BadRequest', `Invalid query: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, {
      problems: problems.map((p) => ({ ...p, problem: 'invalid' as const })),
    });
  return filter;
}

/** Sorting by score is for those who see scores (coaches and admins), decided from the caller's identity. */
function checkedSort<S extends string>(sort: S, viewer: Viewer): S {
  if (sort === 'score' && !viewer.isCoach)
    throw new ApiProblem(403, 'Forbidden', 'Only coaches and admins of the sluice see scores, so only they may sort by score.');
  return sort;
}

async function withPageToken<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidPageTokenError)
      throw new ApiProblem(400, 'BadContinuation', 'The continuation token is not valid for this query; start again from the first page.', {
        problems: [{ field: 'continuation', problem: 'invalid', message: 'is not a token from this query' }],
      });
    throw err;
  }
}

function pageOut(items: IdeaPage['items'], continuation: string | undefined): IdeaPage {
  return continuation ? { items, continuation } : { items };
}

function sum(counts: Readonly<Record<Stage, number>>): number {
  return STAGES.reduce((n, s) => n + counts[s], 0);
}

export function notFound(): ApiProblem {
  return new ApiProblem(404, 'NotFound', 'There is no such idea in your sluice.');
}

/** The eTag the client acted on. Required: a blind write could undo someone else's decision. */
export function ifMatch(req: Request): string {
  const raw = req.header('if-match')?.trim();
  if (!raw || raw === '*')
    throw new ApiProblem(428, 'PreconditionRequired', 'Send the etag of the idea you acted on in the If-Match header.');
  return raw.replace(/^W\//, '');
}

async function toDomainAction(body: CoachActionRequest, viewer: Viewer, queries: IdeaQueries): Promise<IdeaAction> {
  if (body.type !== 'reassign') return body;
  // The sluice may list a coach by id only; use the name the tab shows for them.
  const coach = viewer.isCoach ? (await queries.overview(viewer)).coaches.find((c) => c.id === body.coachId) : undefined;
  return { type: 'reassign', coachId: body.coachId, ...(coach?.name ? { coachName: coach.name } : {}) };
}

/** The body field a text problem belongs to: the domain checks all free texts as a "reason". */
const TEXT_FIELD: Record<CoachActionRequest['type'], string> = {
  take: 'type',
  advance: 'comment',
  decline: 'reason',
  askInfo: 'question',
  reassign: 'coachId',
  reopen: 'comment',
};

function rejection(reason: TransitionError, body: CoachActionRequest, current: IdeaResponse['idea']): ApiProblem {
  switch (reason.code) {
    case 'forbidden':
      return new ApiProblem(403, 'Forbidden', 'Only the idea coaches of this sluice may do this.');
    case 'notAllowedNow':
      return new ApiProblem(409, 'NotAllowedNow', `"${body.type}" is not possible while the idea is in stage ${reason.stage}.`, {
        current,
      });
    case 'invalidInput': {
      const problems: FieldProblem[] = reason.problems.map((p) => ({ field: TEXT_FIELD[body.type], problem: p.problem, limit: p.limit }));
      return new ApiProblem(400, 'InvalidInput', `Check ${problems.map((p) => p.field).join(', ')}: ${describe(problems)}.`, { problems });
    }
    case 'invalidEffects': {
      const problems: FieldProblem[] = reason.problems.map((p) => ({ ...p }));
      return new ApiProblem(400, 'InvalidInput', `Check ${problems.map((p) => p.field).join(', ')}: ${describe(problems)}.`, { problems });
    }
    case 'unknownCoach':
      return new ApiProblem(400, 'InvalidInput', 'coachId is not a coach of this sluice.', {
        problems: [{ field: 'coachId', problem: 'invalid', message: 'is not a coach of this sluice' }],
      });
    case 'notLinked':
      return new ApiProblem(400, 'InvalidInput', 'duplicateOf is not an idea this one is linked to.', {
        problems: [{ field: 'duplicateOf', problem: 'invalid', message: 'is not an idea this one is linked to' }],
      });
    case 'invalidRating':
      return new ApiProblem(400, 'InvalidInput', 'The rating must be a whole number from 1 to 5.');
    case 'unknownEvent':
    case 'questionClosed':
    case 'alreadyRated':
      // Giver card answers; the tab API does not take them.
      return new ApiProblem(409, 'NotAllowedNow', `"${body.type}" is not possible now.`, { current });
  }
}

export function describe(problems: readonly FieldProblem[]): string {
  return problems
    .map((p) =>
      p.problem === 'empty'
        ? 'must not be empty'
        : p.problem === 'tooLong'
          ? `must be at most ${p.limit} ${p.field === 'effects' ? 'effects' : 'characters'}`
          : p.problem === 'invalid'
            ? p.field === 'effects'
              ? 'are recorded only when the idea moves to Införd (done)'
              : `must be a number from -${p.limit} to ${p.limit}`
            : `must be at least ${p.limit} characters`,
    )
    .join(', ');
}
