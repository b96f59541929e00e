/**
 * The capture machine turn by turn, in the style of BotBuilder's DialogTestClient: each case is
 * a table of what the giver does and what the bot answers. Pure: the facts the machine asks for
 * come from an in-memory world, and replies are compared by the keys of their texts (the same in
 * both languages), numbers included where they matter.
 */
import {
  EMPTY_CAPTURE_STATE,
  stepCapture,
  type CaptureFacts,
  type CaptureNeed,
  type CaptureState,
  type CardClick,
  type GiverIdeas,
  type GiverInput,
  type Line,
  type Say,
} from '../../bot/src/domain/capture-machine';
import type { DirectoryProfile } from '../../bot/src/domain/directory';
import type { IdeaDraft } from '../../bot/src/domain/draft';
import type { SubmitRequest, SubmitResult } from '../../bot/src/domain/idea-service';
import type { Idea } from '../../bot/src/domain/idea';
import type { SimilarMatch } from '../../bot/src/domain/similar/similar-index';
import type { OpenChallenge } from '../../bot/src/domain/challenges';
import type { Sluice } from '../../bot/src/domain/sluice';
import { commandOf } from '../../bot/src/teams/capture/commands';
import { giver, idea, NOW, sluice, T1 } from './fixtures';

const HOUR = 60 * 60 * 1000;

interface World {
  sluice: Sluice | null;
  profile: DirectoryProfile | null;
  mine: GiverIdeas | null;
  tenantId?: string;
  /** What the similar-idea index finds for a draft (by the draft's title), and the ideas it can open. */
  similar?: (text: { title: string; need: string; idea: string }) => SimilarMatch[];
  ideas?: Idea[];
  /** The sluice's open challenges. */
  challenges?: OpenChallenge[];
}

/** A click on the current draft's card, unless a draft id is given. */
type Click = {
  click: CardClick['verb'];
  draftId?: string;
  field?: string;
  beneficiaries?: string;
  cardId?: string;
  ideaId?: string;
  challengeId?: string;
};
/** "Svara med en idé" on a challenge's card. */
type AnswerChallenge = { answer: string };

/** One row: what the giver does (typed text or a click), what the bot answers, and options. */
type Row = [
  does: string | Click | AnswerChallenge,
  answers: string[],
  options?: { where?: 'personal' | 'shared'; id?: string; after?: number },
];

/** Plays turns against the machine, answering its needs from the world and submitting to an in-memory sluice. */
class CaptureTestClient {
  state: CaptureState = EMPTY_CAPTURE_STATE;
  readonly needs: CaptureNeed['need'][] = [];
  readonly submitted = new Map<string, SubmitResult>();
  private turns = 0;
  private now = NOW.getTime();
  /** What the bot said in the personal chat on the last turn from a channel. */
  personal: string[] = [];

  constructor(private readonly world: World) {}

  send(does: string | Click | AnswerChallenge, options: Row[2] = {}): string[] {
    this.turns++;
    this.now += options?.after ?? 1000;
    const input: GiverInput =
      typeof does === 'string'
        ? { kind: 'message', text: does, ...(commandOf(does) ? { command: commandOf(does) } : {}), hasFiles: false }
        : 'answer' in does
          ? { kind: 'challenge', challengeId: does.answer }
          : { kind: 'click', click: this.clickOf(does), ...(does.cardId ? { cardId: does.cardId } : {}) };
    const tenantId = 'tenantId' in this.world ? this.world.tenantId : T1;
    const turn = {
      activityId: options?.id ?? `activity-${this.turns}`,
      where: options?.where ?? 'personal',
      now: new Date(this.now),
      giver: { id: giver.id, name: giver.name, locale: 'sv' as const, ...(tenantId ? { tenantId } : {}) },
      input,
      newDraftId: `draft-${this.turns}`,
    };
    let facts: CaptureFacts = {};
    for (;;) {
      const step = stepCapture(this.state, turn, facts);
      if (step.kind === 'pass') return ['(pass)'];
      if (step.kind === 'answer') {
        this.state = step.state;
        this.personal = step.personal ? step.personal.say.flatMap(describeSay) : [];
        return [...step.say, ...(step.personal?.reached ?? [])].flatMap(describeSay);
      }
      this.needs.push(step.need.need);
      facts = { ...facts, ...this.fact(step.need) };
    }
  }

