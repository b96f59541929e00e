#!/usr/bin/env node
// Statistics at size (run by `npm run bench`, or alone: node scripts/bench-stats.mjs [--runs 30]).
//
// Seeds ideas with realistic histories (three years, two municipalities, eight departments) into
// the embedded Cosmos server, builds the monthly aggregates as `npm run stats:rebuild` does, and
// prints:
//   - getStats p50/p95 (StatsService.report through @azure/cosmos over loopback HTTP) at 1 000 and
//     100 000 ideas, for a full year (2026 against 2025) and a month: made afresh (the first request
//     after a change: the months' cells, every month's flow and eTag, the latest implemented ideas)
//     and kept (asked for again before any month changed: only the flows-and-eTags query);
//   - how long reading every idea takes (IdeaRepository.all, 500 a page) and stats:rebuild;
//   - the CSV export of a year of ideas at 100 000 (rows read from Cosmos, written by csv-stringify).
// The figures' cost grows with the months asked for, not with the ideas.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'bot', 'src');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 30;
const require = createRequire(import.meta.url);

if (!existsSync(path.join(DIST, 'domain', 'stats', 'stats-service.js'))) {
  const built = spawnSync('npm', ['run', 'build:bot'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { startEmbeddedCosmos } = require(path.join(DIST, 'adapters/cosmos/embedded-server.js'));
const { connectStorage } = require(path.join(DIST, 'adapters/cosmos/storage.js'));
const { StatsService } = require(path.join(DIST, 'domain/stats/stats-service.js'));
const { statsWorkingDays } = require(path.join(DIST, 'domain/stats/working-day-count.js'));
const { stringify } = require('csv-stringify');

const T1 = 'b0000000-0000-4000-8000-0000000000a1';
const T2 = 'b0000000-0000-4000-8000-0000000000a2';
const COACH = { id: 'b0000000-0000-4000-8000-0000000000c1', name: 'Karin Berg' };
const DEPARTMENTS = ['Tekniska', 'Social', 'Utbildning', 'Kultur', 'Stadsbyggnad', 'Kommunledning', 'Miljö', 'Omsorg'].map(
  (d) => `${d}förvaltningen`,
);
const START = Date.parse('2024-01-08T08:00:00Z');
const SPAN_MS = 3 * 365 * 86_400_000;
const DAY = 86_400_000;
const NOW = new Date(START + SPAN_MS);

let seed = 42;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;

function ideaDocument(i) {
  const created = START + Math.floor(random() * (SPAN_MS - 200 * DAY));
  const at = (ms) => new Date(ms).toISOString();
  const giver = { id: `g-${i % 5000}`, tenantId: i % 3 === 0 ? T2 : T1, name: `Givare ${i % 5000}` };
  const history = [{ id: `h${i}-0`, kind: 'submitted', at: at(created), actor: giver, to: 'submitted' }];
  const path = ['screening', 'testing', 'implementing', 'done'];
  let t = created;
  let stage = 'submitted';
  const depth = Math.floor(random() * 5);
  for (let s = 0; s < depth; s++) {
    t += Math.floor(random() * 30 * DAY) + 3_600_000;
    const to = path[s];
    history.push({ id: `h${i}-${s + 1}`, kind: s === 0 ? 'taken' : 'advanced', at: at(t), actor: COACH, from: stage, to });
    stage = to;
    if (to === 'testing' && random() < 0.5)
      history.push({ id: `h${i}-r`, kind: 'rated', at: at(t + DAY), actor: giver, rating: 1 + Math.floor(random() * 5) });
  }
  if (stage !== 'done' && random() < 0.2) {
    t += 5 * DAY;
    history.push({ id: `h${i}-c`, kind: 'declined', at: at(t), actor: COACH, from: stage, to: 'closed', text: 'Finns redan' });
    stage = 'closed';
  }
  const department = DEPARTMENTS[i % DEPARTMENTS.length];
  return {
    id: `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`,
    sluiceId: 'default',
    number: i + 1,
    tenantId: giver.tenantId,
    title: `Idé ${i}`,
    need: 'Ett behov som beskrivs med några ord',
    idea: 'En idé som beskrivs med några fler ord än behovet',
    beneficiaries: ['staff'],
    department,
    submittedDepartment: department,
    giver: { ...giver, locale: 'sv' },
    source: 'chat',
    stage,
    needsInfo: false,
    coach: COACH,
    createdAt: at(created),
    createdAtMs: created,
    updatedAt: at(t),
    stageChangedAt: at(t),
    history,
    satisfaction: [],
    version: history.length,
  };
}

async function seedIdeas(container, from, to) {
  const batches = [];
  for (let start = from; start < to; start += 100) {
    const ops = [];
    for (let i = start; i < Math.min(start + 100, to); i++) ops.push({ operationType: 'Create', resourceBody: ideaDocument(i) });
    batches.push(ops);
  }
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let b = batches.shift(); b; b = batches.shift()) {
        const res = await container.items.batch(b, 'default');
        const failed = res.result?.find((r) => r.statusCode !== 201);
        if (failed) throw new Error(`batch create failed with ${failed.statusCode}`);
      }
    }),
  );
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const ms = (n) => `${n.toFixed(1)} ms`;

