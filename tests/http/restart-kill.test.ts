/**
 * The foundation's promise: an idea the bot confirmed is on disk, and a half-filled draft too,
 * even when the server process is killed with SIGKILL the moment the confirmation arrived (no
 * shutdown, no flush, no wait).
 * Runs the built server (`npm test` builds it first) as a real child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Idea } from '../../bot/src/domain/idea';
import { startTestApp } from '../helpers/app';
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { COACH, COACH_2, TENANT } from '../../bot/src/local/activities';
import { actionData, Chat, newUser } from '../teams/capture/capture-app';

const ENTRY = path.resolve(__dirname, '../../dist/bot/src/index.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'test',
    LOCAL_DEV: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEFAULT_TENANT_ID: TENANT,
    DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
    OUTBOX_POLL_MS: '0',
  };
}

async function startServerProcess(dataDir: string, port: number, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [ENTRY, ...args], { env: serverEnv(dataDir, port), stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SIGKILL after a confirmed idea', () => {
  let connector: RecordingConnector;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-sigkill-'));

  beforeAll(async () => {
    connector = await startRecordingConnector();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the idea and the half-filled draft of another giver', async () => {
    expect(existsSync(ENTRY)).toBe(true);
    const port = await freePort();
    child = await startServerProcess(dataDir, port);
    let url = `http://127.0.0.1:${port}`;
    const anna = new Chat(() => ({ url, connector }), { user: newUser('Anna Lindqvist'), locale: 'sv-SE' });
    const erik = new Chat(() => ({ url, connector }), { user: newUser('Erik Johansson'), locale: 'sv-SE' });

    await anna.say('ny idé');
    await anna.say('Tryggare gångtunnlar');
    await anna.say('Tunnlarna under järnvägen är mörka på kvällen.');
    const who = await anna.say('Rörelsestyrd belysning som tänds när någon går in.');
    await anna.click({ ...actionData(who.cards[0] ?? {}, 'Klart'), beneficiaries: 'residents' });
    const summary = await anna.say('Tekniska förvaltningen');
    const confirmed = await anna.click(actionData(summary.cards[0] ?? {}, 'Skicka in'));
    expect(confirmed.all).toContain('#1');

    await erik.say('ny idé');
    await erik.say('Digitala kulturevenemang');

    // No wait: an answer the bot gave is already on disk.
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));

    const restarted = await startTestApp({ DATA_DIR: dataDir, OUTBOX_POLL_MS: '0' });
    url = restarted.url;
    try {
      const ideas: Idea[] = [];
      for await (const idea of restarted.storage.ideas.all('default')) ideas.push(idea);
      expect(ideas).toEqual([expect.objectContaining({ number: 1, title: 'Tryggare gångtunnlar', stage: 'submitted' })]);
      const next = await erik.say('Många kan inte ta sig till kulturhuset.');
      expect(next.text).toContain('vad är din idé');
    } finally {
      await restarted.stop();
    }
  });
});

describe('a damaged data file', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-damaged-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the server from starting empty, and with --reset it starts and /healthz reports what happened', async () => {
    const dataFile = path.join(dataDir, 'cosmos.json');
    writeFileSync(dataFile, '{"format": "ideslussen-embedded-cosmos", "databases": [');
    const port = await freePort();

    const refused = spawn(process.execPath, [ENTRY], { env: serverEnv(dataDir, port), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    refused.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => refused.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain(dataFile);
    expect(stderr).toContain('EMBEDDED_DB_RESET=true');
    expect(readdirSync(dataDir)).toEqual(['cosmos.json']);

    child = await startServerProcess(dataDir, port, ['--reset']);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', storage: 'embedded', restoreProblem: { kind: 'reset' } });
    expect(String((health['restoreProblem'] as { message: string }).message)).toContain('cosmos.json.damaged-');
    expect(readdirSync(dataDir).some((f) => f.startsWith('cosmos.json.damaged-'))).toBe(true);
  });
});
