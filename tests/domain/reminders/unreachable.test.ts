import { planSteps, stepKey } from '../../../bot/src/domain/notifications';
import { rerouteFromUnreachable, unreachableEventId, withoutNoReachableCoach } from '../../../bot/src/domain/reminders/unreachable';
import { coach, coach2, idea, NOW, sluice } from '../fixtures';

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
