#!/usr/bin/env node
// Similar ideas: quality and speed, printed (run by `npm run bench`, or alone after `npm run build:bot`).
//
// 1. precision@2 on the labelled Swedish set (tests/fixtures/similar-ideas.sv.json): each of the
//    clustered ideas asks for its two nearest, which should be the other two paraphrases. Printed
//    for whole ideas and for the title alone (as while typing).
// 2. At 1 000 and 100 000 ideas in one sluice (the labelled texts recombined with a generated
//    vocabulary, so the index has a realistic spread of terms): the time to build the index, the
//    memory it holds (heap and array buffers after GC, before and after), and p50/p95 of getSimilarIdeas (neighbours
//    of a stored idea) and findSimilarIdeas (a draft) as the routes call them, in-process.
//
// Usage: node scripts/bench-similar.mjs [--runs 200]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const DIST = path.join(ROOT, 'dist', 'bot', 'src', 'domain', 'similar');

// Memory figures need an explicit GC: run again with --expose-gc when it is not there.
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (!existsSync(path.join(DIST, 'similar-ideas.js'))) {
  const r = spawnSync('npm', ['run', 'build:bot'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { loadSwedishAnalyzer } = require(path.join(DIST, 'analyze.js'));
const { SimilarIndex } = require(path.join(DIST, 'similar-index.js'));
const { SimilarIdeas } = require(path.join(DIST, 'similar-ideas.js'));
const { precisionAtK } = require(path.join(DIST, 'quality.js'));

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 200;
const SIZES = (process.env.SIMILAR_BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const SET = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'similar-ideas.sv.json'), 'utf8')).ideas;
const analyzer = await loadSwedishAnalyzer();

// --- 1. Quality -------------------------------------------------------------------------------
{
  const index = new SimilarIndex(analyzer);
  SET.forEach((i, n) =>
    index.upsert({
      ...i,
      id: i.key,
      sluiceId: 's',
      number: n + 1,
      tenantId: 't',
      stage: 'submitted',
      version: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
    }),
  );
  const whole = precisionAtK(index, 's', SET, 2, 'whole');
  const title = precisionAtK(index, 's', SET, 2, 'title');
  console.log(`\nSimilar ideas — labelled set: ${SET.length} ideas, ${whole.queries} in clusters of three`);
  console.log(`  precision@2, whole idea   ${whole.precisionAtK.toFixed(3)}`);
  console.log(`  precision@2, title alone  ${title.precisionAtK.toFixed(3)}`);
}

// --- 2. Speed and memory ----------------------------------------------------------------------
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (list) => list[Math.floor(random() * list.length)];
const SYLLABLES = [
  'hem',
  'tjänst',
  'skol',
  'bibliotek',
  'cykel',
  'park',
  'vatten',
  'snö',
  'mat',
  'bygg',
  'lov',
  'vård',
  'omsorg',
  'trafik',
  'buss',
  'gata',
  'ljus',
  'barn',
  'ung',
  'äldre',
  'plan',
  'kultur',
  'idrott',
  'hall',
  'avfall',
  'energi',
  'digital',
  'tjänste',
  'personal',
  'schema',
  'möte',
  'rum',
  'karta',
  'app',
  'lärare',
  'elev',
  'förälder',
  'jour',
  'larm',
  'sensor',
];
const vocabulary = Array.from(
  { length: 6000 },
  () => pick(SYLLABLES) + pick(SYLLABLES) + (random() < 0.5 ? pick(['en', 'er', 'na', 'ar', 'et', '']) : ''),
);
const sentence = (n) => Array.from({ length: n }, () => pick(vocabulary)).join(' ');
const STAGES = ['submitted', 'screening', 'testing', 'implementing', 'done', 'closed'];

function synthetic(n) {
  const base = pick(SET);
  const other = pick(SET);
  return {
    id: `idea-${n}`,
    sluiceId: 's',
    number: n + 1,
    tenantId: 't',
    title: `${base.title} ${pick(vocabulary)}`,
    need: `${other.need} ${sentence(8)}`,
    idea: `${base.idea} ${sentence(12)}`,
    department: base.department,
    stage: pick(STAGES),
    version: 1,
    updatedAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
  };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
// Wall time, and the process's CPU time (on a shared machine the wall time also counts waiting for a core).
const time = (fn) => {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  fn();
  const cpu = process.cpuUsage(c);
  return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (cpu.user + cpu.system) / 1000 };
};
const heap = () => {
  globalThis.gc();
  // Posting lists are typed arrays: their bytes are outside the JS heap, in arrayBuffers.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

console.log(`\nSimilar ideas — index speed (${RUNS} requests each; in-process)`);
console.log('  ideas     build      memory    getSimilarIdeas p50/p95   findSimilarIdeas p50/p95   (CPU time p50/p95: get, find)');
for (const size of SIZES) {
  const ideas = Array.from({ length: size }, (_, n) => synthetic(n));
  const before = heap();
  const similar = new SimilarIdeas({
    source: {
      all: async function* () {
        yield* ideas;
      },
      changedSince: async () => [],
    },
    analyzer,
    clock: { now: () => new Date() },
    logger: quiet,
    refreshMs: 0,
    maxIdeas: 1_000_000,
  });
  const built = await similar.build();
  const memory = heap() - before;
  const get = [];
  const find = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const stored = pick(ideas);
    const draft = synthetic(size + i);
    const g = time(() => similar.similarTo(['s'], stored, 3));
    const f = time(() => similar.find(['s'], draft, 3));
    if (i >= 5) {
      get.push(g);
      find.push(f);
    }
  }
  const ms = (v) => `${v.toFixed(1)} ms`;
  const pair = (runs, kind) =>
    `${ms(
      percentile(
        runs.map((r) => r[kind]),
        50,
      ),
    )} / ${ms(
      percentile(
        runs.map((r) => r[kind]),
        95,
      ),
    )}`;
  console.log(
    `  ${String(size).padStart(7)}  ${ms(built.ms).padStart(9)}  ${`${(memory / 1024 / 1024).toFixed(0)} MB`.padStart(8)}    ${pair(get, 'wall').padStart(20)}      ${pair(find, 'wall').padStart(20)}      (${pair(get, 'cpu')}, ${pair(find, 'cpu')})`,
  );
}
