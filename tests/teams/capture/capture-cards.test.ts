import { startDraft, type IdeaDraft } from '../../../bot/src/domain/draft';
import type { IdeaSummary } from '../../../bot/src/domain/ports';
import { renderBeneficiariesCard } from '../../../bot/src/teams/cards/beneficiaries-card';
import { renderIdeaConfirmationCard } from '../../../bot/src/teams/cards/idea-confirmation-card';
import { renderIdeaSummaryCard } from '../../../bot/src/teams/cards/idea-summary-card';
import { renderMyIdeasCard } from '../../../bot/src/teams/cards/my-ideas-card';
import { renderChallengeChoiceCard } from '../../../bot/src/teams/cards/challenge-cards';
import { renderSimilarIdeaCard, renderSimilarIdeasCard } from '../../../bot/src/teams/cards/similar-ideas-card';
import type { SimilarMatch } from '../../../bot/src/domain/similar/similar-index';
import { SAY_VERB } from '../../../bot/src/teams/activity';
import { renderWelcomeCard } from '../../../bot/src/teams/cards/welcome-card';
import { CAPTURE_VERBS, parseCaptureAction } from '../../../bot/src/teams/capture/capture-actions';
import { commandOf } from '../../../bot/src/teams/capture/commands';
import { idea, sluice } from '../../domain/fixtures';
import { validateCard } from '../../helpers/cards';
import { findActions, textsOf } from './capture-app';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const HOSTILE = '[Godkänn](https://evil.example) <at>x</at> ** "}] ${x} 💡 فكرة';

function fullDraft(overrides: Partial<IdeaDraft> = {}): IdeaDraft {
  return {
    ...startDraft({ id: 'draft-1', now: NOW, source: 'chat' }),
    title: 'Cykelpool',
    need: 'Behov',
    idea: 'Idé',
    beneficiaries: ['residents', 'other'],
    department: 'Kultur',
    step: 'summary',
    ...overrides,
  };
}

/** The largest idea the rules allow, in the widest characters (4 bytes each in UTF-8). */
const LARGEST = { title: '💡'.repeat(120), need: '💡'.repeat(2000), idea: '💡'.repeat(4000), department: '💡'.repeat(120) };

/** The similar-idea cards of the chat: the list (one, several, hostile and largest text) and an opened idea. */
function similarCards() {
  const match = (number: number, over: Partial<SimilarMatch> = {}): SimilarMatch => ({
    id: `idea-${number}`,
    sluiceId: 's1',
    number,
    tenantId: 't1',
    title: 'Påminn föräldrar om simskolan',
    department: 'Kultur',
    stage: 'testing',
    score: 0.5,
    shared: ['simlektion'],
    ...over,
  });
  const hostile = match(13, { title: HOSTILE, department: HOSTILE, stage: 'closed', closedReason: HOSTILE, shared: [HOSTILE] });
  const largest = match(14, { title: LARGEST.title, department: LARGEST.department, closedReason: '💡'.repeat(1000) });
  const s = sluice({ municipalities: { t1: 'Lerums kommun' } });
  return [
    renderSimilarIdeasCard('sv', s, 'draft-1', [match(12)]),
    renderSimilarIdeasCard('en', s, 'draft-1', [match(12), hostile, largest]),
    renderSimilarIdeaCard(
      'sv',
      s,
      idea({ number: 12, title: HOSTILE, need: HOSTILE, idea: HOSTILE, department: HOSTILE }),
      'draft-1',
      true,
    ),
    renderSimilarIdeaCard('en', s, idea({ ...LARGEST }), 'draft-1', false),
  ];
}

