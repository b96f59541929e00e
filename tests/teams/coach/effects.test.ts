/**
 * Effects at Införd through the task card: the card moving an idea to Införd asks for whom, what
 * changed and an optional figure with its unit; the click without them is refused with a line on
 * the card, the click with them stores the effects on the idea and in its history, and the card
 * shows them. Every card is validated with the official Adaptive Cards parser.
 */
import { COACH, COACH_2 } from '../../../bot/src/local/activities';
import { actionData, answeredCard, meetEveryone, startCoachFixture, textOf, type CoachFixture } from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(async () => {
  await fx.close();
});

/** The ids of the inputs in the ShowCard that holds the action with this verb. */
function inputsOf(card: Record<string, unknown>, verb: string): string[] {
  const ids: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const r = value as Record<string, unknown>;
      if (typeof r['type'] === 'string' && r['type'].startsWith('Input.') && typeof r['id'] === 'string') ids.push(r['id']);
      Object.values(r).forEach(collect);
    }
  };
  for (const a of card['actions'] as Array<Record<string, unknown>>) {
    const inner = a['card'] as Record<string, unknown> | undefined;
    if (inner && JSON.stringify(inner['actions']).includes(`"verb":"${verb}"`)) collect(inner['body']);
  }
  return ids;
}

describe('effects at Införd on the task card', () => {
  it('asks for them only on the way to Införd, refuses the move without them and stores and shows them', async () => {
    const idea = await fx.submit();
    const coach = [COACH, COACH_2].find((c) => c.id === idea.coach?.id) ?? COACH;
    const current = await fx.idea(idea.id);
    let card = answeredCard(await fx.click(coach, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 }));
    expect(inputsOf(card, 'idea.advance')).toEqual(['comment']);
    card = answeredCard(await fx.click(coach, 'idea.advance', actionData(card, 'idea.advance')));
    card = answeredCard(await fx.click(coach, 'idea.advance', actionData(card, 'idea.advance')));
    expect((await fx.idea(idea.id)).value.stage).toBe('implementing');
    expect(inputsOf(card, 'idea.advance')).toEqual(['effectFor', 'effectChange', 'effectAmount', 'effectUnit', 'comment']);

    // Without effects: a line on the card, and the idea stays.
    const refused = answeredCard(await fx.click(coach, 'idea.advance', actionData(card, 'idea.advance')));
    expect(textOf(refused)).toContain('effekterna behövs när idén förs till Införd');
    expect((await fx.idea(idea.id)).value.stage).toBe('implementing');

    // A figure without its unit is refused too.
    const noUnit = answeredCard(
      await fx.click(coach, 'idea.advance', {
        ...actionData(refused, 'idea.advance'),
        effectFor: 'Hemtjänstens personal',
        effectChange: 'Färre körningar',
        effectAmount: '12',
      }),
    );
    expect(textOf(noUnit)).toContain('både talet och dess enhet');

    const moved = answeredCard(
      await fx.click(coach, 'idea.advance', {
        ...actionData(noUnit, 'idea.advance'),
        effectFor: 'Hemtjänstens personal',
        effectChange: 'Färre körningar mellan brukarna *varje* dag',
        effectAmount: '12,5',
        effectUnit: 'timmar per vecka',
      }),
    );
    const stored = (await fx.idea(idea.id)).value;
    const effect = {
      forWhom: 'Hemtjänstens personal',
      change: 'Färre körningar mellan brukarna *varje* dag',
      amount: 12.5,
      unit: 'timmar per vecka',
    };
    expect(stored.stage).toBe('done');
    expect(stored.effects).toEqual([effect]);
    expect(stored.history.at(-1)).toMatchObject({ kind: 'advanced', to: 'done', effects: [effect] });
    const text = textOf(moved);
    expect(text).toContain('Effekter');
    // Shown escaped: the giver's asterisks stay asterisks.
    expect(text).toContain('Hemtjänstens personal: Färre körningar mellan brukarna \\*varje\\* dag \\(12,5 timmar per vecka\\)');
  });
});
