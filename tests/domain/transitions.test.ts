import { applyAction, coachActionsFor, type IdeaAction } from '../../bot/src/domain/transitions';
import type { Idea } from '../../bot/src/domain/idea';
import { NOW, T2, coach, coach2, giver, idea, sluice, stranger } from './fixtures';

const later = new Date(NOW.getTime() + 60_000);

function ok(result: ReturnType<typeof applyAction>): Idea {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.idea;
}

describe('the process', () => {
  it('walks an idea from submitted to done, one history event per step', () => {
    let current = idea();
    current = ok(applyAction(sluice(), current, coach, { type: 'take' }, later));
    expect(current).toMatchObject({ stage: 'screening', coach: { id: coach.id, name: coach.name } });
    const effects = [{ forWhom: 'Besökare', change: 'Kortare kö', amount: 12, unit: 'minuter per besök' }];
    for (const expected of ['testing', 'implementing', 'done'] as const) {
      const action: IdeaAction = { type: 'advance', comment: 'Bra!', ...(expected === 'done' ? { effects } : {}) };
      current = ok(applyAction(sluice(), current, coach, action, later));
      expect(current.stage).toBe(expected);
    }
    expect(current.effects).toEqual(effects);
    expect(current.history.map((h) => h.kind)).toEqual(['submitted', 'taken', 'advanced', 'advanced', 'advanced']);
    expect(current.history.at(-1)).toMatchObject({ from: 'implementing', to: 'done', text: 'Bra!', actor: { id: coach.id }, effects });
    expect(current.version).toBe(5);
    expect(current.stageChangedAt).toBe(later.toISOString());
  });

  it('needs the effects to move an idea to Införd, and takes none before it', () => {
    const implementing = idea({ stage: 'implementing', coach: { id: coach.id, name: coach.name } });
    const move = (effects?: IdeaAction & { type: 'advance' } extends { effects?: infer E } ? E : never, from = implementing) =>
      applyAction(sluice(), from, coach, { type: 'advance', ...(effects ? { effects } : {}) }, later);
    const problems = (r: ReturnType<typeof applyAction>) => (!r.ok && r.error.code === 'invalidEffects' ? r.error.problems : r);
    expect(problems(move())).toEqual([{ field: 'effects.0.forWhom', problem: 'empty' }]);
    // A row left empty is dropped; the others are checked by their place in the request.
    expect(
      problems(
        move([
          { forWhom: ' ', change: '' },
          { forWhom: 'Elever', change: '  ' },
        ]),
      ),
    ).toEqual([{ field: 'effects.1.change', problem: 'empty' }]);
    expect(problems(move([{ forWhom: 'Elever', change: 'Mer tid', amount: 3 }]))).toEqual([{ field: 'effects.0.unit', problem: 'empty' }]);
    expect(problems(move([{ forWhom: 'Elever', change: 'Mer tid', unit: 'timmar' }]))).toEqual([
      { field: 'effects.0.amount', problem: 'empty' },
    ]);
    expect(problems(move([{ forWhom: 'Elever', change: 'Mer tid', amount: Number.NaN, unit: 'timmar' }]))).toEqual([
      { field: 'effects.0.amount', problem: 'invalid', limit: 1_000_000_000 },
    ]);
    expect(problems(move([{ forWhom: 'x'.repeat(201), change: 'Mer tid' }]))).toEqual([
      { field: 'effects.0.forWhom', problem: 'tooLong', limit: 200 },
    ]);
    expect(problems(move(Array.from({ length: 6 }, () => ({ forWhom: 'Elever', change: 'Mer tid' }))))).toEqual([
      { field: 'effects', problem: 'tooLong', limit: 5 },
    ]);
    const done = ok(
      move([
        { forWhom: ' Elever\r\n', change: 'Mer tid i klassrummet' },
        { forWhom: 'Lärare', change: 'Mindre administration', amount: -40_000, unit: 'kronor per år' },
      ]),
    );
    expect(done.effects).toEqual([
      { forWhom: 'Elever', change: 'Mer tid i klassrummet' },
      { forWhom: 'Lärare', change: 'Mindre administration', amount: -40_000, unit: 'kronor per år' },
    ]);
    // Effects are recorded at Införd, not on the way to an earlier stage.
    expect(
      problems(move([{ forWhom: 'Elever', change: 'Mer tid' }], idea({ stage: 'screening', coach: { id: coach.id, name: coach.name } }))),
    ).toEqual([{ field: 'effects', problem: 'invalid' }]);
  });

  it('has no next stage after done or closed', () => {
    const r = applyAction(sluice(), idea({ stage: 'done' }), coach, { type: 'advance' }, later);
    expect(r).toEqual({ ok: false, error: { code: 'notAllowedNow', stage: 'done', needsInfo: false } });
  });

  it('declines only with a reason and records it', () => {
    const noReason = applyAction(sluice(), idea({ stage: 'screening' }), coach, { type: 'decline', reason: '   ' }, later);
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error).toMatchObject({ code: 'invalidInput', problems: [{ field: 'reason', problem: 'empty' }] });
    const declined = ok(applyAction(sluice(), idea({ stage: 'screening' }), coach, { type: 'decline', reason: ' Finns redan ' }, later));
    expect(declined).toMatchObject({ stage: 'closed' });
    expect(declined.history.at(-1)).toMatchObject({ kind: 'declined', from: 'screening', to: 'closed', text: 'Finns redan' });
  });

  it('reopens a closed idea into the stage it was closed from', () => {
    const closed = ok(applyAction(sluice(), idea({ stage: 'testing' }), coach, { type: 'decline', reason: 'Ingen budget' }, later));
    const reopened = ok(applyAction(sluice(), closed, coach, { type: 'reopen' }, later));
    expect(reopened.stage).toBe('testing');
    const fromSubmitted = ok(applyAction(sluice(), idea(), coach, { type: 'decline', reason: 'Dubblett' }, later));
    expect(ok(applyAction(sluice(), fromSubmitted, coach, { type: 'reopen' }, later)).stage).toBe('screening');
  });

  it('sets and clears needsInfo with the question and the answer in the history', () => {
    const asked = ok(applyAction(sluice(), idea({ stage: 'screening' }), coach, { type: 'askInfo', question: 'Vilka tunnlar?' }, later));
    expect(asked).toMatchObject({ needsInfo: true, pendingQuestion: 'Vilka tunnlar?', stage: 'screening' });
    expect(applyAction(sluice(), asked, coach, { type: 'askInfo', question: 'Igen?' }, later).ok).toBe(false);
    const answered = ok(applyAction(sluice(), asked, giver, { type: 'answerInfo', answer: 'Vid Centralen' }, later));
    expect(answered.needsInfo).toBe(false);
    expect(answered).not.toHaveProperty('pendingQuestion');
    expect(answered.history.at(-1)).toMatchObject({ kind: 'infoAnswered', text: 'Vid Centralen', actor: { id: giver.id } });
  });

  it('reassigns only to a coach of the sluice', () => {
    const taken = idea({ stage: 'screening', coach: { id: coach.id, name: coach.name } });
    expect(applyAction(sluice(), taken, coach, { type: 'reassign', coachId: 'not-a-coach' }, later)).toEqual({
      ok: false,
      error: { code: 'unknownCoach' },
    });
    const moved = ok(applyAction(sluice(), taken, coach, { type: 'reassign', coachId: coach2.id, coachName: coach2.name }, later));
    expect(moved.coach).toEqual({ id: coach2.id, name: coach2.name });
  });

  it('offers the coach actions that fit the state', () => {
    expect(coachActionsFor(idea(), sluice())).toEqual(['take', 'decline', 'askInfo', 'reassign']);
    expect(coachActionsFor(idea({ stage: 'screening' }), sluice())).toEqual(['advance', 'decline', 'askInfo', 'reassign']);
    expect(coachActionsFor(idea({ stage: 'closed' }), sluice())).toEqual(['reopen']);
    expect(coachActionsFor(idea({ stage: 'done' }), sluice())).toEqual([]);
  });

  it('offers and allows reassign only when the sluice has another coach', () => {
    const alone = sluice({ coaches: [{ id: coach.id, name: coach.name }] });
    const taken = idea({ stage: 'screening', coach: { id: coach.id, name: coach.name } });
    expect(coachActionsFor(taken, alone)).not.toContain('reassign');
    expect(applyAction(alone, taken, coach, { type: 'reassign', coachId: coach.id }, later)).toEqual({
      ok: false,
      error: { code: 'notAllowedNow', stage: 'screening', needsInfo: false },
    });
    // Two coaches: the idea can go to the other one, never to its own coach.
    expect(coachActionsFor(taken, sluice())).toContain('reassign');
    expect(applyAction(sluice(), taken, coach, { type: 'reassign', coachId: coach.id }, later)).toEqual({
      ok: false,
      error: { code: 'unknownCoach' },
    });
  });
});

