import type { Idea } from '../../../bot/src/domain/idea';
import { withAbsence } from '../../../bot/src/domain/reminders/absence';
import {
  applyDueBreaches,
  breachesOf,
  dueBreaches,
  overdueOf,
  recipientsOf,
  withReminderDue,
} from '../../../bot/src/domain/reminders/policy';
import type { Sluice } from '../../../bot/src/domain/sluice';
import { stockholmTime } from '../../../bot/src/domain/working-days';
import { coach, coach2, giver, idea, sluice } from '../fixtures';

// Handed in Monday 23 November 2026, 10:00 Stockholm.
const SUBMITTED = stockholmTime('2026-11-23', 10);
const ADMIN = 'admin-1';

function newIdea(overrides: Partial<Idea> = {}): Idea {
  const at = SUBMITTED.toISOString();
  return idea({
    coach: { id: coach.id, name: coach.name },
    createdAt: at,
    stageChangedAt: at,
    updatedAt: at,
    history: [{ id: 'h0', kind: 'submitted', at, actor: { id: giver.id, name: giver.name }, to: 'submitted' }],
    ...overrides,
  });
}

function testSluice(overrides: Partial<Sluice> = {}): Sluice {
  return sluice({ admins: [ADMIN], ...overrides });
}

describe('when a limit is passed', () => {
  it('reminds on the morning after the 5th working day and escalates after 7.5', () => {
    const [reminder, escalation] = breachesOf(newIdea(), testSluice());
    // Working days after Monday 23/11: 24, 25, 26, 27, 30 (5), 1 Dec (6) … 3 Dec (8).
    expect(reminder?.dueAt.toISOString()).toBe(stockholmTime('2026-12-01', 8).toISOString());
    expect(escalation?.dueAt.toISOString()).toBe(stockholmTime('2026-12-03', 8).toISOString());
    expect(withReminderDue(newIdea(), testSluice()).reminderDueAtMs).toBe(reminder?.dueAt.getTime());
  });

  it('uses the sluice’s own limits and closed days', () => {
    const own = testSluice({ reminders: { limits: { submitted: 2 }, closedDays: [{ from: '2026-11-25', to: '2026-11-27' }] } });
    const [reminder] = breachesOf(newIdea(), own);
    // 24 (1), 25–27 closed, 30 (2), 1 Dec (3).
    expect(reminder?.dueAt.toISOString()).toBe(stockholmTime('2026-12-01', 8).toISOString());
  });

  it('writes each breach once: a second pass at the same or a later time adds nothing new', () => {
    const s = testSluice();
    const first = applyDueBreaches(newIdea(), s, stockholmTime('2026-12-01', 9));
    expect(first?.events.map((e) => e.kind)).toEqual(['reminded']);
    expect(first?.events[0]?.reminder).toEqual({ waited: 6, limit: 5, to: [coach.id] });
    expect(applyDueBreaches(first!.idea, s, stockholmTime('2026-12-01', 12))).toBeUndefined();
    const second = applyDueBreaches(first!.idea, s, stockholmTime('2026-12-03', 9));
    expect(second?.events.map((e) => e.kind)).toEqual(['escalated']);
    expect(applyDueBreaches(second!.idea, s, stockholmTime('2027-03-01', 9))).toBeUndefined();
    expect(second?.idea.reminderDueAtMs).toBeUndefined();
  });

  it('sends a late scan both the reminder and the escalation at once', () => {
    const late = applyDueBreaches(newIdea(), testSluice(), stockholmTime('2026-12-10', 9));
    expect(late?.events.map((e) => e.kind)).toEqual(['reminded', 'escalated']);
  });

  it('starts a new wait when the stage changes', () => {
    const taken = newIdea({
      stage: 'screening',
      stageChangedAt: stockholmTime('2026-11-24', 9).toISOString(),
      history: [
        ...newIdea().history,
        { id: 'h1', kind: 'taken', at: stockholmTime('2026-11-24', 9).toISOString(), actor: coach, from: 'submitted', to: 'screening' },
      ],
    });
    expect(dueBreaches(taken, testSluice(), stockholmTime('2026-12-10', 9))).toEqual([]);
    const [reminder] = breachesOf(taken, testSluice());
    expect(reminder?.limit).toBe(15);
  });

  it('stops when the idea is done or closed', () => {
    expect(breachesOf(newIdea({ stage: 'done' }), testSluice())).toEqual([]);
    expect(withReminderDue(newIdea({ stage: 'closed', reminderDueAtMs: 1 }), testSluice()).reminderDueAtMs).toBeUndefined();
  });

  it('shows Försenad with how long only after the limit', () => {
    expect(overdueOf(newIdea(), testSluice(), stockholmTime('2026-11-30', 15))).toBeUndefined();
    expect(overdueOf(newIdea(), testSluice(), stockholmTime('2026-12-02', 9))).toMatchObject({ waited: 7, limit: 5 });
  });
});

