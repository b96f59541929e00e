#!/usr/bin/env node
// `npm run bench:load`: the chat under load, end to end over loopback HTTP. The whole server as
// built (dist/), started by the one local-app factory (bot/src/local/app.ts, as the tests do),
// with the embedded Cosmos server and a recording Bot Framework connector on loopback.
//
// 1. Load: 200 conversations of 10 turns each (start, a too-short title, title, need, help, idea,
//    beneficiaries, department, submit, "mina idéer"), 0–3 s think time between turns, against a
//    fresh database and again after 10 000 ideas were stored. Prints turns/s, p50/p95/p99 per
//    turn, errors (a non-200 answer or the bot's apology), failed submissions, and ideas
//    confirmed (the numbered confirmation reached the connector, in the turn or later through
//    the outbox) against ideas stored.
// 2. The echo-bot ratio: a bare botbuilder echo bot (CloudAdapter + ActivityHandler on restify,
//    the same library versions, same process and connector) and the app's capture turns, both
//    driven by the same closed loop of 50 clients without think time; the app's throughput as a
//    share of the echo bot's, in three alternating rounds after the same warm-up (ratio of the medians);
//    a round ends when the last message it caused reached the connector (the outbox's task cards
//    included), so no round's work is counted in the next.
//    Then what each of the nine capture turns costs the server in CPU time, 50 givers sending it at
//    once, beside the echo bot's turn measured alike.
// 3. A burst: 100 people with a finished draft all press submit at once; all stored? time to the
//    last answer and to the last confirmation at the connector.
// The load generator runs in the server's process, so the RSS printed covers both. The embedded
// database runs in a process of its own (scripts/embedded-cosmos-process.mjs), as Azure Cosmos DB
// runs apart from the app: its work does not share the app's event loop, and its RSS is printed
// apart. `--database in-process` runs it inside the server, as `npm start` does.
// Figures are printed, never asserted. Usage: npm run bench:load [-- --conversations 200]
import { createRequire } from 'node:module';
import { startDatabaseProcess } from './database-process.mjs';
import { activities, startLocalApp, startRecordingConnector } from './local-modules.mjs';
import { seedIdeas } from './seed-ideas.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const CONVERSATIONS = option('--conversations', 200);
const SEEDED = option('--ideas', 10_000);
const THINK_MS = 3000;
const ECHO_CLIENTS = 50;
const ECHO_TURNS = 1000;
const ECHO_ROUNDS = 3;
/** Turns each side runs before it is measured (the capture's first turns create each giver's state). */
const ECHO_WARMUP = 100;
const BURST = 100;
/** The per-step costs: givers who send each turn at the same moment, walks measured after the warm-up walks. */
const STEP_PEOPLE = 50;
const STEP_WALKS = 5;
const STEP_WARMUP = 2;
const DATABASE_IN_PROCESS = args.includes('--database') && args[args.indexOf('--database') + 1] === 'in-process';

const { COACH, COACH_2, TENANT, message } = activities;
const require = createRequire(import.meta.url);
const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');
const restify = require('restify');

