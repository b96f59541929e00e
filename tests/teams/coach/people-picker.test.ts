/**
 * The task card's "Byt coach" uses Teams' people picker (issue 16, item 3): an Input.ChoiceSet
 * with `choices.data` over the dataset graph.microsoft.com/users, and the sluice's other coaches as
 * static choices for clients without the picker. What the picker sends is an Entra object id the
 * server checks against its own sluice: a coach of it gets the idea, anyone else the picker found
 * (a giver, a person of another tenant) is refused on the card and nothing changes.
 */
import * as AC from 'adaptivecards';
import { COACH, COACH_2, GIVER, OTHER_TENANT } from '../../../bot/src/local/activities';
import { validateCard } from '../../helpers/cards';
import { OTHER_PERSON } from '../../helpers/graph-standin';
import { actionData, answeredCard, startCoachFixture, textOf, type CoachFixture } from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  // The coaches have talked to the bot, so Teams' names are known.
  await fx.say(COACH, 'hjälp');
  await fx.say(COACH_2, 'hjälp');
});
afterAll(async () => {
  await fx?.close();
});

/** The Input.ChoiceSet inside the card's "Byt coach" ShowCard. */
function reassignInput(card: Record<string, unknown>): Record<string, unknown> {
  const actions = card['actions'] as Array<Record<string, unknown>>;
  const show = actions.find(
    (a) =>
      a['type'] === 'Action.ShowCard' &&
      ((a['card'] as { actions: Array<{ verb?: string }> }).actions ?? []).some((x) => x.verb === 'idea.reassign'),
  );
  if (!show) throw new Error('No reassign form on the card');
  const body = (show['card'] as { body: Array<Record<string, unknown>> }).body;
  const input = body.find((b) => b['type'] === 'Input.ChoiceSet');
  if (!input) throw new Error('No choice set in the reassign form');
  return input;
}

async function takenIdea(title: string): Promise<{ id: string; card: Record<string, unknown> }> {
  const idea = await fx.submit(GIVER, title);
  const current = await fx.idea(idea.id);
  const card = answeredCard(await fx.click(COACH, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 }));
  return { id: idea.id, card };
}

describe("the task card's people picker", () => {
  it("is Teams' picker over the organisation, with the other coaches as static choices, and passes the parser", async () => {
    const { card } = await takenIdea('Lånecyklar för personal');
    const input = reassignInput(card);
    expect(input['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(input['choices']).toEqual([{ title: COACH_2.name, value: COACH_2.id }]);
    expect(input['isMultiSelect']).toBeUndefined();
    expect(input['placeholder']).toBe('Skriv ett namn – bara idéslussens coacher kan få idén');
    // The card as sent (1.5, what Teams renders everywhere) is valid; the parser reads `choices.data`
    // only from version 1.6 on, so the same card read as 1.6 shows the query is well-formed.
    validateCard(card);
    const parsed = validateCard({ ...card, version: '1.6' });
    const found: AC.ChoiceSetInput[] = [];
    const visit = (element: AC.CardElement | undefined): void => {
      if (!element) return;
      if (element instanceof AC.ChoiceSetInput) found.push(element);
      if (element instanceof AC.CardElementContainer) for (let i = 0; i < element.getItemCount(); i++) visit(element.getItemAt(i));
    };
    for (let i = 0; i < parsed.getActionCount(); i++) {
      const action = parsed.getActionAt(i);
      if (action instanceof AC.ShowCardAction) visit(action.card);
    }
    const picker = found.find((c) => c.id === input['id']);
    expect(picker?.choicesData).toMatchObject({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
  });

  it('gives the idea to a coach the picker found, by the object id Teams sends (in any case)', async () => {
    const { id, card } = await takenIdea('Digitala kulturevenemang');
    const answer = answeredCard(
      await fx.click(COACH, 'idea.reassign', { ...actionData(card, 'idea.reassign'), coachId: COACH_2.id.toUpperCase() }),
    );
    expect(textOf(answer)).toContain(`Ansvarig coach: ${COACH_2.name}`);
    expect((await fx.idea(id)).value.coach).toEqual({ id: COACH_2.id, name: COACH_2.name });
  });

  it.each([
    ['a giver of the sluice', GIVER.id],
    ['a person of another tenant', OTHER_PERSON.id],
  ])('refuses %s the picker found: not a coach of the sluice, nothing changes', async (_who, personId) => {
    const { id, card } = await takenIdea(`Bättre skyltning ${personId.slice(-4)}`);
    const before = await fx.idea(id);
    const answer = answeredCard(await fx.click(COACH, 'idea.reassign', { ...actionData(card, 'idea.reassign'), coachId: personId }));
    expect(textOf(answer)).toContain('Den personen är inte coach i idéslussen.');
    const after = await fx.idea(id);
    expect(after.etag).toBe(before.etag);
    expect(after.value.coach?.id).toBe(COACH.id);
  });

  it('refuses what is no object id (several picked, or text) with a sentence, not an error', async () => {
    const { card } = await takenIdea('Sms-påminnelser');
    const answer = await fx.click(COACH, 'idea.reassign', { ...actionData(card, 'idea.reassign'), coachId: `${COACH_2.id},${GIVER.id}` });
    expect(answer.statusCode).toBe(400);
    expect(JSON.stringify(answer.value)).not.toMatch(/ZodError|stack|at \w+ \(/);
  });

  it('is never offered to a coach of another tenant: their click is refused', async () => {
    const { card } = await takenIdea('Gemensam bilpool');
    const answer = await fx.click(
      OTHER_PERSON,
      'idea.reassign',
      { ...actionData(card, 'idea.reassign'), coachId: COACH_2.id },
      { tenantId: OTHER_TENANT },
    );
    expect(answer.statusCode).toBe(403);
  });
});
