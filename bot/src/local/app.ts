/**
 * The one way to start the whole server on this machine for tests and benchmarks: in-process on a
 * free loopback port, the embedded Cosmos server in a fresh data folder, and a default sluice of
 * the local test tenant. Production starts through `index.ts`; nothing here is used there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startApp, type App } from '../app';
import { loadConfig } from '../config';
import type { DirectoryPort } from '../domain/directory';
import type { Clock } from '../domain/ports';
import { createLogger } from '../logger';
import { COACH, COACH_2, TENANT } from './activities';

/** What a caller may choose about the app it starts; the environment is the first argument. */
export interface LocalAppOptions {
  /** The data folder; a fresh one (removed on close) when not given. `DATA_DIR` in the environment does the same. */
  readonly dataDir?: string;
  /** The port; 0 (any free port) when not given. */
  readonly port?: number;
  /** The directory that prefills a giver's department. */
  readonly directory?: DirectoryPort;
  readonly clock?: Clock;
  /** Collect the server's log lines in `app.logs` (at level `debug` and up) instead of dropping them. */
  readonly captureLogs?: boolean;
}

/** One JSON log line of the server. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** What an HTTP call to the server answered; the body parsed when it is JSON. */
export interface LocalResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface LocalApp extends App {
  readonly dataDir: string;
  /** The server's log lines, when started with `captureLogs`. */
  readonly logs: LogLine[];
  /** POSTs a JSON body to a path of the server and returns status and parsed body. */
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<LocalResponse>;
  get(pathname: string, headers?: Record<string, string>): Promise<LocalResponse>;
  /** Any method, e.g. PUT or DELETE; `body` undefined sends none (a string is sent as it is). */
  call(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<LocalResponse>;
  /** Stops the app and removes its data folder (unless the caller gave one). */
  close(): Promise<void>;
}

/** The environment every local app starts with; the caller's environment overrides any of it. */
export function localEnvironment(dataDir: string, port = 0): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOCAL_DEV: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    DEFAULT_SLUICE_NAME: 'Idéslussen Testkommun',
  };
}

/**
 * Starts the whole server for local use (LOCAL_DEV=true) with the default sluice of
 * {@link TENANT} (coaches {@link COACH} and {@link COACH_2}).
 *
 * @example
 * const app = await startLocalApp({ OUTBOX_POLL_MS: '0' });
 * const health = await app.get('/healthz');
 * await app.close();
 */
export async function startLocalApp(env: Record<string, string> = {}, options: LocalAppOptions = {}): Promise<LocalApp> {
  const given = options.dataDir ?? env['DATA_DIR'];
  const dataDir = given ?? mkdtempSync(path.join(tmpdir(), 'ideslussen-local-'));
  const config = loadConfig({
    ...localEnvironment(dataDir, options.port),
    ...(options.captureLogs ? { LOG_LEVEL: 'debug' } : {}),
    ...env,
  });
  const logs: LogLine[] = [];
  const logger = options.captureLogs
    ? pino(
        { name: 'ideslussen', level: config.logLevel },
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
            done();
          },
        }),
      )
    : createLogger(config.logLevel);
  const app = await startApp(config, logger, {
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const call = async (method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<LocalResponse> => {
    const res = await fetch(`${app.url}${pathname}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    ...app,
    dataDir,
    logs,
    call,
    post: (p, body, headers) => call('POST', p, body, headers),
    get: (p, headers) => call('GET', p, undefined, headers),
    async close() {
      await app.stop();
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
