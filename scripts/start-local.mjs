/**
 * `npm start` (after `npm run build`): runs Idéslussen locally with Microsoft 365 Agents Playground as the
 * Teams client.
 *
 * 1. Starts the server (`node dist/bot/src/index.js`) on 127.0.0.1:${PORT:-3978} for local use
 *    (LOCAL_DEV=true: the local token issuer, and no Bot Framework check without credentials), its
 *    JSON log shown pretty-printed (pino-pretty). Unless already set, DEFAULT_TENANT_ID and
 *    DEFAULT_COACH_IDS come from the Playground demo tenant (.m365agentsplayground.yml), so the
 *    default sluice exists and Karin Berg is its idea coach.
 *    Unless GRAPH_ENABLED is set, it first starts the local Graph stand-in (dist/bot/src/dev) on a free
 *    loopback port, filled with the Playground demo people, and points the server at it, so the
 *    department is prefilled and the coach named.
 * 2. Waits for GET /healthz.
 * 3. Starts Playground (scripts/playground.mjs: telemetry off, loopback only) on ${PLAYGROUND_PORT:-56150},
 *    speaking as the demo giver, and a second one on ${PLAYGROUND_COACH_PORT:-56151} with
 *    .m365agentsplayground.coach.yml, speaking as the demo idea coach, so both sides of Teams can be
 *    seen (`DEMO_COACH_PLAYGROUND=false` leaves the second out).
 * 4. Prints the Playground pages and the tab URL. Ctrl-C stops all, the Playgrounds first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_FILE_NAME, DEFAULT_PLAYGROUND_PORT, REPO_ROOT, portFromEnv, startPlayground } from './playground.mjs';

/** The demo tenant's idea coach: Karin Berg in .m365agentsplayground.yml (its schema has no roles). */
const DEMO_COACH_AAD_OBJECT_IDS = ['00000000-0000-0000-0000-0000000000c1'];
/** The demo tenant's sluice admin (process owner): Lars Nilsson, who sees the tab's Administration view. */
const DEMO_ADMIN_AAD_OBJECT_ID = '00000000-0000-0000-0000-0000000000e4';
/** The demo registrator (Fatima Hassan): reads records, gallring records and the audit log. */
const DEMO_REGISTRATOR_AAD_OBJECT_ID = '00000000-0000-0000-0000-0000000000e3';
const require = createRequire(import.meta.url);
/** @type {import('./local-server.cjs')} */
const { SERVER_ENTRY, startLocalServer } = require('./local-server.cjs');
/** The stand-in's own app registration and secret: local, made up, known only to the stand-in and the server it starts. */
const STAND_IN_CLIENT_ID = '00000000-0000-0000-0000-0000000000b1';
const STAND_IN_SECRET = 'local-graph-stand-in';
const STAND_IN_CATALOG_APP_ID = '00000000-0000-0000-0000-0000000000b2';
const HEALTH_TIMEOUT_MS = 60_000;
/** The demo coach's Playground config: the same tenant and people, with the coach as the one who speaks. */
const COACH_CONFIG_FILE_NAME = '.m365agentsplayground.coach.yml';
/** The demo municipality's departments: those of the demo people (comments in the Playground configs). */
const DEMO_DEPARTMENTS = [
  'Socialförvaltningen',
  'Utbildningsförvaltningen',
  'Stadsbyggnadsförvaltningen',
  'Tekniska förvaltningen',
  'Kultur- och fritidsförvaltningen',
  'Kommunledningskontoret',
];
const SERVER_STOP_TIMEOUT_MS = 20_000;

/**
 * Reads the demo tenant id and checks the coach ids are users in it, so a renamed id in the yml fails
 * here with a clear message instead of as a sluice without coaches.
 * @returns {{ tenantId: string, coachIds: string[], coachNames: string[], playgroundUser: string, coachPlaygroundUser: string }}
 */
