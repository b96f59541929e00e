#!/usr/bin/env node
// `npm run bench`: how fast the pipeline tab is at real size, from one run.
//
// 1. Builds the server and the tab if dist/ or tab/dist/ is missing.
// 2. Starts the built server (node dist/bot/src/index.js) on loopback with a fresh data folder, so
//    the embedded Cosmos server runs inside it exactly as on a local install.
// 3. Seeds 1 000 ideas straight into Cosmos (@azure/cosmos transactional batches), measures, tops
//    up to 20 000 and measures again: API p50/p95 for the board's first page (GET /api/board, the
//    tab's first request) and for a filtered search (GET /api/ideas with text, department and stages).
//    With /usr/bin/chromium present it also times the tab itself: page load to the first card drawn.
//    After each size it prints the server's resident memory (RSS, from /proc).
// 4. Prints the tab's initial JavaScript size (gzip), then runs every other scripts/bench-*.mjs
//    (among them bench-scan.mjs: one reminder scan at 100 000 ideas of which 1 % are due).
//
// Usage: npm run bench [-- --runs 30] [-- --api-only]
//   --api-only: only step 3's API figures (no Chromium, no bundle sizes, no other bench scripts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CosmosClient } from '@azure/cosmos';
import chromiumLauncher from './chromium.cjs';
import { residentMegabytes, startDatabaseProcess } from './database-process.mjs';
import { keepStageCounts, seedIdeas } from './seed-ideas.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = path.join(ROOT, 'dist', 'bot', 'src', 'index.js');
const TAB_INDEX = path.join(ROOT, 'tab', 'dist', 'index.html');
const SIZES = [1_000, 20_000];
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 30;
const WARMUP = 3;
/** The tab's first script, gzip (issue 19): what index.html loads before anything else can run. 110 kB, decimal, the stricter reading. */
const INITIAL_JS_BUDGET = 110_000;
const API_ONLY = process.argv.includes('--api-only');
// The embedded database runs in a process of its own, as Azure Cosmos DB runs apart from the app, so
// the server's RSS and CPU are the app's; `--database in-process` runs it inside the server as `npm start` does.
const DATABASE_IN_PROCESS = process.argv.includes('--database') && process.argv[process.argv.indexOf('--database') + 1] === 'in-process';

const TENANT = 'b0000000-0000-4000-8000-0000000000a1';
const COACHES = [
  { id: 'b0000000-0000-4000-8000-0000000000c1', name: 'Karin Berg' },
  { id: 'b0000000-0000-4000-8000-0000000000c2', name: 'Omar Haddad' },
  { id: 'b0000000-0000-4000-8000-0000000000c3', name: 'Lena Ek' },
];

/** Runs a command in the project folder and stops the bench if it fails. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function ensureBuilt() {
  if (!existsSync(SERVER_ENTRY)) {
    console.log('dist/ is missing: npm run build');
    run('npm', ['run', 'build']);
  } else if (!existsSync(TAB_INDEX)) {
    console.log('tab/dist/ is missing: npm run build:tab');
    run('npm', ['run', 'build:tab']);
  }
}

/** Starts the built server and resolves with its URL and the embedded Cosmos endpoint, read from its log. */
function startServer(dataDir, database) {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOCAL_DEV: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      COSMOS_ENDPOINT: database?.endpoint ?? '',
      COSMOS_KEY: database?.key ?? '',
      ENTRA_CLIENT_ID: '',
      ENTRA_APP_ID_URI: '',
      MicrosoftAppId: '',
      DEFAULT_TENANT_ID: TENANT,
      DEFAULT_COACH_IDS: COACHES.map((c) => c.id).join(','),
      DEFAULT_SLUICE_NAME: 'Idéslussen Benchkommun',
      // No notification worker polling in the background: the figures are the API's alone.
      OUTBOX_POLL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let cosmos;
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('The server did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`The server exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.level >= 50) console.error(line);
        if (typeof entry.endpoint === 'string' && entry.endpoint.startsWith('http://127.0.0.1')) cosmos = entry.endpoint;
        if (typeof entry.url === 'string' && entry.msg?.includes('listening')) {
          clearTimeout(timer);
          resolve({ child, url: entry.url, cosmos: database?.endpoint ?? cosmos });
        }
      }
    });
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CPU time (user + system, ms) the process has used so far, from /proc; undefined where there is none. */
function cpuMilliseconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * p50/p95 wall time of a request, and the server's CPU time per request over the runs: on a busy
 * machine the wall time mostly measures the others' load, the CPU time what the request costs.
 */
