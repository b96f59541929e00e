import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { COACH, COACH_2, TENANT } from '../../bot/src/local/activities';

/** The built server (`npm run build:bot`), as production starts it. */
export const SERVER_ENTRY = path.resolve(__dirname, '../../dist/bot/src/index.js');

/**
 * NODE_OPTIONS for a Node process a test starts: it runs under the same loopback guard as the test
 * process (scripts/loopback-guard.cjs), so a server process cannot reach anything but loopback either.
 */
export const LOOPBACK_GUARD_NODE_OPTIONS = `--require ${JSON.stringify(path.resolve(__dirname, '../../scripts/loopback-guard.cjs'))}`;

/** A free port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * The environment of a local server process: loopback only, the default sluice of TENANT (coaches
 * COACH and COACH_2), no background workers unless `env` starts them; `env` overrides any of it.
 */
export function serverProcessEnv(port: number, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    NODE_OPTIONS: LOOPBACK_GUARD_NODE_OPTIONS,
    NODE_ENV: 'test',
    LOCAL_DEV: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    OUTBOX_POLL_MS: '0',
    REMINDER_SCAN_MS: '0',
    ...env,
  };
}

/** A server process started by {@link startServerProcess}. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** SIGKILL: no shutdown, no flush, no wait; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the server's graceful stop); resolves when the process is gone. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the built server as a child process on a free loopback port and resolves once /healthz
 * answers. With `COSMOS_ENDPOINT` and `COSMOS_KEY` of an embedded Cosmos server in `env`, several
 * processes share one database, as several instances share one Cosmos account; otherwise give
 * `DATA_DIR` and the process runs its own embedded database there.
 *
 * @example
 * const server = await startServerProcess({ DATA_DIR: dir });
 * await fetch(`${server.url}/healthz`);
 * await server.kill();
 */
export async function startServerProcess(env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build:bot`);
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: serverProcessEnv(port, env),
    stdio: process.env['TEST_LOG_LEVEL'] ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
