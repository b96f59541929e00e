/**
 * The digests' rules, pure: when the weekly and the monthly digest are due (holidays, closed
 * weeks, the first working day of a month), what a coach's digest and a month's outcomes hold,
 * and that a round's outbox jobs are the same however often they are made.
 */
import type { HistoryEvent, Idea } from '../../../bot/src/domain/idea';
import { dueDigestJobs } from '../../../bot/src/domain/reminders/digest-work';
import {
  dueMonthlyRound,
  dueWeeklyRound,
  monthlyDigestOf,
  nextMonthlyDigest,
  nextWeeklyDigest,
  waitingAnswer,
  weeklyDigestOf,
  weeklyPeriodStart,
} from '../../../bot/src/domain/reminders/digests';
import { withAbsence } from '../../../bot/src/domain/reminders/absence';
import { swedishCalendar, stockholmTime } from '../../../bot/src/domain/working-days';
import { coach, coach2, giver, idea, sluice } from '../fixtures';

const swedish = swedishCalendar();
const at = (date: string, hour = 8): string => stockholmTime(date, hour).toISOString();

describe('the weekly digest is due', () => {
  it('on Monday at 08:00 Stockholm', () => {
    // Wednesday 2 December 2026 → Monday 7 December.
    const next = nextWeeklyDigest(stockholmTime('2026-12-02', 12), swedish);
    expect(next).toEqual({ round: '2026-12-07', dueAt: new Date(at('2026-12-07')) });
    // At 07:59 on the Monday it is still that Monday's; at 08:00 it is the next week's.
    expect(nextWeeklyDigest(new Date(Date.parse(at('2026-12-07')) - 60_000), swedish).round).toBe('2026-12-07');
    expect(nextWeeklyDigest(new Date(at('2026-12-07')), swedish).round).toBe('2026-12-14');
  });

  it('on Tuesday when Monday is a holiday (annandag påsk 2027-03-29)', () => {
    const next = nextWeeklyDigest(stockholmTime('2027-03-26', 12), swedish);
    expect(next).toEqual({ round: '2027-03-29', dueAt: new Date(at('2027-03-30')) });
    // Summer time has begun: 08:00 in Stockholm is 06:00 UTC.
    expect(next.dueAt.toISOString()).toBe('2027-03-30T06:00:00.000Z');
  });

  it('on the first working day of the week after the sluice’s closed days, and not at all in a closed week', () => {
    const mondayClosed = swedishCalendar([{ from: '2027-07-05', to: '2027-07-06' }]);
    expect(nextWeeklyDigest(stockholmTime('2027-07-02', 12), mondayClosed)).toEqual({
      round: '2027-07-05',
      dueAt: new Date(at('2027-07-07')),
    });
    // The weeks of July closed: the next digest is on Monday 2 August.
    const july = swedishCalendar([{ from: '2027-07-05', to: '2027-07-30' }]);
    expect(nextWeeklyDigest(stockholmTime('2027-07-02', 12), july)).toEqual({ round: '2027-08-02', dueAt: new Date(at('2027-08-02')) });
    expect(dueWeeklyRound(stockholmTime('2027-07-14', 12), '2027-06-28', july)).toBeUndefined();
  });

  it('is queued once per week: not before its time, not again once queued', () => {
    const monday = stockholmTime('2026-12-07', 7);
    expect(dueWeeklyRound(monday, '2026-11-30', swedish)).toBeUndefined();
    expect(dueWeeklyRound(stockholmTime('2026-12-07', 8), '2026-11-30', swedish)?.round).toBe('2026-12-07');
    expect(dueWeeklyRound(stockholmTime('2026-12-09', 15), '2026-11-30', swedish)?.round).toBe('2026-12-07');
    expect(dueWeeklyRound(stockholmTime('2026-12-09', 15), '2026-12-07', swedish)).toBeUndefined();
    // Sunday evening still belongs to the week: nothing new until the next Monday.
    expect(dueWeeklyRound(stockholmTime('2026-12-13', 22), '2026-12-07', swedish)).toBeUndefined();
  });

  it('counts new ideas from the previous digest, or a week back for the first', () => {
    const round = { round: '2027-03-29', dueAt: new Date(at('2027-03-30')) };
    expect(weeklyPeriodStart(round, '2027-03-22', swedish).toISOString()).toBe(at('2027-03-22'));
    expect(weeklyPeriodStart(round, undefined, swedish).toISOString()).toBe(
      new Date(Date.parse(at('2027-03-30')) - 7 * 86_400_000).toISOString(),
    );
  });
});

