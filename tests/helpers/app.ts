import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type App } from '../../bot/src/app';
import { loadConfig } from '../../bot/src/config';
import { createLogger } from '../../bot/src/logger';
import { COACH, COACH_2, TENANT } from './teams-activities';

export interface TestApp extends App {
  readonly dataDir: string;
  /** POSTs a JSON body to a path of the server and returns status and parsed body. */
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  get(pathname: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  /** Stops the app and removes its data folder. */
  close(): Promise<void>;
}

/**
 * Starts the whole server in-process on a free loopback port, with the embedded Cosmos server
 * in a fresh data folder and a default sluice (tenant {@link TENANT}, coaches COACH and COACH_2).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(path.join(tmpdir(), 'ideslussen-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATA_DIR: dataDir,
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    DEFAULT_SLUICE_NAME: 'Idéslussen Testkommun',
    ...env,
  });
  const app = await startApp(config, createLogger(config.logLevel));
  const call = async (method: string, pathname: string, body: unknown, headers: Record<string, string> = {}) => {
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
    post: (p, body, headers) => call('POST', p, body, headers),
    get: (p, headers) => call('GET', p, undefined, headers),
    async close() {
      await app.stop();
      if (!env['DATA_DIR']) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