function readDemoTenant() {
  const file = path.join(REPO_ROOT, CONFIG_FILE_NAME);
  /** @type {unknown} */
  const doc = parse(readFileSync(file, 'utf8'));
  const record = (/** @type {unknown} */ v) => (typeof v === 'object' && v !== null ? /** @type {Record<string, unknown>} */ (v) : {});
  const root = record(doc);
  const tenantId = root.tenantId;
  if (typeof tenantId !== 'string') throw new Error(`${file} has no tenantId`);
  const people = [root.currentUser, ...(Array.isArray(root.users) ? root.users : [])].map(record);
  const coachNames = DEMO_COACH_AAD_OBJECT_IDS.map((id) => {
    const coach = people.find((p) => p.aadObjectId === id);
    if (!coach)
      throw new Error(
        `${file} has no user with aadObjectId ${id} (the demo idea coach); update DEMO_COACH_AAD_OBJECT_IDS in ${path.basename(import.meta.url)}`,
      );
    return String(coach.name);
  });
  const coachFile = path.join(REPO_ROOT, COACH_CONFIG_FILE_NAME);
  const coachRoot = record(parse(readFileSync(coachFile, 'utf8')));
  const coachUser = record(coachRoot.currentUser);
  if (coachRoot.tenantId !== tenantId || !DEMO_COACH_AAD_OBJECT_IDS.includes(String(coachUser.aadObjectId))) {
    throw new Error(
      `${coachFile} must be the same tenant as ${CONFIG_FILE_NAME}, speaking as a demo idea coach (${DEMO_COACH_AAD_OBJECT_IDS.join(', ')})`,
    );
  }
  return {
    tenantId,
    coachIds: DEMO_COACH_AAD_OBJECT_IDS,
    coachNames,
    playgroundUser: String(record(root.currentUser).name),
    coachPlaygroundUser: String(coachUser.name),
  };
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} server
 */
