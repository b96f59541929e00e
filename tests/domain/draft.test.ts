import {
  answerBeneficiaries,
  answerText,
  beneficiariesFromChoice,
  departmentPrefill,
  deriveTitle,
  editField,
  giverOf,
  ideaTextOf,
  isResumedAfterPause,
  nextStep,
  parseBeneficiaries,
  parseShortcut,
  RESUME_PAUSE_MS,
  seedFromText,
  startDraft,
  type IdeaDraft,
} from '../../bot/src/domain/draft';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const later = (ms: number): Date => new Date(NOW.getTime() + ms);

function answered(draft: IdeaDraft, ...answers: string[]): IdeaDraft {
  let current = draft;
  for (const a of answers) {
    const step = current.step;
    if (step === 'summary') throw new Error('already at the summary');
    const result =
      step === 'beneficiaries' ? answerBeneficiaries(current, parseBeneficiaries(a) ?? [], NOW) : answerText(current, step, a, NOW);
    if (!result.ok) throw new Error(`answer "${a}" to ${step} refused: ${result.problem.problem}`);
    current = result.draft;
  }
  return current;
}

describe('a draft', () => {
  it('asks the questions in order and ends at the summary', () => {
    let draft = startDraft({ id: 'd1', now: NOW, source: 'chat' });
    const steps = [draft.step];
    for (const a of ['Cykelpool', 'Bilarna räcker inte', 'Elcyklar till hemtjänsten', 'medarbetare', 'Vård och omsorg']) {
      draft = answered(draft, a);
      steps.push(draft.step);
    }
    expect(steps).toEqual(['title', 'need', 'idea', 'beneficiaries', 'department', 'summary']);
    expect(ideaTextOf(draft)).toEqual({
      ok: true,
      text: {
        title: 'Cykelpool',
        need: 'Bilarna räcker inte',
        idea: 'Elcyklar till hemtjänsten',
        beneficiaries: ['staff'],
        department: 'Vård och omsorg',
      },
    });
  });

  it('refuses a wrong answer with the reason and keeps the draft as it was', () => {
    const draft = startDraft({ id: 'd1', now: NOW, source: 'chat' });
    expect(answerText(draft, 'title', '   ', NOW)).toEqual({ ok: false, problem: { field: 'title', problem: 'empty', limit: 3 } });
    expect(answerText(draft, 'title', 'ab', NOW)).toEqual({ ok: false, problem: { field: 'title', problem: 'tooShort', limit: 3 } });
    const onNeed = answered(draft, 'Cykelpool');
    expect(answerText(onNeed, 'need', 'x'.repeat(10_000), NOW)).toMatchObject({ ok: false, problem: { problem: 'tooLong', limit: 2000 } });
    expect(answerBeneficiaries(answered(onNeed, 'behov', 'idé'), [], NOW)).toEqual({
      ok: false,
      problem: { field: 'beneficiaries', problem: 'noChoice' },
    });
  });

  it('keeps text as typed (markdown, HTML, emoji, right-to-left), only trimmed', () => {
    const draft = answered(
      startDraft({ id: 'd1', now: NOW, source: 'chat' }),
      '  [Godkänn](https://evil.example) 💡 ',
      '<at>x</at> ** "}]',
    );
    expect(draft.title).toBe('[Godkänn](https://evil.example) 💡');
    expect(draft.need).toBe('<at>x</at> ** "}]');
    expect(answered(draft, 'فكرة جديدة').idea).toBe('فكرة جديدة');
  });

  it('goes back to the summary after one field is changed, keeping the others', () => {
    const complete = answered(startDraft({ id: 'd1', now: NOW, source: 'chat' }), 'Cykelpool', 'Behov', 'Idé', 'invånare', 'Tekniska');
    const editing = editField(complete, 'need', NOW);
    expect(editing).toMatchObject({ step: 'need', editing: true });
    const result = answerText(editing, 'need', 'Ett nytt behov', NOW);
    expect(result).toMatchObject({ ok: true, draft: { step: 'summary', editing: false, need: 'Ett nytt behov', title: 'Cykelpool' } });
    const beneficiaries = answerBeneficiaries(editField(complete, 'beneficiaries', NOW), ['staff', 'residents', 'staff'], NOW);
    expect(beneficiaries).toMatchObject({ ok: true, draft: { step: 'summary', beneficiaries: ['residents', 'staff'] } });
  });

  it('starts with a seed and a prefilled department and asks only what is missing', () => {
    const draft = startDraft({
      id: 'd1',
      now: NOW,
      source: 'chat',
      seed: { title: 'Cykelpool', idea: 'Elcyklar' },
      department: { value: 'Socialförvaltningen', from: 'profile' },
    });
    expect(draft).toMatchObject({ step: 'need', department: 'Socialförvaltningen', departmentFrom: 'profile' });
    const done = answered(draft, 'Bilarna räcker inte', 'alla');
    expect(done.step).toBe('summary');
    expect(done.beneficiaries).toEqual(['residents', 'staff', 'businesses', 'other']);
    // A department the giver types is no longer "from the profile".
    const typed = answerText(editField(done, 'department', NOW), 'department', 'Kultur', NOW);
    expect(typed).toMatchObject({ ok: true, draft: { department: 'Kultur' } });
    expect(typed.ok && typed.draft.departmentFrom).toBeFalsy();
  });

  it('ignores a prefilled department that breaks the text rules', () => {
    const draft = startDraft({ id: 'd1', now: NOW, source: 'chat', department: { value: 'x'.repeat(500), from: 'profile' } });
    expect(draft.department).toBeUndefined();
    expect(nextStep({ ...draft, title: 'Bra', need: 'n', idea: 'i', beneficiaries: ['other'] })).toBe('department');
  });

  it('tells when the giver comes back after a pause', () => {
    const draft = startDraft({ id: 'd1', now: NOW, source: 'chat' });
    expect(isResumedAfterPause(draft, later(RESUME_PAUSE_MS - 1))).toBe(false);
    expect(isResumedAfterPause(draft, later(RESUME_PAUSE_MS))).toBe(true);
  });
});

