import { backupCoachFor, isAway, parseAwayDate, withAbsence } from '../../../bot/src/domain/reminders/absence';
import { nextCoach } from '../../../bot/src/domain/sluice';
import { coach, coach2, sluice } from '../fixtures';

const today = '2026-12-01';

describe('a coach who is away', () => {
  it('reads Swedish and English dates, with or without a year', () => {
    expect(parseAwayDate('10 januari', today)).toEqual({ ok: true, until: '2027-01-10' });
    expect(parseAwayDate('2027-01-10', today)).toEqual({ ok: true, until: '2027-01-10' });
    expect(parseAwayDate('January 10', today)).toEqual({ ok: true, until: '2027-01-10' });
    expect(parseAwayDate('10 jan 2027', today)).toEqual({ ok: true, until: '2027-01-10' });
    expect(parseAwayDate('15 december', today)).toEqual({ ok: true, until: '2026-12-15' });
    expect(parseAwayDate('3:e mars', today)).toEqual({ ok: true, until: '2027-03-03' });
  });

  it('gives a reason for bad dates, the past and more than a year ahead', () => {
    expect(parseAwayDate('snart', today)).toEqual({ ok: false, problem: 'unreadable' });
    expect(parseAwayDate('31 februari', today)).toEqual({ ok: false, problem: 'unreadable' });
    expect(parseAwayDate('2027-13-01', today)).toEqual({ ok: false, problem: 'unreadable' });
    expect(parseAwayDate('2026-11-30', today)).toEqual({ ok: false, problem: 'past' });
    expect(parseAwayDate('2026-12-01', today)).toEqual({ ok: false, problem: 'past' });
    expect(parseAwayDate('2028-01-10', today)).toEqual({ ok: false, problem: 'tooFar' });
  });

  it('is skipped by the round-robin and covered by the next coach, and it ends by itself', () => {
    const away = withAbsence(sluice({ lastAssignedCoachId: coach2.id }), coach.id, '2027-01-10')!;
    expect(isAway(away.coaches[0]!, today)).toBe(true);
    expect(nextCoach(away, today)?.id).toBe(coach2.id);
    expect(nextCoach(away, '2027-01-10')?.id).toBe(coach.id);
    expect(backupCoachFor(away, coach.id, today)?.id).toBe(coach2.id);
    expect(backupCoachFor(away, coach2.id, today)).toBeUndefined();
    expect(withAbsence(away, coach.id, undefined)?.coaches[0]).toEqual({ id: coach.id });
    expect(withAbsence(away, 'not-a-coach', '2027-01-10')).toBeUndefined();
  });
});
