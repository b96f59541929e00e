/**
 * The digest cards, rendered from their templates and checked with the official Adaptive Cards
 * parser: English by locale, user text escaped, long sections cut with a count.
 */
import type { Idea } from '../../../bot/src/domain/idea';
import { monthlyDigestOf, weeklyDigestOf } from '../../../bot/src/domain/reminders/digests';
import { stockholmTime } from '../../../bot/src/domain/working-days';
import { DIGEST_SECTION_ITEMS, renderMonthlyDigestCard, renderWeeklyDigestCard } from '../../../bot/src/teams/cards/digest-cards';
import { validateCard } from '../../helpers/cards';
import { textOf } from '../coach/fixture';
import { coach, giver, idea, sluice } from '../../domain/fixtures';

const monday = stockholmTime('2026-11-30', 8);

function ideas(count: number, overrides: Partial<Idea> = {}): Idea[] {
  return Array.from({ length: count }, (_, i) => {
    const at = stockholmTime('2026-11-25', 10).toISOString();
    return idea({
      id: `idea-${i + 1}`,
      number: i + 1,
      title: `[Godkänn](https://evil.example) **${i + 1}**`,
      createdAt: at,
      createdAtMs: Date.parse(at) + i,
      coach: { id: coach.id, name: coach.name },
      ...overrides,
    });
  });
}

describe('the weekly digest card', () => {
  it('is valid, escapes the titles and counts what it does not list', () => {
    const many = ideas(DIGEST_SECTION_ITEMS + 3);
    const digest = weeklyDigestOf(
      sluice(),
      coach.id,
      { created: many, coachOpen: many },
      { from: stockholmTime('2026-11-23', 8), to: monday },
      monday,
    );
    const card = renderWeeklyDigestCard(digest, sluice(), 'sv');
    validateCard(card);
    const text = textOf(card);
    expect(text).toContain('Nya idéer (13)');
    expect(text).toContain('#1 \\[Godkänn\\]\\(https://evil.example\\) \\*\\*1\\*\\*');
    expect(text).not.toContain('[Godkänn](');
    expect(text).toContain('… och 3 till.');
    expect(text).toContain('Försenade (0)\nInga just nu.');
  });

  it('speaks English when the coach does', () => {
    const digest = weeklyDigestOf(
      sluice(),
      coach.id,
      { created: [], coachOpen: [] },
      { from: stockholmTime('2026-11-23', 8), to: monday },
      monday,
    );
    const card = renderWeeklyDigestCard(digest, sluice(), 'en');
    validateCard(card);
    expect(textOf(card)).toContain('This week in Idéslussen');
    expect(textOf(card)).toContain('Answers waiting for you (0)\nNone right now.');
  });
});

describe('the monthly digest card', () => {
  const at = stockholmTime('2027-02-10', 10).toISOString();
  const actor = { id: coach.id, name: coach.name };
  const done = idea({
    id: 'done',
    number: 7,
    title: 'Simskola på lovet',
    stage: 'done',
    effects: [{ forWhom: 'Barn <i> åk 3', change: 'fler kan simma', amount: 1200, unit: 'barn' }],
    history: [
      {
        id: 'e1',
        kind: 'advanced',
        at,
        actor,
        to: 'done',
        effects: [{ forWhom: 'Barn <i> åk 3', change: 'fler kan simma', amount: 1200, unit: 'barn' }],
      },
    ],
  });
  const closed = idea({
    id: 'closed',
    number: 8,
    title: 'Egen app',
    stage: 'closed',
    history: [{ id: 'e2', kind: 'withdrawn', at, actor: { id: giver.id, name: giver.name }, to: 'closed', text: 'Jag byter jobb.' }],
  });

  it('lists effects and reasons, in English by locale', () => {
    const card = renderMonthlyDigestCard(monthlyDigestOf([done, closed], '2027-02'), sluice(), 'en');
    validateCard(card);
    const text = textOf(card);
    expect(text).toContain('What happened to our ideas?');
    expect(text).toContain('This is how the ideas in Idéslussen fared in February 2027.');
    expect(text).toContain('Implemented (1)\n#7 Simskola på lovet');
    expect(text).toContain('Effect: Barn \\<i\\> åk 3: fler kan simma (1,200 barn)');
    expect(text).toContain('Closed (1)\n#8 Egen app');
    expect(text).toContain('Why: Jag byter jobb.');
    expect(text).not.toContain('Tested (');
  });

  it('says so when nothing happened', () => {
    const card = renderMonthlyDigestCard(monthlyDigestOf([done], '2027-03'), sluice(), 'sv');
    validateCard(card);
    expect(textOf(card)).toContain('Inga idéer testades, infördes eller avslutades under mars 2027.');
  });
});
