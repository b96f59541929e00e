/**
 * SIGKILL in the middle of a reminder scan: 300 ideas are overdue; the built server scans them and
 * its outbox worker sends the reminders while the scan still runs. After some sends the connector
 * stops answering (a slow Teams), and the process is killed while it waits on the connector and
 * its scan is part way through. Restarted, the server finishes the scan, queues what the crash
 * left unqueued (the outbox's recovery sweep), takes over the killed worker's job when its lease
 * has run out, and every idea's reminder reaches its coach exactly once — except a reminder whose
 * send was in flight at the kill (Teams had answered, the outbox had not yet written it down): that
 * one may come twice, as delivery is at-least-once (docs/teams.md), never not at all.
 */
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import type { Storage } from '../../bot/src/adapters/cosmos/storage';
import { startTestCosmos, type TestCosmos } from '../helpers/embedded-cosmos';
import type { ServerProcess } from '../helpers/server-process';
import { personalConversation } from '../teams/coach/fixture';
import { MAX_IMMEDIATE_JOBS } from '../../bot/src/domain/notifications-worker';
import {
  COACHES,
  meetCoaches,
  offsetPastReminder,
  openSharedStorage,
  pendingJobList,
  remindedIdeas,
  recordedReminders,
  remindersIn,
  settled,
  startInstance,
  storeIdeas,
  until,
  waitingIdeas,
  withoutDigests,
} from './reminders-instances';

const IDEAS = 300;

describe('SIGKILL during a reminder scan', () => {
  let cosmos: TestCosmos;
  let connector: RecordingConnector;
  let storage: Storage;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    cosmos = await startTestCosmos();
    connector = await startRecordingConnector();
  });
  afterAll(async () => {
    await server?.kill();
    await storage?.close();
    await connector?.stop();
    await cosmos?.stop();
  });

  it('loses no reminder and sends none twice after the restart', async () => {
    const handedIn = new Date();
    server = await startInstance(cosmos, '+0h');
    storage = await openSharedStorage(cosmos);
    const sluice = (await storage.sluices.get('default'))?.value;
    if (!sluice) throw new Error('The server made no default sluice');
    await meetCoaches(server, connector);
    await server.stop();
    await withoutDigests(storage);

    // The ideas appear once the server runs (its outbox worker's start-up sweep has nothing to do),
    // so the worker sends each reminder as the scan queues it, while the scan goes on.
    connector.reset();
    server = await startInstance(cosmos, offsetPastReminder(sluice, handedIn));
    const ideas = waitingIdeas(sluice, IDEAS, handedIn);
    await storeIdeas(storage, ideas);

    // Some reminders went out; then Teams stops answering, and the server waits on it.
    await connector.waitFor((calls) => remindersIn(calls).length >= 5, 60_000);
    const answered = connector.calls.length;
    connector.hangNext(100_000);
    await connector.waitFor((calls) => calls.length > answered, 60_000);
    await server.kill();
    const before = remindersIn(connector.calls.slice(0, answered));
    const recorded = await recordedReminders(storage, ideas);
    // Answered by Teams but not yet written down by the killed worker: these may be sent again.
    const inFlight = new Set(before.filter((r) => !recorded.has(r.idea)).map((r) => r.idea));
    const reminded = await remindedIdeas(storage);
    // The kill came in the middle: some sent, not all; the scan part way through.
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(IDEAS);
    expect(reminded).toBeGreaterThan(0);
    expect(reminded).toBeLessThan(IDEAS);
    // The send Teams never answered was not delivered; the connector lets it go.
    connector.reset();

    // Restarted an hour later (the killed worker's 60 s lease on its job has run out by then).
    server = await startInstance(cosmos, offsetPastReminder(sluice, handedIn, 1));
    await until(
      'every idea reminded and every job sent',
      () => settled(storage, IDEAS),
      150_000,
      async () => ({
        reminded: await remindedIdeas(storage),
        sent: connector.sent().length,
        pending: (await pendingJobList(storage)).slice(0, 3),
      }),
    );
    await server.stop();

    const all = [...before, ...remindersIn(connector.calls)];
    const perIdea = new Map<number, number>();
    for (const r of all) perIdea.set(r.idea, (perIdea.get(r.idea) ?? 0) + 1);
    expect(perIdea.size).toBe(IDEAS);
    // Once each; twice only for a send in flight at the kill. The worker has at most its immediate
    // jobs and the one of its polling round in flight at a time.
    expect([...perIdea.entries()].filter(([idea, n]) => n !== 1 && !(n === 2 && inFlight.has(idea)))).toEqual([]);
    expect(inFlight.size).toBeLessThanOrEqual(MAX_IMMEDIATE_JOBS + 1);
    // What the worker had written down as sent before the kill was never sent again.
    for (const idea of recorded) expect(perIdea.get(idea)).toBe(1);
    for (const r of all) expect(r.conversationId).toBe(personalConversation(COACHES[r.idea % COACHES.length] ?? COACHES[0]));
    for (const idea of ideas) {
      const stored = await storage.ideas.get('default', idea.id);
      expect(stored?.value.history.filter((e) => e.kind === 'reminded')).toHaveLength(1);
    }
    // Starting the server three times on a shared machine takes a while.
  }, 420_000);
});
