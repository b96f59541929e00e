import type { Container } from '@azure/cosmos';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

/**
 * What the app may rely on from the embedded server (and what it may not): each case is checked
 * through @azure/cosmos over HTTP, the way the repositories use it. Several of these hold only
 * because of patches/@vercel+cosmosdb-server+1.0.1.patch.
 */

interface Doc {
  id: string;
  tenantId: string;
  stage: string;
  createdAtMs: number;
}

let cosmos: TestCosmos;
let container: Container;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { database } = await cosmos.client.databases.createIfNotExists({ id: 'behaviour' });
  ({ container } = await database.containers.createIfNotExists({
    id: 'docs',
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
  // 12 documents in tenant-a (createdAtMs ties in pairs), 6 in tenant-b.
  for (let i = 0; i < 18; i += 1) {
    await container.items.create<Doc>({
      id: `d${String(i).padStart(2, '0')}`,
      tenantId: i < 12 ? 'tenant-a' : 'tenant-b',
      stage: i % 3 === 0 ? 'done' : 'new',
      createdAtMs: 1000 + Math.floor(i / 2),
    });
  }
});

afterAll(async () => {
  await cosmos.stop();
});

const newestFirst = 'SELECT * FROM c WHERE c.tenantId = @tenantId ORDER BY c.createdAtMs DESC, c.id DESC';
const tenantA = [{ name: '@tenantId', value: 'tenant-a' }];

describe('writes with eTags', () => {
  it('refuses to create a document whose id exists (409)', async () => {
    await expect(container.items.create({ id: 'd00', tenantId: 'tenant-a' })).rejects.toMatchObject({ code: 409 });
  });

  it('replaces, upserts, patches and deletes with IfMatch, and answers 412 on a stale eTag', async () => {
    const { resource: v1 } = await container.items.create<Doc>({ id: 'etag', tenantId: 'tenant-c', stage: 'new', createdAtMs: 1 });
    if (v1?._etag === undefined) throw new Error('no eTag');
    const item = container.item('etag', 'tenant-c');
    const ifMatch = (etag: string) => ({ accessCondition: { type: 'IfMatch', condition: etag } });

    const v2 = await item.replace({ ...v1, stage: 'review' }, ifMatch(v1._etag));
    expect(v2.statusCode).toBe(200);
    await expect(item.replace({ ...v1, stage: 'x' }, ifMatch(v1._etag))).rejects.toMatchObject({ code: 412 });

    await expect(container.items.upsert({ ...v1, stage: 'x' }, ifMatch(v1._etag))).rejects.toMatchObject({ code: 412 });
    const v3 = await container.items.upsert({ ...v1, stage: 'approved' }, ifMatch(v2.etag));
    expect(v3.statusCode).toBe(200);

    await expect(item.patch([{ op: 'set', path: '/stage', value: 'x' }], ifMatch(v2.etag))).rejects.toMatchObject({ code: 412 });
    const v4 = await item.patch([{ op: 'set', path: '/stage', value: 'done' }], ifMatch(v3.etag));
    expect(v4.resource).toMatchObject({ stage: 'done' });

    await expect(item.delete(ifMatch(v3.etag))).rejects.toMatchObject({ code: 412 });
    expect((await item.delete(ifMatch(v4.etag))).statusCode).toBe(204);
    expect((await item.read()).statusCode).toBe(404);
  });
});

describe('queries', () => {
  it('binds parameters and scopes to the partitionKey option even without a WHERE on it', async () => {
    const { resources } = await container.items
      .query<string>(
        { query: 'SELECT VALUE c.id FROM c WHERE c.stage = @stage', parameters: [{ name: '@stage', value: 'done' }] },
        { partitionKey: 'tenant-b' },
      )
      .fetchAll();
    expect(resources.sort()).toEqual(['d12', 'd15']);
  });

  it('orders on two fields with a composite index, ties broken by id', async () => {
    const { resources } = await container.items
      .query<Doc>({ query: newestFirst, parameters: tenantA }, { partitionKey: 'tenant-a' })
      .fetchAll();
    expect(resources.map((d) => d.id)).toEqual(['d11', 'd10', 'd09', 'd08', 'd07', 'd06', 'd05', 'd04', 'd03', 'd02', 'd01', 'd00']);
  });

  it('refuses a two-field ORDER BY without a matching composite index, as Azure does', async () => {
    const query = 'SELECT * FROM c WHERE c.tenantId = @tenantId ORDER BY c.createdAtMs ASC, c.id DESC';
    await expect(container.items.query({ query, parameters: tenantA }, { partitionKey: 'tenant-a' }).fetchAll()).rejects.toMatchObject({
      code: 400,
    });
  });

  it('pages with maxItemCount and fetchNext, and resumes from a continuation token', async () => {
    const iterator = container.items.query<Doc>({ query: newestFirst, parameters: tenantA }, { partitionKey: 'tenant-a', maxItemCount: 5 });
    const pages: string[][] = [];
    let token: string | undefined;
    while (iterator.hasMoreResults()) {
      const page = await iterator.fetchNext();
      if (pages.length === 0) token = page.continuationToken;
      pages.push(page.resources.map((d) => d.id));
    }
    expect(pages).toEqual([
      ['d11', 'd10', 'd09', 'd08', 'd07'],
      ['d06', 'd05', 'd04', 'd03', 'd02'],
      ['d01', 'd00'],
    ]);

    expect(token).toEqual(expect.any(String));
    const resumed = await container.items
      .query<Doc>({ query: newestFirst, parameters: tenantA }, { partitionKey: 'tenant-a', maxItemCount: 5, continuationToken: token })
      .fetchNext();
    expect(resumed.resources.map((d) => d.id)).toEqual(pages[1]);
  });

  it("serves the pages after the first from the first page's result, and runs a token resumed a second time afresh", async () => {
    // Unpatched, every page ran the whole query again (a paged read of N documents was O(N²)); now
    // the rest of a paged result is kept under its continuation token, so the later pages show the
    // documents as they were at the first page.
    const d06 = container.item('d06', 'tenant-a');
    const { resource: original } = await d06.read<Doc>();
    if (!original) throw new Error('d06 is missing');
    try {
      const iterator = container.items.query<Doc>(
        { query: newestFirst, parameters: tenantA },
        { partitionKey: 'tenant-a', maxItemCount: 5 },
      );
      const first = await iterator.fetchNext();
      await d06.replace<Doc>({ ...original, stage: 'changed' });
      const second = await iterator.fetchNext();
      const third = await iterator.fetchNext();
      expect([first, second, third].map((p) => p.resources.map((d) => d.id))).toEqual([
        ['d11', 'd10', 'd09', 'd08', 'd07'],
        ['d06', 'd05', 'd04', 'd03', 'd02'],
        ['d01', 'd00'],
      ]);
      expect(iterator.hasMoreResults()).toBe(false);
      expect(second.resources[0]?.stage).toBe('done');

      // The first page's token was used up by the iterator: resumed again, the query runs and sees the change.
      const resumed = await container.items
        .query<Doc>(
          { query: newestFirst, parameters: tenantA },
          { partitionKey: 'tenant-a', maxItemCount: 5, continuationToken: first.continuationToken },
        )
        .fetchNext();
      expect(resumed.resources.map((d) => d.id)).toEqual(['d06', 'd05', 'd04', 'd03', 'd02']);
      expect(resumed.resources[0]?.stage).toBe('changed');
    } finally {
      await d06.replace<Doc>(original);
    }
  });

  it('keeps a paged result per query: the same token position of another query is not served from it', async () => {
    const byStage = 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage ORDER BY c.createdAtMs DESC, c.id DESC';
    const read = async (stage: string): Promise<string[]> => {
      const iterator = container.items.query<Doc>(
        { query: byStage, parameters: [...tenantA, { name: '@stage', value: stage }] },
        { partitionKey: 'tenant-a', maxItemCount: 2 },
      );
      const ids: string[] = [];
      while (iterator.hasMoreResults()) ids.push(...(await iterator.fetchNext()).resources.map((d) => d.id));
      return ids;
    };
    const [done, fresh] = await Promise.all([read('done'), read('new')]);
    expect(done).toEqual(['d09', 'd06', 'd03', 'd00']);
    expect(fresh).toEqual(['d11', 'd10', 'd08', 'd07', 'd05', 'd04', 'd02', 'd01']);
  });

  it('counts with a WHERE clause', async () => {
    const { resources } = await container.items
      .query<number>(
        {
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.stage = @stage',
          parameters: [...tenantA, { name: '@stage', value: 'new' }],
        },
        { partitionKey: 'tenant-a' },
      )
      .fetchAll();
    expect(resources).toEqual([8]);
  });

  it('supports TOP, IN, ARRAY_CONTAINS, STARTSWITH, LOWER and IS_DEFINED', async () => {
    const ids = async (query: string, parameters: { name: string; value: string | string[] }[] = []): Promise<string[]> =>
      (await container.items.query<string>({ query, parameters }, { partitionKey: 'tenant-a' }).fetchAll()).resources;
    expect(await ids('SELECT TOP 2 VALUE c.id FROM c ORDER BY c.id')).toEqual(['d00', 'd01']);
    expect(await ids("SELECT VALUE c.id FROM c WHERE c.id IN ('d01', 'd02')")).toEqual(['d01', 'd02']);
    expect(await ids('SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id)', [{ name: '@ids', value: ['d03', 'd04'] }])).toEqual([
      'd03',
      'd04',
    ]);
    expect(await ids("SELECT VALUE c.id FROM c WHERE STARTSWITH(LOWER(c.stage), 'do') AND c.createdAtMs < 1002")).toEqual(['d00', 'd03']);
    expect(await ids('SELECT VALUE c.id FROM c WHERE NOT IS_DEFINED(c.stage)')).toEqual([]);
  });

  it.each([
    ['OFFSET/LIMIT', 'SELECT * FROM c ORDER BY c.id OFFSET 1 LIMIT 2'],
    ['DISTINCT', 'SELECT DISTINCT VALUE c.stage FROM c'],
    ['GROUP BY', 'SELECT c.stage, COUNT(1) AS n FROM c GROUP BY c.stage'],
    ['LIKE', "SELECT * FROM c WHERE c.id LIKE 'd0%'"],
  ])('does not support %s (400): the app must not use it', async (_feature, query) => {
    await expect(container.items.query(query, { partitionKey: 'tenant-a' }).fetchAll()).rejects.toMatchObject({ code: 400 });
  });
});
