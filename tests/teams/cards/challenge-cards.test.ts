/**
 * The challenge cards, rendered from their templates and checked with the official Adaptive Cards
 * parser: the posted card (open with "Svara med en idé", closed without), the owner's summary and
 * the chat's "Hör idén till …" choice, in Swedish and English, with people's text escaped.
 */
import { closesAt, type Challenge, type ChallengeIdea } from '../../../bot/src/domain/challenges';
import {
  renderChallengeCard,
  renderChallengeChoiceCard,
  renderChallengeSummaryCard,
  SUMMARY_IDEAS_LISTED,
} from '../../../bot/src/teams/cards/challenge-cards';
import { parseChallengeAnswer, parseCaptureAction } from '../../../bot/src/teams/capture/capture-actions';
import { validateCard } from '../../helpers/cards';
import { sluice } from '../../domain/fixtures';

const challenge: Challenge = {
  id: 'challenge-1',
  sluiceId: 's1',
  title: '[Godkänn](https://evil.example) **nu**',
  need: 'Äldre är ensamma på vintern. <at>Alla</at>',
  department: 'Socialförvaltningen',
  openUntil: '2027-01-31',
  closesAtMs: closesAt('2027-01-31').getTime(),
  state: 'open',
  owner: { id: 'o1', tenantId: 't1', name: 'Karin Berg' },
  channels: [{ conversationId: '19:a@thread.tacv2' }],
  createdAt: '2026-12-01T10:00:00.000Z',
  createdAtMs: Date.parse('2026-12-01T10:00:00.000Z'),
};

const ideas = (count: number): ChallengeIdea[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `idea-${i + 1}`,
    number: i + 1,
    title: `Idé **${i + 1}**`,
    stage: i % 2 === 0 ? 'submitted' : 'testing',
    department: 'Kultur',
  }));

describe('the challenge card', () => {
  it.each(['sv', 'en'] as const)('is valid in %s, escapes the text, and offers the answer button while open', (locale) => {
    const card = renderChallengeCard({ challenge, sluice: sluice(), open: true, locale });
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).not.toContain('[Godkänn](https://evil.example)');
    expect(text).not.toContain('<at>');
    expect(text).toContain(locale === 'sv' ? '31 januari 2027' : '31 January 2027');
    const actions = card['actions'] as Array<{ title: string; data: unknown }>;
    expect(actions).toEqual([
      expect.objectContaining({
        title: locale === 'sv' ? 'Svara med en idé' : 'Answer with an idea',
        data: { verb: 'capture.challenge', challengeId: 'challenge-1' },
      }),
    ]);
  });

  it('carries a click the capture reads back, and nothing forged', () => {
    const card = renderChallengeCard({ challenge, sluice: sluice(), open: true, locale: 'sv' });
    const [action] = card['actions'] as Array<{ data: unknown }>;
    expect(parseChallengeAnswer(action?.data)).toBe('challenge-1');
    expect(parseChallengeAnswer({ verb: 'capture.challenge', challengeId: '../..' })).toBeUndefined();
    expect(parseCaptureAction(action?.data)).toBeUndefined();
  });

  it('has no button once closed, and says so', () => {
    const card = renderChallengeCard({ challenge, sluice: sluice(), open: false, locale: 'sv' });
    validateCard(card);
    expect(card['actions']).toEqual([]);
    expect(JSON.stringify(card)).toContain('Utmaningen är stängd');
  });
});

describe("the owner's summary card", () => {
  it.each([
    [0, 'Inga idéer kom in'],
    [1, '1 idé kom in'],
    [3, '3 idéer kom in'],
  ])('is valid with %i ideas and counts them', (count, intro) => {
    const card = renderChallengeSummaryCard({ challenge, ideas: ideas(count), sluice: sluice(), locale: 'sv' });
    validateCard(card);
    expect(JSON.stringify(card)).toContain(intro);
  });

  it('shows the stages, each idea escaped, and counts what it does not list', () => {
    const card = renderChallengeSummaryCard({ challenge, ideas: ideas(SUMMARY_IDEAS_LISTED + 2), sluice: sluice(), locale: 'en' });
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('#1 Idé \\\\*\\\\*1\\\\*\\\\* · Submitted · Kultur');
    expect(text).toContain('… and 2 more');
    expect(text).toContain('"title":"Being tested","value":"8"');
  });
});

describe('the chat’s challenge question', () => {
  it('offers each open challenge and "Nej, ingen av dem"', () => {
    const card = renderChallengeChoiceCard('sv', 'draft-1', [
      { id: 'ch-1', title: 'Färre ensamma äldre' },
      { id: 'ch-2', title: 'Mindre matsvinn' },
    ]);
    validateCard(card);
    expect(card['actions']).toEqual([
      expect.objectContaining({
        title: 'Färre ensamma äldre',
        data: { verb: 'capture.challengePick', draftId: 'draft-1', challengeId: 'ch-1' },
      }),
      expect.objectContaining({
        title: 'Mindre matsvinn',
        data: { verb: 'capture.challengePick', draftId: 'draft-1', challengeId: 'ch-2' },
      }),
      expect.objectContaining({ title: 'Nej, ingen av dem', data: { verb: 'capture.challengePick', draftId: 'draft-1' } }),
    ]);
  });
});