async function measure(url, token, pid) {
  const headers = { authorization: `Bearer ${token}` };
  const call = async () => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  for (let i = 0; i < WARMUP; i += 1) await call();
  const times = [];
  let body;
  const cpuBefore = cpuMilliseconds(pid);
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    body = await call();
    times.push(performance.now() - started);
  }
  const cpuAfter = cpuMilliseconds(pid);
  times.sort((a, b) => a - b);
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / RUNS;
  return { p50: percentile(times, 50), p95: percentile(times, 95), cpu, body };
}

/** The JavaScript the tab's page loads before it can draw anything: its module script and preloads. */
function tabInitialSize() {
  const html = readFileSync(TAB_INDEX, 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/tab\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const size = (files) =>
    files.reduce(
      (sum, f) => {
        const data = readFileSync(path.join(ROOT, 'tab', 'dist', f));
        return { raw: sum.raw + data.length, gzip: sum.gzip + gzipSync(data, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  const initialJs = assets.filter((f) => f.endsWith('.js'));
  const lazy = readdirSync(path.join(ROOT, 'tab', 'dist', 'assets'))
    .map((f) => `assets/${f}`)
    .filter((f) => f.endsWith('.js') && !initialJs.includes(f));
  return {
    initialJs,
    js: size(initialJs),
    css: size(assets.filter((f) => f.endsWith('.css'))),
    lazy: lazy.map((f) => ({ file: f, ...size([f]) })),
  };
}

const { CHROMIUM_PATH, launchLocalChromium } = chromiumLauncher;

/**
 * Time from navigation to a drawn board (the first card visible) in headless Chromium, signed in
 * as the coach; every request not to the local server is aborted. Undefined without Chromium.
 */
async function renderTimes(url) {
  if (!existsSync(CHROMIUM_PATH)) return undefined;
  const browser = await launchLocalChromium({ allowedOrigins: [url] });
  const { context } = browser;
  try {
    const persona = JSON.stringify({ tid: TENANT, oid: COACHES[0].id, name: COACHES[0].name, role: 'coach' });
    await context.addInitScript((value) => sessionStorage.setItem('ideslussen.persona', value), persona);
    const times = [];
    // The scripts the first load asked for before its first card was drawn (the entry and the chunks it started).
    const firstCardJs = new Set();
    for (let i = 0; i < 1 + 5; i += 1) {
      const page = await context.newPage();
      const onRequest = (request) => {
        const m = /\/tab\/(assets\/[^?#]+\.js)/.exec(request.url());
        if (m) firstCardJs.add(m[1]);
      };
      if (i === 0) page.on('request', onRequest);
      const started = performance.now();
      await page.goto(`${url}/tab/index.html#/board`);
      await page.locator('[data-testid="idea-card"]').first().waitFor();
      if (i > 0) times.push(performance.now() - started);
      else page.off('request', onRequest);
      await page.close();
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), firstCardJs: [...firstCardJs] };
  } finally {
    await browser.close();
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;

async function main() {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-bench-'));
  const database = DATABASE_IN_PROCESS ? undefined : await startDatabaseProcess();
  const server = await startServer(dataDir, database);
  const client = new CosmosClient({
    endpoint: server.cosmos,
    key: Buffer.from('bench').toString('base64'),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  let firstCardJs = [];
  try {
    const container = client.database('ideslussen').container('ideas');
    const tokenRes = await fetch(`${server.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ oid: COACHES[0].id, tid: TENANT, name: COACHES[0].name }),
    });
    const { token } = await tokenRes.json();

    console.log(
      `Tab API against the built server with the embedded Cosmos server ${database ? 'in a process of its own' : "in the server's process"} (${RUNS} runs each, after ${WARMUP} warm-up calls)\n`,
    );
    console.log('  ideas  request                                               p50        p95   server CPU');
    let seeded = 0;
    const boards = [];
    for (const size of SIZES) {
      const started = performance.now();
      const tally = await seedIdeas(container, seeded, size, { tenantId: TENANT, coaches: COACHES });
      await keepStageCounts(client.database('ideslussen').container('counters'), tally);
      seeded = size;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const board = await measure(`${server.url}/api/board`, token, server.child.pid);
      if (board.body.total !== size) throw new Error(`Seeded ${size} ideas but the board counts ${board.body.total}`);
      boards.push({ size, ...board });
      const search = await measure(
        `${server.url}/api/ideas?q=belysning&department=${encodeURIComponent('Tekniska förvaltningen')}&stage=screening,testing&pageSize=25`,
        token,
        server.child.pid,
      );
      const firstPage = await measure(`${server.url}/api/ideas?pageSize=25`, token, server.child.pid);
      const row = (label, r) =>
        console.log(
          `${String(size).padStart(7)}  ${label.padEnd(50)} ${ms(r.p50)} ${ms(r.p95)}${r.cpu === undefined ? '' : ` ${ms(r.cpu)}`}`,
        );
      row('board, first page (GET /api/board, 6 columns+counts)', board);
      row('list, first page (GET /api/ideas?pageSize=25)', firstPage);
      row('filtered search (q + department + 2 stages)', search);
      const rendered = API_ONLY ? undefined : await renderTimes(server.url);
      if (rendered) row('tab: load to first card drawn (Chromium, 5 loads)', rendered);
      if (rendered) firstCardJs = rendered.firstCardJs;
      console.log(`         (seeded in ${seconds} s; search found ${search.body.items.length} on its first page)`);
      const rss = residentMegabytes(server.child.pid);
      const databaseRss = database?.rssMb();
      if (rss !== undefined)
        console.log(
          `         server RSS after these requests: ${rss} MB${database ? (databaseRss === undefined ? '' : `; database process ${databaseRss} MB`) : ' (database included)'}`,
        );
    }

    const [small, large] = boards;
    if (small && large) {
      console.log(
        `\n  board's first page at ${large.size} vs ${small.size} ideas: p50 ${(large.p50 / small.p50).toFixed(2)}×, p95 ${(large.p95 / small.p95).toFixed(2)}×` +
          (small.cpu && large.cpu ? `, server CPU ${(large.cpu / small.cpu).toFixed(2)}×` : '') +
          ' (goal: at most 1.5×)',
      );
    }
    if (API_ONLY) return;

    const tab = tabInitialSize();
    console.log('\nTab bundle (tab/dist)');
    console.log(`  initial JavaScript: ${tab.initialJs.join(', ')}`);
    console.log(
      `    ${kb(tab.js.raw)} minified, ${kb(tab.js.gzip)} = ${(tab.js.gzip / 1000).toFixed(1)} kB gzip (budget ${INITIAL_JS_BUDGET / 1000} kB: ${tab.js.gzip <= INITIAL_JS_BUDGET ? 'within' : 'OVER'})`,
    );
    if (firstCardJs.length > 0) {
      // The entry starts the board's chunks at once (in parallel with the first requests): this is all
      // the JavaScript a phone downloads before it shows the first card.
      const before = firstCardJs.reduce(
        (sum, f) => sum + gzipSync(readFileSync(path.join(ROOT, 'tab', 'dist', f)), { level: 9 }).length,
        0,
      );
      console.log(`  JavaScript before the first card is drawn (${firstCardJs.length} files): ${kb(before)} gzip`);
    }
    console.log(`  initial CSS: ${kb(tab.css.gzip)} gzip`);
    console.log('  loaded on demand (gzip):');
    for (const chunk of tab.lazy) console.log(`    ${chunk.file.padEnd(40)} ${kb(chunk.gzip)}`);
  } finally {
    client.dispose();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const others = readdirSync(path.join(ROOT, 'scripts'))
    .filter((f) => /^bench-.+\.mjs$/.test(f))
    .sort();
  for (const script of others) {
    console.log(`\n== scripts/${script} ==`);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script)], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) console.log(`(scripts/${script} exited with ${result.status})`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