describe('who is told', () => {
  const today = '2026-12-01';

  it('reminds the responsible coach; escalates to the backup and the admins', () => {
    expect(recipientsOf('reminded', newIdea(), testSluice(), today)).toEqual([coach.id]);
    expect(recipientsOf('escalated', newIdea(), testSluice(), today)).toEqual([coach2.id, ADMIN]);
  });

  it('sends the reminder to the backup while the coach is away, until the day they are back', () => {
    const away = withAbsence(testSluice(), coach.id, '2026-12-05')!;
    expect(recipientsOf('reminded', newIdea(), away, today)).toEqual([coach2.id]);
    expect(recipientsOf('reminded', newIdea(), away, '2026-12-05')).toEqual([coach.id]);
  });

  it('prefers the idea’s chosen backup, then the sluice’s backup coach', () => {
    const three = testSluice({ coaches: [{ id: coach.id }, { id: coach2.id }, { id: 'coach-3' }], backupCoachId: 'coach-3' });
    expect(recipientsOf('escalated', newIdea(), three, today)).toEqual(['coach-3', ADMIN]);
    expect(recipientsOf('escalated', newIdea({ backupCoach: { id: coach2.id, name: '' } }), three, today)).toEqual([coach2.id, ADMIN]);
  });

  it('falls back to the admins when nobody else coaches', () => {
    const alone = testSluice({ coaches: [{ id: coach.id, awayUntil: '2027-01-10' }] });
    expect(recipientsOf('reminded', newIdea(), alone, today)).toEqual([ADMIN]);
    expect(recipientsOf('escalated', newIdea(), alone, today)).toEqual([ADMIN]);
  });

  it('reminds the giver about an unanswered question once and tells the coach', () => {
    const askedAt = stockholmTime('2026-11-24', 9).toISOString();
    const asking = newIdea({
      stage: 'screening',
      needsInfo: true,
      pendingQuestion: 'Vilka tunnlar?',
      stageChangedAt: askedAt,
      history: [
        ...newIdea().history,
        { id: 'h1', kind: 'taken', at: askedAt, actor: coach, from: 'submitted', to: 'screening' },
        { id: 'h2', kind: 'infoRequested', at: askedAt, actor: coach, text: 'Vilka tunnlar?' },
      ],
    });
    // 10 working days after Tuesday 24/11 is 8 Dec; the reminder is due on the 9th.
    const before = applyDueBreaches(asking, testSluice(), stockholmTime('2026-12-08', 12));
    expect(before).toBeUndefined();
    const after = applyDueBreaches(asking, testSluice(), stockholmTime('2026-12-09', 9));
    expect(after?.events.map((e) => [e.kind, e.reminder?.to])).toEqual([['giverReminded', [giver.id, coach.id]]]);
    expect(applyDueBreaches(after!.idea, testSluice(), stockholmTime('2026-12-10', 9))).toBeUndefined();
  });
});
