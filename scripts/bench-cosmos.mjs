#!/usr/bin/env node
// Query time of the embedded Cosmos server (@vercel/cosmosdb-server, as patched in patches/)
// at 1k, 20k and 50k documents in one partition, through @azure/cosmos over loopback HTTP:
// the same path the app and its tests take. Unpatched, these queries were O(N²)
// (~3 s at 20k documents); patched they should stay in the tens of milliseconds.
//
// Usage: node scripts/bench-cosmos.mjs [--json]
import { CosmosClient } from '@azure/cosmos';
import cosmosServer from '@vercel/cosmosdb-server';

const SIZES = [1_000, 20_000, 50_000];
const RUNS = 5;
const BATCH_SIZE = 100;
const CONCURRENT_BATCHES = 8;
const STAGES = ['new', 'review', 'approved', 'done'];

const queries = {
  'ORDER BY page (20)': {
    spec: {
      query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage ORDER BY c.createdAtMs DESC, c.id DESC',
      parameters: [
        { name: '@tenantId', value: 'bench' },
        { name: '@stage', value: 'review' },
      ],
    },
    run: (container, spec) => container.items.query(spec, { partitionKey: 'bench', maxItemCount: 20 }).fetchNext(),
  },
  'COUNT with WHERE': {
    spec: {
      query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage',
      parameters: [
        { name: '@tenantId', value: 'bench' },
        { name: '@stage', value: 'review' },
      ],
    },
    run: (container, spec) => container.items.query(spec, { partitionKey: 'bench' }).fetchAll(),
  },
};

async function fill(container, from, to) {
  const batches = [];
  for (let start = from; start < to; start += BATCH_SIZE) {
    const batch = [];
    for (let i = start; i < Math.min(start + BATCH_SIZE, to); i += 1) {
      batch.push({
        operationType: 'Create',
        resourceBody: {
          id: `idea-${String(i).padStart(6, '0')}`,
          tenantId: 'bench',
          stage: STAGES[i % STAGES.length],
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
        const response = await container.items.batch(batch, 'bench');
        const failed = response.result?.find((r) => r.statusCode !== 201);
        if (failed) throw new Error(`batch create failed with ${failed.statusCode}`);
      }
    }),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const json = process.argv.includes('--json');
  // Plain HTTP on loopback, as in bot/src/adapters/cosmos/embedded-server.ts.
  const server = cosmosServer.createHttpServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const client = new CosmosClient({
    endpoint: `http://127.0.0.1:${server.address().port}`,
    key: Buffer.from('bench').toString('base64'),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const results = [];
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'bench' });
    const { container } = await database.containers.createIfNotExists({
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
    });
    let filled = 0;
    for (const size of SIZES) {
      await fill(container, filled, size);
      filled = size;
      for (const [name, { spec, run }] of Object.entries(queries)) {
        const times = [];
        for (let i = 0; i < RUNS; i += 1) {
          const started = performance.now();
          await run(container, spec);
          times.push(performance.now() - started);
        }
        const result = { documents: size, query: name, medianMs: Math.round(median(times)), maxMs: Math.round(Math.max(...times)) };
        results.push(result);
        if (!json) {
          console.log(
            `${String(size).padStart(6)} docs  ${name.padEnd(20)} median ${String(result.medianMs).padStart(5)} ms  max ${String(result.maxMs).padStart(5)} ms`,
          );
        }
      }
    }
  } finally {
    client.dispose();
    server.closeAllConnections();
    server.close();
  }
  if (json) console.log(JSON.stringify({ bench: 'embedded-cosmos-query', runs: RUNS, results }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
