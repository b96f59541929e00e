import type { Clock } from './ports';

export { systemClock, type Clock } from './ports';

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const OFFSET = /^([+-])(\d{1,4})([mhd])$/;

/**
 * Reads a local clock offset such as `+8d`, `+2h`, `-30m` (minutes, hours or days, signed);
 * undefined when the text is not one.
 */
export function parseClockOffset(text: string): number | undefined {
  const m = OFFSET.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[2]) * UNITS_MS[m[3] as keyof typeof UNITS_MS];
  return m[1] === '-' ? -ms : ms;
}

/**
 * The one clock every timer reads, moved by `offsetMs`. Locally, DEV_CLOCK_OFFSET makes the whole
 * server (reminders, escalation, digests, history times) live a few days ahead.
 */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  if (offsetMs === 0) return base;
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}
