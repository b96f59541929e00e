/**
 * "Kommentera" on the coach task card and on the giver's update card, through the bot's endpoint
 * and the recording connector: the ShowCard with its text field, the submit through the card-action
 * path, the answer card, a double click or redelivery storing one comment, and bad input. Every
 * card is validated with the official Adaptive Cards parser.
 */
import { COACH, GIVER, TENANT } from '../../../bot/src/local/activities';
import { COMMENT_VERB, INPUT_IDS } from '../../../bot/src/teams/coach/verbs';
import {
  CHANNEL_ID,
  actionData,
  answeredCard,
  cardOf,
  meetEveryone,
  personalConversation,
  sentTo,
  startCoachFixture,
  textOf,
  verbsOf,
  type CoachFixture,
} from '../coach/fixture';

const COLLEAGUE = { id: '61e00000-0000-4000-8000-0000000000d1', name: 'Erik Johansson' };
const viewer = (person: { id: string; name: string }, isCoach = false) => ({
  person: { ...person, tenantId: TENANT },
  sluiceId: 'default',
  isCoach,
});

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(() => fx.close());
beforeEach(() => fx.connector.reset());

/** The "Kommentera" ShowCard of a card: its input and its submit's data. */
function commentAction(card: Record<string, unknown>): { input: Record<string, unknown>; data: Record<string, unknown> } {
  const show = (card['actions'] as Array<Record<string, unknown>>).find(
    (a) => a['type'] === 'Action.ShowCard' && JSON.stringify(a).includes(COMMENT_VERB),
  );
  expect(show?.['title']).toBe('Kommentera');
  const inner = show!['card'] as { body: Array<Record<string, unknown>> };
  return { input: inner.body[0]!, data: actionData(card, COMMENT_VERB) };
}

async function taskCardInChannel(): Promise<{ ideaId: string; card: Record<string, unknown>; activityId: string }> {
  const idea = await fx.submit(GIVER, 'Lånecyklar till hemtjänsten');
  await fx.drain();
  const posted = sentTo(fx, CHANNEL_ID).at(-1);
  return { ideaId: idea.id, card: cardOf(posted), activityId: String(posted?.['id'] ?? '') };
}

