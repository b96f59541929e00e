#!/usr/bin/env node
// Latency of the `idea.take` card action (adaptiveCard/action invoke) end to end over loopback
// HTTP: the whole server as built (dist/), started by the one local-app factory
// (bot/src/local/app.ts, which the tests use too), the embedded Cosmos server, the coach task card
// rendered in the answer. The invoke path does Cosmos reads, one conditional write and the outbox
// enqueue; sending notifications is left to the outbox worker, which is paused here
// (OUTBOX_POLL_MS=0) so only the answer is measured.
//
// Usage: node scripts/bench-invoke.mjs [--ideas 200] [--json]
// Needs the server build: `npm run build:bot` (run here automatically when dist/ is missing).
import { randomUUID } from 'node:crypto';
import { activities, startLocalApp, startRecordingConnector } from './local-modules.mjs';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const ideasArg = args.indexOf('--ideas');
const IDEAS = ideasArg >= 0 ? Number(args[ideasArg + 1]) : 200;
const WARM_UP = 10;
const CONTESTED = 20;

const { COACH, COACH_2, GIVER, TENANT, invoke, message } = activities;

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
  const connector = await startRecordingConnector();
  const app = await startLocalApp({ OUTBOX_POLL_MS: '0' });
  try {
    // The bot knows the people (their references are read when a card is rendered).
    for (const user of [GIVER, COACH, COACH_2]) await post(app.url, message('hjälp', { serviceUrl: connector.serviceUrl, user }));
    connector.reset();
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
        invoke(
          'adaptiveCard/action',
          {
            action: {
              type: 'Action.Execute',
              verb: 'idea.take',
              data: { ideaId: idea.id, sluiceId: 'default', etag: idea.etag, version: 1 },
            },
          },
          { serviceUrl: connector.serviceUrl, user: coach },
        ),
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
    await app.close();
    await connector.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench-invoke failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
