// Ideas for the benchmarks, stored straight into Cosmos: the same deterministic ideas on every run.
const BATCH_SIZE = 100;
const CONCURRENT_BATCHES = 8;

const DEPARTMENTS = [
  'Tekniska förvaltningen',
  'Socialförvaltningen',
  'Utbildningsförvaltningen',
  'Kultur- och fritidsförvaltningen',
  'Stadsbyggnadsförvaltningen',
  'Kommunledningskontoret',
  'Miljöförvaltningen',
  'Vård- och omsorgsförvaltningen',
];
const STAGES = ['submitted', 'screening', 'testing', 'implementing', 'done', 'closed'];
const WORDS = [
  'belysning',
  'cykel',
  'simskola',
  'bibliotek',
  'snöröjning',
  'matsvinn',
  'bygglov',
  'hemtjänst',
  'språkcafé',
  'lekplats',
  'digital',
  'e-tjänst',
  'parkering',
  'återbruk',
  'solceller',
  'kollektivtrafik',
];
const NAMES = ['Anna Lindqvist', 'Erik Johansson', 'Fatima Hassan', 'Lars Nilsson', 'Åsa Öberg', 'Mohammed Ali', 'Sara Holm', 'Johan Berg'];

let random = 42;
/** A small deterministic generator, so every run seeds the same ideas. */
function rnd() {
  random = (random * 1103515245 + 12345) % 2147483648;
  return random / 2147483648;
}
const pick = (list) => list[Math.floor(rnd() * list.length)];

/**
 * One stored idea, shaped as bot/src/adapters/cosmos/idea-repository.ts stores it (the idea plus
 * its lower-cased `searchText`). The counts check after seeding catches a shape that drifted.
 */
function ideaDocument(i, { tenantId, coaches, firstNumber = 1 }) {
  const createdAtMs = Date.UTC(2024, 0, 1) + Math.floor(rnd() * 700) * 86_400_000 + i;
  const at = new Date(createdAtMs).toISOString();
  const stage = pick(STAGES);
  const coach = stage === 'submitted' ? undefined : pick(coaches);
  const giverName = pick(NAMES);
  const title = `${pick(WORDS)} och ${pick(WORDS)} – idé ${i + 1}`;
  const need = `Behovet gäller ${pick(WORDS)} i ${pick(DEPARTMENTS).toLowerCase()}.`;
  const idea = `Vi kan pröva ${pick(WORDS)} i liten skala och mäta effekten.`;
  const giverId = `b0000000-0000-4000-9000-${String(i % 5000).padStart(12, '0')}`;
  const history = [{ id: `h${i}-0`, kind: 'submitted', at, actor: { id: giverId, name: giverName }, to: 'submitted' }];
  if (coach) history.push({ id: `h${i}-1`, kind: 'taken', at, actor: coach, from: 'submitted', to: 'screening' });
  return {
    id: `b1000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    sluiceId: 'default',
    number: firstNumber + i,
    tenantId,
    title,
    need,
    idea,
    beneficiaries: ['residents'],
    department: pick(DEPARTMENTS),
    giver: { id: giverId, tenantId, name: giverName, locale: 'sv' },
    source: 'chat',
    stage,
    needsInfo: rnd() < 0.1,
    ...(coach ? { coach } : {}),
    createdAt: at,
    createdAtMs,
    updatedAt: at,
    stageChangedAt: at,
    history,
    satisfaction: [],
    version: history.length,
    searchText: `${title}\n${need}\n${idea}`.toLowerCase(),
  };
}

/**
 * Stores ideas `from`..`to`-1 of the sequence straight into the `ideas` container (transactional
 * batches of 100, 8 at a time), in the default sluice of `tenantId`. Resolves with how many went
 * into each stage: written past the app, they are not in its kept stage counts (see
 * {@link keepStageCounts}).
 */
export async function seedIdeas(container, from, to, options) {
  const batches = [];
  for (let start = from; start < to; start += BATCH_SIZE) {
    const operations = [];
    for (let i = start; i < Math.min(start + BATCH_SIZE, to); i += 1)
      operations.push({ operationType: 'Create', resourceBody: ideaDocument(i, options) });
    batches.push(operations);
  }
  const tally = {};
  for (const batch of batches) for (const { resourceBody } of batch) tally[resourceBody.stage] = (tally[resourceBody.stage] ?? 0) + 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_BATCHES }, async () => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        const response = await container.items.batch(batch, 'default');
        const failed = response.result?.find((r) => r.statusCode !== 201);
        if (failed) throw new Error(`batch create failed with ${failed.statusCode}`);
      }
    }),
  );
  return tally;
}

/**
 * Adds seeded ideas to the default sluice's kept stage counts (the `stage-counts` document in the
 * `counters` container, bot/src/adapters/cosmos/stage-count-store.ts), as the app does for each
 * idea it stores itself.
 */
export async function keepStageCounts(counters, tally) {
  const item = counters.item('stage-counts', 'default');
  const { resource } = await item.read().catch(() => ({ resource: undefined }));
  const counts = { ...(resource?.counts ?? {}) };
  for (const [stage, n] of Object.entries(tally)) counts[stage] = (counts[stage] ?? 0) + n;
  await counters.items.upsert({ id: 'stage-counts', sluiceId: 'default', counts });
}
