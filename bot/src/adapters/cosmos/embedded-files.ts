import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { crc32 } from 'node:zlib';

/**
 * The embedded database's files, all in the data file's folder:
 *
 * - `cosmos.json` — the snapshot: one record per line (a header, then every database, container,
 *   function and document exactly as stored, then an end record with the count), each line carrying
 *   its CRC-32. It covers every journal older than its generation.
 * - `cosmos.json.journal-<generation>` — every write since that snapshot started, appended and
 *   synced before the write is answered.
 * - `cosmos.json.last-good` — the snapshot the current one replaced. Its journals are kept too, so
 *   it restores everything when the current snapshot cannot be read.
 *
 * Every line is `<crc32 hex> <json>`: a line cut off by a crash (only ever the journal's last one)
 * is recognised and dropped; a damaged line anywhere else means the files are damaged.
 */

export const SNAPSHOT_FORMAT = 'ideslussen-embedded-cosmos';
export const SNAPSHOT_VERSION = 2;

/** A stored resource (database, container, document, function) exactly as the server keeps it. */
export type StoredResource = { id: string; _rid: string } & Record<string, unknown>;

/** One line of the snapshot. */
export type SnapshotRecord =
  | {
      k: 'header';
      format: typeof SNAPSHOT_FORMAT;
      version: typeof SNAPSHOT_VERSION;
      generation: number;
      savedAt: string;
      databaseRidCount: number;
    }
  | { k: 'db'; resource: StoredResource; collectionRidCount: number }
  | { k: 'coll'; db: string; resource: StoredResource; documentRidCount: number; functionRidCount: number }
  | { k: 'udf'; db: string; coll: string; resource: StoredResource }
  | { k: 'doc'; db: string; coll: string; doc: StoredResource }
  | { k: 'end'; records: number };

/** One line of a journal: a document stored (created, replaced, patched) or deleted. */
export type JournalRecord =
  { k: 'put'; db: string; coll: string; ridCount: number; doc: StoredResource } | { k: 'del'; db: string; coll: string; rid: string };

/** The data files could not be read back; says which file and why. */
export class DamagedDataError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DamagedDataError';
  }
}

