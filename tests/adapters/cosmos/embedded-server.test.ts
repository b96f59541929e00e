import type { Container, CosmosClient } from '@azure/cosmos';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedDataUnreadableError,
  startEmbeddedCosmos,
  type EmbeddedCosmos,
  type EmbeddedCosmosLogger,
} from '../../../bot/src/adapters/cosmos/embedded-server';
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

  it('keeps documents, eTags and container definitions across a restart without close', async () => {
    // A folder that does not exist yet: the first write must create it.
    const dataFile = join(dir, 'nested', 'data', 'cosmos.json');
    const first = await start({ dataFile });
    const container = await ideasContainer(first.client);
    const { resource: created } = await container.items.create<Idea>({
      id: 'idea-1',
      tenantId: 'tenant-a',
      title: 'Cykelställ vid entrén',
      createdAtMs: 1_700_000_000_000,
    });
    if (created === undefined) throw new Error('create returned no resource');

    // Like a killed process: nothing is flushed or closed, and no time passes after the answer.
    const second = await start({ dataFile });
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

  it('has each write in the journal on disk when it is answered', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { client } = await start({ dataFile });
    const container = await ideasContainer(client);
    const journals = async (): Promise<string> => {
      const names = (await readdir(dir)).filter((n) => n.startsWith('cosmos.json.journal-'));
      return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('');
    };
    await container.items.create({ id: 'answered', tenantId: 't', createdAtMs: 1 });
    expect(await journals()).toContain('"answered"');
    await container.item('answered', 't').patch([{ op: 'set', path: '/title', value: 'Patchad' }]);
    expect(await journals()).toContain('"Patchad"');
    await container.item('answered', 't').delete();
    expect((await journals()).match(/"k":"del"/g)?.length).toBeGreaterThan(0);
  });

  it('gives simultaneous writes their own answers and replays deletes, patches and replaces in order', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const first = await start({ dataFile, compactAfterBytes: 20_000 });
    const container = await ideasContainer(first.client);
    // Enough writes to cross the compaction threshold several times while writes keep coming.
    await Promise.all(Array.from({ length: 200 }, (_, i) => container.items.create({ id: `d-${i}`, tenantId: 't', createdAtMs: i, n: 0 })));
    await Promise.all(Array.from({ length: 50 }, (_, i) => container.item(`d-${i}`, 't').delete()));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => container.item(`d-${50 + i}`, 't').patch([{ op: 'incr', path: '/n', value: 1 }])),
    );
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        container.item(`d-${100 + i}`, 't').replace({ id: `d-${100 + i}`, tenantId: 't', createdAtMs: i, n: 2 }),
      ),
    );
    const { resources: before } = await container.items.query('SELECT * FROM c', { partitionKey: 't' }).fetchAll();
    expect(before).toHaveLength(150);
    expect((await readdir(dir)).some((n) => n === 'cosmos.json.last-good')).toBe(true);

    const second = await start({ dataFile });
    const { resources: after } = await second.client
      .database('ideslussen')
      .container('ideas')
      .items.query('SELECT * FROM c', { partitionKey: 't' })
      .fetchAll();
    const byId = (docs: Array<Record<string, unknown>>) => [...docs].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    expect(byId(after)).toEqual(byId(before));
    expect(after.find((d) => d['id'] === 'd-60')).toMatchObject({ n: 1 });
    expect(after.find((d) => d['id'] === 'd-120')).toMatchObject({ n: 2 });
  });

  it('writes nothing for queries and rejected writes', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { server, client } = await start({ dataFile });
    const container = await ideasContainer(client);
    await container.items.create({ id: 'one', tenantId: 't', createdAtMs: 1 });
    await server.flush();
    const sizes = async (): Promise<number[]> => Promise.all((await readdir(dir)).sort().map(async (n) => (await stat(join(dir, n))).size));
    const before = await sizes();

    await container.items.query('SELECT * FROM c', { partitionKey: 't' }).fetchAll();
    await expect(container.items.create({ id: 'one', tenantId: 't' })).rejects.toMatchObject({ code: 409 });
    await server.flush();
    expect(await sizes()).toEqual(before);
  });

  it('compacts on request into one snapshot that restores alone, and keeps the replaced one as the last good copy', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const { server, client } = await start({ dataFile });
    const container = await ideasContainer(client);
    await Promise.all(Array.from({ length: 40 }, (_, i) => container.items.create({ id: `burst-${i}`, tenantId: 't', createdAtMs: i })));
    await server.compact();
    await server.close();
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files).toContain('cosmos.json.last-good');
    expect((await readFile(dataFile, 'utf8')).match(/"burst-\d+"/g)).toHaveLength(40);
    // The snapshot alone holds everything: without the journals it still restores every document.
    for (const f of files.filter((n) => n.startsWith('cosmos.json.journal-'))) await rm(join(dir, f));
    const { client: again } = await start({ dataFile });
    const { resources } = await again
      .database('ideslussen')
      .container('ideas')
      .items.query('SELECT VALUE c.id FROM c', { partitionKey: 't' })
      .fetchAll();
    expect(resources).toHaveLength(40);
  });

  it('drops a write cut off by a crash at the end of the journal, and keeps everything before it', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const logger = recordingLogger();
    const first = await start({ dataFile });
    const container = await ideasContainer(first.client);
    await container.items.create({ id: 'kept', tenantId: 't', createdAtMs: 1 });
    const journal = (await readdir(dir))
      .filter((n) => n.startsWith('cosmos.json.journal-'))
      .sort()
      .at(-1)!;
    const goodSize = (await stat(join(dir, journal))).size;
    await appendFile(join(dir, journal), '1a2b3c4d {"k":"put","db":"x","coll":"y","ridCount":9,"doc":{"id":"cut-of');

    const second = await start({ dataFile, logger });
    const { resource } = await second.client.database('ideslussen').container('ideas').item('kept', 't').read();
    expect(resource).toMatchObject({ id: 'kept' });
    expect(second.server.restoreProblem).toBeUndefined();
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([expect.objectContaining({ at: goodSize })]);
    expect((await stat(join(dir, journal))).size).toBe(goodSize);
  });

  it('restores the last good copy and its journals when the data file is damaged, keeps the damaged file and says so', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const first = await start({ dataFile });
    const container = await ideasContainer(first.client);
    await container.items.create({ id: 'before-snapshot', tenantId: 't', createdAtMs: 1 });
    await first.server.compact();
    await container.items.create({ id: 'after-snapshot', tenantId: 't', createdAtMs: 2 });
    const damaged = (await readFile(dataFile, 'utf8')).replace('before-snapshot', 'before-snapshoX');
    await writeFile(dataFile, damaged);

    const logger = recordingLogger();
    const second = await start({ dataFile, logger });
    const ids = await second.client
      .database('ideslussen')
      .container('ideas')
      .items.query<string>('SELECT VALUE c.id FROM c', { partitionKey: 't' })
      .fetchAll();
    expect(ids.resources.sort()).toEqual(['after-snapshot', 'before-snapshot']);
    const problem = second.server.restoreProblem;
    expect(problem).toMatchObject({ kind: 'restoredFromLastGood' });
    expect(problem?.message).toContain('cosmos.json.last-good');
    expect(problem?.message).toContain('line');
    const movedTo = problem?.movedTo[0] ?? '';
    expect(movedTo).toMatch(/cosmos\.json\.damaged-/);
    expect(await readFile(movedTo, 'utf8')).toBe(damaged);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it.each([
    ['invalid JSON in the old one-file format', '{"format": "ideslussen-embedded-cosmos", "databases": ['],
    ['JSON of the wrong shape', JSON.stringify({ databases: [{ id: 'x' }] })],
    ['a snapshot cut off before its end', '00000000 {"k":"header"}\n'],
  ])('refuses to start on a data file holding %s with no good copy, and leaves it untouched', async (_what, contents) => {
    const dataFile = join(dir, 'cosmos.json');
    await writeFile(dataFile, contents);
    const error = await startEmbeddedCosmos({ dataFile, logger: recordingLogger() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddedDataUnreadableError);
    expect((error as Error).message).toContain(dataFile);
    expect((error as Error).message).toContain('EMBEDDED_DB_RESET=true');
    expect(await readdir(dir)).toEqual(['cosmos.json']);
    expect(await readFile(dataFile, 'utf8')).toBe(contents);
  });

  it('refuses to start when a journal is damaged before its end', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const first = await start({ dataFile });
    const container = await ideasContainer(first.client);
    await container.items.create({ id: 'one', tenantId: 't', createdAtMs: 1 });
    await container.items.create({ id: 'two', tenantId: 't', createdAtMs: 2 });
    const journal = join(
      dir,
      (await readdir(dir))
        .filter((n) => n.startsWith('cosmos.json.journal-'))
        .sort()
        .at(-1)!,
    );
    await writeFile(journal, (await readFile(journal, 'utf8')).replace('"one"', '"onE"'));
    await expect(startEmbeddedCosmos({ dataFile, logger: recordingLogger() })).rejects.toBeInstanceOf(EmbeddedDataUnreadableError);
  });

  it('starts empty when told to reset, moving the unreadable files aside and reporting it', async () => {
    const dataFile = join(dir, 'cosmos.json');
    await writeFile(dataFile, 'not a snapshot');
    const { server, client } = await start({ dataFile, reset: true, logger: recordingLogger() });
    const { resources } = await client.databases.readAll().fetchAll();
    expect(resources).toEqual([]);
    expect(server.restoreProblem).toMatchObject({ kind: 'reset' });
    const moved = server.restoreProblem?.movedTo[0] ?? '';
    expect(await readFile(moved, 'utf8')).toBe('not a snapshot');
    await ideasContainer(client);
    expect(await fileContains(dataFile, '"ideas"')).toBe(true);
  });

  it('reads a data file of the old one-file format and rewrites it as a snapshot', async () => {
    const dataFile = join(dir, 'cosmos.json');
    const old = oldFormatFile();
    await writeFile(dataFile, old);
    const { client } = await start({ dataFile });
    const { resource } = await client.database('db').container('ideas').item('legacy', 'legacy').read();
    expect(resource).toMatchObject({ id: 'legacy', title: 'Från förr', _etag: 'e3' });
    expect((await readFile(dataFile, 'utf8')).startsWith('{')).toBe(false);
    expect(await readFile(`${dataFile}.last-good`, 'utf8')).toBe(old);
  });

  it('starts empty, without complaint, when the data file does not exist yet', async () => {
    const logger = recordingLogger();
    const { client } = await start({ dataFile: join(dir, 'new.json'), logger });
    const { resources } = await client.databases.readAll().fetchAll();
    expect(resources).toEqual([]);
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});

/** A data file in the one-JSON-file format of earlier versions, with one database, container and document. */
function oldFormatFile(): string {
  return JSON.stringify({
    format: 'ideslussen-embedded-cosmos',
    version: 1,
    savedAt: '2026-01-01T00:00:00.000Z',
    databases: {
      ridCount: 1,
      items: [
        {
          resource: { id: 'db', _rid: 'gAABAA==', _self: 'dbs/gAABAA==/', _etag: 'e1', _ts: 1 },
          collections: {
            ridCount: 1,
            items: [
              {
                resource: {
                  id: 'ideas',
                  _rid: 'gAABAIAAAAE=',
                  _self: 'dbs/gAABAA==/colls/gAABAIAAAAE=/',
                  _etag: 'e2',
                  _ts: 1,
                  partitionKey: { paths: ['/id'], kind: 'Hash' },
                },
                documents: {
                  ridCount: 1,
                  items: [{ id: 'legacy', title: 'Från förr', _rid: 'gAABAIAAAAEBAAAAAAAAAA==', _self: 'x', _etag: 'e3', _ts: 1 }],
                },
                userDefinedFunctions: { ridCount: 0, items: [] },
              },
            ],
          },
        },
      ],
    },
  });
}
