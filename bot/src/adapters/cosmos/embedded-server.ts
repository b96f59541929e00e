import { open, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  DamagedDataError,
  DataFiles,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  cutTornTail,
  encodeLine,
  exists,
  moveAside,
  readJournalFile,
  readSnapshotFile,
  syncDir,
  writeSnapshotFile,
  type JournalRecord,
  type SnapshotRecord,
  type StoredResource,
} from './embedded-files';

/**
 * The embedded Cosmos-compatible server used when no Azure Cosmos DB account is configured, and by
 * every test: `@vercel/cosmosdb-server` in-process on loopback, over plain HTTP, with its state kept
 * on disk by this module (the server itself only keeps state in memory).
 *
 * Durable, and O(1) per write: every change of a document is appended to a journal as one line, and
 * the answer to the request waits until that line is synced to disk (group commit: one `fdatasync`
 * serves every write that arrived meanwhile). A SIGKILL right after an answer loses nothing. Now and
 * then (when the journal has grown as large as the snapshot) the whole account is written as a new
 * snapshot in the background, a few milliseconds of work at a time; on start the snapshot is loaded
 * and the journals after it replayed. Documents are put back exactly as stored (`_rid`, `_etag`,
 * `_ts`, `_self`), so every `IfMatch` write held across a restart still works. The file layout is in
 * `embedded-files.ts`.
 *
 * A damaged file is never silently replaced: the replaced snapshot is kept as a last good copy
 * (with the journals it needs), used when the current one cannot be read, and reported in
 * {@link EmbeddedCosmos.restoreProblem}; with no good copy the server refuses to start unless told to
 * start empty (`reset`).
 *
 * Relies on `patches/@vercel+cosmosdb-server+1.0.1.patch`, which exposes the in-memory account as
 * `server.account`.
 */

/** Where the embedded server reports what it did; a pino logger fits. */
export interface EmbeddedCosmosLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Something that went wrong with the data files on start, which the server got over. */
export interface RestoreProblem {
  /** `restoredFromLastGood`: the current data could not be read, the last good copy was used. `reset`: started empty as told. */
  readonly kind: 'restoredFromLastGood' | 'reset';
  /** What happened, in words, with the files' names. */
  readonly message: string;
  /** Where the unreadable files were moved (they are never deleted). */
  readonly movedTo: readonly string[];
}

/** A running embedded server. */
export interface EmbeddedCosmos {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Any key is accepted; this one is valid base64 so the SDK can sign requests with it. */
  readonly key: string;
  /** Set when the data files could not be read as they were; /healthz reports it. */
  readonly restoreProblem: RestoreProblem | undefined;
  /** Resolves when every write answered so far is on disk (it already is once answered). */
  flush(): Promise<void>;
  /** Writes a new snapshot now (it also happens on its own as the journal grows). */
  compact(): Promise<void>;
  /** Stops accepting requests, lets answers in flight reach the disk and stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/** Options for {@link startEmbeddedCosmos}. */
export interface EmbeddedCosmosOptions {
  /** Snapshot file (journals and the last good copy sit beside it); without it the data lives only in memory. */
  dataFile?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * When the data files cannot be read and there is no good copy: set them aside and start empty.
   * Without it, the server refuses to start. (`EMBEDDED_DB_RESET=true` or `--reset`.)
   */
  reset?: boolean;
  /** Journal size after which a new snapshot is written, at least; default 8 MB, and never less than the last snapshot. */
  compactAfterBytes?: number;
  logger?: EmbeddedCosmosLogger;
}

/** The data files cannot be read and there is no good copy to use; the server must not start. */
export class EmbeddedDataUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDataUnreadableError';
  }
}

const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
const CLOSE_GRACE_MS = 2000;
const RETRY_MS = 1000;
const EMBEDDED_KEY = Buffer.from('ideslussen-embedded-cosmos-key').toString('base64');

// --- The parts of the server's in-memory account this module reads, restores and watches ---------

