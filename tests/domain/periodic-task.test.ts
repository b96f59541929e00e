import { PeriodicTask } from '../../bot/src/domain/periodic-task';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets "right away" timers (Node runs a 0 ms timer after 1 ms) and the promise chains after them run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(1);
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the first round at once and the next one everyMs after it finished', async () => {
    let rounds = 0;
    const task = new PeriodicTask({ round: async () => void rounds++, everyMs: 1000, failed: () => undefined });
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(rounds).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(2);
    await task.stop();
  });

  it('stop waits for the round in progress and no round runs after it', async () => {
    const gate = deferred();
    let rounds = 0;
    let finished = 0;
    const task = new PeriodicTask({
      round: async () => {
        rounds++;
        await gate.promise;
        finished++;
      },
      everyMs: 10,
      failed: () => undefined,
    });
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(1);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);

    gate.resolve();
    await stopping;
    expect(finished).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(rounds).toBe(1);
  });

  it('logs an error thrown by a round and still runs the next round', async () => {
    const boom = new Error('Cosmos unreachable');
    const failures: unknown[] = [];
    let rounds = 0;
    const task = new PeriodicTask({
      round: async () => {
        rounds++;
        if (rounds === 1) throw boom;
      },
      everyMs: 50,
      failed: (err) => failures.push(err),
    });
    task.start();
    await settle();
    expect(failures).toEqual([boom]);
    await jest.advanceTimersByTimeAsync(50);
    expect(rounds).toBe(2);
    expect(failures).toEqual([boom]);
    await task.stop();
  });

  it('runs again at once after a round that says more is waiting, or after a wake during a round', async () => {
    const gate = deferred();
    const results = [true, false, false, false];
    let rounds = 0;
    const task = new PeriodicTask({
      round: async () => {
        rounds++;
        if (rounds === 2) await gate.promise;
        return results[rounds - 1];
      },
      everyMs: 60_000,
      failed: () => undefined,
    });
    task.start();
    // Round 1 said "more"; round 2 starts without waiting everyMs, and is held at the gate.
    await settle();
    expect(rounds).toBe(2);
    task.wake();
    gate.resolve();
    await settle();
    expect(rounds).toBe(3);
    // Nothing more is waiting: the next round is a whole period away.
    await jest.advanceTimersByTimeAsync(50_000);
    expect(rounds).toBe(3);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(rounds).toBe(4);
    await task.stop();
  });

  it('stays paused when everyMs is 0, and wake does nothing before start', async () => {
    let rounds = 0;
    const paused = new PeriodicTask({ round: async () => void rounds++, everyMs: 0, failed: () => undefined });
    paused.start();
    paused.wake();
    const unstarted = new PeriodicTask({ round: async () => void rounds++, everyMs: 10, failed: () => undefined });
    unstarted.wake();
    await jest.advanceTimersByTimeAsync(1000);
    expect(rounds).toBe(0);
    await paused.stop();
    await unstarted.stop();
  });

  it('a delayed first round waits firstDelayMs', async () => {
    let rounds = 0;
    const task = new PeriodicTask({ round: async () => void rounds++, everyMs: 100, firstDelayMs: 500, failed: () => undefined });
    task.start();
    await jest.advanceTimersByTimeAsync(499);
    expect(rounds).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(1);
    await task.stop();
  });
});
