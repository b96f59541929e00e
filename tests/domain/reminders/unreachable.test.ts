import { planSteps, stepKey } from '../../../bot/src/domain/notifications';
import { rerouteFromUnreachable, unreachableEventId, withoutNoReachableCoach } from '../../../bot/src/domain/reminders/unreachable';
import { coach, coach2, idea, NOW, sluice, T1, T2 } from '../fixtures';

const coach3 = { id: 'coach-3', name: 'Sara Nilsson' };
const three = sluice({
  coaches: [{ id: coach.id, name: coach.name }, { id: coach2.id, name: coach2.name }, coach3],
  admins: [coach.id, 'admin-1'],
});
const owned = idea({ coach: { id: coach.id, name: coach.name } });

describe('an idea whose coach cannot be reached', () => {
  it('goes to the next coach in the round-robin, with one event named after the idea and the coach', () => {
    const { outcome, idea: next, event } = rerouteFromUnreachable(owned, three, coach.id, NOW);
    expect(outcome).toBe('rerouted');
    expect(next?.coach).toEqual({ id: coach2.id, name: coach2.name });
    expect(event).toMatchObject({
      id: unreachableEventId(owned.id, coach.id),
      kind: 'coachUnreachable',
      unreachable: { id: coach.id, name: coach.name },
      coach: { id: coach2.id, name: coach2.name },
    });
    expect(next?.version).toBe(owned.version + 1);
    // Written once: the same call on the result changes nothing.
    expect(rerouteFromUnreachable(next!, three, coach.id, NOW)).toEqual({ outcome: 'already' });
  });

  it('skips coaches who are away and those already tried, and marks the idea when nobody is left', () => {
    const away = { ...three, coaches: three.coaches.map((c) => (c.id === coach2.id ? { ...c, awayUntil: '2027-01-10' } : c)) };
    const first = rerouteFromUnreachable(owned, away, coach.id, NOW);
    expect(first.idea?.coach?.id).toBe(coach3.id);
    const second = rerouteFromUnreachable(first.idea!, away, coach3.id, NOW);
    expect(second.outcome).toBe('none');
    expect(second.event?.coach).toBeUndefined();
    expect(second.idea?.coach?.id).toBe(coach3.id);
    expect(second.idea?.noReachableCoach).toBe(NOW.toISOString());
    expect(withoutNoReachableCoach(second.idea!).noReachableCoach).toBeUndefined();
  });

  it('in a shared sluice, goes to a present, untried coach of the idea’s municipality first, then to the whole sluice', () => {
    // Sluice order: T1, T2, T2, T1, T1. The idea is from T1; its coach (the first) cannot be reached.
    const t2a = { id: 'coach-t2a', tenantId: T2, name: 'Lena Ek' };
    const t2b = { id: 'coach-t2b', tenantId: T2, name: 'Per Ås' };
    const t1b = { id: 'coach-t1b', tenantId: T1, name: 'Eva Lund' };
    const t1c = { id: 'coach-t1c', tenantId: T1, name: 'Ali Demir' };
    const shared = sluice({ tenantIds: [T1, T2], coaches: [coach, t2a, t2b, t1b, t1c], admins: ['admin-1'] });
    const fromT1 = idea({ tenantId: T1, coach: { id: coach.id, name: coach.name } });

    // Not the next in the sluice's order (T2), but the next of the own municipality.
    const first = rerouteFromUnreachable(fromT1, shared, coach.id, NOW);
    expect(first.idea?.coach?.id).toBe(t1b.id);
    // That one cannot be reached either; the own municipality's next who is not away…
    const t1cAway = { ...shared, coaches: shared.coaches.map((c) => (c.id === t1c.id ? { ...c, awayUntil: '2027-01-10' } : c)) };
    expect(rerouteFromUnreachable(first.idea!, shared, t1b.id, NOW).idea?.coach?.id).toBe(t1c.id);
    // …and when the own coaches are away or tried, the next in the whole sluice after the unreachable one.
    const second = rerouteFromUnreachable(first.idea!, t1cAway, t1b.id, NOW);
    expect(second.outcome).toBe('rerouted');
    expect(second.idea?.coach?.id).toBe(t2a.id);

    // An idea of T2 whose coach cannot be reached stays in T2, wrapping around the sluice's order.
    const fromT2 = idea({ tenantId: T2, coach: { id: t2b.id, name: t2b.name } });
    expect(rerouteFromUnreachable(fromT2, shared, t2b.id, NOW).idea?.coach?.id).toBe(t2a.id);
    // A municipality without coaches of its own: the whole sluice, in order.
    const fromOther = idea({ tenantId: 'aaaaaaaa-0000-4000-8000-000000000003', coach: { id: t2a.id, name: t2a.name } });
    expect(rerouteFromUnreachable(fromOther, shared, t2a.id, NOW).idea?.coach?.id).toBe(t2b.id);
  });

  it('does nothing for a coach who no longer has the idea, or for a closed idea', () => {
    expect(rerouteFromUnreachable(owned, three, coach2.id, NOW).outcome).toBe('notResponsible');
    expect(rerouteFromUnreachable({ ...owned, stage: 'closed' }, three, coach.id, NOW).outcome).toBe('notResponsible');
  });

  it('tells the new coach, the admins but not the unreachable coach, the channel and the giver', () => {
    const withChannel = { ...three, coachChannel: { conversationId: '19:c', serviceUrl: 'http://127.0.0.1/', tenantId: 't' } };
    const { idea: next, event } = rerouteFromUnreachable(owned, withChannel, coach.id, NOW);
    expect(planSteps(next!, withChannel, event!).map(stepKey)).toEqual([
      'updateTaskCards',
      `postTaskCard:coach:${coach2.id}`,
      'tellUnreachable:channel',
      'tellUnreachable:admin:admin-1',
      'tellGiver',
    ]);
  });
});
