import type { HistoryKind } from '../idea';
import type { IdeaRepository } from '../ports';
import { checkHistoryChain } from '../record';

/** An idea whose history's chain no longer holds: which, and the first event that does not match. */
export interface BrokenChain {
  readonly ideaId: string;
  readonly number: number;
  readonly reference?: string;
  readonly title: string;
  readonly events: number;
  readonly index: number;
  readonly eventId: string;
  readonly kind?: HistoryKind;
  readonly at?: string;
  readonly problem: 'changed' | 'unsealed';
}

export interface ChainReport {
  /** Ideas checked: every idea of the sluice. */
  readonly checked: number;
  /** Events checked over all of them. */
  readonly events: number;
  readonly broken: readonly BrokenChain[];
  readonly checkedAt: string;
}

/**
 * Checks the history chain of every idea of the sluice (the admin's and registrator's check in
 * Administration → Diarium): how many were checked and which are broken, by number, oldest first.
 */
export async function checkSluiceChains(ideas: IdeaRepository, sluiceId: string, now: Date): Promise<ChainReport> {
  let checked = 0;
  let events = 0;
  const broken: BrokenChain[] = [];
  for await (const idea of ideas.all(sluiceId)) {
    checked++;
    events += idea.history.length;
    const chain = checkHistoryChain(idea.history);
    if (chain.whole) continue;
    const event = idea.history[chain.index];
    broken.push({
      ideaId: idea.id,
      number: idea.number,
      ...(idea.record ? { reference: idea.record.reference } : {}),
      title: idea.title,
      events: chain.events,
      index: chain.index,
      eventId: chain.eventId,
      ...(event ? { kind: event.kind, at: event.at } : {}),
      problem: chain.problem,
    });
  }
  broken.sort((a, b) => a.number - b.number);
  return { checked, events, broken, checkedAt: now.toISOString() };
}