async function waitForHealth(url, server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error('the server exited while starting (its output is above)');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/**
 * Stops the server with SIGTERM (it shuts down cleanly) and SIGKILL if it hangs.
 * @param {import('node:child_process').ChildProcess} server
 * @param {Promise<unknown>} exited
 */
async function stopServer(server, exited) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function main() {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing; run \`npm run build\` first (npm start does)`);
  const port = portFromEnv('PORT', 3978);
  const playgroundPort = portFromEnv('PLAYGROUND_PORT', DEFAULT_PLAYGROUND_PORT);
  const withCoachPlayground = !['false', '0', 'no'].includes((process.env.DEMO_COACH_PLAYGROUND ?? '').toLowerCase());
  const coachPlaygroundPort = portFromEnv('PLAYGROUND_COACH_PORT', playgroundPort + 1);
  const demo = readDemoTenant();
  // Graph stand-in unless a real (or another) Graph is configured.
  /** @type {{ url: string, stop(): Promise<void> } | undefined} */
  let graph;
  if (process.env.GRAPH_ENABLED === undefined) {
    /** @type {typeof import('../bot/src/dev/graph-standin')} */
    const { startGraphStandIn } = require(path.join(REPO_ROOT, 'dist', 'bot', 'src', 'dev', 'graph-standin.js'));
    graph = await startGraphStandIn({
      clientId: STAND_IN_CLIENT_ID,
      clientSecret: STAND_IN_SECRET,
      catalogAppIds: [STAND_IN_CATALOG_APP_ID],
    });
  }
  const env = {
    ...(graph
      ? {
          GRAPH_ENABLED: 'true',
          GRAPH_BASE_URL: graph.url,
          GRAPH_AUTHORITY_HOST: graph.url,
          GRAPH_CLIENT_ID: STAND_IN_CLIENT_ID,
          GRAPH_CLIENT_SECRET: STAND_IN_SECRET,
          GRAPH_TEAMS_APP_ID: STAND_IN_CATALOG_APP_ID,
        }
      : {}),
    ...process.env,
    LOCAL_DEV: 'true',
    PORT: String(port),
    DEFAULT_TENANT_ID: process.env.DEFAULT_TENANT_ID || demo.tenantId,
    DEFAULT_COACH_IDS: process.env.DEFAULT_COACH_IDS || demo.coachIds.join(','),
    DEFAULT_ADMIN_IDS: process.env.DEFAULT_ADMIN_IDS || DEMO_ADMIN_AAD_OBJECT_ID,
    DEFAULT_REGISTRATOR_IDS: process.env.DEFAULT_REGISTRATOR_IDS || DEMO_REGISTRATOR_AAD_OBJECT_ID,
    // The demo people's departments (the comments in the Playground configs), as one-click answers.
    DEFAULT_DEPARTMENTS: process.env.DEFAULT_DEPARTMENTS || DEMO_DEPARTMENTS.join(','),
    // A second, made-up sluice (Idéslussen Grannby) that asks the demo sluice for a link, so linked
    // sluices can be tried; `DEMO_NEIGHBOUR_SLUICE=false npm start` leaves it out.
    DEMO_NEIGHBOUR_SLUICE: process.env.DEMO_NEIGHBOUR_SLUICE || 'true',
    // Playground always reports en-US; treat the demo users as the Swedish users they are.
    // `LOCALE_OVERRIDE= npm start` (empty) shows what Teams' own locale would do.
    LOCALE_OVERRIDE: process.env.LOCALE_OVERRIDE ?? 'sv-SE',
  };

  // The server writes JSON lines (as in production); a person at a terminal reads them pretty-printed.
  const { server, exited: serverExited } = startLocalServer({ env, colorize: process.stdout.isTTY });
  process.once('exit', () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  });

  /** @type {import('./playground-launcher.cjs').RunningPlayground | undefined} */
  let playground;
  /** @type {import('./playground-launcher.cjs').RunningPlayground | undefined} */
  let coachPlayground;
  let stopping = false;
  /** @param {number} code */
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    try {
      await Promise.all([playground?.stop(), coachPlayground?.stop()]);
      await stopServer(server, serverExited);
      await graph?.stop();
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, server);
    const botEndpoint = `http://127.0.0.1:${port}/api/messages`;
    playground = await startPlayground({
      botEndpoint,
      port: playgroundPort,
      cwd: REPO_ROOT,
      onOutput: (text) => {
        if (!text.startsWith('Listening on')) process.stderr.write(`[playground] ${text}`);
      },
    });
    if (withCoachPlayground) {
      coachPlayground = await startPlayground({
        botEndpoint,
        port: coachPlaygroundPort,
        cwd: REPO_ROOT,
        configPath: COACH_CONFIG_FILE_NAME,
        onOutput: (text) => {
          if (!text.startsWith('Listening on')) process.stderr.write(`[playground coach] ${text}`);
        },
      });
    }
  } catch (err) {
    process.stderr.write(`Idéslussen could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
    return;
  }

  /** @type {Array<[string, string]>} */
  const rows = [
    [`Chat as ${demo.playgroundUser} (giver):`, playground.url],
    ...(coachPlayground
      ? [/** @type {[string, string]} */ ([`Chat as ${demo.coachPlaygroundUser} (idea coach):`, coachPlayground.url])]
      : []),
    ['Tab (any demo person):', `http://127.0.0.1:${port}/tab/`],
    ['Directory:', graph ? `local Graph stand-in, ${graph.url}` : 'GRAPH_ENABLED as set'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  process.stdout.write(
    [
      '',
      '  Idéslussen is running locally.',
      ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
      `  Both chats are Microsoft 365 Agents Playground. Idea coach: ${demo.coachNames.join(', ')}; sluice admin: Lars Nilsson (tenant ${env.DEFAULT_TENANT_ID}).`,
      ...(coachPlayground
        ? [`  Open ${demo.coachPlaygroundUser}'s chat once, so the bot knows it: task cards and reminders then arrive there.`]
        : []),
      ...(['true', '1', 'yes'].includes(env.DEMO_NEIGHBOUR_SLUICE)
        ? ['  Idéslussen Grannby asks for a link: accept it as Lars Nilsson under Administration, then see "Från länkade idéslussar".']
        : []),
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  // Either child ending on its own is a failure: take the other one down too.
  const which = await Promise.race([
    serverExited.then(() => 'server'),
    playground.exited.then(() => 'Playground'),
    ...(coachPlayground ? [coachPlayground.exited.then(() => "the coach's Playground")] : []),
  ]);
  if (!stopping) {
    process.stderr.write(
      `The ${which} stopped unexpectedly; stopping the rest.${which === 'Playground' ? ` Its log: ${playground.logFile}` : which === 'server' ? '' : ` Its log: ${coachPlayground?.logFile}`}\n`,
    );
    await shutdown(1);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
