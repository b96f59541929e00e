import { withAbsence } from '../../bot/src/domain/reminders/absence';
import { coachForNumber } from '../../bot/src/domain/sluice';
import { coach, coach2, sluice } from './fixtures';

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
