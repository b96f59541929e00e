import type { Container, CosmosClient } from '@azure/cosmos';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCosmos, type EmbeddedCosmos, type EmbeddedCosmosLogger } from '../../../bot/src/adapters/cosmos/embedded-server';
import { cosmosClientFor } from '../../helpers/embedded-cosmos';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function recordingLogger(): EmbeddedCosmosLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: { ...obj }, msg });
    };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

interface Idea {
  id: string;
  tenantId: string;
  title: string;
  createdAtMs: number;
}

const ideasDefinition = {
  id: 'ideas',
  partitionKey: { paths: ['/tenantId'] },
  indexingPolicy: {
    compositeIndexes: [
      [
        { path: '/createdAtMs', order: 'descending' as const },
        { path: '/id', order: 'descending' as const },
      ],
    ],
  },
};

/** Everything a test opened, closed in reverse order afterwards. */
const cleanups: (() => Promise<void> | void)[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ideslussen-cosmos-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startEmbeddedCosmos>[0]): Promise<{ server: EmbeddedCosmos; client: CosmosClient }> {
  const server = await startEmbeddedCosmos(options);
  const client = cosmosClientFor(server.endpoint, server.key);
  cleanups.push(
    () => server.close(),
    () => client.dispose(),
  );
  return { server, client };
}

async function ideasContainer(client: CosmosClient): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({ id: 'ideslussen' });
  const { container } = await database.containers.createIfNotExists(ideasDefinition);
  return container;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function fileContains(file: string, text: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')).includes(text);
  } catch {
    return false;
  }
}