interface StoredItem {
  read(): StoredResource | undefined;
}

/** The server's `Items` collection class: resources by `_rid`, plus the counter that makes new `_rid`s. */
interface ItemStore<I extends StoredItem> {
  _data: Map<string, I>;
  _ridCount: number;
  /** Puts a resource in as-is (indexes included) without touching `_rid`, `_etag` or `_ts`. */
  _set(data: StoredResource): unknown;
  _item(keyPath: string, idOrRid: string, partition: unknown): StoredItem;
  delete(idOrRid: string, partition: unknown): unknown;
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

/**
 * Starts the embedded Cosmos server on 127.0.0.1, restoring its state from `dataFile` when given.
 *
 * @throws {EmbeddedDataUnreadableError} when the data files cannot be read, no good copy exists and
 *   `reset` is not set; the files are left as they are.
 * @throws when `@vercel/cosmosdb-server` (a devDependency) is not installed, or the port is taken.
 */
export async function startEmbeddedCosmos(options: EmbeddedCosmosOptions = {}): Promise<EmbeddedCosmos> {
  const logger = options.logger ?? fallbackLogger;
  const { dataFile } = options;
  const cosmosServer = await loadCosmosServer();

  // Plain HTTP: the package's bundled TLS certificate expired in 2021, and the traffic never
  // leaves loopback. Keep-alive, as Azure Cosmos DB answers: without it every request of the SDK
  // opened a new connection, a third of a chat turn's CPU under load (see docs/benchmarks.md).
  const server = cosmosServer.createHttpServer({ keepAlive: true });
  // An idle connection stays open until the client closes it. Node's default closes it after ~5 s,
  // and a client that knows nothing of that (the SDK's agent has no idle timeout) may send a
  // request into the close: it fails with "socket hang up", and the SDK retries only reads.
  server.keepAliveTimeout = 0;
  // Until the data is restored every request gets 503; afterwards each answer waits for the disk.
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  let durability: Durability | undefined;
  let ready = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!ready) {
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 'ServiceUnavailable', message: 'The embedded database is starting.' }));
      return;
    }
    if (durability !== undefined) holdAnswerUntilDurable(res, durability, logger);
    for (const handler of handlers) handler.call(server, req, res);
  });
  await listen(server, options.port ?? 0);
  const account = accountOf(server);
  const { port } = server.address() as AddressInfo;

  let restoreProblem: RestoreProblem | undefined;
  if (dataFile !== undefined) {
    try {
      const files = new DataFiles(dataFile);
      const restored = await restore(files, account, logger, options.reset === true);
      restoreProblem = restored.problem;
      durability = new Durability(files, account, logger, restored.state, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES);
      watchAccount(account, durability);
      if (restored.snapshotNow) await durability.compact();
    } catch (error) {
      await stopServer(server);
      throw error;
    }
  }
  ready = true;

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: EMBEDDED_KEY,
    restoreProblem,
    flush: async () => durability?.flush(),
    compact: async () => durability?.compact(),
    close: () => {
      closing ??= (async () => {
        await stopServer(server);
        await durability?.close();
      })();
      return closing;
    },
  };
}

/** Lets the request's answer out only once every change made so far is on disk. */
function holdAnswerUntilDurable(res: ServerResponse, durability: Durability, logger: EmbeddedCosmosLogger): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]): ServerResponse => {
    const seq = durability.appendedSeq;
    if (durability.isDurable(seq)) return end(...args);
    durability.whenDurable(seq).then(
      () => end(...args),
      (error: unknown) => {
        logger.error({ err: error }, 'embedded Cosmos: a write could not be saved to disk; it was answered with 503');
        res.statusCode = 503;
        end(JSON.stringify({ code: 'ServiceUnavailable', message: 'The write could not be saved to disk.' }));
      },
    );
    return res;
  }) as typeof res.end;
}

// --- Restoring ---------------------------------------------------------------------------------------

