import type { HistoryEvent, Idea } from '../idea';
import type { Coach, Sluice } from '../sluice';
import { OPEN_STAGES } from '../stages';
import { stockholmDate } from '../working-days';
import { isAway } from './absence';
import { derivedEventId, SYSTEM_ACTOR } from './policy';

/**
 * What happened when the bot could not reach an idea's responsible coach (Teams refused the chat:
 * the app is not installed for them, or no conversation is known):
 * - `rerouted`: the idea went to the next coach, and the admins are told (through the outbox);
 * - `none`: no other coach could be reached; the idea shows "no reachable coach" and the admins are told;
 * - `already`: this was written before (a redelivery, another instance): nothing new;
 * - `notResponsible`: the coach no longer has the idea (it moved on, or it is closed): nothing to do.
 */
export type UnreachableOutcome = 'rerouted' | 'none' | 'already' | 'notResponsible';

/** The id of the event that moves an idea away from a coach the bot cannot reach: one per coach and idea. */
export function unreachableEventId(ideaId: string, coachId: string): string {
  return derivedEventId(ideaId, 'coachUnreachable', coachId);
}

/**
 * The id of the event that records that no connector is known for the tenant of the idea's coach
 * (nobody there has written to the bot yet): one per coach and idea.
 */
export function noConnectorEventId(ideaId: string, coachId: string): string {
  return derivedEventId(ideaId, 'noConnector', coachId);
}

/**
 * The coaches the idea was already moved away from because Teams refused a chat with them (a
 * coach merely without a known connector for their tenant is not among them: they keep the idea).
 */
export function unreachableCoachesOf(idea: Pick<Idea, 'history' | 'id'>): Set<string> {
  return new Set(
    idea.history.flatMap((e) =>
      e.kind === 'coachUnreachable' && e.unreachable && e.id === unreachableEventId(idea.id, e.unreachable.id) ? [e.unreachable.id] : [],
    ),
  );
}

/**
 * The coach an idea goes to when its coach cannot be reached: in the sluice's round-robin order
 * after that coach, skipping coaches who are away and those already tried, first among the coaches
 * of the idea's municipality `tenantId` (in a shared sluice, as new ideas are routed and the
 * absence handover picks), then in the whole sluice.
 */
export function nextReachableCoach(
  sluice: Pick<Sluice, 'coaches'>,
  fromCoachId: string,
  tried: ReadonlySet<string>,
  today: string,
  tenantId?: string,
): Coach | undefined {
  const { coaches } = sluice;
  const start = coaches.findIndex((c) => c.id === fromCoachId);
  const inOrder = Array.from({ length: coaches.length }, (_, i) => coaches[(start + 1 + i + coaches.length) % coaches.length]);
  const candidates = inOrder.filter(
    (coach): coach is Coach => coach !== undefined && coach.id !== fromCoachId && !tried.has(coach.id) && !isAway(coach, today),
  );
  return (tenantId !== undefined ? candidates.find((c) => c.tenantId === tenantId) : undefined) ?? candidates[0];
}

/**
 * Moves an open idea away from its responsible coach `coachId`, whom the bot cannot reach: to the
 * next reachable coach, one of the idea's municipality when there is one (the idea's coach
 * changes, with a `coachUnreachable` history event naming both), or, when every other coach is
 * away or unreachable too, keeps the coach and marks the idea
 * {@link Idea.noReachableCoach}. Pure; the event id is derived from the idea and the coach, so it
 * is written once per coach and idea.
 */
export function rerouteFromUnreachable(
  idea: Idea,
  sluice: Pick<Sluice, 'coaches'>,
  coachId: string,
  now: Date,
): { outcome: UnreachableOutcome; idea?: Idea; event?: HistoryEvent } {
  const id = unreachableEventId(idea.id, coachId);
  if (idea.history.some((e) => e.id === id)) return { outcome: 'already' };
  if (!OPEN_STAGES.includes(idea.stage) || idea.coach?.id !== coachId) return { outcome: 'notResponsible' };
  const tried = unreachableCoachesOf(idea).add(coachId);
  const next = nextReachableCoach(sluice, coachId, tried, stockholmDate(now), idea.tenantId);
  const at = now.toISOString();
  const name = idea.coach.name || sluice.coaches.find((c) => c.id === coachId)?.name || '';
  const coach = next ? { id: next.id, name: next.name ?? '' } : undefined;
  const event: HistoryEvent = {
    id,
    kind: 'coachUnreachable',
    at,
    actor: { ...SYSTEM_ACTOR },
    unreachable: { id: coachId, name },
    ...(coach ? { coach } : {}),
  };
  const { noReachableCoach: _previous, ...rest } = idea;
  const changed: Idea = {
    ...rest,
    ...(coach ? { coach } : { noReachableCoach: at }),
    history: [...idea.history, event],
    updatedAt: at,
    version: idea.version + 1,
  };
  return { outcome: coach ? 'rerouted' : 'none', idea: changed, event };
}

/**
 * The bot knows no connector for the tenant of the idea's responsible coach `coachId` (nobody
 * there has written to it yet), so nobody in that tenant can be reached: the idea keeps its coach,
 * gets {@link Idea.noReachableCoach} and a `coachUnreachable` event without a next coach (so the
 * admins and the coach channel are told, once), while the card waits for the tenant's first message.
 * Pure; the event id is derived from the idea and the coach.
 */
export function markNoConnector(
  idea: Idea,
  sluice: Pick<Sluice, 'coaches'>,
  coachId: string,
  now: Date,
): { outcome: UnreachableOutcome; idea?: Idea; event?: HistoryEvent } {
  const id = noConnectorEventId(idea.id, coachId);
  if (idea.history.some((e) => e.id === id)) return { outcome: 'already' };
  if (!OPEN_STAGES.includes(idea.stage) || idea.coach?.id !== coachId) return { outcome: 'notResponsible' };
  const at = now.toISOString();
  const name = idea.coach.name || sluice.coaches.find((c) => c.id === coachId)?.name || '';
  const event: HistoryEvent = { id, kind: 'coachUnreachable', at, actor: { ...SYSTEM_ACTOR }, unreachable: { id: coachId, name } };
  return {
    outcome: 'none',
    idea: { ...idea, noReachableCoach: at, history: [...idea.history, event], updatedAt: at, version: idea.version + 1 },
    event,
  };
}

/** The idea without the "no reachable coach" state: a coach acted on it, so someone has it in hand. */
export function withoutNoReachableCoach(idea: Idea): Idea {
  if (idea.noReachableCoach === undefined) return idea;
  const { noReachableCoach: _state, ...rest } = idea;
  return rest;
}
