/**
 * Who hears about what (domain, pure): the plan of notifications for each kind of history event.
 */
import type { HistoryEvent } from '../../bot/src/domain/idea';
import { newJob, planSteps } from '../../bot/src/domain/notifications';
import { NOW, coach, coach2, giver, idea, sluice } from './fixtures';

const at = NOW.toISOString();
const by = (who: { id: string; name: string }, kind: HistoryEvent['kind'], extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  id: `e-${kind}`,
  kind,
  at,
  actor: { id: who.id, name: who.name },
  ...extra,
});
const channel = { conversationId: '19:c@thread.tacv2', serviceUrl: 'https://x/', tenantId: 't' };

describe('planSteps', () => {
  it('posts a new idea to the coach channel and to the coach round-robin picked', () => {
    const s = sluice({ coachChannel: channel, lastAssignedCoachId: coach2.id });
    expect(planSteps(idea(), s, idea().history[0]!)).toEqual([
      { kind: 'postTaskCard', to: 'channel' },
      { kind: 'postTaskCard', to: 'coach', coachId: coach2.id },
    ]);
    expect(planSteps(idea(), sluice({ lastAssignedCoachId: coach.id }), idea().history[0]!)).toEqual([
      { kind: 'postTaskCard', to: 'coach', coachId: coach.id },
    ]);
  });

  it('sends the giver the receipt of an idea from the message extension first (the chat gives it in its own turn)', () => {
    const fromMessage = idea({ source: 'message' });
    expect(planSteps(fromMessage, sluice({ coachChannel: channel, lastAssignedCoachId: coach.id }), fromMessage.history[0]!)).toEqual([
      { kind: 'confirmGiver' },
      { kind: 'postTaskCard', to: 'channel' },
      { kind: 'postTaskCard', to: 'coach', coachId: coach.id },
    ]);
    expect(planSteps(idea({ source: 'chat' }), sluice(), idea().history[0]!)).toEqual([]);
  });

  it('tells the giver about every decision and asks for satisfaction after testing, done and closed', () => {
    const s = sluice();
    expect(planSteps(idea(), s, by(coach, 'taken', { to: 'screening' }))).toEqual([{ kind: 'updateTaskCards' }, { kind: 'tellGiver' }]);
    for (const to of ['testing', 'done', 'closed'] as const) {
      const kind = to === 'closed' ? 'declined' : 'advanced';
      expect(planSteps(idea(), s, by(coach, kind, { to }))).toEqual([
        { kind: 'updateTaskCards' },
        { kind: 'tellGiver' },
        { kind: 'askSatisfaction' },
        // Supporters hear when it is tested or implemented, not when it is closed.
        ...(to === 'closed' ? [] : [{ kind: 'tellSupporters' }]),
      ]);
    }
    expect(planSteps(idea(), s, by(coach, 'advanced', { to: 'implementing' }))).toEqual([
      { kind: 'updateTaskCards' },
      { kind: 'tellGiver' },
    ]);
  });

  it('tells the giver and the responsible coach of an offer of help, and not the coach who offered it', () => {
    const withCoach = idea({ coach: { id: coach.id, name: coach.name } });
    expect(planSteps(withCoach, sluice(), by(coach2, 'helpOffered', { text: 'Jag kan' }))).toEqual([
      { kind: 'tellGiver' },
      { kind: 'tellCoach', coachId: coach.id },
    ]);
    expect(planSteps(withCoach, sluice(), by(coach, 'helpOffered', { text: 'Jag kan' }))).toEqual([{ kind: 'tellGiver' }]);
  });

  it('sends questions to the giver and answers to the coach who asked', () => {
    const question = by(coach2, 'infoRequested', { text: 'Var?' });
    const answer = by(giver, 'infoAnswered', { text: 'Här' });
    const withQuestion = idea({ coach: { id: coach.id, name: coach.name }, history: [idea().history[0]!, question, answer] });
    expect(planSteps(withQuestion, sluice(), question)).toEqual([{ kind: 'updateTaskCards' }, { kind: 'askGiver' }]);
    expect(planSteps(withQuestion, sluice(), answer)).toEqual([{ kind: 'updateTaskCards' }, { kind: 'tellCoach', coachId: coach2.id }]);
  });

  it('gives a reassigned idea’s card to the new coach and tells the giver', () => {
    expect(planSteps(idea(), sluice(), by(coach, 'reassigned', { coach: { id: coach2.id, name: coach2.name } }))).toEqual([
      { kind: 'updateTaskCards' },
      { kind: 'postTaskCard', to: 'coach', coachId: coach2.id },
      { kind: 'tellGiver' },
    ]);
  });

  it('only updates the cards for edits and ratings', () => {
    expect(planSteps(idea(), sluice(), by(giver, 'edited'))).toEqual([{ kind: 'updateTaskCards' }]);
    expect(planSteps(idea(), sluice(), by(giver, 'rated', { rating: 5 }))).toEqual([{ kind: 'updateTaskCards' }]);
  });
});

describe('newJob', () => {
  it('has an id derived from the event, so listener and sweep store the same job', () => {
    const event = by(coach, 'taken', { to: 'screening' });
    const a = newJob(idea(), sluice(), event, NOW);
    const b = newJob(idea(), sluice(), event, new Date(NOW.getTime() + 5000));
    expect(a?.id).toBe('job:e-taken');
    expect(b?.id).toBe(a?.id);
    expect(a?.steps.map((s) => s.key)).toEqual(['updateTaskCards', 'tellGiver']);
    expect(a).toMatchObject({ status: 'pending', attempts: 0, dueAtMs: NOW.getTime() });
  });
});