/** Where writing continues after a restore. */
interface DurableState {
  /** Generation of the snapshot on disk (0: none yet). */
  snapshotGeneration: number;
  /** Generation of the last good copy's snapshot, whose journals are kept (undefined: none). */
  lastGoodGeneration: number | undefined;
  /** Journal that new writes are appended to. */
  journalGeneration: number;
  /** Bytes in the journals after the snapshot, and the snapshot's own size. */
  journalBytes: number;
  snapshotBytes: number;
}

async function restore(
  files: DataFiles,
  account: AccountInternals,
  logger: EmbeddedCosmosLogger,
  reset: boolean,
): Promise<{ state: DurableState; problem?: RestoreProblem; snapshotNow: boolean }> {
  const { dataFile } = files;
  const existing = await files.existing();
  if (existing.length === 0) {
    logger.info({ dataFile }, 'embedded Cosmos: no data file yet, starting empty');
    return { state: emptyState(), snapshotNow: true };
  }

  let primaryError: DamagedDataError;
  try {
    const loaded = await loadCopy(files, dataFile, account, logger);
    logger.info({ dataFile, journals: loaded.journals, ...countResources(account) }, 'embedded Cosmos: data restored');
    const lastGoodGeneration = (await exists(files.lastGood)) ? await generationOf(files.lastGood) : undefined;
    return {
      state: { ...loaded.state, lastGoodGeneration },
      // A snapshot of the old one-file format is rewritten in the current one straight away.
      snapshotNow: loaded.state.snapshotGeneration === 0,
    };
  } catch (error) {
    if (!(error instanceof DamagedDataError)) throw error;
    primaryError = error;
    clearAccount(account);
  }

  let lastGoodError: DamagedDataError | undefined;
  if (await exists(files.lastGood)) {
    try {
      const loaded = await loadCopy(files, files.lastGood, account, logger);
      const movedTo = (await exists(dataFile)) ? await moveAside([dataFile], 'damaged') : [];
      const message =
        `The data file could not be read (${primaryError.message}). The last good copy ${files.lastGood} and the journals after it ` +
        `were restored instead${movedTo[0] ? `; the unreadable file was moved to ${movedTo[0]}` : ''}. Nothing was deleted.`;
      logger.error(
        { dataFile, reason: primaryError.message, lastGood: files.lastGood, movedTo, ...countResources(account) },
        `embedded Cosmos: ${message}`,
      );
      return {
        state: { ...loaded.state, lastGoodGeneration: loaded.state.snapshotGeneration },
        problem: { kind: 'restoredFromLastGood', message, movedTo },
        snapshotNow: true,
      };
    } catch (error) {
      if (!(error instanceof DamagedDataError)) throw error;
      lastGoodError = error;
      clearAccount(account);
    }
  }

  const what =
    `The embedded database's files could not be read: ${primaryError.message}` +
    (lastGoodError ? `; the last good copy could not be read either: ${lastGoodError.message}` : '; there is no last good copy') +
    '.';
  if (!reset) {
    throw new EmbeddedDataUnreadableError(
      `${what} The files are left untouched. To set them aside and start with an empty database, start with ` +
        'EMBEDDED_DB_RESET=true (or --reset).',
    );
  }
  const movedTo = await moveAside(await files.existing(), 'damaged');
  const message = `${what} As told (reset), they were moved aside (${movedTo.join(', ')}) and the database starts empty.`;
  logger.error({ dataFile, movedTo }, `embedded Cosmos: ${message}`);
  return { state: emptyState(), problem: { kind: 'reset', message, movedTo }, snapshotNow: true };
}

function emptyState(): DurableState {
  return { snapshotGeneration: 0, lastGoodGeneration: undefined, journalGeneration: 1, journalBytes: 0, snapshotBytes: 0 };
}

