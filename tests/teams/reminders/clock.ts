import type { Clock } from '../../../bot/src/domain/clock';
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