function cards() {
  const summary = (locale: 'sv' | 'en', draft = fullDraft()) => [
    renderIdeaSummaryCard(locale, draft),
    renderIdeaSummaryCard(locale, draft, { kind: 'submitted', number: 42 }),
    renderIdeaSummaryCard(locale, draft, { kind: 'cancelled' }),
  ];
  const summaries: IdeaSummary[] = [
    { ...idea({ number: 2, title: HOSTILE }), giver: { id: 'g', name: 'Anna' } },
    { ...idea({ number: 1, needsInfo: true, coach: { id: 'c', name: '' } }), giver: { id: 'g', name: 'Anna' } },
  ];
  return [
    ...summary('sv'),
    ...summary('en'),
    ...summary('sv', fullDraft({ title: HOSTILE, need: HOSTILE, idea: HOSTILE, department: HOSTILE })),
    ...summary('sv', fullDraft(LARGEST)),
    renderBeneficiariesCard('sv', 'draft-1'),
    renderBeneficiariesCard('en', 'draft-1', ['staff']),
    renderIdeaConfirmationCard('sv', idea({ number: 42 }), sluice()),
    renderIdeaConfirmationCard('en', idea({ title: HOSTILE, need: HOSTILE, idea: HOSTILE, department: HOSTILE }), sluice()),
    renderIdeaConfirmationCard('sv', idea({ ...LARGEST }), sluice()),
    renderMyIdeasCard('sv', summaries, sluice(), true),
    renderMyIdeasCard('en', summaries, sluice(), false),
    ...similarCards(),
    renderChallengeChoiceCard('sv', 'draft-1', [{ id: 'ch-1', title: HOSTILE }]),
    renderMyIdeasCard('sv', summaries, sluice(), false, {
      [summaries[1]?.id ?? '']: { coach: { id: 'b', name: HOSTILE }, until: '2027-01-10' },
    }),
  ];
}