  get draft(): IdeaDraft | undefined {
    return this.state.draft;
  }

  private clickOf(c: Click): CardClick {
    const draftId = c.draftId ?? this.state.draft?.id ?? 'none';
    return {
      verb: c.click,
      draftId,
      field: c.field,
      beneficiaries: c.beneficiaries ?? '',
      ideaId: c.ideaId,
      ...(c.challengeId ? { challengeId: c.challengeId } : {}),
    } as CardClick;
  }

  private fact(need: CaptureNeed): CaptureFacts {
    switch (need.need) {
      case 'sluice':
        return { sluice: this.world.sluice };
      case 'profile':
        return { profile: this.world.profile };
      case 'mine':
        return { mine: this.world.mine };
      case 'submission':
        return { submission: { key: need.request.idempotencyKey, result: this.submit(need.request) } };
      case 'similar':
        return { similar: { draftId: need.draftId, text: need.text, ideas: this.world.similar?.(need.text) ?? [] } };
      case 'similarIdea':
        return { opened: { ideaId: need.ideaId, idea: this.world.ideas?.find((i) => i.id === need.ideaId) ?? null } };
      case 'challenges':
        return { challenges: this.world.challenges ?? [] };
    }
  }

  private submit(request: SubmitRequest): SubmitResult {
    const s = this.world.sluice;
    if (!s) return { ok: false, error: 'noSluice' };
    const known = this.submitted.get(request.idempotencyKey);
    if (known?.ok) return { ...known, created: false };
    const stored = idea({
      id: `idea-${this.submitted.size + 1}`,
      number: this.submitted.size + 7,
      ...request.text,
      giver: request.giver,
      ...(request.challengeId ? { challengeId: request.challengeId } : {}),
    });
    const result: SubmitResult = { ok: true, idea: stored, sluice: s, created: true };
    this.submitted.set(request.idempotencyKey, result);
    return result;
  }
}

/** A reply as the keys of what it says; cards as `card:<kind>`, card updates as `update:<outcome>`. */
function describeSay(say: Say): string[] {
  switch (say.kind) {
    case 'text':
      return [...say.lines.map(key), ...(say.choices ?? []).map((c) => `choice:${c.key}`)];
    case 'question': {
      const lead = say.lead.map(key);
      const { step, editing } = say.draft;
      const current = editing && step !== 'summary' && step !== 'beneficiaries' && say.draft[step] ? ['edit.current'] : [];
      if (step === 'summary') return [...lead, 'summary.intro', 'card:summary'];
      if (step === 'beneficiaries') return [...lead, 'card:beneficiaries'];
      if (step === 'department') {
        return [...lead, ...current, 'ask.department', ...say.departments.map((d) => `choice:${d}`)];
      }
      return [...lead, ...current, `ask.${step}`];
    }
    case 'help':
      return ['card:help'];
    case 'myIdeas':
      return ['card:mine'];
    case 'confirmation':
      return [...say.lines.map(key), 'card:confirmation'];
    case 'markSummary':
      return [`update:${say.outcome.kind}`];
    case 'similarIdeas':
      return [`card:similar(${say.ideas.map((m) => m.number).join(',')})`];
    case 'similarIdea':
      return [`card:idea(${say.idea.number}${say.pending ? ',pending' : ''})`];
    case 'challengeChoice':
      return [`card:challenges(${say.challenges.map((c) => c.id).join(',')})`];
  }
}

/** A line's key, with its numbers: `submit.done(number=7)`. */
function key(line: Line): string {
  const numbers = Object.entries(line.values ?? {}).filter(([, v]) => typeof v === 'number');
  return numbers.length === 0 ? line.key : `${line.key}(${numbers.map(([k, v]) => `${k}=${String(v)}`).join(',')})`;
}

const WORLD: World = { sluice: sluice({ departments: ['Vård och omsorg', 'Kultur'] }), profile: null, mine: null };

function play(rows: Row[], world: Partial<World> = {}): CaptureTestClient {
  const client = new CaptureTestClient({ ...WORLD, ...world });
  rows.forEach(([does, answers, options], i) => {
    const got = client.send(does, options);
    try {
      expect(got).toEqual(answers);
    } catch (err) {
      throw new Error(`turn ${i + 1} (${JSON.stringify(does)}): expected ${JSON.stringify(answers)}, got ${JSON.stringify(got)}`, {
        cause: err,
      });
    }
  });
  return client;
}

