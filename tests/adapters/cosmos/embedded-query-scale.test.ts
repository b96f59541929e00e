import type { Container, OperationInput } from '@azure/cosmos';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

/**
 * Unpatched, the embedded server's query engine copied the whole container once per document
 * (O(N²): ~3 s at 20 000 documents, minutes at 50 000). patches/@zeit+cosmosdb-query+0.7.2.patch
 * makes a query linear. This checks that the patched engine gives the right answers at a size well
 * beyond what a sluice will hold; how fast it is is printed by `npm run bench` (scripts/bench-cosmos.mjs),
 * never asserted here.
 */

const DOCUMENTS = 50_000;
const BATCH_SIZE = 100; // the most one transactional batch may hold
const CONCURRENT_BATCHES = 8;

const stages = ['new', 'review', 'approved', 'done'] as const;

let cosmos: TestCosmos;
let container: Container;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { database } = await cosmos.client.databases.createIfNotExists({ id: 'scale' });
  ({ container } = await database.containers.createIfNotExists({
    id: 'ideas',
    partitionKey: { paths: ['/tenantId'] },
    indexingPolicy: {
      compositeIndexes: [
        [
          { path: '/createdAtMs', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
      ],
    },
  }));

  // Batches of 100 creates, a few in flight at a time: 50 000 documents in ~2 s over real HTTP.
  const batches: OperationInput[][] = [];
  for (let start = 0; start < DOCUMENTS; start += BATCH_SIZE) {
    const batch: OperationInput[] = [];
    for (let i = start; i < Math.min(start + BATCH_SIZE, DOCUMENTS); i += 1) {
      batch.push({
        operationType: 'Create',
        resourceBody: {
          id: `idea-${String(i).padStart(6, '0')}`,
          tenantId: 'tenant-a',
          stage: stages[i % stages.length] ?? 'new',
          title: `Idé nummer ${i}`,
          createdAtMs: 1_700_000_000_000 + i,
        },
      });
    }
    batches.push(batch);
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_BATCHES }, async () => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        const response = await container.items.batch(batch, 'tenant-a');
        const failed = response.result?.find((r) => r.statusCode !== 201);
        if (failed !== undefined) throw new Error(`batch create failed with ${failed.statusCode}`);
      }
    }),
  );
});

afterAll(async () => {
  await cosmos.stop();
});

const parameters = [
  { name: '@tenantId', value: 'tenant-a' },
  { name: '@stage', value: 'review' },
];

it(`filters, orders and counts ${DOCUMENTS} documents in one partition correctly`, async () => {
  const page = await container.items
    .query<{ id: string }>(
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage ORDER BY c.createdAtMs DESC, c.id DESC',
        parameters,
      },
      { partitionKey: 'tenant-a', maxItemCount: 20 },
    )
    .fetchNext();
  const count = await container.items
    .query<number>(
      { query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage', parameters },
      { partitionKey: 'tenant-a' },
    )
    .fetchAll();

  expect(page.resources.map((d) => d.id).slice(0, 3)).toEqual(['idea-049997', 'idea-049993', 'idea-049989']);
  expect(page.resources).toHaveLength(20);
  expect(count.resources).toEqual([DOCUMENTS / stages.length]);
});

it(`reads all ${DOCUMENTS} documents page by page, each once`, async () => {
  // Unpatched, every page ran the query over the whole container again (O(N²): minutes here); the
  // server now serves the later pages from the first page's result (patches/@zeit+cosmosdb-query).
  const iterator = container.items.query<{ id: string }>(
    { query: 'SELECT c.id FROM c WHERE c.tenantId = @tenantId', parameters },
    { partitionKey: 'tenant-a', maxItemCount: 500 },
  );
  const ids: string[] = [];
  let pages = 0;
  while (iterator.hasMoreResults()) {
    const { resources } = await iterator.fetchNext();
    ids.push(...resources.map((d) => d.id));
    pages += 1;
  }
  expect(pages).toBe(DOCUMENTS / 500);
  expect(new Set(ids).size).toBe(DOCUMENTS);
  expect(ids).toHaveLength(DOCUMENTS);
});
