import path from 'node:path';
import type { Server } from 'restify';
import type { Config } from './config';
import { CosmosCaptureStateRepository } from './adapters/cosmos/capture-state-repository';
import { CosmosCardCopyRepository, CosmosIdeaChangeFeed, CosmosOutboxRepository } from './adapters/cosmos/outbox-repository';
import { CosmosSimilarSource } from './adapters/cosmos/similar-source';
import { CosmosImportStore } from './adapters/cosmos/import-store';
import { CosmosDueIdeas } from './adapters/cosmos/due-ideas';
import { CosmosDigestSource } from './adapters/cosmos/digest-source';
import { CosmosSupportRepository } from './adapters/cosmos/support-repository';
import { SupportService } from './domain/support';
import { CosmosScoreRepository } from './adapters/cosmos/score-repository';
import { addMissingScoreRanks } from './adapters/cosmos/idea-repository';
import type { Container } from '@azure/cosmos';
import { ScoringService } from './domain/scoring/scores';
import { RescoreJobs } from './domain/scoring/rescore-jobs';
import { DigestWork } from './domain/reminders/digest-work';
import { openStorage, type Storage } from './adapters/cosmos/storage';
import { registerApiRoutes, type ApiRoutes } from './api';
import { IMPORT_PATH } from './api/routes/admin';
import { KeptStageCounts } from './domain/stage-counts';
import { CosmosStageCountStore } from './adapters/cosmos/stage-count-store';
import type { ImportStore } from './domain/admin/import-service';
import type { SluiceRepository } from './domain/ports';
import { SluiceAdminService } from './domain/admin/admin-service';
import { SluiceLinkService } from './domain/admin/links';
import { IdeaImportService } from './domain/admin/import-service';
import { BotIdentities } from './adapters/bot-framework/bot-identities';
import { GraphDirectory } from './adapters/graph/graph-directory';
import { PeopleSearch, type PeopleDirectoryPort } from './domain/people-search';
import { noDirectory, type DirectoryFeatures, type DirectoryPort, type GroupMembersPort, type PersonReachPort } from './domain/directory';
import { CoachGroupSync } from './domain/admin/coach-groups';
import { PeriodicTask } from './domain/periodic-task';
import { IdeaService } from './domain/idea-service';
import { lateReplyJob, notificationListener } from './domain/notifications';
import type { OutboxWorker } from './domain/notifications-worker';
import { ReminderScheduler } from './domain/reminders/scheduler';
import { MonthlyReports } from './domain/stats/monthly-report';
import { offsetClock, systemClock, type Clock } from './domain/clock';
import { LinkedIdeas } from './domain/linked-ideas';
import { loadSwedishAnalyzer } from './domain/similar/analyze';
import { SimilarIdeas } from './domain/similar/similar-ideas';
import { seedDefaultSluice } from './domain/sluice-setup';
import { seedDemoNeighbour } from './local/demo-neighbour';
import { StatsService } from './domain/stats/stats-service';
import { statsWorkingDays } from './domain/stats/working-day-count';
import { RejectionLog } from './http/rejection-log';
import { createHttpServer } from './http/server';
import type { Logger } from './logger';
import { createAdapter } from './teams/adapter';
import { IdeaBot } from './teams/bot';
import { CaptureDialog } from './teams/capture/capture-dialog';
import { LOCAL_BOT_SENDERS, ProactiveMessenger } from './teams/coach/proactive-messenger';
import { createCoaching } from './teams/coach/setup';
import { registerBotRoute } from './teams/route';
import { SendBudget } from './teams/send-budget';
import { reportComposer } from './teams/stats/monthly-report-card';
import { ReportChannelCommand } from './teams/stats/report-channel';
import { AbsenceService } from './domain/reminders/absence';
import { ChallengeService } from './domain/challenges';
import { ChallengeClosing, OutboxChallengeAnnouncer } from './domain/challenge-jobs';
import { CosmosChallengeIdeas, CosmosChallengeRepository } from './adapters/cosmos/challenge-repository';
import { CommentService } from './domain/comments/comment-service';
import { CosmosCommentRepository } from './adapters/cosmos/comment-repository';
import { CosmosCommentRateRepository } from './adapters/cosmos/comment-rate-repository';
import { personalDataSources } from './adapters/cosmos/personal-data-sources';
import { PersonalDataRegistry } from './domain/personal-data';
import { PersonalDataService } from './domain/personal-data-service';
import { IdeaLinks } from './teams/deep-links';
import { MyDataCommand } from './teams/my-data/my-data-command';
import { IdeaSearch } from './domain/idea-search';
import { GallringWork } from './domain/retention/gallring';
import { CosmosGallringStore, CosmosRetentionSource } from './adapters/cosmos/retention-store';
import { CosmosIdeaParticipation } from './adapters/cosmos/idea-participation';
import { CosmosRecordLookup } from './adapters/cosmos/record-lookup';

