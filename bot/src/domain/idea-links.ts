import { createHash } from 'node:crypto';
import type { HistoryEvent, Idea, IdeaLink, LinkKind, Person } from './idea';

/**
 * Coaches link two ideas of a sluice ("liknar", "dubblett av", "hänger ihop med"). Both ideas keep
 * their records, givers and history; each gets a `links` entry naming the other and a `linked`
 * (or `unlinked`) event. Two ideas are two conditional writes, so the event ids are derived: the
 * first idea's from the pair, the kind and how often the pair was linked or unlinked before; the
 * second idea's from the first's event. A repeated request, or a retry after a crash between the
 * writes, finds the first write done and completes the second without doubling anything.
 */

export type LinkChange = 'linked' | 'unlinked';

/** The link of `idea` to `otherId`, if there is one. */
export function linkTo(idea: Pick<Idea, 'links'>, otherId: string): IdeaLink | undefined {
  return idea.links?.find((l) => l.ideaId === otherId);
}

/** The events of `idea` about its link to `otherId`, oldest first. */
function linkEvents(idea: Pick<Idea, 'history'>, otherId: string): HistoryEvent[] {
  return idea.history.filter((e) => (e.kind === 'linked' || e.kind === 'unlinked') && e.link?.ideaId === otherId);
}

/** The latest `linked`/`unlinked` event of `idea` about `otherId`: what the other idea must mirror. */
export function lastLinkEvent(idea: Pick<Idea, 'history'>, otherId: string): HistoryEvent | undefined {
  return linkEvents(idea, otherId).at(-1);
}

/** The id of the event a coach's link or unlink writes on the idea acted on. */
export function linkEventId(idea: Pick<Idea, 'id' | 'history'>, otherId: string, change: LinkChange, kind: LinkKind): string {
  const generation = linkEvents(idea, otherId).length;
  return uuidOf(`${change}\n${idea.id}\n${otherId}\n${kind}\n${generation}`);
}

/** The id of the event on the other idea that mirrors `sourceEventId`. */
export function mirrorEventId(sourceEventId: string, otherId: string): string {
  return uuidOf(`mirror\n${sourceEventId}\n${otherId}`);
}

/**
 * The idea with its link to `other` set (`linked`, replacing a link of another kind) or removed
 * (`unlinked`), and the one event that says so. Pure.
 */
export function applyLinkChange(
  idea: Idea,
  other: Pick<Idea, 'id' | 'number' | 'title'>,
  change: LinkChange,
  kind: LinkKind,
  actor: Pick<Person, 'id' | 'name'>,
  eventId: string,
  now: Date,
): { idea: Idea; event: HistoryEvent } {
  const at = now.toISOString();
  const by = { id: actor.id, name: actor.name };
  const ref = { ideaId: other.id, number: other.number, title: other.title, kind };
  const event: HistoryEvent = { id: eventId, kind: change, at, actor: by, link: ref };
  const others = (idea.links ?? []).filter((l) => l.ideaId !== other.id);
  const links = change === 'linked' ? [...others, { ...ref, at, by }] : others;
  const { links: _old, ...rest } = idea;
  void _old;
  const next: Idea = {
    ...rest,
    ...(links.length > 0 ? { links } : {}),
    history: [...idea.history, event],
    updatedAt: at,
    version: idea.version + 1,
  };
  return { idea: next, event };
}

/** The reason text of a decline as a duplicate: "Dubblett av #12 Titel", and the coach's words if any. */
export function duplicateReason(link: Pick<IdeaLink, 'number' | 'title'>, reason?: string): string {
  const base = `Dubblett av #${link.number} ${link.title}`;
  return reason ? `${base} — ${reason}` : base;
}

function uuidOf(text: string): string {
  const hash = createHash('sha256').update(text).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}