/** Loads one snapshot and replays the journals after it into the (empty) account. */
async function loadCopy(
  files: DataFiles,
  snapshotFile: string,
  account: AccountInternals,
  logger: EmbeddedCosmosLogger,
): Promise<{ state: Omit<DurableState, 'lastGoodGeneration'>; journals: number }> {
  const snapshotGeneration = await loadSnapshot(snapshotFile, account);
  const snapshotBytes = (await stat(snapshotFile)).size;
  const generations = (await files.journals()).filter((g) => g >= snapshotGeneration);
  let journalBytes = 0;
  for (const [i, generation] of generations.entries()) {
    const journal = files.journal(generation);
    const isLast = i === generations.length - 1;
    const read = await readJournalFile(journal, isLast, (record) => applyJournalRecord(account, record, journal));
    if (read.tornAt !== undefined) {
      // Answers wait for the sync, so a record cut off by a crash was never confirmed to anyone.
      await cutTornTail(journal, read.tornAt);
      logger.warn(
        { journal, at: read.tornAt },
        'embedded Cosmos: the journal ended in a write cut off by a crash (never confirmed); it was dropped',
      );
    }
    journalBytes += (await stat(journal)).size;
  }
  const journalGeneration = Math.max(snapshotGeneration, generations.at(-1) ?? 0, 1);
  return { state: { snapshotGeneration, journalGeneration, journalBytes, snapshotBytes }, journals: generations.length };
}

async function generationOf(snapshotFile: string): Promise<number | undefined> {
  const handle = await open(snapshotFile, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const match = /"generation":(\d+)/.exec(firstLine);
    return match ? Number(match[1]) : 0;
  } finally {
    await handle.close();
  }
}

/** Loads a snapshot (the current format, or the old one-JSON-file format) and returns its generation. */
async function loadSnapshot(file: string, account: AccountInternals): Promise<number> {
  const handle = await open(file, 'r');
  let first: string;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, 0);
    first = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  if (first === '{') {
    loadOldSnapshot(account, file, await readFile(file, 'utf8'));
    return 0;
  }
  const { databases } = account;
  const { generation } = await readSnapshotFile(file, (record) => {
    switch (record.k) {
      case 'header':
        databases._ridCount = record.databaseRidCount;
        break;
      case 'db': {
        databases._set(record.resource);
        const database = databases._data.get(record.resource._rid);
        if (database === undefined) throw new DamagedDataError(file, `database ${record.resource.id} could not be restored`);
        database.collections._ridCount = record.collectionRidCount;
        break;
      }
      case 'coll': {
        const database = databases._data.get(record.db);
        if (database === undefined)
          throw new DamagedDataError(file, `container ${record.resource.id} names a database the file does not hold`);
        // Collections._set re-applies the server's indexing-policy defaults, which are idempotent.
        database.collections._set(record.resource);
        const collection = database.collections._data.get(record.resource._rid);
        if (collection === undefined) throw new DamagedDataError(file, `container ${record.resource.id} could not be restored`);
        collection.documents._ridCount = record.documentRidCount;
        collection.userDefinedFunctions._ridCount = record.functionRidCount;
        break;
      }
      case 'udf': {
        const collection = collectionOf(account, record.db, record.coll, file);
        collection.userDefinedFunctions._set(record.resource);
        collection.userDefinedFunctions.replace({ id: record.resource.id, body: record.resource['body'] });
        break;
      }
      case 'doc':
        collectionOf(account, record.db, record.coll, file).documents._set(record.doc);
        break;
      case 'end':
        break;
    }
  });
  return generation;
}

function collectionOf(account: AccountInternals, dbRid: string, collRid: string, file: string): CollectionInternals {
  const collection = account.databases._data.get(dbRid)?.collections._data.get(collRid);
  if (collection === undefined) throw new DamagedDataError(file, `a record names a container (${collRid}) the data does not hold`);
  return collection;
}

