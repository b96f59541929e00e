import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The embedded Cosmos-compatible server used when no Azure Cosmos DB account is configured, and by
 * every test: `@vercel/cosmosdb-server` in-process on loopback, over plain HTTP, with its state
 * kept in one JSON file.
 *
 * The server only keeps state in memory, so persistence is done here: the whole account (databases,
 * containers with their partition keys and indexing policies, documents exactly as stored, with
 * `_rid`, `_etag`, `_ts`, `_self`) is written as one snapshot shortly after each write, and put back
 * into the server's own data structures on start. Documents are never re-created, because that
 * would give them new eTags and break every `IfMatch` write held across a restart.
 *
 * Relies on `patches/@vercel+cosmosdb-server+1.0.1.patch`, which exposes the in-memory account
 * as `server.account`.
 */

/** Where the embedded server reports what it did; a pino logger fits. */
export interface EmbeddedCosmosLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A running embedded server. */
export interface EmbeddedCosmos {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Any key is accepted; this one is valid base64 so the SDK can sign requests with it. */
  readonly key: string;
  /** Writes the data file now if anything changed since the last save (no-op without a data file). */
  flush(): Promise<void>;
  /** Stops accepting requests, saves pending changes and stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/** Options for {@link startEmbeddedCosmos}. */
export interface EmbeddedCosmosOptions {
  /** JSON file holding the account's state; without it the data lives only in memory. */
  dataFile?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** How long after a write the data file is saved; bursts of writes share one save. Default 200 ms. */
  saveDelayMs?: number;
  logger?: EmbeddedCosmosLogger;
}

const SNAPSHOT_FORMAT = 'ideslussen-embedded-cosmos';
const SNAPSHOT_VERSION = 1;
const DEFAULT_SAVE_DELAY_MS = 200;
const CLOSE_GRACE_MS = 2000;
const RETRY_SAVE_MS = 1000;
const EMBEDDED_KEY = Buffer.from('ideslussen-embedded-cosmos-key').toString('base64');

// --- The parts of the server's in-memory account this module reads and restores -----------------

/** A stored resource (database, container, document, UDF) exactly as the server keeps it. */
type StoredResource = { id: string; _rid: string } & Record<string, unknown>;

interface StoredItem {
  read(): StoredResource | undefined;
}

/** The server's `Items` collection class: resources by `_rid`, plus the counter that makes new `_rid`s. */
interface ItemStore<I extends StoredItem> {
  _data: Map<string, I>;
  _ridCount: number;
  /** Puts a resource in as-is (indexes included) without touching `_rid`, `_etag` or `_ts`. */
  _set(data: StoredResource): unknown;
  delete(idOrRid: string, partition: unknown): void;
}

interface UdfStore extends ItemStore<StoredItem> {
  /** Recompiles the function body; the server has no other way to register a UDF's code. */
  replace(data: { id: string; body: unknown }): unknown;
}

interface CollectionInternals extends StoredItem {
  documents: ItemStore<StoredItem>;
  userDefinedFunctions: UdfStore;
}

interface DatabaseInternals extends StoredItem {
  collections: ItemStore<CollectionInternals>;
}

interface AccountInternals {
  databases: ItemStore<DatabaseInternals>;
}

type CosmosServerModule = Pick<typeof import('@vercel/cosmosdb-server'), 'createHttpServer'>;

// --- Snapshot file shape -----------------------------------------------------------------------------

const storedResource = z.looseObject({ id: z.string().min(1), _rid: z.string().min(1) });
const itemStoreSnapshot = <T extends z.ZodType>(item: T) => z.object({ ridCount: z.number().int().nonnegative(), items: z.array(item) });
const collectionSnapshot = z.object({
  resource: storedResource,
  documents: itemStoreSnapshot(storedResource),
  userDefinedFunctions: itemStoreSnapshot(storedResource),
});
const databaseSnapshot = z.object({
  resource: storedResource,
  collections: itemStoreSnapshot(collectionSnapshot),
});
const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  savedAt: z.string(),
  databases: itemStoreSnapshot(databaseSnapshot),
});
type Snapshot = z.infer<typeof snapshotSchema>;
type StoreSnapshot<T> = { ridCount: number; items: T[] };

/**
 * Starts the embedded Cosmos server on 127.0.0.1, restoring its state from `dataFile` when given.
 *
 * A data file that cannot be read back (invalid JSON, wrong shape) is moved aside to
 * `<dataFile>.corrupt-<timestamp>` and reported through `logger.error`; the server then starts
 * empty. It is never overwritten in place.
 *
 * @throws when `@vercel/cosmosdb-server` (a devDependency) is not installed, or the port is taken.
 */