describe('embedded Cosmos server', () => {
  it('listens on 127.0.0.1 over plain http', async () => {
    const { server, client } = await start({});
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(server.key, 'base64').toString('base64')).toBe(server.key);
    const { resource } = await client.databases.create({ id: 'probe' });
    expect(resource?.id).toBe('probe');
  });

  it('keeps documents, eTags and container definitions across an unflushed restart', async () => {
    // A folder that does not exist yet: the first save must create it.
    const dataFile = join(dir, 'nested', 'data', 'cosmos.json');
    const first = await start({ dataFile, saveDelayMs: 30 });
    const container = await ideasContainer(first.client);
    const { resource: created } = await container.items.create<Idea>({
      id: 'idea-1',
      tenantId: 'tenant-a',
      title: 'Cykelställ vid entrén',
      createdAtMs: 1_700_000_000_000,
    });
    if (created === undefined) throw new Error('create returned no resource');

    // Like a killed process: nothing is flushed or closed, only the delayed save has happened.
    await waitFor(() => fileContains(dataFile, 'idea-1'), 5000);
    const second = await start({ dataFile, saveDelayMs: 30 });
    const restored = second.client.database('ideslussen').container('ideas');

    const { resource: read } = await restored.item('idea-1', 'tenant-a').read<Idea>();
    expect(read).toEqual(created);

    const { resource: definition } = await restored.read();
    expect(definition?.partitionKey?.paths).toEqual(['/tenantId']);
    expect(definition?.indexingPolicy?.compositeIndexes).toEqual(ideasDefinition.indexingPolicy.compositeIndexes);

    // The old eTag is still the current one, so an optimistic write made before the restart succeeds.
    const replaced = await restored
      .item('idea-1', 'tenant-a')
      .replace<Idea>({ ...created, title: 'Cykelställ med tak' }, { accessCondition: { type: 'IfMatch', condition: created._etag } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.etag).not.toBe(created._etag);
    await expect(
      restored.item('idea-1', 'tenant-a').replace({ ...created }, { accessCondition: { type: 'IfMatch', condition: created._etag } }),
    ).rejects.toMatchObject({ code: 412 });

    // New documents get fresh _rids (the rid counter was restored too) and sort with the old ones.
    const { resource: next } = await restored.items.create<Idea>({
      id: 'idea-2',
      tenantId: 'tenant-a',
      title: 'Frukostmöte',
      createdAtMs: 1_700_000_000_001,
    });
    expect(next?._rid).not.toBe(created._rid);
    const { resources } = await restored.items
      .query<string>(
        {
          query: 'SELECT VALUE c.id FROM c WHERE c.tenantId = @tenantId ORDER BY c.createdAtMs DESC, c.id DESC',
          parameters: [{ name: '@tenantId', value: 'tenant-a' }],
        },
        { partitionKey: 'tenant-a' },
      )
      .fetchAll();
    expect(resources).toEqual(['idea-2', 'idea-1']);
  });

  it('saves at once on flush() and saves pending changes on close()', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { server, client } = await start({ dataFile, saveDelayMs: 60_000 });
    const container = await ideasContainer(client);
    await container.items.create({ id: 'flushed', tenantId: 't', createdAtMs: 1 });
    expect(await fileContains(dataFile, 'flushed')).toBe(false);

    await server.flush();
    expect(await fileContains(dataFile, 'flushed')).toBe(true);

    await container.items.create({ id: 'closed', tenantId: 't', createdAtMs: 2 });
    await server.close();
    expect(await fileContains(dataFile, 'closed')).toBe(true);
    await server.close(); // a second close is harmless
  });

  it('does not rewrite the file for queries and rejected writes', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { server, client } = await start({ dataFile, saveDelayMs: 10 });
    const container = await ideasContainer(client);
    await container.items.create({ id: 'one', tenantId: 't', createdAtMs: 1 });
    await server.flush();
    const before = await readFile(dataFile, 'utf8');

    await container.items.query('SELECT * FROM c', { partitionKey: 't' }).fetchAll();
    await expect(container.items.create({ id: 'one', tenantId: 't' })).rejects.toMatchObject({ code: 409 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.flush();
    expect(await readFile(dataFile, 'utf8')).toBe(before);
  });

  it('saves atomically: only the data file remains, never a temp file', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { server, client } = await start({ dataFile, saveDelayMs: 5 });
    const container = await ideasContainer(client);
    // A burst of writes, each scheduling a save while earlier ones may still be writing.
    await Promise.all(Array.from({ length: 40 }, (_, i) => container.items.create({ id: `burst-${i}`, tenantId: 't', createdAtMs: i })));
    await server.flush();
    expect(await readdir(dir)).toEqual(['cosmos.json']);
    const saved = JSON.parse(await readFile(dataFile, 'utf8')) as { databases: { items: unknown[] } };
    expect(saved.databases.items).toHaveLength(1);
    expect((await readFile(dataFile, 'utf8')).match(/"burst-\d+"/g)).toHaveLength(40);
  });

  it.each([
    ['invalid JSON', '{"format": "ideslussen-embedded-cosmos", "databases": ['],
    ['JSON of the wrong shape', JSON.stringify({ databases: [{ id: 'x' }] })],
    [
      'a document without _rid',
      JSON.stringify({
        format: 'ideslussen-embedded-cosmos',
        version: 1,
        savedAt: '2026-01-01T00:00:00.000Z',
        databases: {
          ridCount: 1,
          items: [
            {
              resource: { id: 'db', _rid: 'gAABAA==' },
              collections: {
                ridCount: 1,
                items: [
                  {
                    resource: { id: 'ideas', _rid: 'gAABAIAAAAE=' },
                    documents: { ridCount: 1, items: [{ id: 'broken' }] },
                    userDefinedFunctions: { ridCount: 0, items: [] },
                  },
                ],
              },
            },
          ],
        },
      }),
    ],
  ])('moves a data file holding %s aside, reports it and starts empty', async (_what, contents) => {
    const dataFile = join(dir, 'cosmos.json');
    await writeFile(dataFile, contents);
    const logger = recordingLogger();

    const { server, client } = await start({ dataFile, logger, saveDelayMs: 5 });

    const files = await readdir(dir);
    const corruptName = files.find((f) => f.startsWith('cosmos.json.corrupt-'));
    expect(corruptName).toBeDefined();
    const corruptFile = join(dir, corruptName ?? '');
    expect(await readFile(corruptFile, 'utf8')).toBe(contents);

    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ dataFile, corruptFile });
    expect(errors[0]?.msg).toContain(dataFile);
    expect(errors[0]?.msg).toContain(corruptFile);

    const { resources: databases } = await client.databases.readAll().fetchAll();
    expect(databases).toEqual([]);

    // The next save writes a fresh file and leaves the moved one alone.
    await ideasContainer(client);
    await server.flush();
    expect(await fileContains(dataFile, '"ideas"')).toBe(true);
    expect(await readFile(corruptFile, 'utf8')).toBe(contents);
  });

  it('starts empty, without complaint, when the data file does not exist yet', async () => {
    const logger = recordingLogger();
    const { client } = await start({ dataFile: join(dir, 'new.json'), logger });
    const { resources } = await client.databases.readAll().fetchAll();
    expect(resources).toEqual([]);
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});