const YEAR = { preset: 'custom', from: '2026-01', to: '2026-12' };
const MONTH = { preset: 'custom', from: '2026-12', to: '2026-12' };

/** p50/p95 of a report made afresh each time (a new service keeps nothing) and of one kept by the service. */
async function timeReports(newService, sluice, period) {
  const fresh = [];
  const kept = [];
  const service = newService();
  for (let r = 0; r < RUNS + 3; r++) {
    const start = performance.now();
    const result = await newService().report(sluice, 'full', period, {});
    const made = performance.now();
    const again = await service.report(sluice, 'full', period, {});
    const end = performance.now();
    if (!result.ok || !again.ok) throw new Error('report failed');
    if (r >= 3) {
      fresh.push(made - start);
      kept.push(end - made);
    }
  }
  return { fresh: { p50: pct(fresh, 0.5), p95: pct(fresh, 0.95) }, kept: { p50: pct(kept, 0.5), p95: pct(kept, 0.95) } };
}

const cosmos = await startEmbeddedCosmos({});
const storage = await connectStorage(cosmos.endpoint, cosmos.key, 'bench-stats');
try {
  const clock = { now: () => NOW };
  const silent = { warn: () => undefined, info: () => undefined };
  const newService = () => new StatsService(storage.ideas, storage.stats, clock, statsWorkingDays(), silent);
  const stats = newService();
  const sluice = {
    id: 'default',
    name: 'Bänkslussen',
    tenantIds: [T1, T2],
    municipalities: { [T1]: 'Lerum', [T2]: 'Alingsås' },
    coaches: [COACH],
    admins: [COACH.id],
    departments: DEPARTMENTS,
    stageLabels: {},
    lastIdeaNumber: 0,
    createdAt: NOW.toISOString(),
  };
  const results = {};
  let seeded = 0;
  for (const size of [1_000, 100_000]) {
    const t0 = performance.now();
    await seedIdeas(storage.containers.ideas, seeded, size);
    seeded = size;
    const t1 = performance.now();
    let read = 0;
    for await (const idea of storage.ideas.all('default')) read += idea.history.length > 0 ? 1 : 0;
    const tRead = performance.now();
    const rebuilt = await stats.rebuild('default');
    const t2 = performance.now();
    const year = await timeReports(newService, sluice, YEAR);
    const month = await timeReports(newService, sluice, MONTH);
    results[size] = year;
    const both = (x) => `p50 ${ms(x.p50)}, p95 ${ms(x.p95)}`;
    console.log(
      `  stats, ${size.toLocaleString('sv-SE')} ideas (${rebuilt.months} months; seeding ${ms(t1 - t0)}, reading every idea ${ms(tRead - t1)} (${read}), stats:rebuild ${ms(t2 - tRead)}):`,
    );
    console.log(`    getStats a year, made afresh: ${both(year.fresh)}; kept: ${both(year.kept)}`);
    console.log(`    getStats a month, made afresh: ${both(month.fresh)}; kept: ${both(month.kept)}`);
  }
  for (const kind of ['fresh', 'kept']) {
    const ratio = results[100_000][kind].p95 / results[1_000][kind].p95;
    console.log(
      `  stats, getStats a year ${kind === 'fresh' ? 'made afresh' : 'kept'}: p95 at 100 000 ÷ at 1 000: ${ratio.toFixed(2)} (goal: p95 < 200 ms and at most 2)`,
    );
  }

  const t0 = performance.now();
  const { rows } = await stats.exportRows(sluice, { from: '2026-01', to: '2026-12' }, {}, { id: COACH.id, tenantId: T1, name: COACH.name });
  let bytes = 0;
  const sink = new Writable({
    write(chunk, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const csv = stringify({ delimiter: ';', bom: true, header: false, escape_formulas: true });
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  csv.pipe(sink);
  for (const r of rows)
    if (!csv.write([r.number, r.title, r.need, r.idea, r.department, r.municipality, r.giver, r.coach, r.stage]))
      await new Promise((res) => csv.once('drain', res));
  csv.end();
  await finished;
  console.log(
    `  stats, CSV export at 100 000 ideas: ${rows.length.toLocaleString('sv-SE')} rows of a year, ${(bytes / 1e6).toFixed(1)} MB in ${ms(performance.now() - t0)}`,
  );
} finally {
  await storage.close();
  await cosmos.close();
}
