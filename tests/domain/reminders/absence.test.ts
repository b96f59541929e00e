import { backupCoachFor, coverOf, isAway, parseAwayDate, withAbsence } from '../../../bot/src/domain/reminders/absence';
import { recipientsOf } from '../../../bot/src/domain/reminders/policy';
import { nextCoach, type Coach } from '../../../bot/src/domain/sluice';
import { coach, coach2, idea, sluice, T1, T2 } from '../fixtures';

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

describe('who covers in a shared sluice', () => {
  // Skaraborg-like: T1 has Karin and Omar, T2 has Eva and Nils, Sara serves the whole sluice and is its backup.
  const karin: Coach = { id: 'karin', tenantId: T1, name: 'Karin' };
  const omar: Coach = { id: 'omar', tenantId: T1, name: 'Omar' };
  const eva: Coach = { id: 'eva', tenantId: T2, name: 'Eva' };
  const sara: Coach = { id: 'sara', name: 'Sara' };
  const nils: Coach = { id: 'nils', tenantId: T2, name: 'Nils' };
  const shared = (coaches: Coach[] = [karin, eva, sara, omar, nils], backupCoachId: string | undefined = 'sara') =>
    sluice({ tenantIds: [T1, T2], coaches, ...(backupCoachId ? { backupCoachId } : {}) });
  const awayAll = (s: ReturnType<typeof shared>, ...ids: string[]) => ids.reduce((acc, id) => withAbsence(acc, id, '2027-01-10')!, s);

  it("prefers a present coach of the idea's municipality over the sluice's backup and the sluice's order", () => {
    expect(backupCoachFor(shared(), 'karin', today, { tenantId: T1 })?.id).toBe('omar');
    expect(backupCoachFor(shared(), 'eva', today, { tenantId: T2 })?.id).toBe('nils');
    // After the responsible one in the sluice's order, among the municipality's own, wrapping round.
    expect(backupCoachFor(shared(), 'nils', today, { tenantId: T2 })?.id).toBe('eva');
    // Without a municipality (a single sluice, as before): the sluice's backup.
    expect(backupCoachFor(shared(), 'karin', today)?.id).toBe('sara');
  });

  it("takes the sluice's backup first when it serves the idea's municipality, and the idea's own backup before all", () => {
    expect(backupCoachFor(shared(undefined, 'nils'), 'eva', today, { tenantId: T2 })?.id).toBe('nils');
    // The sluice's backup of another municipality does not win over the municipality's own.
    expect(backupCoachFor(shared(undefined, 'nils'), 'karin', today, { tenantId: T1 })?.id).toBe('omar');
    expect(backupCoachFor(shared(), 'karin', today, { tenantId: T1, chosen: 'eva' })?.id).toBe('eva');
  });

  it("falls back to the sluice's backup, then the next present coach, when the municipality has nobody else present", () => {
    expect(backupCoachFor(awayAll(shared(), 'omar'), 'karin', today, { tenantId: T1 })?.id).toBe('sara');
    expect(backupCoachFor(awayAll(shared(), 'omar', 'sara'), 'karin', today, { tenantId: T1 })?.id).toBe('eva');
    expect(backupCoachFor(shared([karin, eva, sara, omar, nils], undefined), 'karin', today, { tenantId: T2 })?.id).toBe('eva');
    // A municipality with no coaches of its own is covered as a single sluice is.
    expect(backupCoachFor(shared(), 'karin', today, { tenantId: 'bbbbbbbb-0000-4000-8000-000000000003' })?.id).toBe('sara');
    expect(backupCoachFor(awayAll(shared([karin, omar]), 'omar'), 'karin', today, { tenantId: T1 })).toBeUndefined();
  });

  it("names the municipality's coach as who covers an idea, and sends its reminders there", () => {
    const s = awayAll(shared(), 'karin');
    const fromT1 = idea({ tenantId: T1, coach: { id: 'karin', name: 'Karin' } });
    expect(coverOf(s, fromT1, today)).toEqual({ coach: { id: 'omar', name: 'Omar' }, until: '2027-01-10' });
    expect(recipientsOf('reminded', fromT1, s, today)).toEqual(['omar']);
    const t2Away = awayAll(shared(), 'eva');
    const fromT2 = idea({ tenantId: T2, coach: { id: 'eva', name: 'Eva' } });
    expect(coverOf(t2Away, fromT2, today)?.coach.id).toBe('nils');
    expect(recipientsOf('escalated', fromT2, t2Away, today)[0]).toBe('nils');
  });
});