describe('the one-line shortcut', () => {
  it('recognises "idé:" and "idea:" in any case, with or without the accent', () => {
    expect(parseShortcut('idé: Cykelpool')).toBe('Cykelpool');
    expect(parseShortcut('IDÉ:Cykelpool')).toBe('Cykelpool');
    expect(parseShortcut('ide : Cykelpool')).toBe('Cykelpool');
    expect(parseShortcut('Idea: Bike pool\nfor home care')).toBe('Bike pool\nfor home care');
    // Decomposed é, as some keyboards send it.
    expect(parseShortcut('ide\u0301: Cykelpool')).toBe('Cykelpool');
    expect(parseShortcut('idé:')).toBe('');
    expect(parseShortcut('idéer: många')).toBeUndefined();
    expect(parseShortcut('min idé: x')).toBeUndefined();
  });

  it('takes the first of several lines as the title and the rest as the idea', () => {
    expect(seedFromText('Cykelpool för hemtjänsten\nVi borde ha elcyklar.\nDe är billiga.')).toEqual({
      ok: true,
      seed: { title: 'Cykelpool för hemtjänsten', idea: 'Vi borde ha elcyklar.\nDe är billiga.' },
    });
  });

  it('derives a title from the first sentence of a single line', () => {
    expect(seedFromText('Vi borde ha elcyklar i hemtjänsten. De är billiga.')).toEqual({
      ok: true,
      seed: { title: 'Vi borde ha elcyklar i hemtjänsten', idea: 'Vi borde ha elcyklar i hemtjänsten. De är billiga.' },
    });
    const long = 'ord '.repeat(60).trim();
    const title = deriveTitle(long) ?? '';
    expect([...title].length).toBeLessThanOrEqual(80);
    expect(title.endsWith('ord…')).toBe(true);
    expect(deriveTitle('ok')).toBeUndefined();
    expect(seedFromText('ok')).toEqual({ ok: true, seed: { idea: 'ok' } });
  });

  it('refuses a text longer than an idea may be, with the limit', () => {
    expect(seedFromText('x'.repeat(10_000))).toEqual({ ok: false, problem: { field: 'idea', problem: 'tooLong', limit: 4000 } });
    expect(seedFromText('   ')).toEqual({ ok: true, seed: {} });
  });
});

describe('who benefits', () => {
  it('reads Swedish and English words, numbers and "all"', () => {
    expect(parseBeneficiaries('Invånare och medarbetare')).toEqual(['residents', 'staff']);
    expect(parseBeneficiaries('businesses, others')).toEqual(['businesses', 'other']);
    expect(parseBeneficiaries('1, 3')).toEqual(['residents', 'businesses']);
    expect(parseBeneficiaries('alla')).toEqual(['residents', 'staff', 'businesses', 'other']);
    expect(parseBeneficiaries('vet inte')).toBeUndefined();
  });

  it('reads a multi-select value and drops what is not a choice', () => {
    expect(beneficiariesFromChoice('staff,residents')).toEqual(['residents', 'staff']);
    expect(beneficiariesFromChoice('staff,admin"}]')).toEqual(['staff']);
    expect(beneficiariesFromChoice(undefined)).toEqual([]);
    expect(beneficiariesFromChoice(['staff'])).toEqual([]);
  });
});

describe('the prefilled department and the giver', () => {
  it('takes the directory’s department first, then the last idea’s, skipping values that are no answer', () => {
    expect(departmentPrefill({ directory: ' Kultur ', previous: 'Vård och omsorg' })).toEqual({ value: 'Kultur', from: 'profile' });
    expect(departmentPrefill({ directory: '  ', previous: 'Vård och omsorg' })).toEqual({ value: 'Vård och omsorg', from: 'previous' });
    expect(departmentPrefill({ directory: 'x'.repeat(121) })).toBeUndefined();
    expect(departmentPrefill({})).toBeUndefined();
  });

  it('builds the giver from the person, the answered department and what the directory adds', () => {
    const person = { id: 'p1', tenantId: 't1', name: '' };
    expect(
      giverOf(person, { department: ' Kultur ', locale: 'en', profile: { displayName: 'Anna L', jobTitle: 'Bibliotekarie' } }),
    ).toEqual({
      id: 'p1',
      tenantId: 't1',
      name: 'Anna L',
      department: 'Kultur',
      jobTitle: 'Bibliotekarie',
      locale: 'en',
    });
    expect(giverOf({ ...person, name: 'Anna Lindqvist' }, { department: 'Kultur', locale: 'sv' })).toEqual({
      ...person,
      name: 'Anna Lindqvist',
      department: 'Kultur',
      locale: 'sv',
    });
  });
});
