import { withAbsence } from '../../bot/src/domain/reminders/absence';
import { coachForNumber, coachForTenantTurn, routesToOwnCoaches } from '../../bot/src/domain/sluice';
import { T1, T2, coach, coach2, sluice } from './fixtures';

const today = '2026-12-01';

describe('the coach of a new idea, from its number', () => {
  it('goes round the coaches in order, so consecutive numbers never get the same coach', () => {
    const s = sluice();
    expect(s.coaches.map((c) => c.id)).toEqual([coach.id, coach2.id]);
    expect([1, 2, 3, 4].map((n) => coachForNumber(s, n, today)?.id)).toEqual([coach.id, coach2.id, coach.id, coach2.id]);
  });

  it('skips a coach who is away, and goes back to plain turns when everyone is', () => {
    const away = withAbsence(sluice(), coach.id, '2027-01-10')!;
    expect([1, 2].map((n) => coachForNumber(away, n, today)?.id)).toEqual([coach2.id, coach2.id]);
    const allAway = withAbsence(away, coach2.id, '2027-01-10')!;
    expect([1, 2].map((n) => coachForNumber(allAway, n, today)?.id)).toEqual([coach.id, coach2.id]);
    expect(coachForNumber({ coaches: [] }, 1, today)).toBeUndefined();
  });
});

describe("the coach of a new idea in a shared sluice, from the municipality's own turn", () => {
  const T3 = 'aaaaaaaa-0000-4000-8000-000000000003';
  const shared = sluice({
    tenantIds: [T1, T2, T3],
    coaches: [
      { id: coach.id, tenantId: T1 },
      { id: 'coach-t2-a', tenantId: T2 },
      { id: coach2.id, tenantId: T1 },
      { id: 'coach-t2-b', tenantId: T2 },
      { id: 'coach-whole' },
    ],
  });

  it("goes round the municipality's own coaches only, in the sluice's order", () => {
    expect(routesToOwnCoaches(shared, T1, today)).toBe(true);
    expect([1, 2, 3].map((t) => coachForTenantTurn(shared, T1, t, today)?.id)).toEqual([coach.id, coach2.id, coach.id]);
    expect([1, 2, 3].map((t) => coachForTenantTurn(shared, T2, t, today)?.id)).toEqual(['coach-t2-a', 'coach-t2-b', 'coach-t2-a']);
  });

  it('skips an own coach who is away, and leaves a municipality without present coaches to the whole sluice', () => {
    const oneAway = withAbsence(shared, coach.id, '2027-01-10')!;
    expect([1, 2].map((t) => coachForTenantTurn(oneAway, T1, t, today)?.id)).toEqual([coach2.id, coach2.id]);
    const bothAway = withAbsence(oneAway, coach2.id, '2027-01-10')!;
    expect(routesToOwnCoaches(bothAway, T1, today)).toBe(false);
    expect(routesToOwnCoaches(bothAway, T1, '2027-01-10')).toBe(true);
    // T3 has no coaches of its own: the whole sluice's round-robin, present coaches only.
    expect(routesToOwnCoaches(shared, T3, today)).toBe(false);
    expect([1, 2, 3, 4, 5].map((n) => coachForNumber(bothAway, n, today)?.id)).toEqual([
      'coach-t2-a',
      'coach-t2-a',
      'coach-t2-b',
      'coach-t2-b',
      'coach-whole',
    ]);
  });
});