export interface App {
  readonly server: Server;
  readonly storage: Storage;
  readonly services: {
    readonly ideas: IdeaService;
    /** Sends queued notifications; paused (not started) when OUTBOX_POLL_MS=0, then `runOnce()` drives it. */
    readonly notifications: OutboxWorker;
    /** Similar ideas of a sluice, from an in-memory index kept current with Cosmos. */
    readonly similar: SimilarIdeas;
    /** Statistics: kept up to date by every change of an idea. */
    readonly stats: StatsService;
    /** The board's kept per-stage counts; `rebuild` after writing ideas past the app (seeding). */
    readonly stageCounts: KeptStageCounts;
    /** Finds ideas past a limit and queues reminders and digests; paused when REMINDER_SCAN_MS=0, then `runOnce()` drives it. */
    readonly reminders: ReminderScheduler;
    /** Challenges (utmaningar); they close in the reminder scheduler's rounds. */
    readonly challenges: ChallengeService;
    /** Comments on ideas and coaches' internal notes. */
    readonly comments: CommentService;
    /** Syncs coaches with the sluices' Entra groups (hourly, GRAPH_GROUP_SYNC_MS); `round()` runs one round now. */
    readonly coachGroups: CoachGroupSync;
    /** The gallring job, one of the scheduler's rounds; `run(now)` drives it directly. */
    readonly gallring: GallringWork;
  };
  /** The tab API; locally its token check holds the local issuer. */
  readonly api: ApiRoutes;
  /** The address the server listens on, e.g. http://127.0.0.1:3978. */
  readonly url: string;
  /** Stops accepting requests, waits for turns in flight, flushes and closes storage. */
  stop(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  /** Where the built tab is; defaults to tab/dist beside the project. */
  readonly tabDir?: string;
  /** The directory that prefills a giver's profile; Graph when configured (GRAPH_*), else none (no prefill). */
  readonly directory?: DirectoryPort;
}

/** The directory of this server: Graph when configured, else one that knows nobody; and what it can do. */
export function openDirectory(
  config: Config,
  logger: Logger,
  given?: DirectoryPort,
): {
  directory: DirectoryPort;
  reach?: PersonReachPort;
  groups?: GroupMembersPort;
  people?: PeopleDirectoryPort;
  features: DirectoryFeatures;
} {
  const none = { installForPeople: false, activityFeed: false, coachGroups: false, peopleSearch: false };
  if (given) return { directory: given, features: { ...none, profiles: true } };
  if (!config.graph) return { directory: noDirectory, features: { ...none, profiles: false } };
  const graph = new GraphDirectory(config.graph, logger);
  // On behalf of the user needs the tab's own token to be for the app registration that exchanges
  // it (Entra ID refuses another audience): without that, the pickers offer the known people only.
  const onBehalf = !config.entra || config.entra.clientId === config.graph.clientId;
  return {
    directory: graph,
    reach: graph,
    groups: graph,
    ...(onBehalf ? { people: graph } : {}),
    features: { ...graph.features, peopleSearch: onBehalf },
  };
}

/** Says once at start which directory features are off, and why, so nobody wonders where the prefill went. */
function logDirectoryFeatures(config: Config, features: DirectoryFeatures, logger: Logger): void {
  const off = [
    ...(features.profiles ? [] : ['profile prefill (department, job title, company) and directory names']),
    ...(features.installForPeople ? [] : ['installing the app for people the bot cannot reach']),
    ...(features.activityFeed ? [] : ['activity feed notifications']),
    ...(features.coachGroups ? [] : ['coaches from Entra groups']),
    ...(features.peopleSearch ? [] : ["people search in the directory (the tab's pickers offer people the sluice knows)"]),
  ];
  if (off.length === 0) logger.info('Directory (Microsoft Graph): every feature is on');
  else logger.info({ directoryFeaturesOff: off }, `Directory features off: ${off.join('; ')} (${offBecause(config, features)})`);
}

/** Why the features that are off are off, as a person configuring the server can act on it. */
function offBecause(config: Config, features: DirectoryFeatures): string {
  if (!config.graph) return 'GRAPH_ENABLED is not true';
  return [
    ...(features.installForPeople ? [] : ['GRAPH_TEAMS_APP_ID is not set']),
    ...(features.peopleSearch ? [] : ["GRAPH_CLIENT_ID is not the tab's ENTRA_CLIENT_ID, so it cannot search on behalf of the user"]),
  ].join('; ');
}

/** Wires the whole server together and starts listening. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  // One clock for every timer; DEV_CLOCK_OFFSET (refused in production) moves it locally.
  const clock = options.clock ?? offsetClock(systemClock, config.clockOffsetMs);
  const storage = await openStorage(config, logger);
  await seedDefaultSluice(storage.sluices, config.defaultSluice, clock, logger);
  // The local demo's second sluice, before the stages are counted (its ideas are written directly).
  if (config.demoNeighbourSluice) {
    const links = new SluiceLinkService(storage.sluices, storage.audit, clock);
    await seedDemoNeighbour({ sluices: storage.sluices, ideas: storage.ideas, links, clock, logger }, 'default');
  }

  const { directory, reach, groups, people, features } = openDirectory(config, logger, options.directory);
  const ideas = new IdeaService(storage.ideas, storage.sluices, clock, directory);
  const supports = new CosmosSupportRepository(storage.containers.participation);
  const similar = new SimilarIdeas({
    source: new CosmosSimilarSource(storage.containers.ideas, storage.containers.participation),
    analyzer: await loadSwedishAnalyzer(),
    clock,
    logger,
    refreshMs: config.similar.refreshMs,
    maxIdeas: config.similar.maxIdeas,
  });
  ideas.listen(similar);
  similar.start();
  // The board's per-stage counts, kept by every change and counted again at start (mends a crash's loss).
  const stageCounts = new KeptStageCounts(
    new CosmosStageCountStore(storage.containers.counters),
    (sluiceId) => storage.ideas.countByStage(sluiceId, {}),
    logger,
  );
  ideas.listen(stageCounts.listener());
  const stats = new StatsService(storage.ideas, storage.stats, clock, statsWorkingDays(), logger);
  ideas.listen(stats.listener());
  const changeFeed = new CosmosIdeaChangeFeed(storage.containers.ideas);
  // One identity per member tenant (BOT_APPS), or the one bot; none locally.
  const identities = config.bot ? new BotIdentities(config.bot.apps, config.bot.authorityHost) : undefined;
  const adapter = createAdapter(config, logger, identities);
  const messenger = new ProactiveMessenger(adapter, identities ?? LOCAL_BOT_SENDERS);
  const absence = new AbsenceService(storage.sluices, clock);
  // Challenges: their posts and the owner's summary go through the outbox; they close in the scheduler's rounds.
  const challengeStore = new CosmosChallengeRepository(storage.containers.participation);
  const challengeIdeas = new CosmosChallengeIdeas(storage.containers.ideas);
  // Comments and internal notes; their hourly notices go through the outbox the coaching sends.
  const comments = new CommentService({
    comments: new CosmosCommentRepository(storage.containers.participation),
    rate: new CosmosCommentRateRepository(storage.containers.participation),
    ideas: storage.ideas,
    outbox: new CosmosOutboxRepository(storage.containers.outbox),
    clock,
    logger,
    enqueued: () => coaching.worker.wake(),
  });
  // Every store that keeps something about a person (adapters/cosmos/personal-data-sources.ts).
  const personalData = new PersonalDataService(
    new PersonalDataRegistry(personalDataSources(storage.containers, storage.ideas), storage.ideas),
    storage.audit,
    clock,
  );
  // The server's address, known once it listens (links fall back on it locally).
  const listening: { url?: string } = {};
  // Every link to an idea (cards, the tab's "Kopiera länk", link previews) is made here.
  const ideaLinks = new IdeaLinks({
    ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}),
    baseUrl: () => config.publicBaseUrl ?? listening.url,
  });
  // Scores against the sluice's criteria; a change of the criteria rescores the ideas as an outbox job.
  const scoring = new ScoringService(new CosmosScoreRepository(storage.containers.participation), storage.ideas, clock);
  const rescores = new RescoreJobs({
    scoring,
    sluices: storage.sluices,
    outbox: new CosmosOutboxRepository(storage.containers.outbox),
    audit: storage.audit,
    clock,
    logger,
    queued: () => coaching.worker.wake(),
  });
  const coaching = createCoaching({
    ideaService: ideas,
    ideas: storage.ideas,
    sluices: storage.sluices,
    conversations: storage.conversations,
    outbox: new CosmosOutboxRepository(storage.containers.outbox),
    copies: new CosmosCardCopyRepository(storage.containers.outbox),
    feed: changeFeed,
    messenger,
    clock,
    logger,
    pollMs: config.outboxPollMs,
    ...(reach ? { reach } : {}),
    // The activity feed's link: the app's id in the manifest, or the catalog's (the same for a custom app).
    ...(config.teamsAppId || config.graph?.teamsAppId ? { teamsAppId: (config.teamsAppId ?? config.graph?.teamsAppId)! } : {}),
    absence,
    similar,
    digestSource: new CosmosDigestSource(storage.containers.ideas),
    challengeSource: { challenges: challengeStore, ideas: challengeIdeas },
    comments,
    supports,
    links: ideaLinks,
    rescores,
  });
  // A turn's replies that Teams does not take within the budget are sent later by the outbox.
  const lateReplies = new CosmosOutboxRepository(storage.containers.outbox);
  adapter.use(
    new SendBudget({
      budgetMs: config.connector.turnBudgetMs,
      logger,
      handOff: async (replies) => {
        await lateReplies.enqueue(lateReplyJob(replies, clock.now()));
        coaching.worker.wake();
      },
    }),
  );
  // Reminder events go through the same outbox as every other change (and its recovery sweep).
  const reminderEvents = notificationListener(coaching.worker, clock, logger);
  // The monthly report card, queued by the scheduler's round on the first working day of the month.
  const monthlyReports = new MonthlyReports({
    sluices: storage.sluices,
    outbox: new CosmosOutboxRepository(storage.containers.outbox),
    report: (sluice, month) => stats.report(sluice, 'public', { preset: 'custom', from: month, to: month }, {}),
    compose: reportComposer({
      conversations: storage.conversations,
      link: (month) => statsLink(config, listening.url, month),
      ideaLink: (ideaId, channelId) => ideaLinks.toIdea(ideaId, { kind: 'channel', channelId }),
    }),
    clock,
    logger,
    queued: () => coaching.worker.wake(),
  });
  const challenges = new ChallengeService({
    challenges: challengeStore,
    ideas: challengeIdeas,
    announcer: new OutboxChallengeAnnouncer(new CosmosOutboxRepository(storage.containers.outbox), clock, () => coaching.worker.wake()),
    clock,
  });
  // Retention: once a day per rule, what the sluice's rules say is due is removed and recorded.
  const gallringRecords = new CosmosGallringStore(storage.containers.participation);
  const gallring = new GallringWork({
    sluices: storage.sluices,
    ideas: storage.ideas,
    records: gallringRecords,
    source: new CosmosRetentionSource(storage.containers),
    participation: new CosmosIdeaParticipation(storage.containers.participation),
    audit: storage.audit,
    logger,
    changed: async (sluiceId, removed) => {
      if (removed.length === 0) return;
      similar.ideasRemoved(sluiceId, removed);
      await stageCounts.rebuild(sluiceId);
    },
  });
  const reminders = new ReminderScheduler({
    due: new CosmosDueIdeas(storage.containers.ideas),
    ideas: storage.ideas,
    sluices: storage.sluices,
    clock,
    logger,
    breached: async (idea, sluice, event) => reminderEvents.ideaChanged?.(idea, sluice, event),
    scanMs: config.reminderScanMs,
    // The Monday digest per coach and the monthly one per subscribed channel, queued exactly once per round.
    work: [
      new DigestWork({
        sluices: storage.sluices,
        outbox: new CosmosOutboxRepository(storage.containers.outbox),
        logger,
        enqueued: () => coaching.worker.wake(),
      }),
      monthlyReports,
      new ChallengeClosing({
        challenges: challengeStore,
        outbox: new CosmosOutboxRepository(storage.containers.outbox),
        logger,
        queued: () => coaching.worker.wake(),
      }),
      gallring,
    ],
  });
  const bot = new IdeaBot({
    ideas,
    conversations: storage.conversations,
    clock,
    logger,
    reportChannel: new ReportChannelCommand({ sluices: storage.sluices, conversations: storage.conversations, clock, logger }),
    productName: config.defaultSluice?.name ?? 'Idéslussen',
    coaching,
    directory,
    similar,
    search: { search: new IdeaSearch(storage.ideas, storage.sluices, similar), links: ideaLinks },
    links: ideaLinks,
    myData: new MyDataCommand({ ideas, personalData, links: ideaLinks, logger }),
    ...(config.onboardingContact ? { onboardingContact: config.onboardingContact } : {}),
    capture: new CaptureDialog({
      ideas,
      conversations: storage.conversations,
      states: new CosmosCaptureStateRepository(storage.containers.botstate),
      directory,
      messenger,
      clock,
      logger,
      similar,
      linkedIdeas: new LinkedIdeas(storage.ideas, storage.sluices),
      challenges,
      links: ideaLinks,
      ...(config.onboardingContact ? { onboardingContact: config.onboardingContact } : {}),
    }),
  });

  await recountStages(storage.sluices, stageCounts, logger);
  await addScoreRanks(storage.sluices, storage.containers.ideas, logger);
  const server = createHttpServer({
    logger,
    tabDir: options.tabDir ?? defaultTabDir(),
    rawBodyPaths: [IMPORT_PATH],
    health: async () => {
      const ok = await storage.ping();
      const problem = storage.restoreProblem;
      return {
        ok,
        details: { storage: storage.kind, ...(problem ? { restoreProblem: { kind: problem.kind, message: problem.message } } : {}) },
      };
    },
  });
  // One budget for refusal warnings, so a flood of bad tokens on either endpoint cannot flood the log.
  const rejections = new RejectionLog(logger);
  const inFlight = registerBotRoute(server, adapter, bot, logger, rejections);
  const admin = {
    settings: new SluiceAdminService(storage.sluices, storage.audit, clock),
    links: new SluiceLinkService(storage.sluices, storage.audit, clock),
    imports: new IdeaImportService(
      storage.sluices,
      countedImports(new CosmosImportStore(storage.containers.ideas), stageCounts, stats),
      storage.audit,
      clock,
      similar,
    ),
  };
  // Coaches from the sluices' Entra groups: hourly on every instance (each change is one conditional
  // write, so instances syncing at once change a sluice once) and on an admin's "Synka nu".
  const coachGroups = new CoachGroupSync({
    sluices: storage.sluices,
    audit: storage.audit,
    clock,
    directory,
    ...(groups ? { groups } : {}),
    logger,
  });
  const coachGroupRounds = new PeriodicTask({
    round: () => coachGroups.round(),
    everyMs: groups ? (config.graph?.groupSyncMs ?? 0) : 0,
    firstDelayMs: 5_000,
    failed: (err) => logger.warn({ err }, 'A coach group sync round failed; the next round tries again'),
  });
  const api = await registerApiRoutes(server, {
    config,
    logger,
    clock,
    absence,
    ideas,
    similar,
    stats,
    personalData,
    repositories: storage,
    stageCounts,
    admin: { ...admin, ...(groups ? { coachGroups } : {}) },
    comments,
    gallring: gallringRecords,
    recordLookup: new CosmosRecordLookup(storage.containers),
    rejections,
    challenges,
    // The one support service, whose changes update the posted cards' counts through the outbox.
    support: coaching.support ?? new SupportService(supports, ideas, clock),
    scoring,
    rescores,
    directory,
    people: new PeopleSearch(storage.ideas, people, (err) =>
      logger.warn({ err }, 'People search: the directory could not answer; offering the people the sluice knows'),
    ),
    // "Kopiera länk" in the panel gives the personal chat's card link (the personal tab at the idea).
    ideaLink: (ideaId) => ideaLinks.toIdea(ideaId),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
  listening.url = url;
  logger.info(
    { url, storage: storage.kind, botAuth: config.bot ? 'on' : 'off', botApps: config.bot?.apps.length ?? 0 },
    'Idéslussen is listening',
  );
  logDirectoryFeatures(config, features, logger);
  if (config.outboxPollMs > 0) coaching.worker.start();
  else logger.warn('OUTBOX_POLL_MS=0: notifications are queued but not sent by this instance');
  const statsSweep = stats.periodicSweep(changeFeed, config.statsSweepMs);
  statsSweep.start();
  reminders.start();
  coachGroupRounds.start();

  let stopping: Promise<void> | undefined;
  return {
    server,
    storage,
    services: {
      ideas,
      stageCounts,
      notifications: coaching.worker,
      similar,
      stats,
      reminders,
      challenges,
      comments,
      coachGroups,
      gallring,
    },
    api,
    url,
    stop: () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await inFlight.drain();
        await reminders.stop();
        await coachGroupRounds.stop();
        await coaching.worker.stop();
        await similar.stop();
        await statsSweep.stop();
        await storage.close();
        logger.info('Idéslussen stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Where the monthly report card's button goes: the app's Statistik tab in Teams when the app's id
 * is known (TEAMS_APP_ID), else the tab's own address (a local server).
 */
export function statsLink(config: Pick<Config, 'teamsAppId' | 'publicBaseUrl'>, listening: string | undefined, month: string): string {
  if (config.teamsAppId) return `https://teams.microsoft.com/l/entity/${config.teamsAppId}/stats?label=Statistik`;
  const base = config.publicBaseUrl ?? listening ?? '';
  return `${base}/tab/index.html#/stats?period=custom&from=${month}&to=${month}`;
}

/** Counts every sluice's stages again before the server listens, so a count a crash lost is mended at start. */
async function recountStages(sluices: SluiceRepository, counts: KeptStageCounts, logger: Logger): Promise<void> {
  try {
    for (const sluice of await sluices.list()) await counts.rebuild(sluice.id);
  } catch (err) {
    logger.warn({ err }, 'Could not recount the stages at start; the kept counts stay as they were');
  }
}

/** Ideas stored before the score sort get their sort key before the server listens (one query per sluice once done). */
async function addScoreRanks(sluices: SluiceRepository, ideas: Container, logger: Logger): Promise<void> {
  try {
    for (const sluice of await sluices.list()) {
      const written = await addMissingScoreRanks(ideas, sluice.id);
      if (written > 0) logger.info({ sluiceId: sluice.id, written }, 'Gave stored ideas their score sort key');
    }
  } catch (err) {
    logger.warn({ err }, 'Could not give every stored idea its score sort key; the next start tries again');
  }
}

/**
 * The import's store; the ideas it stores are counted in the kept stage counts (each as it is
 * stored) and in the statistics (all at once, one write per month), as imports pass no idea
 * listener. A statistics update that fails is left to the sweep, as for any other change.
 */
export function countedImports(store: ImportStore, counts: KeptStageCounts, stats: Pick<StatsService, 'countImported'>): ImportStore {
  return {
    existingIds: (sluiceId, ids) => store.existingIds(sluiceId, ids),
    async create(idea) {
      const created = await store.create(idea);
      if (created) await counts.stored(idea);
      return created;
    },
    createdAll: (sluiceId, ideas) => stats.countImported(sluiceId, ideas),
  };
}

/** tab/dist beside the project, whether this runs from the build (dist/bot/src) or the source (bot/src, in tests). */
function defaultTabDir(): string {
  const fromBuild = path.basename(path.resolve(__dirname, '../..')) === 'dist';
  return path.resolve(__dirname, fromBuild ? '../../../tab/dist' : '../../tab/dist');
}