describe('the monthly digest is due', () => {
  it('at 08:00 on the first working day of the month, about the month before', () => {
    // 1 January 2027 is nyårsdagen (a Friday): the first working day is Monday 4 January.
    expect(nextMonthlyDigest(stockholmTime('2026-12-15', 12), swedish)).toEqual({ round: '2026-12', dueAt: new Date(at('2027-01-04')) });
    // 1 March 2027 is a Monday.
    expect(nextMonthlyDigest(stockholmTime('2027-02-10', 12), swedish)).toEqual({ round: '2027-02', dueAt: new Date(at('2027-03-01')) });
    expect(dueMonthlyRound(stockholmTime('2027-03-01', 7), '2027-01', swedish)).toBeUndefined();
    expect(dueMonthlyRound(stockholmTime('2027-03-01', 8), '2027-01', swedish)?.round).toBe('2027-02');
    expect(dueMonthlyRound(stockholmTime('2027-03-20', 8), '2027-02', swedish)).toBeUndefined();
  });
});

const monday = stockholmTime('2026-11-30', 8);

function event(kind: HistoryEvent['kind'], when: string, extra: Partial<HistoryEvent> = {}): HistoryEvent {
  return { id: `${kind}-${when}`, kind, at: when, actor: { id: coach.id, name: coach.name }, ...extra };
}

function ideaAt(n: number, created: string, overrides: Partial<Idea> = {}): Idea {
  return idea({
    id: `idea-${n}`,
    number: n,
    title: `Idé ${n}`,
    createdAt: created,
    createdAtMs: Date.parse(created),
    stageChangedAt: created,
    history: [{ id: `s-${n}`, kind: 'submitted', at: created, actor: { id: giver.id, name: giver.name }, to: 'submitted' }],
    ...overrides,
  });
}

