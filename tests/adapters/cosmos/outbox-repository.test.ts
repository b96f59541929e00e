/**
 * The outbox container on the embedded Cosmos server over HTTP: one job per event, due jobs
 * oldest first, conditional replaces that lose cleanly, card copies found by message, and the
 * change feed the recovery sweep reads.
 */
import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { openDatabase } from '../../../bot/src/adapters/cosmos/database';
import { CosmosIdeaRepository } from '../../../bot/src/adapters/cosmos/idea-repository';
import {
  CosmosCardCopyRepository,
  CosmosIdeaChangeFeed,
  CosmosOutboxRepository,
  copyIdFor,
} from '../../../bot/src/adapters/cosmos/outbox-repository';
import type { CardCopy, NotificationJob } from '../../../bot/src/domain/outbox';
import { ConflictError } from '../../../bot/src/domain/ports';
import { idea } from '../../domain/fixtures';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

let cosmos: TestCosmos;
let outboxContainer: Container;
let ideasContainer: Container;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { containers } = await openDatabase(cosmos.client, `outbox-${randomUUID().slice(0, 8)}`);
  outboxContainer = containers.outbox;
  ideasContainer = containers.ideas;
});
afterAll(() => cosmos.stop());

function job(overrides: Partial<NotificationJob> = {}): NotificationJob {
  const eventId = randomUUID();
  return {
    id: `job:${eventId}`,
    ideaId: 'idea-1',
    sluiceId: 's1',
    eventId,
    eventKind: 'taken',
    eventAt: '2026-01-01T00:00:00.000Z',
    status: 'pending',
    steps: [{ key: 'tellGiver', step: { kind: 'tellGiver' }, status: 'pending', attempts: 0 }],
    dueAtMs: 1_000,
    attempts: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('CosmosOutboxRepository', () => {
  it('stores one job per event: a second enqueue of the same job changes nothing', async () => {
    const outbox = new CosmosOutboxRepository(outboxContainer);
    const first = job();
    expect(await outbox.enqueue(first)).toBe(true);
    expect(await outbox.enqueue({ ...first, dueAtMs: 99 })).toBe(false);
    expect((await outbox.get(first.ideaId, first.id))?.value).toEqual(first);
  });

  it('lists pending jobs that are due, oldest first, and no others', async () => {
    const outbox = new CosmosOutboxRepository(outboxContainer);
    const ideaId = `idea-${randomUUID()}`;
    const late = job({ ideaId, dueAtMs: 50_000_000 });
    const early = job({ ideaId, dueAtMs: 40_000_000 });
    const future = job({ ideaId, dueAtMs: 90_000_000 });
    const done = job({ ideaId, dueAtMs: 10_000_000, status: 'done' });
    for (const j of [late, early, future, done]) await outbox.enqueue(j);
    const due = (await outbox.due(60_000_000, 100)).filter((j) => j.value.ideaId === ideaId);
    expect(due.map((j) => j.value.id)).toEqual([early.id, late.id]);
  });

  it('replaces only with the current eTag', async () => {
    const outbox = new CosmosOutboxRepository(outboxContainer);
    const stored = job();
    await outbox.enqueue(stored);
    const read = await outbox.get(stored.ideaId, stored.id);
    const claimed = await outbox.replace({ ...read!.value, leaseOwner: 'a', attempts: 1 }, read!.etag);
    expect(claimed.value.leaseOwner).toBe('a');
    await expect(outbox.replace({ ...read!.value, leaseOwner: 'b' }, read!.etag)).rejects.toBeInstanceOf(ConflictError);
    // A released lease disappears from the document.
    const { leaseOwner, ...released } = claimed.value;
    void leaseOwner;
    const saved = await outbox.replace(released, claimed.etag);
    expect(saved.value.leaseOwner).toBeUndefined();
  });

  it('remembers how far the recovery sweep has looked', async () => {
    const outbox = new CosmosOutboxRepository(outboxContainer);
    await outbox.saveSweptUntil(123_456);
    expect(await outbox.sweptUntil()).toBe(123_456);
  });
});

describe('CosmosCardCopyRepository', () => {
  it('finds a posted card by its conversation and message id, and lists an idea’s copies', async () => {
    const copies = new CosmosCardCopyRepository(outboxContainer);
    const base: CardCopy = {
      ideaId: 'idea-copies',
      sluiceId: 's1',
      kind: 'task',
      conversationId: '19:coacher@thread.tacv2',
      activityId: '1712345678901',
      referenceKey: 'channel:19:coacher@thread.tacv2',
      serviceUrl: 'https://smba.example/',
      locale: 'sv',
      postedAt: '2026-01-01T00:00:00.000Z',
    };
    await copies.record(base);
    await copies.record({ ...base, conversationId: 'a:personal/with#odd?chars', activityId: '1:2' });
    await copies.record({ ...base, kind: 'question', activityId: 'q1' });
    expect(await copies.find(base.conversationId, base.activityId)).toEqual(base);
    expect(await copies.find(base.conversationId, 'other')).toBeUndefined();
    expect((await copies.listForIdea('idea-copies', 'task')).map((c) => c.activityId).sort()).toEqual(['1712345678901', '1:2']);
    expect(copyIdFor('a', 'b')).not.toBe(copyIdFor('a\nb', ''));
  });
});

describe('CosmosIdeaChangeFeed', () => {
  it('returns the ideas written at or after a moment', async () => {
    const ideas = new CosmosIdeaRepository(ideasContainer);
    await ideas.create(idea({ id: 'old', updatedAt: '2026-01-01T00:00:00.000Z' }));
    await ideas.create(idea({ id: 'new', updatedAt: '2026-03-01T00:00:00.000Z' }));
    const feed = new CosmosIdeaChangeFeed(ideasContainer);
    expect(await feed.changedSince('2026-02-01T00:00:00.000Z')).toEqual([{ sluiceId: 's1', ideaId: 'new' }]);
  });
});