const APOLOGY = 'Oj, något gick fel';
/** The bot's answer to submit: a new number, or the number it already had. */
const CONFIRMATION = /inskickad[^#]*#\d+/i;
/** How long to wait for replies a slow turn handed to the outbox. */
const LATE_REPLY_WAIT_MS = 60_000;

let random = 7;
/** Deterministic, so every run thinks the same. */
function rnd() {
  random = (random * 1103515245 + 12345) % 2147483648;
  return random / 2147483648;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A giver of the load run: their own id and personal chat. */
function person(run, i) {
  const hex = (run * 100_000 + i).toString(16).padStart(12, '0');
  return { id: `10ad0000-0000-4000-8000-${hex}`, name: `Belastning ${run}-${i}` };
}

/** The ten turns of one conversation; `submit` is the one that hands the idea in. */
function turnsOf(i) {
  return [
    'ny idé',
    'ab',
    `Cykelpool för hemtjänsten ${i}`,
    'Bilarna räcker inte till hembesöken på morgonen',
    'hjälp',
    'Elcyklar som delas mellan grupperna',
    'medarbetare och brukare',
    'Vård- och omsorgsförvaltningen',
    'skicka in',
    'mina idéer',
  ];
}
const SUBMIT_TURN = 8;

async function post(url, body) {
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

/** What the connector got for one conversation since `from` (index into its calls), as one string. */
function said(connector, conversationId, from) {
  return connector.calls
    .slice(from)
    .filter((c) => c.conversationId === conversationId)
    .map((c) => JSON.stringify(c.body))
    .join('\n');
}

async function storedBy(app, ids) {
  const { resources } = await app.storage.containers.ideas.items
    .query({
      query: 'SELECT VALUE COUNT(1) FROM c WHERE ARRAY_CONTAINS(@ids, c.giver.id)',
      parameters: [{ name: '@ids', value: ids }],
    })
    .fetchAll();
  return resources[0] ?? 0;
}

/**
 * How many of the people got their confirmation (in the turn, or later through the outbox), waiting
 * up to a minute for the outbox; and when the last one reached the connector (ms since epoch).
 */
async function confirmations(connector, people, from) {
  const end = Date.now() + LATE_REPLY_WAIT_MS;
  for (;;) {
    let count = 0;
    let lastAt = 0;
    for (const user of people) {
      const call = connector.calls
        .slice(from)
        .find((c) => c.conversationId === `a:personal-${user.id}` && CONFIRMATION.test(JSON.stringify(c.body)));
      if (call) {
        count++;
        lastAt = Math.max(lastAt, call.at);
      }
    }
    if (count === people.length || Date.now() > end) return { count, lastAt };
    await sleep(500);
  }
}

/** One load run: every conversation at once, each turn after 0–3 s of thought. */
async function load(app, connector, run) {
  const times = [];
  let errors = 0;
  let failedSubmissions = 0;
  const people = Array.from({ length: CONVERSATIONS }, (_, i) => person(run, i));
  const started = performance.now();
  await Promise.all(
    people.map(async (user, i) => {
      const conversationId = `a:personal-${user.id}`;
      await sleep(rnd() * THINK_MS);
      for (const [turn, text] of turnsOf(i).entries()) {
        const before = connector.calls.length;
        const answer = await post(app.url, message(text, { serviceUrl: connector.serviceUrl, user }));
        times.push(answer.ms);
        const reply = said(connector, conversationId, before);
        const failed = answer.status !== 200 || reply.includes(APOLOGY);
        if (failed) errors++;
        if (turn === SUBMIT_TURN && failed) failedSubmissions++;
        await sleep(rnd() * THINK_MS);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  // A confirmation a slow turn handed to the outbox counts once the outbox has sent it.
  const confirmed = (await confirmations(connector, people, 0)).count;
  const stored = await storedBy(
    app,
    people.map((p) => p.id),
  );
  return { turns: times.length, seconds, times, errors, failedSubmissions, confirmed, stored };
}

/** Closed loop: `clients` at once, each sending its next turn when the last was answered, until `total`. */
async function closedLoop(total, clients, send) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = next++; n < total; n = next++) await send(client, n);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/** Waits until the connector has had no call for 100 ms. */
async function connectorQuiet(connector) {
  for (let seen = -1; seen !== connector.calls.length;) {
    seen = connector.calls.length;
    await sleep(100);
  }
}

/**
 * A closed loop whose turns/s count the work the turns left behind: the round ends when the last
 * message it caused reached the connector (the outbox's task cards after the last submission), not
 * when the last turn answered, so that work cannot spill into the next round and be counted there.
 */
async function settledLoop(connector, total, clients, send) {
  const started = Date.now();
  await closedLoop(total, clients, send);
  await connectorQuiet(connector);
  const last = connector.calls.at(-1)?.at ?? Date.now();
  return total / ((Math.max(last, started + 1) - started) / 1000);
}

/** A bare botbuilder echo bot on restify, as the samples have it, on a free loopback port. */
async function startEchoBot() {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * The echo bot's and the app's capture turns per second under the same closed loop, both warmed up
 * alike, in ECHO_ROUNDS alternating rounds (echo, app, echo, app …): what else the process does
 * at a moment (the outbox, a refresh) falls on both, and the ratio is that of the medians.
 */
async function echoRatio(app, connector) {
  const echo = await startEchoBot();
  try {
    const serviceUrl = connector.serviceUrl;
    const echoTurn = (client, n) => post(echo.url, message(`hej ${n}`, { serviceUrl, user: person(7, client) }));
    // Capture turns: each client walks its own dialog (start … department, submit), over and over.
    const steps = turnsOf(0).slice(0, SUBMIT_TURN + 1);
    const position = new Map();
    const captureTurn = async (client) => {
      const at = position.get(client) ?? 0;
      position.set(client, (at + 1) % steps.length);
      await post(app.url, message(steps[at], { serviceUrl, user: person(8, client) }));
    };
    await settledLoop(connector, ECHO_WARMUP, ECHO_CLIENTS, echoTurn);
    await settledLoop(connector, ECHO_WARMUP, ECHO_CLIENTS, captureTurn);
    const echoRates = [];
    const appRates = [];
    for (let round = 0; round < ECHO_ROUNDS; round++) {
      echoRates.push(await settledLoop(connector, ECHO_TURNS, ECHO_CLIENTS, echoTurn));
      appRates.push(await settledLoop(connector, ECHO_TURNS, ECHO_CLIENTS, captureTurn));
    }
    return { echoRates, appRates, steps: await stepCosts(app, connector, echo) };
  } finally {
    await echo.close();
  }
}

/**
 * What each of the nine capture turns costs the server: STEP_PEOPLE givers walk the dialog in
 * step, all sending the same turn at once, and the process's CPU time (user + system) over each
 * step is divided by the turns; after submit it waits until the connector has been quiet for
 * 100 ms, so the outbox's task cards count with the submission that made them. The echo bot's
 * turn is measured the same way, STEP_PEOPLE at once, after each walk.
 */
async function stepCosts(app, connector, echo) {
  const serviceUrl = connector.serviceUrl;
  const steps = turnsOf(0).slice(0, SUBMIT_TURN + 1);
  const cpu = steps.map(() => 0);
  let echoCpu = 0;
  const givers = Array.from({ length: STEP_PEOPLE }, (_, i) => person(10, i));
  const spent = async (act) => {
    const before = process.cpuUsage();
    await act();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  for (let walk = 0; walk < STEP_WARMUP + STEP_WALKS; walk++) {
    for (const [index, text] of steps.entries()) {
      const ms = await spent(async () => {
        await Promise.all(givers.map((user) => post(app.url, message(text, { serviceUrl, user }))));
        if (index === SUBMIT_TURN) await connectorQuiet(connector);
      });
      if (walk >= STEP_WARMUP) cpu[index] += ms;
    }
    const ms = await spent(() => Promise.all(givers.map((user, i) => post(echo.url, message(`hej ${i}`, { serviceUrl, user })))));
    if (walk >= STEP_WARMUP) echoCpu += ms;
  }
  const perTurn = (total) => total / STEP_WALKS / STEP_PEOPLE;
  return { steps: steps.map((text, i) => ({ text, ms: perTurn(cpu[i]) })), echoMs: perTurn(echoCpu) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** 100 people with a finished draft press submit at the same moment. */
async function burst(app, connector) {
  const people = Array.from({ length: BURST }, (_, i) => person(9, i));
  const steps = turnsOf(0).slice(0, SUBMIT_TURN);
  await closedLoop(people.length, 10, async (_, n) => {
    for (const text of steps) await post(app.url, message(text, { serviceUrl: connector.serviceUrl, user: people[n] }));
  });
  const before = connector.calls.length;
  const started = Date.now();
  let lastAnswerMs = 0;
  const answers = await Promise.all(
    people.map(async (user) => {
      const answer = await post(app.url, message('skicka in', { serviceUrl: connector.serviceUrl, user }));
      lastAnswerMs = Math.max(lastAnswerMs, Date.now() - started);
      return { answer, reply: said(connector, `a:personal-${user.id}`, before) };
    }),
  );
  const errors = answers.filter((a) => a.answer.status !== 200 || a.reply.includes(APOLOGY)).length;
  const confirmed = await confirmations(connector, people, before);
  const stored = await storedBy(
    app,
    people.map((p) => p.id),
  );
  return { errors, confirmed: confirmed.count, stored, lastAnswerMs, lastConfirmationMs: confirmed.lastAt - started };
}

const ms = (v) => `${v.toFixed(0).padStart(5)} ms`;
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** Set in main: the database process, unless it runs in the server's. */
let database;

function printLoad(label, r) {
  console.log(`\n${label}`);
  console.log(`  ${r.turns} turns in ${r.seconds.toFixed(1)} s: ${(r.turns / r.seconds).toFixed(1)} turns/s`);
  console.log(`  per turn p50 ${ms(percentile(r.times, 50))}  p95 ${ms(percentile(r.times, 95))}  p99 ${ms(percentile(r.times, 99))}`);
  console.log(`  errors ${r.errors}, submissions failed ${r.failedSubmissions}, ideas confirmed ${r.confirmed}, stored ${r.stored}`);
  const dbRss = database?.rssMb();
  console.log(
    `  process RSS ${rssMb()} MB (server and load generator)${dbRss === undefined ? (database ? '' : ', database included') : `; database process ${dbRss} MB`}`,
  );
}

async function main() {
  const connector = await startRecordingConnector();
  database = DATABASE_IN_PROCESS ? undefined : await startDatabaseProcess();
  // The outbox runs as in production: it sends the coaches' task cards, and replies a slow turn handed over.
  const app = await startLocalApp({ LOG_LEVEL: 'silent', ...(database?.env ?? {}) });
  try {
    // The coaches are known to the bot, as they would be after their first message.
    for (const user of [COACH, COACH_2]) await post(app.url, message('hjälp', { serviceUrl: connector.serviceUrl, user }));
    console.log(`Chat under load: ${CONVERSATIONS} conversations × 10 turns, 0–${THINK_MS / 1000} s think time (tenant ${TENANT})`);
    console.log(`The embedded database runs ${database ? 'in a process of its own' : "in the server's process"}.`);
    printLoad('Fresh database', await load(app, connector, 1));
    connector.reset();

    const started = performance.now();
    await seedIdeas(app.storage.containers.ideas, 0, SEEDED, { tenantId: TENANT, coaches: [COACH, COACH_2], firstNumber: 100_000 });
    // Written past the app: the board's kept counts are counted again, as at a start.
    await app.services.stageCounts.rebuild('default');
    console.log(`\n(${SEEDED} ideas stored in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    printLoad(`With ${SEEDED} ideas`, await load(app, connector, 2));
    connector.reset();

    const { echoRates, appRates, steps } = await echoRatio(app, connector);
    const rates = (list) => list.map((r) => r.toFixed(1)).join(', ');
    console.log(`\nEcho-bot ratio (${ECHO_CLIENTS} clients, ${ECHO_ROUNDS} alternating rounds of ${ECHO_TURNS} turns each, no think time)`);
    console.log(`  bare botbuilder echo bot ${rates(echoRates)} turns/s; the app's capture turns ${rates(appRates)} turns/s`);
    console.log(`  ratio of the medians ${(median(appRates) / median(echoRates)).toFixed(2)} (goal at least 0.6)`);
    console.log(`\nWhat each capture turn costs (${STEP_PEOPLE} givers sending it at once; process CPU per turn, ${STEP_WALKS} walks)`);
    for (const { text, ms } of steps.steps) console.log(`  ${text.padEnd(50)} ${ms.toFixed(2)} ms`);
    const average = steps.steps.reduce((sum, s) => sum + s.ms, 0) / steps.steps.length;
    console.log(`  average of the nine ${average.toFixed(2)} ms; the echo bot's turn, measured alike, ${steps.echoMs.toFixed(2)} ms`);
    connector.reset();

    const b = await burst(app, connector);
    console.log(`\nBurst: ${BURST} submissions at the same moment`);
    console.log(`  errors ${b.errors}, confirmed ${b.confirmed}, stored ${b.stored}`);
    console.log(`  last answer after ${ms(b.lastAnswerMs)}, last confirmation at the connector after ${ms(b.lastConfirmationMs)}`);
  } finally {
    await app.close();
    await connector.stop();
    await database?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
