/**
 * The server's log under `npm start` is for a person (pino-pretty), under `npm run serve` and in
 * production it stays JSON lines: both are seen here in the output of the real built server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SERVER_ENTRY, startLocalServer } from '../../scripts/local-server.cjs';
import { LOOPBACK_GUARD_NODE_OPTIONS } from '../helpers/server-process';

const LISTENING = 'Idéslussen is listening';

function environment(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    NODE_OPTIONS: LOOPBACK_GUARD_NODE_OPTIONS,
    LOCAL_DEV: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
  };
}

/** Collects text written to it and resolves `seen` once `needle` was written. */
function collector(needle: string): { stream: Writable; text: () => string; seen: Promise<void> } {
  let text = '';
  let found: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (found = resolve));
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      if (text.includes(needle)) found();
      done();
    },
  });
  return { stream, text: () => text, seen };
}

/** Waits until the server logged that it listens (or fails if it exits first), then stops it. */
async function untilListening(
  out: { seen: Promise<void>; text: () => string },
  server: { kill(signal: NodeJS.Signals): boolean },
  exited: Promise<unknown>,
): Promise<string[]> {
  try {
    await Promise.race([out.seen, exited.then(() => Promise.reject(new Error(`the server exited: ${out.text()}`)))]);
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
  return out
    .text()
    .split('\n')
    .filter((l) => l.trim());
}

function isJsonObject(line: string): boolean {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

describe('the server log', () => {
  let dataDir: string;
  beforeAll(() => expect(existsSync(SERVER_ENTRY)).toBe(true));
  beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-log-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is pretty-printed under npm start: time, level and message on one line, no JSON', async () => {
    const out = collector(LISTENING);
    const { server, exited } = startLocalServer({ env: environment(dataDir), output: out.stream });
    const lines = await untilListening(out, server, exited);
    expect(lines.find((l) => l.includes(LISTENING))).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: Idéslussen is listening$/);
    expect(lines.filter(isJsonObject)).toEqual([]);
    // The detail stays, indented under its line.
    expect(out.text()).toMatch(/^\s+url: "http:\/\/127\.0\.0\.1:\d+"$/m);
  }, 60_000);

  it('stays JSON lines when the server runs on its own (npm run serve, production)', async () => {
    const out = collector(LISTENING);
    const server = spawn(process.execPath, [SERVER_ENTRY], { env: environment(dataDir), stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.stdout.pipe(out.stream);
    const lines = await untilListening(out, server, exited);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every(isJsonObject)).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as { msg?: string })).toContainEqual(expect.objectContaining({ msg: LISTENING, level: 30 }));
  }, 60_000);
});
