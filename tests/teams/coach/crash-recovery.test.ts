/**
 * Nothing is lost when the server dies between answering a card action and sending the
 * notifications: the answer is only given after the idea's write and the outbox job are in
 * Cosmos, and a restarted server (any instance) sends what is queued. Also: the recovery sweep
 * queues notifications for a change whose request died before its outbox write.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jobIdFor } from '../../../bot/src/domain/notifications';
import { applyAction } from '../../../bot/src/domain/transitions';
import { startTestApp } from '../../helpers/app';
import { startRecordingConnector } from '../../../bot/src/local/connector';
import { COACH, COACH_2, GIVER, TENANT, invoke } from '../../../bot/src/local/activities';
import { cardOf, meetEveryone, personalConversation, sentTo, startCoachFixture, textOf } from './fixture';

const REPO = path.resolve(__dirname, '../../..');

describe('a server that stops after answering', () => {
  it('sends the notification after a restart (clean stop, worker paused)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-restart-'));
    const connector = await startRecordingConnector();
    const first = await startCoachFixture({ DATA_DIR: dataDir }, connector);
    let ideaId = '';
    try {
      await meetEveryone(first, { channel: false });
      const idea = await first.submit();
      ideaId = idea.id;
      await first.drain();
      const current = await first.idea(idea.id);
      const answer = await first.click(COACH, 'idea.take', { ideaId, sluiceId: 'default', etag: current.etag, version: 1 });
      expect(answer.statusCode).toBe(200);
      expect(sentTo(first, personalConversation(GIVER)).filter((a) => textOf(cardOf(a)).includes('idécoach nu'))).toHaveLength(0);
    } finally {
      await first.app.stop();
    }
    connector.reset();

    // Same data, a new server with the worker running in the background.
    const second = await startTestApp({ DATA_DIR: dataDir, OUTBOX_POLL_MS: '50' });
    try {
      await connector.waitFor(() => connector.sent().some((a) => a.conversationId === personalConversation(GIVER)));
      const notes = connector.sent().filter((a) => a.conversationId === personalConversation(GIVER));
      expect(notes).toHaveLength(1);
      expect(textOf(cardOf(notes[0]))).toContain('Karin Berg är din idécoach nu');
    } finally {
      await second.stop();
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sends the notification after the server process is killed with SIGKILL right after the answer', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-kill-'));
    const buildDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-build-'));
    const connector = await startRecordingConnector();
    let child: ChildProcess | undefined;
    try {
      // The compiled server, as `npm run build:bot` makes it, built aside so parallel builds do not clash.
      await promisify(execFile)(
        process.execPath,
        [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir],
        {
          cwd: REPO,
        },
      );
      // The build lives outside the repository; its packages are the repository's (ESM imports ignore NODE_PATH).
      symlinkSync(path.join(REPO, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');

      // Prepare the data: the bot knows everyone; an idea is waiting; its task cards went out.
      const setup = await startCoachFixture({ DATA_DIR: dataDir }, connector);
      let ideaId = '';
      let etag = '';
      try {
        for (const person of [GIVER, COACH, COACH_2]) await setup.say(person, 'hjälp');
        const idea = await setup.submit();
        await setup.drain();
        ideaId = idea.id;
        etag = (await setup.idea(idea.id)).etag;
      } finally {
        await setup.app.stop();
      }
      connector.reset();

      // The real server process, its worker paused so the notification cannot go out before the kill.
      const server = await startServerProcess(path.join(buildDir, 'bot/src/index.js'), dataDir, { OUTBOX_POLL_MS: '0' });
      child = server.child;
      const activity = invoke(
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb: 'idea.take', data: { ideaId, sluiceId: 'default', etag, version: 1 } } },
        { serviceUrl: connector.serviceUrl, user: COACH },
      );
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      // The embedded database answers a write only once its journal is on disk (as Azure Cosmos is
      // durable at once): the queued job is there already, and the kill comes with no wait.
      const dataFiles = readdirSync(dataDir).filter((f) => f.startsWith('cosmos.json'));
      expect(dataFiles.some((f) => readFileSync(path.join(dataDir, f), 'utf8').includes('"eventKind":"taken"'))).toBe(true);
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));
      expect(connector.sent().filter((a) => a.conversationId === personalConversation(GIVER))).toHaveLength(0);

      // Restart (in-process this time) with the worker on: the notification goes out, once.
      const restarted = await startTestApp({ DATA_DIR: dataDir, OUTBOX_POLL_MS: '50' });
      try {
        await connector.waitFor(() => connector.sent().some((a) => a.conversationId === personalConversation(GIVER)));
        await restarted.services.notifications.runOnce();
        const notes = connector.sent().filter((a) => a.conversationId === personalConversation(GIVER));
        expect(notes).toHaveLength(1);
        expect(textOf(cardOf(notes[0]))).toContain('Karin Berg är din idécoach nu');
      } finally {
        await restarted.stop();
      }
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(buildDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the recovery sweep', () => {
  it('queues the notifications of a change whose request died before the outbox write', async () => {
    const fx = await startCoachFixture();
    try {
      await meetEveryone(fx, { channel: false });
      const idea = await fx.submit();
      await fx.drain();
      // What IdeaService.act does, minus the listener: the conditional write alone, as if the
      // process died right after it.
      const current = await fx.idea(idea.id);
      const sluice = (await fx.app.storage.sluices.get('default'))!.value;
      const result = applyAction(sluice, current.value, { ...COACH, tenantId: TENANT }, { type: 'take' }, new Date());
      if (!result.ok) throw new Error('take was rejected');
      await fx.app.storage.ideas.replace(result.idea, current.etag);
      expect((await fx.jobsOf(idea.id)).some((j) => j.eventKind === 'taken')).toBe(false);

      fx.connector.reset();
      expect(await fx.app.services.notifications.sweepOnce(0)).toBe(1);
      expect(await fx.app.services.notifications.sweepOnce(0)).toBe(0);
      await fx.drain();
      const notes = sentTo(fx, personalConversation(GIVER));
      expect(notes).toHaveLength(1);
      expect(textOf(cardOf(notes[0]))).toContain('Karin Berg är din idécoach nu');
    } finally {
      await fx.close();
    }
  });

  it("sends a recovered new idea's task card to that idea's own coach, not to whoever got the latest idea", async () => {
    const fx = await startCoachFixture();
    try {
      await meetEveryone(fx, { channel: false });
      // Round-robin: the two ideas go to different coaches, so "the latest assigned" is the other one.
      const lost = await fx.submit(GIVER, 'Lånecyklar vid stadshuset');
      const later = await fx.submit(GIVER, 'Tyst rum i biblioteket');
      expect(lost.coach?.id).toBeDefined();
      expect(later.coach?.id).not.toBe(lost.coach?.id);
      // A sluice document written before round-robin followed the number still names the coach of
      // the latest idea; the sweep must not take it for the lost idea's coach.
      const stored = (await fx.app.storage.sluices.get('default'))!;
      await fx.app.storage.sluices.replace({ ...stored.value, lastAssignedCoachId: later.coach!.id }, stored.etag);
      // The first submission's request died after the idea's write: its outbox job never existed.
      await fx.app.storage.containers.outbox.item(jobIdFor(lost.history[0]!.id), lost.id).delete();
      await fx.drain();
      fx.connector.reset();

      expect(await fx.app.services.notifications.sweepOnce(0)).toBe(1);
      await fx.drain();
      const cards = fx.connector.sent().filter((a) => JSON.stringify(a['attachments']).includes('Lånecyklar vid stadshuset'));
      expect(cards.map((a) => a.conversationId)).toEqual([personalConversation({ id: lost.coach!.id, name: '' })]);
      expect(textOf(cardOf(cards[0]))).toContain('Lånecyklar vid stadshuset');
    } finally {
      await fx.close();
    }
  });
});

async function startServerProcess(
  entry: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(entry)) throw new Error(`${entry} was not built`);
  const child = spawn(
    process.execPath,
    ['--require', path.join(REPO, 'scripts/exit-with-parent.cjs'), '--require', path.join(REPO, 'scripts/loopback-guard.cjs'), entry],
    {
      cwd: REPO,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        LOCAL_DEV: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        DEFAULT_TENANT_ID: TENANT,
        DEFAULT_COACH_IDS: `${COACH.id},${COACH_2.id}`,
        DEFAULT_SLUICE_NAME: 'Idéslussen Testkommun',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}):\n${output}`));
    });
  });
  return { child, url };
}