describe("a coach's weekly digest", () => {
  it('lists the new ideas of the period, the coach’s open ones, the overdue ones and the answers waiting', () => {
    const old = ideaAt(1, at('2026-11-02', 10), { coach: { id: coach.id, name: coach.name } });
    const answered = ideaAt(2, at('2026-11-16', 10), {
      coach: { id: coach.id, name: coach.name },
      stage: 'screening',
      history: [
        { id: 's-2', kind: 'submitted', at: at('2026-11-16', 10), actor: { id: giver.id, name: giver.name }, to: 'submitted' },
        event('taken', at('2026-11-17', 10), { from: 'submitted', to: 'screening' }),
        event('infoRequested', at('2026-11-18', 10), { text: 'Var?' }),
        { ...event('infoAnswered', at('2026-11-19', 10), { text: 'Vid stationen.' }), actor: { id: giver.id, name: giver.name } },
      ],
    });
    const fresh = ideaAt(3, at('2026-11-26', 10), { coach: { id: coach2.id, name: coach2.name } });
    const tooOld = ideaAt(4, at('2026-11-20', 10), { coach: { id: coach2.id, name: coach2.name } });
    const digest = weeklyDigestOf(
      sluice(),
      coach.id,
      { created: [fresh, tooOld, old], coachOpen: [old, answered] },
      { from: stockholmTime('2026-11-23', 8), to: monday },
      monday,
    );
    expect(digest.newIdeas.map((i) => i.number)).toEqual([3]);
    expect(digest.open.map((i) => i.number)).toEqual([1, 2]);
    // #1 has waited 20 working days (3 November to 30 November) with a limit of 5.
    expect(digest.overdue.map((o) => [o.idea.number, o.overdue.waited, o.overdue.limit])).toEqual([[1, 20, 5]]);
    expect(digest.answers.map((a) => [a.idea.number, a.answer.text])).toEqual([[2, 'Vid stationen.']]);
  });

  it('no longer counts an answer once a coach acted on the idea', () => {
    const history: HistoryEvent[] = [
      event('infoRequested', at('2026-11-18')),
      { ...event('infoAnswered', at('2026-11-19')), actor: { id: giver.id, name: giver.name } },
      event('reminded', at('2026-11-20')),
    ];
    expect(waitingAnswer({ history })?.kind).toBe('infoAnswered');
    expect(waitingAnswer({ history: [...history, event('advanced', at('2026-11-21'), { to: 'testing' })] })).toBeUndefined();
  });

  it('goes to every coach who is not away, one job each, with ids that do not change', () => {
    const s = withAbsence({ ...sluice(), digestsQueued: { weekly: '2026-11-23', monthly: '2026-10' } }, coach2.id, '2026-12-10')!;
    const first = dueDigestJobs(s, stockholmTime('2026-11-30', 9));
    const again = dueDigestJobs(s, stockholmTime('2026-11-30', 15));
    expect(first?.jobs.map((j) => j.steps[0]?.step)).toEqual([
      { kind: 'weeklyDigest', coachId: coach.id, round: '2026-11-30', fromMs: Date.parse(at('2026-11-23')), toMs: monday.getTime() },
    ]);
    expect(again?.jobs.map((j) => j.id)).toEqual(first?.jobs.map((j) => j.id));
    expect(first?.queued).toEqual({ weekly: '2026-11-30', monthly: '2026-10' });
    expect(dueDigestJobs({ ...s, digestsQueued: first!.queued }, stockholmTime('2026-11-30', 15))).toBeUndefined();
  });

  it('starts with the next round on a sluice’s first scan, so nobody gets a late card', () => {
    const s = {
      ...sluice(),
      digestSubscriptions: [
        { conversationId: '19:c', serviceUrl: 'x', tenantId: 't', locale: 'sv' as const, subscribedBy: 'p', subscribedAt: '' },
      ],
    };
    expect(dueDigestJobs(s, stockholmTime('2026-12-02', 12))).toEqual({ jobs: [], queued: { weekly: '2026-11-30', monthly: '2026-11' } });
    const next = dueDigestJobs({ ...s, digestsQueued: { weekly: '2026-11-30', monthly: '2026-11' } }, stockholmTime('2027-01-04', 9));
    expect(next?.jobs.map((j) => j.steps[0]?.step.kind)).toEqual(['weeklyDigest', 'weeklyDigest', 'monthlyDigest']);
  });
});

describe('the month’s outcomes', () => {
  it('lists the ideas tested, implemented and closed in the month, each under the last it reached', () => {
    const feb = (day: number): string => at(`2027-02-${String(day).padStart(2, '0')}`, 10);
    const tested = ideaAt(1, at('2027-01-11'), { stage: 'implementing', history: [event('advanced', feb(3), { to: 'testing' })] });
    const done = ideaAt(2, at('2027-01-11'), {
      stage: 'done',
      history: [event('advanced', feb(2), { to: 'testing' }), event('advanced', feb(20), { to: 'done' })],
    });
    const closed = ideaAt(3, at('2027-01-11'), {
      stage: 'closed',
      history: [event('declined', feb(5), { to: 'closed', text: 'Finns redan.' })],
    });
    const january = ideaAt(4, at('2027-01-11'), { stage: 'testing', history: [event('advanced', at('2027-01-29'), { to: 'testing' })] });
    const march = ideaAt(5, at('2027-01-11'), { stage: 'closed', history: [event('declined', at('2027-03-01', 0), { to: 'closed' })] });
    const digest = monthlyDigestOf([done, closed, tested, january, march], '2027-02');
    expect(digest.tested.map((o) => o.idea.number)).toEqual([1]);
    expect(digest.implemented.map((o) => o.idea.number)).toEqual([2]);
    expect(digest.closed.map((o) => [o.idea.number, o.event.text])).toEqual([[3, 'Finns redan.']]);
  });
});
