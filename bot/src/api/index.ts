import type { KeptStageCounts } from '../domain/stage-counts';
import path from 'node:path';
import type { Server } from 'restify';
import type { Config } from '../config';
import { IdeaQueries } from '../domain/idea-queries';
import type { IdeaService } from '../domain/idea-service';
import type { StatsService } from '../domain/stats/stats-service';
import type { Clock, IdeaRepository, SluiceRepository } from '../domain/ports';
import { RejectionLog } from '../http/rejection-log';
import type { Logger } from '../logger';
import { createApiAuth, type ApiAuth } from './auth/authenticate';
import { useSignIn } from './auth/middleware';
import { sendJson } from './http';
import { openApiDocument } from './openapi';
import { publicRoute, registerRoutes, type ApiRoute } from './route';
import type { SluiceAdminService } from '../domain/admin/admin-service';
import type { IdeaImportService } from '../domain/admin/import-service';
import type { SluiceLinkService } from '../domain/admin/links';
import type { CoachGroupSync } from '../domain/admin/coach-groups';
import { LinkedIdeas } from '../domain/linked-ideas';
import { adminRoutes } from './routes/admin';
import { linkRoutes } from './routes/links';
import { devRoutes } from './routes/dev';
import { giverRoutes } from './routes/giver';
import { ideaRoutes, type IdeaLinkMaker } from './routes/ideas';
import { ideaLinkRoutes } from './routes/idea-links';
import { supportRoutes } from './routes/support';
import { scoringRoutes } from './routes/scoring';
import type { ScoringService } from '../domain/scoring/scores';
import type { RescoreJobs } from '../domain/scoring/rescore-jobs';
import type { SupportService } from '../domain/support';
import type { DirectoryPort } from '../domain/directory';
import { recordRoutes } from './routes/records';
import { personalDataRoutes } from './routes/personal-data';
import type { PersonalDataService } from '../domain/personal-data-service';
import { RecordReader } from '../domain/record-reader';
import type { AuditLog } from '../domain/admin/audit';
import { similarRoutes } from './routes/similar';
import type { SimilarIdeas } from '../domain/similar/similar-ideas';
import { statsRoutes } from './routes/stats';
import { absenceRoutes } from './routes/absence';
import { commentRoutes } from './routes/comments';
import type { CommentService } from '../domain/comments/comment-service';
import { retentionRoutes } from './routes/retention';
import type { GallringStore } from '../domain/retention/gallring';
import type { RecordLookup } from '../domain/retention/record-lookup';
import type { AbsenceService } from '../domain/reminders/absence';
import type { ChallengeService } from '../domain/challenges';
import { challengeRoutes } from './routes/challenges';
import { peopleRoutes } from './routes/people';
import type { PeopleSearch } from '../domain/people-search';

export interface ApiDeps {
  readonly config: Pick<Config, 'env' | 'entra' | 'publicBaseUrl' | 'onboardingContact' | 'localDev'>;
  readonly logger: Logger;
  /** The app's one clock ("Försenad" is counted against it). */
  readonly clock: Clock;
  readonly ideas: IdeaService;
  /** Coaches' absence: the tab's switch (the chat command uses the same service). */
  readonly absence: AbsenceService;
  readonly similar: SimilarIdeas;
  readonly stats: StatsService;
  /** A person's own data, an export for a named person, and anonymisation. */
  readonly personalData: PersonalDataService;
  /** `audit`: every reading of an idea's record is written to it. */
  readonly repositories: { readonly ideas: IdeaRepository; readonly sluices: SluiceRepository; readonly audit: AuditLog };
  /** The board's kept per-stage counts. */
  readonly stageCounts?: KeptStageCounts;
  /** The Administration view's services: settings and audit log, and the CSV import. */
  readonly admin: {
    readonly settings: SluiceAdminService;
    readonly imports: IdeaImportService;
    readonly links: SluiceLinkService;
    /** Syncs coaches from the sluice's Entra groups ("Synka nu"); absent: the routes say the directory is off. */
    readonly coachGroups?: CoachGroupSync;
  };
  /** Comments and internal notes on ideas. */
  readonly comments: CommentService;
  /** The gallring records the gallring job writes (read by admins and registrators). */
  readonly gallring: GallringStore;
  /** Ideas by number or record reference for the registrator's way in (and the gallring records that removed ideas). */
  readonly recordLookup: RecordLookup;
  /** Where refused calls are logged (shared with the bot's endpoint, so one flood is one budget). */
  readonly rejections?: RejectionLog;
  /** Challenges (utmaningar): listed by everyone, published by coaches and admins. */
  readonly challenges: ChallengeService;
  /** Support and "Jag kan hjälpa till"; without it the routes are missing and cards show no count. */
  readonly support?: SupportService;
  /** Evaluation criteria scores (coaches and admins); without it the scoring routes are missing. */
  readonly scoring?: ScoringService;
  /** Queues the rescoring of the ideas after a change of the criteria (an outbox job); without it nothing rescores them. */
  readonly rescores?: Pick<RescoreJobs, 'queue'>;
  /** The directory, for the group chat link of an offer of help. */
  readonly directory?: DirectoryPort;
  /** The cards' "Öppna i Idéslussen" link to an idea, given with each idea as `link` ("Kopiera länk"). */
  readonly ideaLink?: IdeaLinkMaker;
  /** The people pickers' search (the directory on behalf of the caller, else the sluice's known people). */
  readonly people?: PeopleSearch;
}