const TO_SUMMARY: Row[] = [
  ['ny idé', ['start.intro', 'start.public', 'ask.title']],
  ['Cykelpool', ['ask.need']],
  ['Bilarna räcker inte till alla hembesök.', ['ask.idea']],
  ['Elcyklar till hemtjänsten.', ['card:beneficiaries']],
  [{ click: 'capture.beneficiaries', beneficiaries: 'staff,residents' }, ['ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
  ['Vård och omsorg', ['summary.intro', 'card:summary']],
];

describe('the main paths', () => {
  it('asks one question at a time and hands the idea in from the summary card', () => {
    const client = play([
      ...TO_SUMMARY,
      [{ click: 'capture.submit', cardId: 'summary-1' }, ['update:submitted', 'submit.done(number=7)', 'card:confirmation']],
      ['Hej', ['(pass)']],
    ]);
    expect(client.submitted.size).toBe(1);
    const [result] = [...client.submitted.values()];
    expect(result?.ok && result.idea).toMatchObject({
      title: 'Cykelpool',
      beneficiaries: ['residents', 'staff'],
      department: 'Vård och omsorg',
      giver: { id: giver.id, name: giver.name, department: 'Vård och omsorg', locale: 'sv' },
    });
    expect(client.state).toMatchObject({ lastDepartment: 'Vård och omsorg', submitted: [{ number: 7 }] });
    expect(client.draft).toBeUndefined();
  });

  it('takes typed answers for who benefits and "skicka in" at the summary', () => {
    play([
      ...TO_SUMMARY.slice(0, 4),
      ['invånare och medarbetare', ['ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
      ['Kultur', ['summary.intro', 'card:summary']],
      ['skicka in', ['submit.done(number=7)', 'card:confirmation']],
    ]);
  });

  it('answers a second click on Skicka in with the same number, and one on Avbryt with why not', () => {
    const client = play([
      ...TO_SUMMARY,
      [{ click: 'capture.submit' }, ['submit.done(number=7)', 'card:confirmation']],
      [{ click: 'capture.submit', draftId: 'draft-1' }, ['submit.already(number=7)']],
      [{ click: 'capture.cancel', draftId: 'draft-1' }, ['card.cancelSubmitted(number=7)']],
    ]);
    expect(client.submitted.size).toBe(1);
  });

  it('lists my ideas, and goes on with the question when a draft is open', () => {
    const mine: GiverIdeas = { sluice: WORLD.sluice as Sluice, ideas: [idea()], more: false };
    play(
      [
        ['mina idéer', ['card:mine']],
        ['ny idé', ['start.intro', 'start.public', 'ask.title']],
        ['mina idéer', ['card:mine', 'resume.continue', 'ask.title']],
        ['hjälp', ['card:help', 'resume.continue', 'ask.title']],
      ],
      { mine },
    );
    play([['mina idéer', ['mine.empty']]], { mine: { sluice: WORLD.sluice as Sluice, ideas: [], more: false } });
  });

  it('welcomes a giver back after a long pause instead of taking the greeting as an answer', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['Cykelpool', ['ask.need']],
      ['Hej igen!', ['resume.welcomeBack', 'ask.need'], { after: 2 * HOUR }],
      ['Bilarna räcker inte.', ['ask.idea']],
    ]);
    expect(client.draft).toMatchObject({ title: 'Cykelpool', need: 'Bilarna räcker inte.' });
  });
});

describe('the shortcut', () => {
  it('"idé: …" on one line keeps the text as the idea, derives a title and asks what is left', () => {
    const client = play([
      ['idé: Elcyklar till hemtjänsten. Då hinner vi fler besök.', ['start.seeded', 'start.public', 'ask.need']],
      ['Bilarna räcker inte.', ['card:beneficiaries']],
    ]);
    expect(client.draft).toMatchObject({ title: 'Elcyklar till hemtjänsten', idea: 'Elcyklar till hemtjänsten. Då hinner vi fler besök.' });
  });

  it('takes the first line as the title when there are several', () => {
    const client = play([['idé: Cykelpool\nElcyklar till hemtjänsten.', ['start.seeded', 'start.public', 'ask.need']]]);
    expect(client.draft).toMatchObject({ title: 'Cykelpool', idea: 'Elcyklar till hemtjänsten.' });
  });

  it('refuses a shortcut longer than an idea may be, with the numbers', () => {
    const client = play([[`idé: ${'x'.repeat(4001)}`, ['problem.seedTooLong(count=4001,limit=4000)']]]);
    expect(client.draft).toBeUndefined();
  });

  it('"idé:" with nothing after it starts the guided questions', () => {
    play([['idé:', ['start.intro', 'start.public', 'ask.title']]]);
  });
});

describe('edits', () => {
  it('changes one answer from the summary and comes straight back to it', () => {
    const client = play([
      ...TO_SUMMARY,
      ['ändra rubrik', ['edit.current', 'ask.title']],
      ['Elcyklar i hemtjänsten', ['summary.intro', 'card:summary']],
      [{ click: 'capture.edit', field: 'beneficiaries' }, ['card:beneficiaries']],
      [{ click: 'capture.beneficiaries', beneficiaries: 'businesses' }, ['summary.intro', 'card:summary']],
      [{ click: 'capture.edit', field: 'department' }, ['edit.current', 'ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
      ['Kultur', ['summary.intro', 'card:summary']],
    ]);
    expect(client.draft).toMatchObject({ title: 'Elcyklar i hemtjänsten', beneficiaries: ['businesses'], department: 'Kultur' });
  });

  it('asks which field when "ändra" names none, and points to the buttons on other text', () => {
    play([
      ...TO_SUMMARY,
      ['ändra', ['summary.whichField', 'summary.intro', 'card:summary']],
      ['ser bra ut', ['summary.hint', 'summary.intro', 'card:summary']],
    ]);
  });
});

describe('cancel', () => {
  it('cancels at any question, and says so when there is nothing to cancel', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['Cykelpool', ['ask.need']],
      ['avbryt', ['cancel.done']],
      ['avbryt', ['cancel.nothing']],
      ['Bilarna räcker inte.', ['(pass)']],
    ]);
    expect(client.draft).toBeUndefined();
  });

  it('cancels from the summary card and marks the card', () => {
    const client = play([...TO_SUMMARY, [{ click: 'capture.cancel', cardId: 'summary-1' }, ['update:cancelled', 'cancel.done']]]);
    expect(client.submitted.size).toBe(0);
  });

  it('asks before a new idea throws the draft away: yes starts over, no keeps it, anything else asks again', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['Cykelpool', ['ask.need']],
      ['ny idé', ['restart.ask', 'choice:restart.yes', 'choice:restart.no']],
      ['kanske', ['restart.again', 'choice:restart.yes', 'choice:restart.no']],
      ['nej', ['restart.kept', 'ask.need']],
      ['idé: Lånecyklar', ['restart.ask', 'choice:restart.yes', 'choice:restart.no']],
      ['ja', ['start.seeded', 'start.public', 'ask.need']],
    ]);
    expect(client.draft).toMatchObject({ id: 'draft-7', idea: 'Lånecyklar' });
  });
});

