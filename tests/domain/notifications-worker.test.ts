/**
 * The outbox worker's fast lane, on the embedded Cosmos server over HTTP: a job enqueued while the
 * worker polls is stored already claimed and delivered at once, with no round to find and claim
 * it; a job whose worker dies falls due when its lease ends; a paused worker, or one already
 * running its share at once, leaves the job to the rounds; stop waits for what runs.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../bot/src/adapters/cosmos/database';
import { CosmosOutboxRepository } from '../../bot/src/adapters/cosmos/outbox-repository';
import { MAX_IMMEDIATE_JOBS, OutboxWorker } from '../../bot/src/domain/notifications-worker';
import type { DeliveryOutcome, NotificationJob } from '../../bot/src/domain/outbox';
import { startTestCosmos, type TestCosmos } from '../helpers/embedded-cosmos';

let cosmos: TestCosmos;
let outbox: CosmosOutboxRepository;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { containers } = await openDatabase(cosmos.client, `worker-${randomUUID().slice(0, 8)}`);
  outbox = new CosmosOutboxRepository(containers.outbox);
});
afterAll(() => cosmos.stop());

const LEASE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** A clock the test moves by hand. */
function clockAt(iso: string): { now(): Date; advance(ms: number): void } {
  let ms = Date.parse(iso);
  return { now: () => new Date(ms), advance: (by) => void (ms += by) };
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function job(ideaId: string, nowMs: number): NotificationJob {
  const eventId = randomUUID();
  const at = new Date(nowMs).toISOString();
  return {
    id: `job:${eventId}`,
    ideaId,
    sluiceId: 's1',
    eventId,
    eventKind: 'submitted',
    eventAt: at,
    status: 'pending',
    steps: [{ key: 'postTaskCard:channel', step: { kind: 'postTaskCard', to: 'channel' }, status: 'pending', attempts: 0 }],
    dueAtMs: nowMs,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits (up to 5 s) until `ok` holds; what happens in the background is awaited, never timed. */
async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 5000; !(await ok());) {
    if (Date.now() > end) throw new Error('The condition did not come true within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A worker whose deliveries log their start and end and are recorded when done, and whose due-job
 * queries are counted. Every delivery is held at `gate` when one is given, and a job passed through
 * `gated` is held until the test calls `open` with it.
 */
function workerOf(options: { pollMs: number; clock: ReturnType<typeof clockAt>; gate?: Promise<void>; instanceId?: string }) {
  const delivered: string[] = [];
  const log: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred>>();
  let dueQueries = 0;
  const counted = Object.create(outbox) as CosmosOutboxRepository;
  counted.due = (nowMs, limit) => {
    dueQueries++;
    return outbox.due(nowMs, limit);
  };
  const worker = new OutboxWorker({
    outbox: counted,
    deliver: async (j): Promise<DeliveryOutcome> => {
      log.push(`start ${j.id}`);
      await options.gate;
      await gates.get(j.id)?.promise;
      log.push(`end ${j.id}`);
      delivered.push(j.id);
      return { status: 'done' };
    },
    clock: options.clock,
    logger: silent,
    pollMs: options.pollMs,
    leaseMs: LEASE_MS,
    instanceId: options.instanceId ?? `instance-${randomUUID().slice(0, 8)}`,
  });
  const gated = (j: NotificationJob): NotificationJob => (gates.set(j.id, deferred()), j);
  const open = (j: NotificationJob): void => gates.get(j.id)?.resolve();
  return { worker, delivered, log, gated, open, dueQueries: () => dueQueries };
}

describe('OutboxWorker.enqueue', () => {
  it('stores the job already claimed and delivers it at once, without a round', async () => {
    const clock = clockAt('2026-12-03T09:00:00.000Z');
    const gate = deferred();
    const { worker, delivered, dueQueries } = workerOf({ pollMs: HOUR_MS, clock, gate: gate.promise, instanceId: 'instance-a' });
    worker.start();
    await until(() => dueQueries() === 1); // the first round, at start
    const ideaId = `idea-${randomUUID()}`;
    const queued = job(ideaId, clock.now().getTime());

    expect(await worker.enqueue(queued)).toBe(true);
    // While it is being delivered, the stored job is this instance's, as a claim would have left it.
    expect((await outbox.get(ideaId, queued.id))?.value).toMatchObject({
      status: 'pending',
      leaseOwner: 'instance-a',
      attempts: 1,
      dueAtMs: clock.now().getTime() + LEASE_MS,
    });
    gate.resolve();
    await until(async () => (await outbox.get(ideaId, queued.id))?.value.status === 'done');
    expect(delivered).toEqual([queued.id]);
    // No round looked for it: the only due-job query is the one at start.
    expect(dueQueries()).toBe(1);
    expect((await outbox.get(ideaId, queued.id))?.value).toMatchObject({ status: 'done', attempts: 1, steps: [{ status: 'done' }] });
    expect((await outbox.get(ideaId, queued.id))?.value.leaseOwner).toBeUndefined();
    await worker.stop();
  });

  it('leaves a job whose worker died to another instance when the lease ends, not before', async () => {
    const clock = clockAt('2026-12-03T10:00:00.000Z');
    const never = new Promise<void>(() => undefined); // the first instance never finishes: it "died" mid-delivery
    const first = workerOf({ pollMs: HOUR_MS, clock, gate: never });
    first.worker.start();
    await until(() => first.dueQueries() === 1);
    const ideaId = `idea-${randomUUID()}`;
    const queued = job(ideaId, clock.now().getTime());
    expect(await first.worker.enqueue(queued)).toBe(true);

    const second = workerOf({ pollMs: 0, clock });
    const mine = async () => (await outbox.due(clock.now().getTime(), 100)).some((j) => j.value.id === queued.id);
    expect(await mine()).toBe(false);
    clock.advance(LEASE_MS - 1);
    expect(await mine()).toBe(false);
    clock.advance(1);
    expect(await mine()).toBe(true);
    while (!second.delivered.includes(queued.id)) expect(await second.worker.runOnce()).toBeGreaterThan(0);
    expect(first.delivered).toEqual([]);
    expect((await outbox.get(ideaId, queued.id))?.value).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('leaves the job to the next round when the worker is paused', async () => {
    const clock = clockAt('2026-12-03T11:00:00.000Z');
    const { worker, delivered } = workerOf({ pollMs: 0, clock });
    worker.start();
    const ideaId = `idea-${randomUUID()}`;
    const queued = job(ideaId, clock.now().getTime());

    expect(await worker.enqueue(queued)).toBe(true);
    expect((await outbox.get(ideaId, queued.id))?.value).toEqual(queued);
    expect(delivered).toEqual([]);
    while (!delivered.includes(queued.id)) expect(await worker.runOnce()).toBeGreaterThan(0);
    expect((await outbox.get(ideaId, queued.id))?.value).toMatchObject({ status: 'done', attempts: 1 });
  });

  it(`runs at most ${MAX_IMMEDIATE_JOBS} at once; the next is stored due and a round delivers it; each is sent once`, async () => {
    const clock = clockAt('2026-12-03T12:00:00.000Z');
    const gate = deferred();
    const { worker, delivered, dueQueries } = workerOf({ pollMs: HOUR_MS, clock, gate: gate.promise });
    worker.start();
    await until(() => dueQueries() === 1);
    // Jobs of different ideas (one idea's jobs wait for each other).
    const jobs = Array.from({ length: MAX_IMMEDIATE_JOBS + 1 }, () => job(`idea-${randomUUID()}`, clock.now().getTime()));
    for (const j of jobs) expect(await worker.enqueue(j)).toBe(true);

    const stored = await Promise.all(jobs.slice(0, MAX_IMMEDIATE_JOBS).map(async (j) => (await outbox.get(j.ideaId, j.id))?.value));
    expect(stored.map((j) => j?.attempts)).toEqual(jobs.slice(0, MAX_IMMEDIATE_JOBS).map(() => 1));
    // The extra job woke a round (a job run at once wakes none), which found and claimed it.
    await until(() => dueQueries() === 2);
    gate.resolve();
    await until(() => delivered.length === jobs.length);
    expect([...delivered].sort()).toEqual(jobs.map((j) => j.id).sort());
    await until(async () => (await Promise.all(jobs.map((j) => outbox.get(j.ideaId, j.id)))).every((j) => j?.value.status === 'done'));
    expect(delivered).toHaveLength(jobs.length);
    await worker.stop();
  });

  /** The job as stored now: not claimed (no lease, no round counted) while it waits. */
  async function unclaimed(j: NotificationJob): Promise<boolean> {
    const stored = (await outbox.get(j.ideaId, j.id))?.value;
    return stored !== undefined && stored.leaseOwner === undefined && stored.attempts === 0;
  }

  it("runs one idea's jobs one after another, and claims each only when the one before has ended", async () => {
    const clock = clockAt('2026-12-03T15:00:00.000Z');
    const { worker, log, gated, open } = workerOf({ pollMs: HOUR_MS, clock });
    const ideaId = `idea-${randomUUID()}`;
    // One job already due (a round takes it), then two more of the same idea while it runs.
    const due = gated(job(ideaId, clock.now().getTime()));
    await outbox.enqueue(due);
    worker.start();
    await until(() => log.includes(`start ${due.id}`));
    clock.advance(1);
    const first = gated(job(ideaId, clock.now().getTime()));
    expect(await worker.enqueue(first)).toBe(true);
    clock.advance(1);
    const second = gated(job(ideaId, clock.now().getTime()));
    expect(await worker.enqueue(second)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual([`start ${due.id}`]);
    expect([await unclaimed(first), await unclaimed(second)]).toEqual([true, true]);

    open(due);
    await until(() => log.includes(`start ${first.id}`));
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual([`start ${due.id}`, `end ${due.id}`, `start ${first.id}`]);
    expect(await unclaimed(second)).toBe(true);
    open(first);
    open(second);
    await until(() => log.includes(`end ${second.id}`));
    await worker.stop();
    expect(log).toEqual([
      `start ${due.id}`,
      `end ${due.id}`,
      `start ${first.id}`,
      `end ${first.id}`,
      `start ${second.id}`,
      `end ${second.id}`,
    ]);
  });

  it("leaves a job to the rounds while the same idea's job runs at once", async () => {
    const clock = clockAt('2026-12-03T16:00:00.000Z');
    const { worker, log, gated, open } = workerOf({ pollMs: HOUR_MS, clock });
    worker.start();
    await new Promise((r) => setTimeout(r, 50)); // the first round, at start, finds nothing of this idea
    const ideaId = `idea-${randomUUID()}`;
    const first = gated(job(ideaId, clock.now().getTime()));
    expect(await worker.enqueue(first)).toBe(true);
    await until(() => log.includes(`start ${first.id}`));
    clock.advance(1);
    const second = gated(job(ideaId, clock.now().getTime()));
    expect(await worker.enqueue(second)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual([`start ${first.id}`]);
    expect(await unclaimed(second)).toBe(true);
    open(first);
    open(second);
    await until(() => log.includes(`end ${second.id}`));
    await worker.stop();
    expect(log).toEqual([`start ${first.id}`, `end ${first.id}`, `start ${second.id}`, `end ${second.id}`]);
  });

  it('changes nothing and sends nothing when the job for that event is stored already', async () => {
    const clock = clockAt('2026-12-03T13:00:00.000Z');
    const { worker, delivered, dueQueries } = workerOf({ pollMs: HOUR_MS, clock });
    worker.start();
    await until(() => dueQueries() === 1);
    const ideaId = `idea-${randomUUID()}`;
    const queued = job(ideaId, clock.now().getTime());
    expect(await worker.enqueue(queued)).toBe(true);
    await until(() => delivered.length === 1);
    expect(await worker.enqueue(queued)).toBe(false);
    await worker.stop();
    expect(delivered).toEqual([queued.id]);
  });

  it('stop waits for the jobs it runs at once', async () => {
    const clock = clockAt('2026-12-03T14:00:00.000Z');
    const gate = deferred();
    const { worker, delivered, dueQueries } = workerOf({ pollMs: HOUR_MS, clock, gate: gate.promise });
    worker.start();
    await until(() => dueQueries() === 1);
    const ideaId = `idea-${randomUUID()}`;
    const queued = job(ideaId, clock.now().getTime());
    expect(await worker.enqueue(queued)).toBe(true);
    let stopped = false;
    const stopping = worker.stop().then(() => void (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(delivered).toEqual([queued.id]);
    expect((await outbox.get(ideaId, queued.id))?.value.status).toBe('done');
  });
});
