import type { Clock } from '../../../bot/src/domain/clock';
import { meetEveryone, startCoachFixture, type CoachFixture } from '../coach/fixture';
import { stockholmTime } from '../../../bot/src/domain/working-days';

/** A clock the test moves: one for the whole app, as DEV_CLOCK_OFFSET moves it locally. */
export interface MovableClock extends Clock {
  /** Sets the time to `hour` o'clock in Stockholm on `date` (`YYYY-MM-DD`). */
  set(date: string, hour?: number): void;
}

export function movableClock(date: string, hour = 10): MovableClock {
  let now = stockholmTime(date, hour);
  return {
    now: () => new Date(now.getTime()),
    set(d, h = 10) {
      now = stockholmTime(d, h);
    },
  };
}

/**
 * The coach fixture on a movable clock for one suite: started (everyone met in personal chat)
 * before the suite's tests and closed after them. Read `fx()` inside tests.
 */
export function reminderSuite(date: string): { clock: MovableClock; fx: () => CoachFixture } {
  const clock = movableClock(date);
  let fixture: CoachFixture | undefined;
  beforeAll(async () => {
    fixture = await startCoachFixture({}, undefined, { clock });
    await meetEveryone(fixture, { channel: false });
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return {
    clock,
    fx: () => {
      if (!fixture) throw new Error('The fixture starts in beforeAll');
      return fixture;
    },
  };
}