function applyJournalRecord(account: AccountInternals, record: JournalRecord, file: string): void {
  const documents = collectionOf(account, record.db, record.coll, file).documents;
  if (record.k === 'put') {
    documents._set(record.doc);
    documents._ridCount = Math.max(documents._ridCount, record.ridCount);
  } else if (documents._data.has(record.rid)) {
    // By _rid: the server's own delete falls back to the _rid when no id matches.
    documents.delete(record.rid, undefined);
  }
}

// The one-JSON-file format of earlier versions, read once and then rewritten as a snapshot.
const storedResource = z.looseObject({ id: z.string().min(1), _rid: z.string().min(1) });
const itemStoreSnapshot = <T extends z.ZodType>(item: T) => z.object({ ridCount: z.number().int().nonnegative(), items: z.array(item) });
const oldSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(1),
  savedAt: z.string(),
  databases: itemStoreSnapshot(
    z.object({
      resource: storedResource,
      collections: itemStoreSnapshot(
        z.object({
          resource: storedResource,
          documents: itemStoreSnapshot(storedResource),
          userDefinedFunctions: itemStoreSnapshot(storedResource),
        }),
      ),
    }),
  ),
});
type OldSnapshot = z.infer<typeof oldSnapshotSchema>;

function loadOldSnapshot(account: AccountInternals, file: string, text: string): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DamagedDataError(file, `it is not valid JSON (${messageOf(error)})`);
  }
  const parsed = oldSnapshotSchema.safeParse(json);
  if (!parsed.success) throw new DamagedDataError(file, `it is not a snapshot of this server (${z.prettifyError(parsed.error)})`);
  try {
    restoreOldAccount(account, parsed.data);
  } catch (error) {
    throw new DamagedDataError(file, messageOf(error));
  }
}