export function encodeLine(record: object): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The record of one line, or undefined when the line is damaged (cut off, changed). */
export function decodeLine(line: string): unknown {
  const space = line.indexOf(' ');
  if (space !== 8) return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** The names of the files that belong to one data file. */
export class DataFiles {
  constructor(readonly dataFile: string) {}

  get dir(): string {
    return dirname(this.dataFile);
  }

  get lastGood(): string {
    return `${this.dataFile}.last-good`;
  }

  journal(generation: number): string {
    return `${this.dataFile}.journal-${generation}`;
  }

  /** Generations of the journals on disk, oldest first. */
  async journals(): Promise<number[]> {
    const prefix = `${basename(this.dataFile)}.journal-`;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return names
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  /** Every file of this data file that exists (snapshot, last good copy, journals). */
  async existing(): Promise<string[]> {
    const files = [this.dataFile, this.lastGood, ...(await this.journals()).map((g) => this.journal(g))];
    const found: string[] = [];
    for (const file of files) if (await exists(file)) found.push(file);
    return found;
  }
}

/** Reads a file line by line (without holding it whole in memory), with each line's byte offset. */
export async function* readLines(file: string): AsyncGenerator<{ line: string; offset: number; terminated: boolean }> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const size = (await stat(file)).size;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let offset = 0;
  for await (const line of lines) {
    const bytes = Buffer.byteLength(line, 'utf8');
    // readline drops the final newline; the last line is unterminated when the file ends without one.
    const terminated = offset + bytes + 1 <= size;
    yield { line, offset, terminated };
    offset += bytes + 1;
  }
}

/** Reads a snapshot file's records; throws {@link DamagedDataError} for any damage. */
export async function readSnapshotFile(file: string, onRecord: (record: SnapshotRecord) => void): Promise<{ generation: number }> {
  let generation: number | undefined;
  let count = 0;
  let ended = false;
  for await (const { line } of readLines(file)) {
    if (ended) throw new DamagedDataError(file, 'there are lines after the end record');
    const record = decodeLine(line) as SnapshotRecord | undefined;
    if (record === undefined || typeof record !== 'object' || record === null || typeof record.k !== 'string') {
      throw new DamagedDataError(file, `line ${count + 1} is damaged (checksum or JSON)`);
    }
    if (count === 0) {
      if (record.k !== 'header' || record.format !== SNAPSHOT_FORMAT || record.version !== SNAPSHOT_VERSION) {
        throw new DamagedDataError(file, 'it does not start with a snapshot header');
      }
      generation = record.generation;
    } else if (record.k === 'end') {
      if (record.records !== count - 1)
        throw new DamagedDataError(file, `the end record counts ${record.records} records, the file has ${count - 1}`);
      ended = true;
    }
    onRecord(record);
    count += 1;
  }
  if (generation === undefined) throw new DamagedDataError(file, 'the file is empty');
  if (!ended) throw new DamagedDataError(file, `it ends after ${count} lines without an end record (cut off)`);
  return { generation };
}

/**
 * Reads a journal's records. A damaged last line (a write cut off by a crash) is reported through
 * `onTornTail` when `tailMayBeTorn`; any other damaged line throws {@link DamagedDataError}.
 */
export async function readJournalFile(
  file: string,
  tailMayBeTorn: boolean,
  onRecord: (record: JournalRecord) => void,
): Promise<{ records: number; tornAt?: number }> {
  let records = 0;
  let torn: { offset: number; lineNumber: number } | undefined;
  for await (const { line, offset, terminated } of readLines(file)) {
    if (torn !== undefined) throw new DamagedDataError(file, `line ${torn.lineNumber} is damaged (checksum or JSON)`);
    const record = decodeLine(line) as JournalRecord | undefined;
    const valid = record !== undefined && typeof record === 'object' && record !== null && (record.k === 'put' || record.k === 'del');
    if (!valid || !terminated) {
      torn = { offset, lineNumber: records + 1 };
      continue;
    }
    onRecord(record);
    records += 1;
  }
  if (torn === undefined) return { records };
  if (!tailMayBeTorn) throw new DamagedDataError(file, `line ${torn.lineNumber} is damaged (checksum or JSON)`);
  return { records, tornAt: torn.offset };
}

/** Cuts a torn last record off a journal, so that appending continues after the last good one. */
export async function cutTornTail(file: string, offset: number): Promise<void> {
  await truncate(file, offset);
}

/**
 * Writes a snapshot from records produced lazily, without blocking the event loop for long: lines
 * are encoded in slices of a few milliseconds and written between them. Then syncs the temp file,
 * keeps the replaced snapshot as the last good copy (hard link, atomic rename) and renames the new
 * one into place; a crash at any point leaves a complete snapshot under `cosmos.json`.
 */
export async function writeSnapshotFile(files: DataFiles, records: Iterable<SnapshotRecord>, sliceMs = 4): Promise<number> {
  await mkdir(files.dir, { recursive: true });
  const temp = `${files.dataFile}.tmp-${process.pid}-${Date.now().toString(36)}`;
  let bytes = 0;
  try {
    const handle = await open(temp, 'w');
    try {
      let chunk: string[] = [];
      let sliceStart = performance.now();
      let count = 0;
      for (const record of records) {
        chunk.push(encodeLine(record));
        count += 1;
        if (count % 64 === 0 && performance.now() - sliceStart >= sliceMs) {
          bytes += await writeChunk(handle, chunk);
          chunk = [];
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
      bytes += await writeChunk(handle, chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (await exists(files.dataFile)) {
      const lastGoodTemp = `${files.lastGood}.tmp-${process.pid}`;
      await rm(lastGoodTemp, { force: true });
      await link(files.dataFile, lastGoodTemp);
      await rename(lastGoodTemp, files.lastGood);
    }
    await rename(temp, files.dataFile);
    await syncDir(files.dir);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return bytes;
}

async function writeChunk(handle: FileHandle, chunk: string[]): Promise<number> {
  if (chunk.length === 0) return 0;
  const buffer = Buffer.from(chunk.join(''), 'utf8');
  await handle.write(buffer);
  return buffer.length;
}

/** Makes a created or renamed file's directory entry durable. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems refuse to sync a directory; the data itself is synced.
    if (!isErrno(error, 'EISDIR') && !isErrno(error, 'EINVAL') && !isErrno(error, 'EPERM')) throw error;
  } finally {
    await handle?.close();
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Moves files aside with a suffix that says why and when; returns the new names. */
export async function moveAside(files: readonly string[], why: string, now = new Date()): Promise<string[]> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const moved: string[] = [];
  for (const file of files) {
    const target = `${file}.${why}-${stamp}`;
    await rename(file, target);
    moved.push(target);
  }
  if (files[0] !== undefined) await syncDir(dirname(files[0]));
  return moved;
}

export function joinDir(dir: string, name: string): string {
  return join(dir, name);
}

// Duck-typed: errors from Node's internals can come from another realm (as under Jest).
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}