describe('bad answers', () => {
  it('says what is wrong and asks the same question again, keeping the draft as it was', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['ab', ['problem.tooShort(limit=3)', 'ask.title']],
      [`${'x'.repeat(121)}`, ['problem.tooLong(count=121,limit=120)', 'ask.title']],
      ['Cykelpool', ['ask.need']],
      ['Bilarna räcker inte.', ['ask.idea']],
      ['Elcyklar.', ['card:beneficiaries']],
      ['vet inte', ['problem.noChoice', 'card:beneficiaries']],
      [{ click: 'capture.beneficiaries', beneficiaries: '' }, ['problem.noChoice', 'card:beneficiaries']],
      [{ click: 'capture.beneficiaries', beneficiaries: 'forged' }, ['problem.noChoice', 'card:beneficiaries']],
    ]);
    expect(client.draft).toMatchObject({ title: 'Cykelpool', step: 'beneficiaries' });
  });

  it('answers a stale or forged card as stale and goes on with the question', () => {
    play([
      [{ click: 'capture.submit', draftId: 'gone' }, ['card.staleDraft']],
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      [{ click: 'capture.submit', draftId: 'gone' }, ['card.staleDraft', 'resume.continue', 'ask.title']],
      ['Cykelpool', ['ask.need']],
      [{ click: 'capture.beneficiaries', beneficiaries: 'staff' }, ['card.answered', 'ask.need']],
    ]);
  });

  it('will not start where there is no sluice to receive the idea', () => {
    const client = play([['ny idé', ['submit.noSluice']]], { sluice: null });
    expect(client.draft).toBeUndefined();
    play([['ny idé', ['submit.noSluice']]], { tenantId: undefined });
  });
});

