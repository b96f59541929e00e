/**
 * A double click, two coaches at once, or Teams redelivering an invoke: exactly one transition,
 * one history event and one notification. The losers get the current card with a line saying
 * who acted first.
 */
import { COACH, COACH_2, GIVER, TENANT, invoke } from '../../../bot/src/local/activities';
import {
  actionData,
  answeredCard,
  cardOf,
  meetEveryone,
  personalConversation,
  sentTo,
  startCoachFixture,
  textOf,
  type CoachFixture,
} from './fixture';
import { CHANNEL_ID } from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(async () => {
  await fx.close();
});

describe('exactly once', () => {
  it('20 concurrent idea.take invokes give one transition, one event and one notification', async () => {
    const idea = await fx.submit();
    await fx.drain();
    const card = cardOf(sentTo(fx, CHANNEL_ID)[0]);
    const data = actionData(card, 'idea.take');
    fx.connector.reset();

    const clickers = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? COACH : COACH_2));
    const answers = await Promise.all(clickers.map((coach) => fx.click(coach, 'idea.take', data)));

    const cards = answers.map(answeredCard);
    const winners = cards.filter((c) => textOf(c).includes('Klart:'));
    expect(winners).toHaveLength(1);
    const after = await fx.idea(idea.id);
    const takenEvents = after.value.history.filter((e) => e.kind === 'taken');
    expect(takenEvents).toHaveLength(1);
    expect(after.value.version).toBe(2);
    const winner = takenEvents[0]!.actor;
    // Every loser sees who came first (or, for the winner's own double clicks, that it is done).
    for (const [i, c] of cards.entries()) {
      if (c === winners[0]) continue;
      const line = clickers[i]!.id === winner.id ? 'Det här är redan gjort' : `${winner.name} hann före dig: ${winner.name} tog idén`;
      expect(textOf(c)).toContain(line);
    }

    expect((await fx.jobsOf(idea.id)).filter((j) => j.eventKind === 'taken')).toHaveLength(1);
    await fx.drain();
    expect(sentTo(fx, personalConversation(GIVER))).toHaveLength(1);
  });

  it('a redelivered invoke (same activity) changes nothing the second time', async () => {
    const idea = await fx.submit();
    await fx.drain();
    const current = await fx.idea(idea.id);
    const data = { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: current.value.version };
    fx.connector.reset();
    const first = answeredCard(await fx.click(COACH, 'idea.take', data));
    const again = answeredCard(await fx.click(COACH, 'idea.take', data));
    expect(textOf(first)).toContain('Klart: Karin Berg tog idén');
    expect(textOf(again)).toContain('Det här är redan gjort: Karin Berg tog idén');
    // The second answer is the current card: the coach can go on from it.
    expect(actionData(again, 'idea.advance')['etag']).toBe((await fx.idea(idea.id)).etag);
    await fx.drain();
    expect(sentTo(fx, personalConversation(GIVER))).toHaveLength(1);
    expect((await fx.idea(idea.id)).value.history).toHaveLength(2);
  });

  it('two coaches deciding differently at once: one wins, the other is told', async () => {
    const idea = await fx.submit();
    const current = await fx.idea(idea.id);
    const data = { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: current.value.version };
    const [decline, take] = await Promise.all([
      fx.click(COACH, 'idea.decline', { ...data, reason: 'Finns redan' }),
      fx.click(COACH_2, 'idea.take', data),
    ]);
    const after = await fx.idea(idea.id);
    expect(after.value.history).toHaveLength(2);
    const won = after.value.history[1]!.kind;
    const loser = won === 'declined' ? answeredCard(take) : answeredCard(decline);
    expect(textOf(loser)).toContain('hann före dig');
  });
});

describe('a redelivered invoke with the same activity id', () => {
  async function postTwice(activity: Record<string, unknown>): Promise<[unknown, unknown]> {
    const first = await fx.app.post('/api/messages', activity);
    const second = await fx.app.post('/api/messages', activity);
    return [first.body, second.body];
  }

  it('answers a coach action the same both times and records one event', async () => {
    const idea = await fx.submit();
    const current = await fx.idea(idea.id);
    const data = { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: current.value.version };
    const activity = invoke(
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'idea.take', data } },
      {
        serviceUrl: fx.connector.serviceUrl,
        user: COACH,
        conversationId: personalConversation(COACH),
      },
    );
    const [first, second] = await postTwice(activity);
    expect(textOf((first as { value: Record<string, unknown> }).value)).toContain('Klart: Karin Berg tog idén');
    expect(second).toEqual(first);
    expect((await fx.idea(idea.id)).value.history.map((e) => e.kind)).toEqual(['submitted', 'taken']);
  });

  it('thanks the giver for an answer both times and records it once', async () => {
    const idea = await fx.submit();
    const taken = await fx.app.services.ideas.act('default', idea.id, { ...COACH, tenantId: TENANT }, { type: 'take' });
    if (!taken.ok) throw new Error('take failed');
    const asked = await fx.app.services.ideas.act(
      'default',
      idea.id,
      { ...COACH, tenantId: TENANT },
      { type: 'askInfo', question: 'Vilken tunnel?' },
    );
    if (!asked.ok) throw new Error('askInfo failed');
    const data = { ideaId: idea.id, sluiceId: 'default', eventId: asked.event.id, answer: 'Den vid stationen' };
    const activity = invoke(
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'idea.answerInfo', data } },
      {
        serviceUrl: fx.connector.serviceUrl,
        user: GIVER,
        conversationId: personalConversation(GIVER),
      },
    );
    const [first, second] = await postTwice(activity);
    expect(textOf((first as { value: Record<string, unknown> }).value)).toContain('Tack! Ditt svar är skickat till Karin Berg.');
    expect(second).toEqual(first);
    expect((await fx.idea(idea.id)).value.history.filter((e) => e.kind === 'infoAnswered')).toHaveLength(1);
  });
});
