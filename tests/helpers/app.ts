import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startApp, type App } from '../../bot/src/app';
import { loadConfig } from '../../bot/src/config';
import type { DirectoryPort } from '../../bot/src/domain/directory';
import type { Clock } from '../../bot/src/domain/ports';
import { createLogger } from '../../bot/src/logger';
import { COACH, COACH_2, TENANT } from './teams-activities';

/** What a test may choose about the app it starts; the environment is the first argument. */
export interface TestAppOptions {
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

export interface TestApp extends App {
  readonly dataDir: string;
  /** The server's log lines, when started with `captureLogs`. */
  readonly logs: LogLine[];
  /** POSTs a JSON body to a path of the server and returns status and parsed body. */
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  get(pathname: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  /** Any method, e.g. PUT or DELETE; `body` undefined sends none. */
  call(
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  /** Stops the app and removes its data folder (unless the test gave one). */
  close(): Promise<void>;
}

/** The environment every test app starts with; `env` overrides any of it. */
export function testEnvironment(dataDir: string, port = 0): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOCAL_DEV: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATA_DIR: dataDir,
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    DEFAULT_SLUICE_NAME: 'Idéslussen Testkommun',
  };
}

/**
 * The one way tests start the whole server: in-process on a free loopback port, with the
 * embedded Cosmos server in a fresh data folder and a default sluice (tenant {@link TENANT},
 * coaches COACH and COACH_2), started for local use (LOCAL_DEV=true).
 */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const given = options.dataDir ?? env['DATA_DIR'];
  const dataDir = given ?? mkdtempSync(path.join(tmpdir(), 'ideslussen-test-'));
  const config = loadConfig({
    ...testEnvironment(dataDir, options.port),
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
  const call = async (method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) => {
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
