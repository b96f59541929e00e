import type { Container, Item } from '@azure/cosmos';
import { CosmosConversationRepository, REFERENCE_RECHECK_MS } from '../../../bot/src/adapters/cosmos/conversation-repository';
import { connectStorage, type Storage } from '../../../bot/src/adapters/cosmos/storage';
import type { StoredReference } from '../../../bot/src/domain/conversations';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

let cosmos: TestCosmos;
let storage: Storage;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  storage = await connectStorage(cosmos.endpoint, cosmos.key, 'conversations-test');
});
afterAll(async () => {
  await storage.close();
  await cosmos.stop();
});

function reference(key: string, conversationId: string, serviceUrl: string): StoredReference {
  return { key, reference: { conversation: { id: conversationId, tenantId: 't1' } }, serviceUrl, updatedAt: new Date().toISOString() };
}

/** The conversations container on the real embedded server, with `afterRead` run after each point read resolves, before its caller sees it. */
function containerHookingReads(afterRead: () => Promise<void> | void): Container {
  const real = storage.containers.conversations;
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'item') return Reflect.get(target, prop, receiver) as unknown;
      return (id: string, partitionKey: string): Item => {
        const item = target.item(id, partitionKey);
        return new Proxy(item, {
          get(itemTarget, itemProp, itemReceiver) {
            if (itemProp !== 'read') return Reflect.get(itemTarget, itemProp, itemReceiver) as unknown;
            return async (...args: Parameters<Item['read']>) => {
              const result = await itemTarget.read(...args);
              await afterRead();
              return result;
            };
          },
        });
      };
    },
  });
}

/**
 * Right after the first point read resolves, `meanwhile` runs before the caller sees the result:
 * another instance's write landing between this instance's read and its write.
 */
function containerWithWriteBetween(meanwhile: () => Promise<void>): Container {
  let pending: (() => Promise<void>) | undefined = meanwhile;
  return containerHookingReads(async () => {
    const hook = pending;
    pending = undefined;
    if (hook) await hook();
  });
}

/** The conversations container, counting the point reads made through it. */
function countingReads(): { container: Container; count(): number } {
  let reads = 0;
  return { container: containerHookingReads(() => void reads++), count: () => reads };
}

