#!/usr/bin/env node
// Latency of the `idea.take` card action (adaptiveCard/action invoke) end to end over loopback
// HTTP: the whole server as built (dist/), the embedded Cosmos server, the coach task card
// rendered in the answer. The invoke path does Cosmos reads, one conditional write and the outbox
// enqueue; sending notifications is left to the outbox worker, which is paused here
// (OUTBOX_POLL_MS=0) so only the answer is measured.
//
// Usage: node scripts/bench-invoke.mjs [--ideas 200] [--json]
// Needs the server build: `npm run build:bot` (run here automatically when dist/ is missing).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const ideasArg = args.indexOf('--ideas');
const IDEAS = ideasArg >= 0 ? Number(args[ideasArg + 1]) : 200;
const WARM_UP = 10;
const CONTESTED = 20;

const TENANT = '11111111-1111-4111-8111-111111111111';
const COACH = { id: 'c0ac0000-0000-4000-8000-000000000001', name: 'Karin Berg' };
const COACH_2 = { id: 'c0ac0000-0000-4000-8000-000000000002', name: 'Omar Haddad' };
const GIVER = { id: '61e00000-0000-4000-8000-000000000001', name: 'Anna Lindqvist' };

if (!existsSync(path.join(REPO, 'dist/bot/src/app.js'))) {
  process.stderr.write('dist/ is missing: running npm run build:bot\n');
  execFileSync('npm', ['run', 'build:bot'], { cwd: REPO, stdio: 'inherit' });
}
const require = createRequire(import.meta.url);
const { startApp } = require(path.join(REPO, 'dist/bot/src/app.js'));
const { loadConfig } = require(path.join(REPO, 'dist/bot/src/config.js'));
const { createLogger } = require(path.join(REPO, 'dist/bot/src/logger.js'));

/** A Bot Framework connector stand-in on loopback that accepts every reply (for the set-up turns). */
async function startConnector() {
  let id = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `a-${++id}` }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

function activity(type, user, serviceUrl, extra) {
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    recipient: { id: '28:bot', name: 'Idéslussen' },
    conversation: { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

async function post(url, body) {
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  return { ms: performance.now() - started, status: res.status, body: json };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-bench-invoke-'));
  const connector = await startConnector();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOCAL_DEV: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    OUTBOX_POLL_MS: '0',
  });
  const app = await startApp(config, createLogger('silent'));
  try {
    // The bot knows the people (their references are read when a card is rendered).
    for (const user of [GIVER, COACH, COACH_2]) await post(app.url, activity('message', user, connector.url, { text: 'hjälp' }));
    const ideas = [];
    for (let i = 0; i < IDEAS + WARM_UP + 1; i++) {
      const result = await app.services.ideas.submit({
        giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
        text: {
          title: `Idé nummer ${i}`,
          need: 'Ett behov som många känner igen.',
          idea: 'En idé som kan testas i liten skala.',
          beneficiaries: ['staff'],
          department: 'Kommunledningskontoret',
        },
        source: 'chat',
        idempotencyKey: randomUUID(),
      });
      const stored = await app.services.ideas.get(result.idea.sluiceId, result.idea.id);
      ideas.push({ id: result.idea.id, etag: stored.etag });
    }
    const take = (idea, coach) =>
      post(
        app.url,
        activity('invoke', coach, connector.url, {
          name: 'adaptiveCard/action',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'idea.take',
              data: { ideaId: idea.id, sluiceId: 'default', etag: idea.etag, version: 1 },
            },
          },
        }),
      );

    for (const idea of ideas.slice(0, WARM_UP)) await take(idea, COACH);
    const times = [];
    for (const idea of ideas.slice(WARM_UP, WARM_UP + IDEAS)) {
      const { ms, status, body } = await take(idea, COACH);
      if (status !== 200 || body?.statusCode !== 200) throw new Error(`idea.take answered ${status}: ${JSON.stringify(body)}`);
      times.push(ms);
    }
    // One idea, many coaches at once: one wins, the others get the current card.
    const contested = ideas[ideas.length - 1];
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: CONTESTED }, (_, i) => take(contested, i % 2 ? COACH : COACH_2)));
    const contestedMs = performance.now() - started;
    const contestedTimes = answers.map((a) => a.ms).sort((a, b) => a - b);

    times.sort((a, b) => a - b);
    const result = {
      invokes: times.length,
      medianMs: Number(percentile(times, 50).toFixed(1)),
      p95Ms: Number(percentile(times, 95).toFixed(1)),
      maxMs: Number(times[times.length - 1].toFixed(1)),
      contested: {
        concurrent: CONTESTED,
        medianMs: Number(percentile(contestedTimes, 50).toFixed(1)),
        p95Ms: Number(percentile(contestedTimes, 95).toFixed(1)),
        wallMs: Number(contestedMs.toFixed(1)),
      },
    };
    if (asJson) {
      process.stdout.write(`${JSON.stringify({ bench: 'invoke idea.take', storage: 'embedded', ...result })}\n`);
    } else {
      process.stdout.write(
        [
          `idea.take invoke (adaptiveCard/action), embedded Cosmos, ${result.invokes} sequential invokes after ${WARM_UP} warm-up:`,
          `  median ${result.medianMs} ms   p95 ${result.p95Ms} ms   max ${result.maxMs} ms`,
          `${CONTESTED} concurrent idea.take on one idea (1 transition, ${CONTESTED - 1} stale answers):`,
          `  median ${result.contested.medianMs} ms   p95 ${result.contested.p95Ms} ms   all answered in ${result.contested.wallMs} ms`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    await app.stop();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench-invoke failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