export async function startEmbeddedCosmos(options: EmbeddedCosmosOptions = {}): Promise<EmbeddedCosmos> {
  const logger = options.logger ?? fallbackLogger;
  const saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
  const { dataFile } = options;

  const cosmosServer = await loadCosmosServer();
  const snapshot = dataFile === undefined ? undefined : await readSnapshot(dataFile, logger);

  // Plain HTTP: the package's bundled TLS certificate expired in 2021, and the traffic never
  // leaves loopback.
  const server = cosmosServer.createHttpServer();
  await listen(server, options.port ?? 0);
  const account = accountOf(server);
  const { port } = server.address() as AddressInfo;

  if (snapshot !== undefined && dataFile !== undefined) {
    // Synchronous, straight after 'listening': no connection is handled before the restore is done.
    try {
      restoreAccount(account, snapshot);
      logger.info({ dataFile, ...countResources(account) }, 'embedded Cosmos: data restored');
    } catch (error) {
      clearAccount(account);
      await moveAside(dataFile, logger, error);
    }
  }

  const persistence = dataFile === undefined ? undefined : new Persistence(dataFile, account, saveDelayMs, logger);
  if (persistence !== undefined) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!isWriteRequest(req)) return;
      // 'close' also fires when the client goes away after the handler already changed the state.
      res.once('close', () => {
        const rejected = res.statusCode >= 400 && res.statusCode < 500;
        if (!rejected) persistence.markChanged();
      });
    });
  }

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: EMBEDDED_KEY,
    flush: async () => persistence?.flush(),
    close: () => {
      closing ??= (async () => {
        await stopServer(server);
        await persistence?.close();
      })();
      return closing;
    },
  };
}

// --- Loading the server ----------------------------------------------------------------------------

async function loadCosmosServer(): Promise<CosmosServerModule> {
  try {
    // Loaded lazily: it is a devDependency with ~450 packages that production never loads.
    return await import('@vercel/cosmosdb-server');
  } catch (error) {
    if (!isErrnoException(error) || (error.code !== 'ERR_MODULE_NOT_FOUND' && error.code !== 'MODULE_NOT_FOUND')) {
      throw error;
    }
    throw new Error(
      'No Cosmos DB account is configured (COSMOS_ENDPOINT) and the embedded development server ' +
        '@vercel/cosmosdb-server is not installed. Configure COSMOS_ENDPOINT, or install the ' +
        'development dependencies (npm ci) to run with local storage.',
      { cause: error },
    );
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function accountOf(server: Server): AccountInternals {
  const account: unknown = (server as Server & { account?: unknown }).account;
  if (!isAccountInternals(account)) {
    server.close();
    throw new Error(
      '@vercel/cosmosdb-server does not expose its account: is patches/@vercel+cosmosdb-server+1.0.1.patch ' +
        'applied (npm install runs patch-package)?',
    );
  }
  return account;
}

function isAccountInternals(value: unknown): value is AccountInternals {
  if (typeof value !== 'object' || value === null || !('databases' in value)) return false;
  const { databases } = value;
  return (
    typeof databases === 'object' &&
    databases !== null &&
    '_data' in databases &&
    databases._data instanceof Map &&
    '_set' in databases &&
    typeof databases._set === 'function'
  );
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // The server answers with `connection: close`, so in-flight requests finish and their sockets
    // end; idle keep-alive sockets are closed now, and stragglers after a grace period.
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function isWriteRequest(req: IncomingMessage): boolean {
  switch (req.method) {
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return true;
    case 'POST':
      // Queries are POSTs too (the SDK marks them); they change nothing.
      return !(
        isTrueHeader(req.headers['x-ms-documentdb-isquery']) ||
        isTrueHeader(req.headers['x-ms-cosmos-is-query-plan-request']) ||
        req.headers['content-type'] === 'application/query+json'
      );
    default:
      return false;
  }
}

function isTrueHeader(value: string | string[] | undefined): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => v?.toLowerCase() === 'true');
}

// --- Snapshot: account -> JSON and back -------------------------------------------------------------

function storeItems<I extends StoredItem, T>(store: ItemStore<I>, map: (resource: StoredResource, item: I) => T): StoreSnapshot<T> {
  const items: T[] = [];
  // Map order is the server's natural order (insertion, a replace moves to the end); keep it.
  for (const item of store._data.values()) {
    const resource = item.read();
    if (resource !== undefined) items.push(map(resource, item));
  }
  return { ridCount: store._ridCount, items };
}

function snapshotAccount(account: AccountInternals): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    savedAt: new Date().toISOString(),
    databases: storeItems(account.databases, (resource, database) => ({
      resource,
      collections: storeItems(database.collections, (collResource, collection) => ({
        resource: collResource,
        documents: storeItems(collection.documents, (doc) => doc),
        userDefinedFunctions: storeItems(collection.userDefinedFunctions, (udf) => udf),
      })),
    })),
  };
}

