import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Container, OperationInput } from '@azure/cosmos';
import { cosmosClientFor } from '../../helpers/embedded-cosmos';

/**
 * patches/@vercel+cosmosdb-server+1.0.1.patch answers `SELECT TOP n … WHERE <partition key> = …
 * ORDER BY …` from ordered indexes kept per container, partition and ORDER BY (issue 12, item 5:
 * the board's first page must not cost more as ideas grow). Unpatched, every such query filtered
 * and sorted the whole container. These tests check the answers equal what the query means —
 * computed here apart from the server — through creates, replaces, deletes and several
 * partitions, and that a query reads a number of documents that follows TOP and the filter's
 * selectivity, not the container's size (a count of documents read, never a time).
 */

interface Doc {
  id: string;
  p: string;
  stage: string;
  rank?: number;
  n: number;
}

interface DocumentsInternals {
  _indexedReads?: number;
}
interface StoreInternals<T> {
  _data: Map<string, T>;
}
interface ItemInternals {
  read(): { id: string };
}
type CollectionItem = ItemInternals & { documents: DocumentsInternals };
type DatabaseItem = ItemInternals & { collections: StoreInternals<CollectionItem> };
interface CosmosServer extends Server {
  account: { databases: StoreInternals<DatabaseItem> };
}

const STAGES = ['a', 'b', 'c'];
const PARTITIONS = ['p1', 'p2', 'p3'];
const SIZE = 6_000;

let server: CosmosServer;
let container: Container;
let docs: Map<string, Doc>;
let random = 7;
const rnd = (): number => {
  random = (random * 1103515245 + 12345) % 2147483648;
  return random / 2147483648;
};

function documents(): DocumentsInternals {
  const db = [...server.account.databases._data.values()].find((d) => d.read().id === 'ordered')!;
  return [...db.collections._data.values()].find((c) => c.read().id === 'ideas')!.documents;
}

function makeDoc(i: number): Doc {
  // Ranks with many ties and some missing (an idea not yet given one).
  const rank = rnd() < 0.2 ? undefined : Math.floor(rnd() * 50);
  return {
    id: `d-${String(i).padStart(6, '0')}`,
    p: PARTITIONS[i % 3 === 0 ? 0 : i % 7 === 0 ? 2 : 1]!,
    stage: STAGES[Math.floor(rnd() * 3)]!,
    ...(rank === undefined ? {} : { rank }),
    n: i,
  };
}

/** What `ORDER BY c.rank DESC, c.id DESC` means: numbers high to low, then the missing, ties by id. */
function expected(p: string, stage: string | undefined, top: number, order: 'rankDesc' | 'nAsc'): string[] {
  const match = [...docs.values()].filter((d) => d.p === p && (stage === undefined || d.stage === stage));
  if (order === 'nAsc')
    return match
      .sort((x, y) => x.n - y.n)
      .slice(0, top)
      .map((d) => d.id);
  return match
    .sort((x, y) => {
      if (x.rank !== y.rank) {
        if (x.rank === undefined) return 1;
        if (y.rank === undefined) return -1;
        return y.rank - x.rank;
      }
      return x.id < y.id ? 1 : -1;
    })
    .slice(0, top)
    .map((d) => d.id);
}

async function byRank(p: string, stage: string | undefined, top: number): Promise<string[]> {
  const where = stage === undefined ? 'c.p = @p' : 'c.p = @p AND c.stage = @stage';
  const { resources } = await container.items
    .query<{ id: string }>({
      query: `SELECT TOP ${top} c.id, {"n": c.n} AS x FROM c WHERE ${where} ORDER BY c.rank DESC, c.id DESC`,
      parameters: [
        { name: '@p', value: p },
        { name: '@stage', value: stage ?? '' },
      ],
    })
    .fetchAll();
  return resources.map((r) => r.id);
}