describe('the department', () => {
  it('is prefilled from the directory first, then from the giver’s last idea', () => {
    const fromDirectory = play([['ny idé', ['start.intro', 'start.public', 'start.prefilled.profile', 'ask.title']]], {
      profile: { department: 'Kultur och fritid' },
    });
    expect(fromDirectory.draft).toMatchObject({ department: 'Kultur och fritid', departmentFrom: 'profile' });

    const client = play([
      ...TO_SUMMARY,
      [{ click: 'capture.submit' }, ['submit.done(number=7)', 'card:confirmation']],
      ['ny idé', ['start.intro', 'start.public', 'start.prefilled.previous', 'ask.title']],
    ]);
    expect(client.draft).toMatchObject({ department: 'Vård och omsorg', departmentFrom: 'previous' });
  });

  it("takes the sluice's own name for an alias or an abbreviation, and keeps other answers as typed", () => {
    const world = {
      sluice: sluice({
        departments: ['Individ- och familjeomsorg', 'Socialförvaltningen', 'Kultur'],
        departmentAliases: { 'Individ- och familjeomsorg': ['IFO'] },
      }),
    };
    const upToDepartment = TO_SUMMARY.slice(0, 4);
    const ask = ['ask.department', 'choice:Individ- och familjeomsorg', 'choice:Socialförvaltningen', 'choice:Kultur'];
    const answer = (typed: string): string | undefined =>
      play(
        [...upToDepartment, [{ click: 'capture.beneficiaries', beneficiaries: 'staff' }, ask], [typed, ['summary.intro', 'card:summary']]],
        world,
      ).draft?.department;
    expect(answer('ifo')).toBe('Individ- och familjeomsorg');
    expect(answer('socialförvaltn.')).toBe('Socialförvaltningen');
    expect(answer('Stadsbyggnad')).toBe('Stadsbyggnad');
  });

  it('asks the directory only when a draft starts or is handed in, not on every answer', () => {
    const client = play(TO_SUMMARY.slice(0, 3));
    expect(client.needs.filter((n) => n === 'profile')).toHaveLength(1);
  });
});

describe('similar ideas once the idea is written', () => {
  const match = (number: number): SimilarMatch => ({
    id: `idea-s${number}`,
    sluiceId: 's1',
    number,
    tenantId: T1,
    title: `Liknande ${number}`,
    department: 'Kultur',
    stage: 'testing',
    score: 0.5,
    shared: ['cykel'],
  });
  const world: Partial<World> = {
    similar: (text) => (text.idea.includes('Elcyklar') ? [match(12), match(14), match(3), match(40)] : []),
    ideas: [idea({ id: 'idea-s12', number: 12 })],
  };
  const TO_SIMILAR = TO_SUMMARY.slice(0, 3);

  it('shows up to three before who benefits, and goes on with the button', () => {
    const client = play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']],
        [{ click: 'capture.similarContinue' }, ['card:beneficiaries']],
        [{ click: 'capture.beneficiaries', beneficiaries: 'staff' }, ['ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
      ],
      world,
    );
    expect(client.state.similar).toBeUndefined();
    expect(client.needs.filter((n) => n === 'similar')).toHaveLength(1);
  });

  it('goes on with a typed answer too (taking it when it says who benefits), and opens a shown idea by button or number', () => {
    play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']],
        [{ click: 'capture.similarOpen', ideaId: 'idea-s12' }, ['card:idea(12,pending)']],
        ['öppna 12', ['card:idea(12,pending)']],
        ['#99', ['card:beneficiaries']],
        // A second click on the old card: the giver has gone on already.
        [{ click: 'capture.similarContinue' }, ['resume.continue', 'card:beneficiaries']],
      ],
      world,
    );
    play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']],
        ['medarbetare', ['ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
      ],
      world,
    );
  });

  it('says so when an opened idea is gone, and shows the ideas again', () => {
    play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']],
        [{ click: 'capture.similarOpen', ideaId: 'idea-s14' }, ['similar.gone', 'card:similar(12,14,3)']],
      ],
      world,
    );
  });

  it('shows nothing when nothing is like it, and not again after an edit from the summary', () => {
    const client = play(
      [
        ...TO_SIMILAR,
        ['Lånecyklar i hemtjänsten.', ['card:beneficiaries']],
        [{ click: 'capture.beneficiaries', beneficiaries: 'staff' }, ['ask.department', 'choice:Vård och omsorg', 'choice:Kultur']],
        ['Kultur', ['summary.intro', 'card:summary']],
        ['ändra idé', ['edit.current', 'ask.idea']],
        ['Elcyklar till hemtjänsten.', ['summary.intro', 'card:summary']],
      ],
      world,
    );
    expect(client.needs.filter((n) => n === 'similar')).toHaveLength(1);
  });

  it('shows the same ideas again for a redelivered answer, changing nothing', () => {
    const client = play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)'], { id: 'idea-activity' }],
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)'], { id: 'idea-activity' }],
      ],
      world,
    );
    expect(client.state.similar?.ideas.map((m) => m.number)).toEqual([12, 14, 3]);
    expect(client.draft).toMatchObject({ idea: 'Elcyklar till hemtjänsten.', step: 'beneficiaries' });
  });

  it('lets the giver cancel or ask for help while the ideas are shown', () => {
    const client = play(
      [
        ...TO_SIMILAR,
        ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']],
        ['hjälp', ['card:help', 'resume.continue', 'card:beneficiaries']],
      ],
      world,
    );
    expect(client.state.similar).toBeUndefined();
    play([...TO_SIMILAR, ['Elcyklar till hemtjänsten.', ['card:similar(12,14,3)']], ['avbryt', ['cancel.done']]], world);
  });
});

