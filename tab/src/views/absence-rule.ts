import type { TabConfig } from '../../../bot/src/api/contracts';

/**
 * Whether the caller is one of the sluice's coaches: only they can say they are away. Apart from
 * the switch, so the shell can decide without loading the switch (and its date picker).
 */
export function mayBeAway(config: TabConfig): boolean {
  return config.coaches.some((c) => c.id === config.caller.id);
}