function restoreOldAccount(account: AccountInternals, snapshot: OldSnapshot): void {
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

// --- Watching the account's writes --------------------------------------------------------------------

/**
 * Hooks the stores of the server's account: each stored or deleted document becomes a journal
 * record, at the moment the server changes its memory (so the journal's order is the order of the
 * changes). Databases, containers and functions change rarely (at start); such a change is saved
 * with a new snapshot before it is answered.
 */
function watchAccount(account: AccountInternals, durability: Durability): void {
  const watchDocuments = (dbRid: string, collRid: string, documents: ItemStore<StoredItem>): void => {
    const set = documents._set.bind(documents);
    const remove = documents.delete.bind(documents);
    documents._set = (data) => {
      const result = set(data);
      durability.append({ k: 'put', db: dbRid, coll: collRid, ridCount: documents._ridCount, doc: data });
      return result;
    };
    documents.delete = (idOrRid, partition) => {
      const rid = documents._item('/id', idOrRid, partition).read()?._rid;
      const result = remove(idOrRid, partition);
      if (rid !== undefined) durability.append({ k: 'del', db: dbRid, coll: collRid, rid });
      return result;
    };
  };
  const watchStructure = <I extends StoredItem>(store: ItemStore<I>, onNew: (rid: string, item: I) => void): void => {
    const set = store._set.bind(store);
    const remove = store.delete.bind(store);
    store._set = (data) => {
      const result = set(data);
      const item = store._data.get(data._rid);
      if (item !== undefined) onNew(data._rid, item);
      durability.structuralChange();
      return result;
    };
    store.delete = (idOrRid, partition) => {
      const result = remove(idOrRid, partition);
      durability.structuralChange();
      return result;
    };
  };
  const watchCollection = (dbRid: string, collRid: string, collection: CollectionInternals): void => {
    watchDocuments(dbRid, collRid, collection.documents);
    watchStructure(collection.userDefinedFunctions, () => undefined);
  };
  const watchDatabase = (dbRid: string, database: DatabaseInternals): void => {
    watchStructure(database.collections, (collRid, collection) => watchCollection(dbRid, collRid, collection));
    for (const [collRid, collection] of database.collections._data) watchCollection(dbRid, collRid, collection);
  };
  watchStructure(account.databases, watchDatabase);
  for (const [dbRid, database] of account.databases._data) watchDatabase(dbRid, database);
}

// --- Journal and snapshots ----------------------------------------------------------------------------

interface Waiter {
  seq: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Keeps the account on disk. Every change gets a sequence number; a change is durable once its
 * journal line is synced, or once a snapshot taken after it is in place (changes of structure are
 * saved only that way). Lines are written by one loop, each round taking everything appended
 * meanwhile (group commit); snapshots are written beside it, without stopping the journal.
 */
class Durability {
  /** Sequence number of the latest change. */
  appendedSeq = 0;
  private lineDurableSeq = 0;
  private snapshotSeq = 0;
  private pending: string[] = [];
  private pendingSeq = 0;
  private structural: number[] = [];
  private waiters: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  private compactAgain = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private journal: { generation: number; handle: FileHandle } | undefined;
  private closed = false;

  constructor(
    private readonly files: DataFiles,
    private readonly account: AccountInternals,
    private readonly logger: EmbeddedCosmosLogger,
    private readonly state: DurableState,
    private readonly compactAfterBytes: number,
  ) {}

  append(record: JournalRecord): void {
    this.appendedSeq += 1;
    this.pending.push(encodeLine(record));
    this.pendingSeq = this.appendedSeq;
    this.kickWriter();
  }

  structuralChange(): void {
    this.appendedSeq += 1;
    this.structural.push(this.appendedSeq);
    this.kickCompaction();
  }

  isDurable(seq: number): boolean {
    if (seq <= this.snapshotSeq) return true;
    if (seq > this.lineDurableSeq) return false;
    return !this.structural.some((s) => s <= seq);
  }

  whenDurable(seq: number): Promise<void> {
    if (this.isDurable(seq)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      this.kickWriter();
    });
  }

  async flush(): Promise<void> {
    await this.whenDurable(this.appendedSeq);
  }

  /** Writes a snapshot that covers every change so far. */
  async compact(): Promise<void> {
    this.structuralChange();
    await this.flush();
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.closed = true;
    clearTimeout(this.retryTimer);
    while (this.compacting !== undefined) await this.compacting;
    const journal = this.journal;
    this.journal = undefined;
    await journal?.handle.close();
  }

  private settle(): void {
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.isDurable(waiter.seq)) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private fail(error: unknown, what: string): void {
    this.logger.error({ err: error, dataFile: this.files.dataFile }, `embedded Cosmos: ${what} failed; retrying in a moment`);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    if (this.retryTimer === undefined && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kickWriter();
        if (this.structural.length > 0) this.kickCompaction();
      }, RETRY_MS);
      this.retryTimer.unref();
    }
  }

  private kickWriter(): void {
    if (this.writing !== undefined || this.retryTimer !== undefined) return;
    if (this.pending.length === 0 && this.lineDurableSeq === this.appendedSeq) return;
    this.writing = this.writeLoop().finally(() => {
      this.writing = undefined;
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0 || this.lineDurableSeq < this.appendedSeq) {
      const lines = this.pending;
      const upTo = this.appendedSeq;
      this.pending = [];
      if (lines.length > 0) {
        try {
          const generation = this.state.journalGeneration;
          const handle = await this.journalHandle(generation);
          const buffer = Buffer.from(lines.join(''), 'utf8');
          await handle.write(buffer);
          await handle.datasync();
          this.state.journalBytes += buffer.length;
        } catch (error) {
          // Put the lines back in front; writing one twice is harmless (replay is idempotent).
          this.pending = [...lines, ...this.pending];
          this.fail(error, 'writing the journal');
          return;
        }
      }
      this.lineDurableSeq = Math.max(this.lineDurableSeq, upTo);
      this.settle();
      if (this.state.journalBytes >= Math.max(this.compactAfterBytes, this.state.snapshotBytes)) this.kickCompaction();
    }
  }

  private async journalHandle(generation: number): Promise<FileHandle> {
    if (this.journal?.generation === generation) return this.journal.handle;
    const previous = this.journal;
    this.journal = undefined;
    await previous?.handle.close();
    const file = this.files.journal(generation);
    const isNew = !(await exists(file));
    const handle = await open(file, 'a');
    if (isNew) await syncDir(this.files.dir);
    this.journal = { generation, handle };
    return handle;
  }

  private kickCompaction(): void {
    if (this.closed && this.structural.length === 0) return;
    if (this.compacting !== undefined) {
      this.compactAgain = true;
      return;
    }
    if (this.retryTimer !== undefined) return;
    this.compacting = this.compactOnce()
      .catch((error: unknown) => this.fail(error, 'writing a snapshot'))
      .finally(() => {
        this.compacting = undefined;
        if (this.compactAgain) {
          this.compactAgain = false;
          this.kickCompaction();
        }
      });
  }

  private async compactOnce(): Promise<void> {
    // Taken synchronously: a consistent view of the account (stored resources are never changed in
    // place, a write puts a new object), and from here on new lines go to the next journal. Lines
    // still waiting are written there too; replaying them over this snapshot changes nothing.
    const seq = this.appendedSeq;
    const previousGeneration = this.state.snapshotGeneration;
    const generation = Math.max(this.state.journalGeneration, previousGeneration) + 1;
    const records = captureAccount(this.account, generation);
    const hadSnapshot = await exists(this.files.dataFile);
    this.state.journalGeneration = generation;
    this.state.journalBytes = 0;

    const started = performance.now();
    const bytes = await writeSnapshotFile(this.files, records);
    this.state.snapshotGeneration = generation;
    this.state.snapshotBytes = bytes;
    if (hadSnapshot) this.state.lastGoodGeneration = previousGeneration;
    this.snapshotSeq = Math.max(this.snapshotSeq, seq);
    this.structural = this.structural.filter((s) => s > seq);
    this.settle();
    this.logger.info(
      { dataFile: this.files.dataFile, generation, bytes, ms: Math.round(performance.now() - started) },
      'embedded Cosmos: snapshot written',
    );

    // Journals that neither the snapshot nor the last good copy needs.
    const keepFrom = this.state.lastGoodGeneration ?? generation;
    for (const old of await this.files.journals()) {
      if (old < keepFrom) await rm(this.files.journal(old), { force: true });
    }
  }
}