describe('conversation references', () => {
  it('never lets a stale mark overwrite a fresh reference saved in the meantime', async () => {
    const key = 'user:t1:race-1';
    const other = new CosmosConversationRepository(storage.containers.conversations);
    await other.save(reference(key, 'a:old', 'http://127.0.0.1:1/old'));

    // This instance got a 403 on the old chat; while it marks it stale, the person writes again
    // and another instance saves the new chat.
    const marking = new CosmosConversationRepository(
      containerWithWriteBetween(() => other.save(reference(key, 'a:new', 'http://127.0.0.1:1/new'))),
    );
    await marking.markStale(key, new Date().toISOString());

    const stored = await other.get(key);
    expect(stored?.staleSince).toBeUndefined();
    expect(stored?.reference).toEqual({ conversation: { id: 'a:new', tenantId: 't1' } });
  });

  it('a fresh save wins over a stale mark written between its read and its write', async () => {
    const key = 'user:t1:race-2';
    const other = new CosmosConversationRepository(storage.containers.conversations);
    await other.save(reference(key, 'a:old', 'http://127.0.0.1:1/old'));

    const saving = new CosmosConversationRepository(containerWithWriteBetween(() => other.markStale(key, new Date().toISOString())));
    await saving.save(reference(key, 'a:new', 'http://127.0.0.1:1/new'));

    const stored = await other.get(key);
    expect(stored?.staleSince).toBeUndefined();
    expect(stored?.reference).toEqual({ conversation: { id: 'a:new', tenantId: 't1' } });
  });

  it('marks the stored reference stale when nothing changed meanwhile', async () => {
    const key = 'user:t1:plain';
    const repo = new CosmosConversationRepository(storage.containers.conversations);
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    await repo.markStale(key, '2026-12-01T10:00:00.000Z');
    expect((await repo.get(key))?.staleSince).toBe('2026-12-01T10:00:00.000Z');
  });

  it('a person writing again within the recheck window costs no read and no write; a changed reference is written at once', async () => {
    const key = 'user:t1:often';
    const repo = new CosmosConversationRepository(storage.containers.conversations);
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    const reads = countingReads();
    const counted = new CosmosConversationRepository(reads.container);
    await counted.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    expect(reads.count()).toBe(1);
    await counted.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    await counted.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    expect(reads.count()).toBe(1);

    await counted.save(reference(key, 'a:two', 'http://127.0.0.1:1/two'));
    expect((await repo.get(key))?.reference).toEqual({ conversation: { id: 'a:two', tenantId: 't1' } });
  });

  it("lifts its own stale mark at the person's next message, and another instance's at the first message after the window", async () => {
    const key = 'user:t1:window';
    let now = 0;
    const repo = new CosmosConversationRepository(storage.containers.conversations, { now: () => now });
    const other = new CosmosConversationRepository(storage.containers.conversations);
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));

    await repo.markStale(key, '2026-12-01T10:00:00.000Z');
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    expect((await other.get(key))?.staleSince).toBeUndefined();

    await other.markStale(key, '2026-12-01T11:00:00.000Z');
    now += REFERENCE_RECHECK_MS / 2;
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    // Within the window this instance takes its last check as still true: the mark stays.
    expect((await other.get(key))?.staleSince).toBe('2026-12-01T11:00:00.000Z');
    now += REFERENCE_RECHECK_MS;
    await repo.save(reference(key, 'a:one', 'http://127.0.0.1:1/one'));
    expect((await other.get(key))?.staleSince).toBeUndefined();
  });

  it('shows a card what it read of a person at most a minute ago, its own saves at once, and sends by what is stored', async () => {
    const key = 'user:t1:card-names';
    let now = 0;
    const other = new CosmosConversationRepository(storage.containers.conversations);
    await other.save({ ...reference(key, 'a:one', 'http://127.0.0.1:1/one'), reference: { user: { name: 'Karin Berg' } } });
    const reads = countingReads();
    const repo = new CosmosConversationRepository(reads.container, { now: () => now });
    const nameOf = async (): Promise<unknown> => ((await repo.recentGet(key))?.reference['user'] as { name?: unknown } | undefined)?.name;

    expect(await nameOf()).toBe('Karin Berg');
    expect(await nameOf()).toBe('Karin Berg');
    expect(reads.count()).toBe(1);
    // Another instance stores a new name: cards here show the old one until the minute is out.
    await other.save({ ...reference(key, 'a:one', 'http://127.0.0.1:1/one'), reference: { user: { name: 'Karin Berg-Ek' } } });
    now += REFERENCE_RECHECK_MS / 2;
    expect(await nameOf()).toBe('Karin Berg');
    // What a message is sent by is always read.
    expect(((await repo.get(key))?.reference['user'] as { name?: unknown } | undefined)?.name).toBe('Karin Berg-Ek');
    expect(await nameOf()).toBe('Karin Berg-Ek');
    now += REFERENCE_RECHECK_MS + 1;
    const before = reads.count();
    await repo.recentGet(key);
    expect(reads.count()).toBe(before + 1);

    // Its own save is what its cards show next, without a read.
    await repo.save({ ...reference(key, 'a:one', 'http://127.0.0.1:1/one'), reference: { user: { name: 'Karin Ek' } } });
    const afterSave = reads.count();
    expect(await nameOf()).toBe('Karin Ek');
    expect(reads.count()).toBe(afterSave);
    // A person the bot never met is not read again within the minute either.
    await repo.recentGet('user:t1:never-met');
    await repo.recentGet('user:t1:never-met');
    expect(reads.count()).toBe(afterSave + 1);
  });
});