describe('Kommentera on the coach task card', () => {
  it('has a required text field of at most 2 000 characters and submits through the card-action path', async () => {
    const { card } = await taskCardInChannel();
    const { input, data } = commentAction(card);
    expect(input).toMatchObject({ type: 'Input.Text', id: INPUT_IDS.newComment, isRequired: true, maxLength: 2000, isMultiline: true });
    expect(data).toMatchObject({ card: 'task', commentKey: expect.any(String) });
  });

  it('stores one comment from anyone in the sluice, however often the submit arrives, and answers with the card', async () => {
    const { ideaId, card, activityId } = await taskCardInChannel();
    const { data } = commentAction(card);
    const where = { conversationType: 'channel' as const, conversationId: CHANNEL_ID, replyToId: activityId };
    const text = 'Vi har [lånecyklar](https://evil.example) på **Tekniska** redan!';
    // A colleague who is not a coach; a double click and a redelivery.
    const answers = await Promise.all(
      [1, 2, 3].map(() => fx.click(COLLEAGUE, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: text }, where)),
    );
    for (const answer of answers) {
      const answered = answeredCard(answer);
      expect(textOf(answered)).toContain('Din kommentar är sparad');
      // Not a coach: the read-only task card (no coach buttons), still with Kommentera.
      expect(verbsOf(answered)).toEqual([COMMENT_VERB]);
      commentAction(answered);
    }
    const listed = await fx.app.services.comments.list(viewer(GIVER), ideaId);
    expect(listed.ok && listed.comments.map((c) => [c.author.id, c.text])).toEqual([[COLLEAGUE.id, text]]);
    // Every repeat is answered with exactly the same card, whose key is not the posted card's.
    const [firstAnswer, ...repeats] = answers.map(answeredCard);
    for (const repeat of repeats) expect(repeat).toEqual(firstAnswer);
    expect(commentAction(firstAnswer!).data['commentKey']).not.toBe(data['commentKey']);

    // A second, different comment from the same card is a comment of its own.
    await fx.click(COLLEAGUE, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: 'Och en till' }, where);
    const again = await fx.app.services.comments.list(viewer(COACH, true), ideaId);
    expect(again.ok && again.comments).toHaveLength(2);

    // The same words written again from the answered card are a new comment too.
    const fromAnswer = commentAction(firstAnswer!).data;
    await fx.click(COLLEAGUE, COMMENT_VERB, { ...fromAnswer, [INPUT_IDS.newComment]: text }, where);
    const third = await fx.app.services.comments.list(viewer(COACH, true), ideaId);
    expect(third.ok && third.comments.map((c) => c.text)).toEqual([text, 'Och en till', text]);
  });

  it('carries the same key each time the same card is rendered, and a new one once the idea changed', async () => {
    const { ideaId, card, activityId } = await taskCardInChannel();
    const where = { conversationType: 'channel' as const, conversationId: CHANNEL_ID, replyToId: activityId };
    const refreshed = answeredCard(await fx.click(COACH, 'idea.refresh', { ideaId, sluiceId: 'default' }, where));
    const again = answeredCard(await fx.click(COACH, 'idea.refresh', { ideaId, sluiceId: 'default' }, where));
    expect(commentAction(refreshed).data['commentKey']).toBe(commentAction(card).data['commentKey']);
    expect(again).toEqual(refreshed);
    const taken = answeredCard(await fx.click(COACH, 'idea.take', actionData(card, 'idea.take'), where));
    expect(commentAction(taken).data['commentKey']).not.toBe(commentAction(card).data['commentKey']);
  });

  it('answers whitespace, too long text and a foreign tenant clearly, and stores nothing', async () => {
    const { ideaId, card, activityId } = await taskCardInChannel();
    const { data } = commentAction(card);
    const where = { conversationType: 'channel' as const, conversationId: CHANNEL_ID, replyToId: activityId };
    const blank = answeredCard(await fx.click(COACH, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: '  \n ' }, where));
    expect(textOf(blank)).toContain('måste innehålla text');
    const long = answeredCard(await fx.click(COACH, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: 'x'.repeat(2001) }, where));
    expect(textOf(long)).toContain('högst 2000 tecken');
    const foreign = await fx.click(
      COLLEAGUE,
      COMMENT_VERB,
      { ...data, [INPUT_IDS.newComment]: 'Hej' },
      {
        ...where,
        tenantId: '22222222-2222-4222-8222-222222222222',
      },
    );
    expect(foreign.statusCode).toBe(403);
    const listed = await fx.app.services.comments.list(viewer(COACH, true), ideaId);
    expect(listed.ok && listed.comments).toHaveLength(0);
  });
});

describe("Kommentera on the giver's update card", () => {
  it('lets the giver comment and answers with the same update card', async () => {
    const { ideaId, card, activityId } = await taskCardInChannel();
    const take = actionData(card, 'idea.take');
    answeredCard(
      await fx.click(COACH, 'idea.take', take, { conversationType: 'channel', conversationId: CHANNEL_ID, replyToId: activityId }),
    );
    fx.connector.reset();
    await fx.drain();
    const update = sentTo(fx, personalConversation(GIVER))
      .map((a) => cardOf(a))
      .find((c) => textOf(c).includes('Karin Berg'));
    expect(update).toBeDefined();
    const { data } = commentAction(update!);
    expect(data).toMatchObject({ card: 'update', eventId: expect.any(String) });
    const answered = answeredCard(await fx.click(GIVER, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: 'Tack, när kan vi ses?' }));
    expect(textOf(answered)).toContain('Din kommentar är sparad');
    expect(textOf(answered)).toContain(textOf(update!).split('\n')[1]!);
    const listed = await fx.app.services.comments.list(viewer(COACH, true), ideaId);
    expect(listed.ok && listed.comments.map((c) => c.author.id)).toEqual([GIVER.id]);
  });
});
