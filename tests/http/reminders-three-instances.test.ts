/**
 * Three server processes (the built server, as production runs it) against one embedded Cosmos
 * server, their clocks moved past the limit of 50 ideas waiting in Inkommen: each scans every
 * 150 ms and sends through its own outbox worker, all to one recording connector. Exactly one
 * reminder per idea reaches its coach: the scans race for each idea with conditional writes, the
 * workers for each job with leases.
 */
import { personalConversation } from '../teams/coach/fixture';
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import type { Storage } from '../../bot/src/adapters/cosmos/storage';
import { startTestCosmos, type TestCosmos } from '../helpers/embedded-cosmos';
import type { ServerProcess } from '../helpers/server-process';
import {
  COACHES,
  meetCoaches,
  offsetPastReminder,
  openSharedStorage,
  remindersIn,
  settled,
  startInstance,
  storeIdeas,
  until,
  waitingIdeas,
  withoutDigests,
} from './reminders-instances';

const IDEAS = 50;

describe('three server instances on one Cosmos', () => {
  let cosmos: TestCosmos;
  let connector: RecordingConnector;
  let storage: Storage;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    cosmos = await startTestCosmos();
    connector = await startRecordingConnector();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await storage?.close();
    await connector?.stop();
    await cosmos?.stop();
  });

  it('send exactly one reminder for each of 50 overdue ideas, to its coach', async () => {
    // The first instance makes the database and the default sluice; the coaches meet the bot.
    const handedIn = new Date();
    const first = await startInstance(cosmos, '+0h');
    servers.push(first);
    storage = await openSharedStorage(cosmos);
    const sluice = (await storage.sluices.get('default'))?.value;
    if (!sluice) throw new Error('The server made no default sluice');
    await meetCoaches(first, connector);
    await first.stop();
    servers.length = 0;
    await withoutDigests(storage);

    const ideas = waitingIdeas(sluice, IDEAS, handedIn);
    const offset = offsetPastReminder(sluice, handedIn);
    servers.push(...(await Promise.all([1, 2, 3].map(() => startInstance(cosmos, offset)))));
    connector.reset();
    // All 50 appear at once, while all three are scanning.
    await storeIdeas(storage, ideas);

    await until(
      'every idea reminded and every job sent',
      async () => remindersIn(connector.calls).length >= IDEAS && (await settled(storage, IDEAS)),
    );
    // A graceful stop waits for each instance's round in progress: nothing is on its way after this.
    await Promise.all(servers.map((s) => s.stop()));

    const reminders = remindersIn(connector.calls);
    expect(reminders).toHaveLength(IDEAS);
    expect(new Set(reminders.map((r) => r.idea)).size).toBe(IDEAS);
    for (const reminder of reminders) {
      const coach = COACHES[reminder.idea % COACHES.length];
      expect(reminder.conversationId).toBe(personalConversation(coach ?? COACHES[0]));
    }
    // Nothing else was sent: no escalation yet, and no reminder twice.
    expect(connector.sent()).toHaveLength(IDEAS);

    // Each idea carries its reminder once, written by whichever instance won it.
    for (const idea of ideas) {
      const stored = await storage.ideas.get('default', idea.id);
      expect(stored?.value.history.filter((e) => e.kind === 'reminded')).toHaveLength(1);
    }
    // Starting four server processes on a shared machine takes a while.
  }, 180_000);
});