describe('exactly once per activity', () => {
  it('takes a redelivered title once: it does not become the need', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['Cykelpool', ['ask.need'], { id: 'title-activity' }],
      ['Cykelpool', ['ask.need'], { id: 'title-activity' }],
      ['Bilarna räcker inte.', ['ask.idea']],
    ]);
    expect(client.draft).toMatchObject({ title: 'Cykelpool', need: 'Bilarna räcker inte.' });
    expect(client.state.handled?.[0]).not.toBe('title-activity');
  });

  it('hands a redelivered submit in once and answers it with the same number', () => {
    const client = play([
      ...TO_SUMMARY,
      ['skicka in', ['submit.done(number=7)', 'card:confirmation'], { id: 'submit-activity' }],
      ['skicka in', ['(pass)']],
      [{ click: 'capture.submit', draftId: 'draft-1' }, ['submit.already(number=7)'], { id: 'submit-click' }],
      [{ click: 'capture.submit', draftId: 'draft-1' }, ['submit.already(number=7)'], { id: 'submit-click' }],
    ]);
    expect(client.submitted.size).toBe(1);
    expect(client.needs.filter((n) => n === 'submission')).toHaveLength(1);
  });

  it('changes nothing for a redelivered "avbryt": the giver is shown where they are', () => {
    const client = play([
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['avbryt', ['cancel.done'], { id: 'cancel' }],
      ['avbryt', [], { id: 'cancel' }],
      ['ny idé', ['start.intro', 'start.public', 'ask.title']],
      ['avbryt', ['ask.title'], { id: 'cancel' }],
    ]);
    expect(client.draft).toMatchObject({ id: 'draft-4' });
  });

  it('remembers a bounded number of activities', () => {
    const client = play(TO_SUMMARY);
    for (let i = 0; i < 30; i++) client.send(i % 2 === 0 ? 'ändra rubrik' : `Rubrik ${i}`);
    expect(client.state.handled).toHaveLength(20);
  });
});

describe('from a channel or group chat', () => {
  it('starts with the @mention’s text and continues in the personal chat', () => {
    const client = play([['Elcyklar till hemtjänsten', ['mention.moved'], { where: 'shared' }]]);
    expect(client.personal).toEqual(['start.fromMention', 'start.seeded', 'start.public', 'ask.need']);
    expect(client.draft).toMatchObject({ source: 'mention', idea: 'Elcyklar till hemtjänsten' });
  });

  it('leaves help, empty mentions and card clicks to the bot, and cancels in place', () => {
    play([
      ['hjälp', ['(pass)'], { where: 'shared' }],
      ['', ['(pass)'], { where: 'shared' }],
      [{ click: 'capture.submit', draftId: 'x' }, ['(pass)'], { where: 'shared' }],
      ['avbryt', ['cancel.nothing'], { where: 'shared' }],
    ]);
  });
});