async function checkAll(): Promise<void> {
  for (const p of PARTITIONS) {
    for (const stage of [undefined, ...STAGES]) {
      for (const top of [1, 21, 150]) expect(await byRank(p, stage, top)).toEqual(expected(p, stage, top, 'rankDesc'));
    }
    const { resources } = await container.items
      .query<{ id: string }>({ query: 'SELECT TOP 30 c.id FROM c WHERE c.p = @p ORDER BY c.n', parameters: [{ name: '@p', value: p }] })
      .fetchAll();
    expect(resources.map((r) => r.id)).toEqual(expected(p, undefined, 30, 'nAsc'));
  }
}

beforeAll(async () => {
  const cosmosServer = (await import('@vercel/cosmosdb-server')) as unknown as { createHttpServer(o?: object): CosmosServer };
  server = cosmosServer.createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = cosmosClientFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, Buffer.from('k').toString('base64'));
  const { database } = await client.databases.createIfNotExists({ id: 'ordered' });
  ({ container } = await database.containers.createIfNotExists({
    id: 'ideas',
    partitionKey: { paths: ['/p'] },
    indexingPolicy: {
      compositeIndexes: [
        [
          { path: '/rank', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
      ],
    },
  }));
  docs = new Map();
  for (let start = 0; start < SIZE; start += 100) {
    const byPartition = new Map<string, OperationInput[]>();
    for (let i = start; i < start + 100; i++) {
      const doc = makeDoc(i);
      docs.set(doc.id, doc);
      const list = byPartition.get(doc.p) ?? [];
      list.push({ operationType: 'Create', resourceBody: { ...doc } });
      byPartition.set(doc.p, list);
    }
    for (const [p, batch] of byPartition) await container.items.batch(batch, p);
  }
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ordered indexes of the embedded server', () => {
  it('answer TOP … ORDER BY queries of a partition as the query means, single and composite orders', async () => {
    await checkAll();
  });

  it('stay right through replaces, deletes and creates after they were built', async () => {
    const ids = [...docs.keys()];
    for (let k = 0; k < 300; k++) {
      const doc = docs.get(ids[Math.floor(rnd() * ids.length)]!);
      if (!doc) continue;
      const roll = rnd();
      if (roll < 0.5) {
        const { rank, ...rest } = doc;
        void rank;
        const next: Doc = { ...rest, stage: STAGES[Math.floor(rnd() * 3)]!, ...(rnd() < 0.1 ? {} : { rank: Math.floor(rnd() * 50) }) };
        await container.item(doc.id, doc.p).replace(next);
        docs.set(doc.id, next);
      } else if (roll < 0.7) {
        await container.item(doc.id, doc.p).delete();
        docs.delete(doc.id);
      } else {
        const created = { ...makeDoc(SIZE + k), id: `e-${k}` };
        await container.items.create(created);
        docs.set(created.id, created);
      }
    }
    // Patch writes go through the same store.
    const patched = [...docs.values()][10]!;
    await container.item(patched.id, patched.p).patch([{ op: 'set', path: '/rank', value: 999 }]);
    docs.set(patched.id, { ...patched, rank: 999 });
    await checkAll();
  });

  it('read documents in proportion to TOP and the filter, not to the container', async () => {
    const store = documents();
    const readFor = async (top: number, stage?: string): Promise<number> => {
      const before = store._indexedReads ?? 0;
      await byRank('p2', stage, top);
      return (store._indexedReads ?? 0) - before;
    };
    const inPartition = [...docs.values()].filter((d) => d.p === 'p2').length;
    expect(inPartition).toBeGreaterThan(3_000);
    // TOP 21 of a third of the partition: the first chunk (4 × TOP) or two hold enough.
    expect(await readFor(21, 'b')).toBeLessThanOrEqual(84 + 168);
    expect(await readFor(21)).toBe(84);
    // A query the index cannot serve (no partition key in WHERE) still answers, by the old path.
    const { resources } = await container.items
      .query<{ id: string }>('SELECT TOP 5 c.id FROM c WHERE c.stage = "a" ORDER BY c.rank DESC, c.id DESC')
      .fetchAll();
    expect(resources).toHaveLength(5);
  });
});
