import type { HistoryEvent, Idea } from '../idea';
import { resealHistory } from '../record';

/** What a person becomes in an idea whose personal data a retention rule removed. */
export const REMOVED_PERSON = { id: '', name: 'Personuppgift gallrad' } as const;

/** The app itself, as the actor of the history event that records the removal. */
export const GALLRING_ACTOR = { id: 'ideslussen', name: 'Idéslussen (gallring)' } as const;

const person = <T extends { readonly id: string; readonly name: string } | undefined>(p: T): T =>
  (p === undefined ? p : { ...REMOVED_PERSON }) as T;

/**
 * The idea with the names and Entra ids of every person in it removed (giver, originator, coaches,
 * everyone in its history, who linked it), the texts, stages, decisions, dates and effects kept:
 * the record stays, the people in it are no longer named. One `personalDataRemoved` event records
 * it (when, under which gallringsbeslut), and the history is sealed afresh, so its chain stays
 * verifiable. Returns undefined when the idea has already had its personal data removed.
 */
export function withoutPersonalData(idea: Idea, at: Date, decision: string, eventId: string): Idea | undefined {
  if (idea.history.some((e) => e.kind === 'personalDataRemoved')) return undefined;
  const { origin: _origin, sourceLink: _link, pendingQuestion, ...rest } = idea;
  void _origin;
  void _link;
  const iso = at.toISOString();
  const history: HistoryEvent[] = idea.history.map((e) => {
    const { requestId: _request, ...event } = e;
    void _request;
    return {
      ...event,
      actor: e.actor.id === GALLRING_ACTOR.id ? e.actor : { ...REMOVED_PERSON },
      ...(e.coach ? { coach: person(e.coach) } : {}),
      ...(e.unreachable ? { unreachable: person(e.unreachable) } : {}),
      ...(e.reminder ? { reminder: { ...e.reminder, to: [] } } : {}),
      ...(e.link ? { link: e.link } : {}),
    };
  });
  history.push({ id: eventId, kind: 'personalDataRemoved', at: iso, actor: { ...GALLRING_ACTOR }, text: decision });
  return {
    ...rest,
    ...(pendingQuestion ? { pendingQuestion } : {}),
    giver: { id: REMOVED_PERSON.id, tenantId: idea.giver.tenantId, name: REMOVED_PERSON.name, locale: idea.giver.locale },
    ...(idea.coach ? { coach: person(idea.coach) } : {}),
    ...(idea.backupCoach ? { backupCoach: person(idea.backupCoach) } : {}),
    ...(idea.links ? { links: idea.links.map((l) => ({ ...l, by: { ...REMOVED_PERSON } })) } : {}),
    history: resealHistory(history),
    updatedAt: iso,
    version: idea.version + 1,
  };
}