/** The account as snapshot records; the arrays are filled now, the lines encoded later. */
function captureAccount(account: AccountInternals, generation: number): Iterable<SnapshotRecord> {
  const records: SnapshotRecord[] = [];
  for (const [dbRid, database] of account.databases._data) {
    const resource = database.read();
    if (resource === undefined) continue;
    records.push({ k: 'db', resource, collectionRidCount: database.collections._ridCount });
    for (const [collRid, collection] of database.collections._data) {
      const collResource = collection.read();
      if (collResource === undefined) continue;
      records.push({
        k: 'coll',
        db: dbRid,
        resource: collResource,
        documentRidCount: collection.documents._ridCount,
        functionRidCount: collection.userDefinedFunctions._ridCount,
      });
      for (const udf of collection.userDefinedFunctions._data.values()) {
        const udfResource = udf.read();
        if (udfResource !== undefined) records.push({ k: 'udf', db: dbRid, coll: collRid, resource: udfResource });
      }
      // Map order is the server's natural order (insertion, a replace moves to the end); keep it.
      for (const doc of collection.documents._data.values()) {
        const docResource = doc.read();
        if (docResource !== undefined) records.push({ k: 'doc', db: dbRid, coll: collRid, doc: docResource });
      }
    }
  }
  const header: SnapshotRecord = {
    k: 'header',
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    generation,
    savedAt: new Date().toISOString(),
    databaseRidCount: account.databases._ridCount,
  };
  return [header, ...records, { k: 'end', records: records.length }];
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
    // Idle keep-alive sockets are closed now; in-flight requests finish, and sockets still open
    // after a grace period are closed.
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
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