describe('challenges', () => {
  const challenges: OpenChallenge[] = [
    { id: 'ch-1', title: 'Färre ensamma äldre' },
    { id: 'ch-2', title: 'Mindre matsvinn' },
  ];

  it('asks beside the first question whether the idea answers an open challenge, and never waits for it', () => {
    const client = play(
      [
        ['ny idé', ['start.intro', 'start.public', 'ask.title', 'card:challenges(ch-1,ch-2)']],
        ['Cykelpool', ['ask.need']],
      ],
      { challenges },
    );
    expect(client.draft?.challenge).toBeUndefined();
    // Without open challenges nothing is asked.
    play([['ny idé', ['start.intro', 'start.public', 'ask.title']]]);
  });

  it('records the picked challenge with the idea, and "Nej" takes it away again', () => {
    const client = play(
      [
        ['ny idé', ['start.intro', 'start.public', 'ask.title', 'card:challenges(ch-1,ch-2)']],
        ['Cykelpool', ['ask.need']],
        [{ click: 'capture.challengePick', challengeId: 'ch-2' }, ['challenge.picked', 'ask.need']],
      ],
      { challenges },
    );
    expect(client.draft?.challenge).toEqual({ id: 'ch-2', title: 'Mindre matsvinn' });
    client.send({ click: 'capture.challengePick' });
    expect(client.draft?.challenge).toBeUndefined();
    client.send({ click: 'capture.challengePick', challengeId: 'ch-1' });
    for (const [does] of TO_SUMMARY.slice(2)) client.send(does);
    expect(client.send({ click: 'capture.submit' })).toEqual(['submit.done(number=7)', 'card:confirmation']);
    const [result] = [...client.submitted.values()];
    expect(result?.ok && result.idea.challengeId).toBe('ch-1');
  });

  it('refuses a challenge that closed meanwhile, and keeps the question', () => {
    const world: World = { ...WORLD, challenges };
    const client = new CaptureTestClient(world);
    client.send('ny idé');
    world.challenges = [challenges[0]!];
    expect(client.send({ click: 'capture.challengePick', challengeId: 'ch-2' })).toEqual(['challenge.closed', 'ask.title']);
    expect(client.draft?.challenge).toBeUndefined();
  });

  it('starts a draft that answers the challenge from "Svara med en idé", once however often it is delivered', () => {
    const client = play(
      [
        [{ answer: 'ch-1' }, ['challenge.answering', 'start.intro', 'start.public', 'ask.title'], { id: 'svara-1' }],
        [{ answer: 'ch-1' }, ['ask.title'], { id: 'svara-1' }],
        [{ answer: 'ch-1' }, ['resume.continue', 'ask.title']],
      ],
      { challenges },
    );
    expect(client.draft).toMatchObject({ id: 'draft-1', challenge: { id: 'ch-1', title: 'Färre ensamma äldre' } });
  });

  it('says a closed or unknown challenge is closed, and starts nothing', () => {
    const client = play([[{ answer: 'ch-9' }, ['challenge.closed']]], { challenges });
    expect(client.draft).toBeUndefined();
  });

  it('asks before throwing away a draft in progress, and answers the challenge on "ja"', () => {
    const client = play(
      [
        ['ny idé', ['start.intro', 'start.public', 'ask.title', 'card:challenges(ch-1,ch-2)']],
        ['Cykelpool', ['ask.need']],
        [{ answer: 'ch-2' }, ['restart.ask', 'choice:restart.yes', 'choice:restart.no']],
        ['ja', ['challenge.answering', 'start.intro', 'start.public', 'ask.title']],
      ],
      { challenges },
    );
    expect(client.draft?.challenge?.id).toBe('ch-2');
  });

  it('from a channel: goes on in the personal chat and says nothing in the channel', () => {
    const client = play([[{ answer: 'ch-1' }, [], { where: 'shared' }]], { challenges });
    expect(client.personal).toEqual(['challenge.answering', 'start.intro', 'start.public', 'ask.title']);
    expect(client.draft?.challenge?.id).toBe('ch-1');
  });
});