describe('capture cards', () => {
  it('are all valid Adaptive Cards, and stay well under Teams’ 28 KB even for the largest idea', () => {
    for (const card of cards()) {
      validateCard(card);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    }
  });

  it('start commands with buttons that say the command’s words, as every client can send them (no imBack)', () => {
    const sayings = [...cards(), renderWelcomeCard('sv', 'Idéslussen'), renderWelcomeCard('en', 'Idéslussen')]
      .flatMap(findActions)
      .map((a) => a['data'] as Record<string, unknown> | undefined)
      .filter((d): d is Record<string, unknown> => !!d && (d['verb'] === SAY_VERB || 'msteams' in d));
    expect(new Set(sayings.map((d) => d['say']))).toEqual(new Set(['help', 'hjälp', 'mina idéer', 'my ideas', 'new idea', 'ny idé']));
    for (const d of sayings) {
      expect(d).not.toHaveProperty('msteams');
      expect(commandOf(String(d['say']))).toBeDefined();
    }
  });

  it('use only the capture verbs, each with the draft it belongs to', () => {
    const data = cards()
      .flatMap(findActions)
      .map((a) => a['data'] as Record<string, unknown> | undefined)
      .filter((d): d is Record<string, unknown> => !!d && 'verb' in d && d['verb'] !== SAY_VERB);
    // "Svara med en idé" is on the challenge's card, before any draft exists (tests/teams/cards/challenge-cards.test.ts).
    expect(new Set(data.map((d) => d['verb']))).toEqual(new Set(CAPTURE_VERBS.filter((v) => v !== 'capture.challenge')));
    for (const d of data) expect(d['draftId']).toBe('draft-1');
    expect(data.every((d) => parseCaptureAction({ ...d, beneficiaries: 'staff' }) !== undefined)).toBe(true);
  });

  it('show what the giver wrote literally: nothing becomes a link, a mention or formatting', () => {
    for (const card of cards()) {
      const text = textsOf(card).join('\n');
      expect(text).not.toContain('[Godkänn](');
      expect(text).not.toContain('<at>');
      expect(text).not.toContain(' ** "}]');
    }
    const summary = textsOf(renderIdeaSummaryCard('sv', fullDraft({ title: HOSTILE })));
    expect(summary).toContain('\\[Godkänn\\]\\(https://evil.example\\) \\<at\\>x\\</at\\> \\*\\* "\\}\\] $\\{x\\} 💡 فكرة');
  });

  it('name who covers an idea whose coach is away, in "Mina idéer"', () => {
    const mine = { ...idea({ number: 7, coach: { id: 'c', name: 'Karin Berg' } }), giver: { id: 'g', name: 'Anna' } };
    const cover = { [mine.id]: { coach: { id: 'b', name: 'Omar Haddad' }, until: '2027-01-10' } };
    expect(textsOf(renderMyIdeasCard('sv', [mine], sluice(), false, cover))).toContain(
      'Karin Berg är borta till 10 januari 2027; Omar Haddad täcker upp.',
    );
    expect(textsOf(renderMyIdeasCard('en', [mine], sluice(), false, cover))).toContain(
      'Karin Berg is away until 10 January 2027; Omar Haddad is covering.',
    );
    expect(textsOf(renderMyIdeasCard('sv', [mine], sluice(), false)).join('\n')).not.toContain('täcker upp');
  });

  it('keep nothing of one rendering in the next, though each template is parsed once', () => {
    const first = JSON.stringify(renderIdeaSummaryCard('sv', fullDraft({ title: 'Första idén', beneficiaries: ['residents'] })));
    const second = JSON.stringify(renderIdeaSummaryCard('sv', fullDraft({ title: 'Andra idén', beneficiaries: ['staff'] })));
    expect(first).toContain('Första idén');
    expect(second).toContain('Andra idén');
    expect(second).not.toContain('Första idén');
    expect(JSON.stringify(renderIdeaSummaryCard('sv', fullDraft({ title: 'Första idén', beneficiaries: ['residents'] })))).toBe(first);
  });

  it('name each similar idea with number, stage, department, municipality, a closed idea’s reason and what it shares', () => {
    const [one, many, opened, closedOpened] = similarCards();
    expect(textsOf(one ?? {})).toEqual([
      'Det finns en idé som liknar din',
      expect.stringContaining('Öppna en för att läsa mer'),
      '#12 Påminn föräldrar om simskolan',
      'Testas · Kultur · Lerums kommun',
      'Gemensamt: simlektion',
    ]);
    expect(findActions(one ?? {}).map((a) => a['title'])).toEqual(['Lämna in min ändå', 'Öppna #12']);
    const english = textsOf(many ?? {});
    expect(english[0]).toBe('There are 3 ideas like yours');
    expect(english).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Closed · \\\[Godkänn\\\]/), expect.stringMatching(/^Why it was closed: /)]),
    );
    expect(findActions(many ?? {}).map((a) => a['title'])).toEqual(['Hand in mine anyway', 'Open #12', 'Open #13', 'Open #14']);
    expect(findActions(opened ?? {}).map((a) => a['title'])).toEqual(['Lämna in min ändå']);
    expect(findActions(closedOpened ?? {})).toEqual([]);
  });

  it('show a finished summary without buttons', () => {
    expect(findActions(renderIdeaSummaryCard('sv', fullDraft(), { kind: 'submitted', number: 42 }))).toHaveLength(0);
    expect(textsOf(renderIdeaSummaryCard('en', fullDraft(), { kind: 'cancelled' }))).toContain('Cancelled – nothing was submitted.');
  });
});

describe('reading a capture card click', () => {
  it('refuses forged or incomplete values', () => {
    expect(parseCaptureAction({ verb: 'capture.submit', draftId: 'd' })).toEqual({ verb: 'capture.submit', draftId: 'd' });
    expect(parseCaptureAction({ verb: 'capture.edit', draftId: 'd', field: 'need' })).toEqual({
      verb: 'capture.edit',
      draftId: 'd',
      field: 'need',
    });
    expect(parseCaptureAction({ verb: 'capture.edit', draftId: 'd', field: '__proto__' })).toBeUndefined();
    expect(parseCaptureAction({ verb: 'capture.submit' })).toBeUndefined();
    expect(parseCaptureAction({ verb: 'capture.submit', draftId: 'x'.repeat(101) })).toBeUndefined();
    expect(parseCaptureAction({ verb: 'coach.take', draftId: 'd' })).toBeUndefined();
    expect(parseCaptureAction('capture.submit')).toBeUndefined();
    expect(parseCaptureAction({ verb: 'capture.beneficiaries', draftId: 'd', beneficiaries: 42 })).toEqual({
      verb: 'capture.beneficiaries',
      draftId: 'd',
      beneficiaries: '',
    });
  });
});
