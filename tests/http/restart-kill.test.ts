/**
 * The foundation's promise: an idea the bot confirmed is on disk, and a half-filled draft too,
 * even when the server process is killed with SIGKILL the moment the confirmation arrived (no
 * shutdown, no flush, no wait).
 * Runs the built server (`npm test` builds it first) as a real child process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Idea } from '../../bot/src/domain/idea';
import { startTestApp } from '../helpers/app';
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { actionData, Chat, newUser } from '../teams/capture/capture-app';
import { freePort, SERVER_ENTRY as ENTRY, serverProcessEnv, startServerProcess, type ServerProcess } from '../helpers/server-process';

/** The environment of a server process with its own embedded database in `dataDir`. */
const serverEnv = (dataDir: string, port: number): NodeJS.ProcessEnv => serverProcessEnv(port, { DATA_DIR: dataDir, REMINDER_SCAN_MS: '' });

describe('SIGKILL after a confirmed idea', () => {
  let connector: RecordingConnector;
  let server: ServerProcess | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-sigkill-'));

  beforeAll(async () => {
    connector = await startRecordingConnector();
  });
  afterAll(async () => {
    await server?.kill();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the idea and the half-filled draft of another giver', async () => {
    expect(existsSync(ENTRY)).toBe(true);
    server = await startServerProcess({ DATA_DIR: dataDir, REMINDER_SCAN_MS: '' });
    let url = server.url;
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
    await server.kill();

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
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
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

    server = await startServerProcess({ DATA_DIR: dataDir, REMINDER_SCAN_MS: '', PORT: String(port) }, ['--reset']);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', storage: 'embedded', restoreProblem: { kind: 'reset' } });
    expect(String((health['restoreProblem'] as { message: string }).message)).toContain('cosmos.json.damaged-');
    expect(readdirSync(dataDir).some((f) => f.startsWith('cosmos.json.damaged-'))).toBe(true);
  });
});