describe("the giver's answers on cards", () => {
  const asked = (): Idea =>
    ok(applyAction(sluice(), idea({ stage: 'screening' }), coach, { type: 'askInfo', question: 'Vilka tunnlar?' }, later));

  it('takes an answer only to the latest open question, once', () => {
    const first = asked();
    const questionId = first.history.at(-1)?.id ?? '';
    const answered = ok(applyAction(sluice(), first, giver, { type: 'answerInfo', answer: 'Vid Centralen', questionId }, later));
    const again = applyAction(sluice(), answered, giver, { type: 'answerInfo', answer: 'Vid Centralen', questionId }, later);
    expect(again).toMatchObject({ ok: false, error: { code: 'questionClosed', answer: { kind: 'infoAnswered', text: 'Vid Centralen' } } });
    const second = ok(applyAction(sluice(), answered, coach, { type: 'askInfo', question: 'Och när?' }, later));
    expect(applyAction(sluice(), second, giver, { type: 'answerInfo', answer: 'Sent', questionId }, later)).toMatchObject({
      ok: false,
      error: { code: 'questionClosed' },
    });
    expect(applyAction(sluice(), second, giver, { type: 'answerInfo', answer: 'Sent', questionId: 'other' }, later)).toMatchObject({
      ok: false,
      error: { code: 'unknownEvent' },
    });
    // Who answers is checked first: a coach cannot answer for the giver.
    expect(applyAction(sluice(), second, coach, { type: 'answerInfo', answer: 'Sent', questionId }, later)).toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  it('takes one rating per decision', () => {
    const taken = ok(applyAction(sluice(), idea(), coach, { type: 'take' }, later));
    const decisionId = taken.history.at(-1)?.id ?? '';
    const rated = ok(applyAction(sluice(), taken, giver, { type: 'rate', rating: 4, decisionId }, later));
    expect(applyAction(sluice(), rated, giver, { type: 'rate', rating: 5, decisionId }, later)).toMatchObject({
      ok: false,
      error: { code: 'alreadyRated', rating: { kind: 'rated', rating: 4 } },
    });
    const advanced = ok(applyAction(sluice(), rated, coach, { type: 'advance' }, later));
    const next = advanced.history.at(-1)?.id ?? '';
    expect(ok(applyAction(sluice(), advanced, giver, { type: 'rate', rating: 5, decisionId: next }, later)).satisfaction).toHaveLength(2);
  });
});

describe('who may act', () => {
  const coachActions: IdeaAction[] = [
    { type: 'take' },
    { type: 'decline', reason: 'x' },
    { type: 'askInfo', question: 'x' },
    { type: 'reassign', coachId: coach2.id },
  ];

  it.each(coachActions)('refuses $type from someone who is not a coach', (action) => {
    expect(applyAction(sluice(), idea(), stranger, action, later)).toEqual({ ok: false, error: { code: 'forbidden', role: 'coach' } });
  });

  it('refuses a coach id signed in from a tenant outside the sluice', () => {
    expect(applyAction(sluice(), idea(), { ...coach, tenantId: T2 }, { type: 'take' }, later).ok).toBe(false);
  });

  it('lets an admin act as a coach', () => {
    const s = sluice({ admins: ['admin-1'] });
    expect(applyAction(s, idea(), { id: 'admin-1', tenantId: coach.tenantId, name: 'Admin' }, { type: 'take' }, later).ok).toBe(true);
  });

  it('lets only the giver edit, withdraw, answer and rate', () => {
    for (const action of [
      { type: 'edit', text: { title: 'Ny titel' } },
      { type: 'withdraw' },
      { type: 'rate', rating: 5 },
    ] as IdeaAction[]) {
      expect(applyAction(sluice(), idea(), coach, action, later)).toEqual({ ok: false, error: { code: 'forbidden', role: 'giver' } });
    }
  });

  it('lets the giver edit until the idea leaves screening', () => {
    const edited = ok(
      applyAction(sluice(), idea({ stage: 'screening' }), giver, { type: 'edit', text: { title: ' Ljusare tunnlar ' } }, later),
    );
    expect(edited.title).toBe('Ljusare tunnlar');
    expect(edited.history.at(-1)?.kind).toBe('edited');
    expect(applyAction(sluice(), idea({ stage: 'testing' }), giver, { type: 'edit', text: { title: 'Sent' } }, later).ok).toBe(false);
  });

  it('lets the giver withdraw an open idea, closing it', () => {
    const withdrawn = ok(
      applyAction(sluice(), idea({ stage: 'screening' }), giver, { type: 'withdraw', reason: 'Löst på annat sätt' }, later),
    );
    expect(withdrawn.stage).toBe('closed');
    expect(withdrawn.history.at(-1)).toMatchObject({ kind: 'withdrawn', text: 'Löst på annat sätt' });
  });

  it('stores a satisfaction rating of 1-5 only', () => {
    expect(applyAction(sluice(), idea({ stage: 'done' }), giver, { type: 'rate', rating: 6 }, later)).toEqual({
      ok: false,
      error: { code: 'invalidRating' },
    });
    const rated = ok(applyAction(sluice(), idea({ stage: 'done' }), giver, { type: 'rate', rating: 4, comment: 'Tack!' }, later));
    expect(rated.satisfaction).toEqual([{ rating: 4, comment: 'Tack!', at: later.toISOString(), stage: 'done' }]);
  });
});

describe('history', () => {
  it('never changes earlier events', () => {
    const before = idea({ stage: 'screening' });
    const snapshot = JSON.stringify(before.history);
    const after = ok(applyAction(sluice(), before, coach, { type: 'advance' }, later));
    expect(JSON.stringify(after.history.slice(0, before.history.length))).toBe(snapshot);
    expect(JSON.stringify(before.history)).toBe(snapshot);
  });
});
