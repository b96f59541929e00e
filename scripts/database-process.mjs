// The embedded database in a process of its own (scripts/embedded-cosmos-process.mjs), for the
// benchmarks: Azure Cosmos DB runs apart from the app, so the database's work and memory should not
// be counted as the server's. Used by bench.mjs and bench-load.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'embedded-cosmos-process.mjs');

/** The resident memory of a process in MB, from /proc (Linux); undefined elsewhere. */
export function residentMegabytes(pid) {
  try {
    const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kib) ? Math.round(kib / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the embedded database in its own process with its data in a fresh folder. `env` is what
 * the server needs to use it (COSMOS_ENDPOINT, COSMOS_KEY).
 */
export async function startDatabaseProcess() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-bench-db-'));
  const child = spawn(process.execPath, [SCRIPT, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the database process stopped (${code}) before it was ready`)));
  });
  const { endpoint, key } = JSON.parse(line);
  return {
    endpoint,
    key,
    env: { COSMOS_ENDPOINT: endpoint, COSMOS_KEY: key },
    rssMb: () => residentMegabytes(child.pid),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