function restoreAccount(account: AccountInternals, snapshot: Snapshot): void {
  const { databases } = account;
  for (const db of snapshot.databases.items) {
    databases._set(db.resource);
    const database = databases._data.get(db.resource._rid);
    if (database === undefined) throw new Error(`database ${db.resource.id} was not restored`);
    for (const coll of db.collections.items) {
      // Collections._set re-applies the server's indexing-policy defaults, which are idempotent.
      database.collections._set(coll.resource);
      const collection = database.collections._data.get(coll.resource._rid);
      if (collection === undefined) throw new Error(`container ${coll.resource.id} was not restored`);
      for (const doc of coll.documents.items) collection.documents._set(doc);
      collection.documents._ridCount = coll.documents.ridCount;
      for (const udf of coll.userDefinedFunctions.items) {
        collection.userDefinedFunctions._set(udf);
        collection.userDefinedFunctions.replace({ id: udf.id, body: udf.body });
      }
      collection.userDefinedFunctions._ridCount = coll.userDefinedFunctions.ridCount;
    }
    database.collections._ridCount = db.collections.ridCount;
  }
  databases._ridCount = snapshot.databases.ridCount;
}

/** Empties the account through the server's own delete, after a restore that failed half-way. */
function clearAccount(account: AccountInternals): void {
  for (const item of [...account.databases._data.values()]) {
    const resource = item.read();
    if (resource !== undefined) account.databases.delete(resource.id, resource.id);
  }
  account.databases._ridCount = 0;
}

function countResources(account: AccountInternals): { databases: number; containers: number; documents: number } {
  let containers = 0;
  let documents = 0;
  for (const database of account.databases._data.values()) {
    for (const collection of database.collections._data.values()) {
      containers += 1;
      documents += collection.documents._data.size;
    }
  }
  return { databases: account.databases._data.size, containers, documents };
}

// --- The data file -----------------------------------------------------------------------------------

async function readSnapshot(dataFile: string, logger: EmbeddedCosmosLogger): Promise<Snapshot | undefined> {
  let text: string;
  try {
    text = await readFile(dataFile, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') {
      logger.info({ dataFile }, 'embedded Cosmos: no data file yet, starting empty');
      return undefined;
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    await moveAside(dataFile, logger, error);
    return undefined;
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    await moveAside(dataFile, logger, new Error(z.prettifyError(parsed.error)));
    return undefined;
  }
  return parsed.data;
}

async function moveAside(dataFile: string, logger: EmbeddedCosmosLogger, cause: unknown): Promise<void> {
  const corruptFile = `${dataFile}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(dataFile, corruptFile);
  logger.error(
    { dataFile, corruptFile, reason: messageOf(cause) },
    `embedded Cosmos: the data file ${dataFile} could not be read; it was moved to ${corruptFile} and the server starts empty`,
  );
}

/** Writes to a temp file in the same folder, syncs it, then renames: a crash leaves the old file or the new one. */
async function writeAtomically(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tempFile = `${file}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    const handle = await open(tempFile, 'w');
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempFile, file);
  } catch (error) {
    await rm(tempFile, { force: true });
    throw error;
  }
}

/** Saves the account to the data file a little after writes, one save at a time. */
class Persistence {
  private changes = 0;
  private savedChanges = 0;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly dataFile: string,
    private readonly account: AccountInternals,
    private readonly saveDelayMs: number,
    private readonly logger: EmbeddedCosmosLogger,
  ) {}

  markChanged(): void {
    this.changes += 1;
    this.schedule(this.saveDelayMs);
  }

  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // One save at a time; changes made while a save runs are caught by the loop.
    while (this.saving !== undefined) await this.saving;
    if (this.changes === this.savedChanges) return;
    this.saving = this.save();
    try {
      await this.saving;
    } finally {
      this.saving = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => {
        this.logger.error({ err: error, dataFile: this.dataFile }, 'embedded Cosmos: saving the data file failed; retrying in a moment');
        // Without a retry the changes would wait for the next write, which may never come.
        this.schedule(Math.max(this.saveDelayMs, RETRY_SAVE_MS));
      });
    }, delayMs);
  }

  private async save(): Promise<void> {
    const changes = this.changes;
    // The snapshot is taken synchronously, so it is a consistent view of the account.
    const contents = JSON.stringify(snapshotAccount(this.account));
    await writeAtomically(this.dataFile, contents);
    this.savedChanges = changes;
  }
}

// Duck-typed rather than `instanceof Error`: errors from Node's internals can come from another
// realm (as under Jest), where `instanceof` is false.
function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && 'code' in error;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

/** Without a logger, problems still reach stderr; routine messages stay quiet. */
const fallbackLogger: EmbeddedCosmosLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};