/** What the API hands back to the app: its token checking (tests reach the local issuer through it) and its routes. */
export interface ApiRoutes {
  readonly auth: ApiAuth;
  /** Every route of the tab API, as registered and as the OpenAPI document lists them. */
  readonly routes: readonly ApiRoute[];
}

/**
 * Adds the tab API under `/api/`: the sign-in middleware over all of it, the OpenAPI document,
 * the pipeline routes and, on local runs only, the local token issuer.
 *
 * A new feature's routes: a `routes/<feature>.ts` that returns its `memberRoute(...)`s, added
 * to the list below. The OpenAPI document follows by itself.
 */
export async function registerApiRoutes(server: Server, deps: ApiDeps): Promise<ApiRoutes> {
  const { config, logger, support } = deps;
  const ideaLink = deps.ideaLink ? { ideaLink: deps.ideaLink } : {};
  const queries = new IdeaQueries(deps.repositories.ideas, deps.repositories.sluices, deps.clock, deps.stageCounts);
  const linkedIdeas = new LinkedIdeas(deps.repositories.ideas, deps.repositories.sluices);
  // The local issuer names itself after the address the server ends up listening on.
  const auth = await createApiAuth(config, () => `${config.publicBaseUrl ?? listeningUrl(server)}/api/dev`);
  useSignIn(server, { auth, queries, logger, rejections: deps.rejections ?? new RejectionLog(logger) });

  const openApi = publicRoute({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document.',
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.' } },
    handle: async ({ res }) => {
      sendJson(res, 200, document);
    },
  });
  const routes: ApiRoute[] = [
    openApi,
    ...ideaRoutes({
      queries,
      ideas: deps.ideas,
      challenges: deps.challenges,
      ...ideaLink,
      ...(support ? { supportCounts: (s, ids) => support.counts(s, ids) } : {}),
    }),
    ...giverRoutes({ queries, ideas: deps.ideas, ...ideaLink }),
    ...ideaLinkRoutes({ queries, ideas: deps.ideas, ...ideaLink }),
    ...(support ? supportRoutes({ support, queries, logger, ...(deps.directory ? { directory: deps.directory } : {}) }) : []),
    ...(deps.scoring ? scoringRoutes({ scoring: deps.scoring }) : []),
    ...commentRoutes({ comments: deps.comments, clock: deps.clock }),
    ...recordRoutes({ records: new RecordReader(deps.repositories.ideas, deps.repositories.audit, deps.clock), comments: deps.comments }),
    ...personalDataRoutes({ personalData: deps.personalData }),
    ...retentionRoutes({ records: deps.gallring, lookup: deps.recordLookup, ideas: deps.repositories.ideas, clock: deps.clock }),
    ...absenceRoutes({ absence: deps.absence }),
    ...challengeRoutes({ challenges: deps.challenges }),
    ...(deps.people ? peopleRoutes({ people: deps.people }) : []),
    ...similarRoutes({ queries, similar: deps.similar, linkedIdeas }),
    ...statsRoutes({ stats: deps.stats, challenges: deps.challenges }),
    ...adminRoutes({
      admin: deps.admin.settings,
      imports: deps.admin.imports,
      ...(deps.admin.coachGroups ? { coachGroups: deps.admin.coachGroups } : {}),
      ...(deps.config.onboardingContact ? { onboardingContact: deps.config.onboardingContact } : {}),
      ...(deps.rescores ? { criteriaChanged: (sluiceId, version) => deps.rescores!.queue(sluiceId, version) } : {}),
    }),
    ...linkRoutes({ links: deps.admin.links, linkedIdeas }),
    ...(auth.localIssuer ? devRoutes({ issuer: auth.localIssuer, queries, logger, searchDirs: [process.cwd(), projectRoot()] }) : []),
  ];
  const document = openApiDocument(routes);
  registerRoutes(server, routes, logger);
  if (auth.localIssuer) logger.info('LOCAL_DEV: the tab API accepts tokens from the local issuer (POST /api/dev/token)');
  if (auth.mode === 'off')
    logger.warn('No Entra settings and no LOCAL_DEV=true: the tab API refuses every call (set ENTRA_CLIENT_ID and ENTRA_APP_ID_URI)');
  return { auth, routes };
}

function listeningUrl(server: Server): string {
  const address = server.address();
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The folder with package.json, from the source tree (bot/src/api) or the build (dist/bot/src/api). */
function projectRoot(): string {
  const fromSource = path.resolve(__dirname, '../../..');
  return path.basename(fromSource) === 'dist' ? path.dirname(fromSource) : fromSource;
}
