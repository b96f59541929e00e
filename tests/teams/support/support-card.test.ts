/**
 * "Jag stödjer idén" on the card the message extension shares into a conversation, through the bot
 * endpoint (adaptiveCard/action) and the embedded Cosmos: a colleague supports once however often
 * the button is pressed or the invoke redelivered, the giver is told they cannot, and every card
 * answered passes the official Adaptive Cards parser.
 */
import { CosmosSupportRepository } from '../../../bot/src/adapters/cosmos/support-repository';
import type { Idea } from '../../../bot/src/domain/idea';
import type { Sluice } from '../../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT } from '../../../bot/src/local/activities';
import { renderIdeaSharedCard } from '../../../bot/src/teams/cards/idea-shared-card';
import { COMMENT_VERB, INPUT_IDS, SUPPORT_REFRESH_VERB, SUPPORT_VERB } from '../../../bot/src/teams/coach/verbs';
import { validateCard } from '../../helpers/cards';
import { actionData, answeredCard, startCoachFixture, textOf, verbsOf, type CoachFixture } from '../coach/fixture';

const COLLEAGUE = { id: '61e00000-0000-4000-8000-0000000000d1', name: 'Lena Sjöberg' };
const READER = { id: '61e00000-0000-4000-8000-0000000000d2', name: 'Per Ek' };

let fx: CoachFixture;
let idea: Idea;

beforeAll(async () => {
  fx = await startCoachFixture();
  idea = await fx.submit(GIVER, 'Påminn om simskolan');
});
afterAll(() => fx?.close());

/** Who supports the idea, as stored in the participation container. */
async function supporters(): Promise<number> {
  return (await new CosmosSupportRepository(fx.app.storage.containers.participation).supporters(idea.sluiceId, idea.id)).length;
}

async function sluice(): Promise<Sluice> {
  return (await fx.app.services.ideas.sluiceFor(TENANT))!.value;
}

describe('"Jag stödjer idén" on the shared idea card', () => {
  it('carries the button, with the idea named in its data', async () => {
    const card = renderIdeaSharedCard('sv', idea, await sluice());
    validateCard(card);
    expect(verbsOf(card)).toEqual([SUPPORT_VERB, COMMENT_VERB]);
    expect(actionData(card, SUPPORT_VERB)).toEqual({ ideaId: idea.id, sluiceId: idea.sluiceId });
  });

  it('counts a colleague once however often they press it, and answers with the count', async () => {
    const data = { ideaId: idea.id, sluiceId: idea.sluiceId };
    const answers = await Promise.all(Array.from({ length: 5 }, () => fx.click(COLLEAGUE, SUPPORT_VERB, data)));
    for (const a of answers) expect(textOf(answeredCard(a))).toContain('Du stödjer idén. 1 stödjer den.');
    const coach = answeredCard(await fx.click(COACH, SUPPORT_VERB, data));
    expect(textOf(coach)).toContain('Du stödjer idén. 2 stödjer den.');
    expect(await supporters()).toBe(2);
  });

  it('tells the giver they cannot support their own idea, and stores nothing', async () => {
    const before = await supporters();
    const card = answeredCard(await fx.click(GIVER, SUPPORT_VERB, { ideaId: idea.id, sluiceId: idea.sluiceId }));
    expect(textOf(card)).toContain('Det här är din egen idé');
    expect(await supporters()).toBe(before);
  });

  it('refreshes for every viewer with the count as it is now (the bot cannot update a card someone else posted)', async () => {
    const card = renderIdeaSharedCard('sv', idea, await sluice());
    const refresh = card['refresh'] as { action: Record<string, unknown>; userIds?: unknown };
    expect(refresh.action).toMatchObject({
      type: 'Action.Execute',
      verb: SUPPORT_REFRESH_VERB,
      data: { ideaId: idea.id, sluiceId: idea.sluiceId },
    });
    // No userIds: Teams refreshes it for everyone who views it in a conversation of up to 60 people.
    expect(refresh).not.toHaveProperty('userIds');
    const data = { ideaId: idea.id, sluiceId: idea.sluiceId };
    const count = await supporters();
    expect(count).toBeGreaterThan(0);
    const reader = answeredCard(await fx.click(READER, SUPPORT_REFRESH_VERB, data));
    validateCard(reader);
    expect(textOf(reader)).toContain(`${count} stödjer idén.`);
    expect(textOf(reader)).not.toContain('Du stödjer');
    expect(verbsOf(reader)).toEqual([SUPPORT_VERB, COMMENT_VERB]);
    const colleague = answeredCard(await fx.click(COLLEAGUE, SUPPORT_REFRESH_VERB, data));
    expect(textOf(colleague)).toContain(`Du stödjer idén. ${count} stödjer den.`);
    const giver = answeredCard(await fx.click(GIVER, SUPPORT_REFRESH_VERB, data));
    expect(textOf(giver)).toContain('Det här är din egen idé');
    // A refresh supports nothing; the next support shows on the next refresh.
    expect(await supporters()).toBe(count);
    await fx.click(READER, SUPPORT_VERB, data);
    expect(textOf(answeredCard(await fx.click(COLLEAGUE, SUPPORT_REFRESH_VERB, data)))).toContain(`${count + 1} stödjer den.`);
  });

  it('refuses an idea id of the wrong format and a person of another organisation', async () => {
    const bad = await fx.click(COLLEAGUE, SUPPORT_VERB, { ideaId: '../x', sluiceId: idea.sluiceId });
    expect(bad.statusCode).toBe(400);
    const other = await fx.click(
      COLLEAGUE,
      SUPPORT_VERB,
      { ideaId: idea.id, sluiceId: idea.sluiceId },
      { tenantId: '77777777-7777-4777-8777-777777777777' },
    );
    expect(other.statusCode).toBe(403);
  });
});

describe('Kommentera on the shared idea card', () => {
  const GROUP = '19:group-chat-kommentera@thread.v2';

  async function comments(): Promise<Array<[string, string]>> {
    const listed = await fx.app.services.comments.list(
      { person: { ...COACH, tenantId: TENANT }, sluiceId: idea.sluiceId, isCoach: true },
      idea.id,
    );
    return listed.ok ? listed.comments.map((c) => [c.author.id, c.text]) : [];
  }

  /** The card's Kommentera: its text field and the data its submit sends. */
  function commentAction(card: Record<string, unknown>): { input: Record<string, unknown>; data: Record<string, unknown> } {
    const show = (card['actions'] as Array<Record<string, unknown>>).find((a) => a['type'] === 'Action.ShowCard');
    expect(show?.['title']).toBe('Kommentera');
    return { input: (show!['card'] as { body: Array<Record<string, unknown>> }).body[0]!, data: actionData(card, COMMENT_VERB) };
  }

  it('lets anyone reading it comment: one comment however often the submit arrives, answered with the card', async () => {
    const card = renderIdeaSharedCard('sv', idea, await sluice());
    validateCard(card);
    const { input, data } = commentAction(card);
    expect(input).toMatchObject({ type: 'Input.Text', id: INPUT_IDS.newComment, isRequired: true, maxLength: 2000 });
    expect(data).toMatchObject({ ideaId: idea.id, sluiceId: idea.sluiceId, card: 'shared', commentKey: expect.any(String) });
    // The same card rendered again (a refresh, another reader) carries the same key.
    expect(commentAction(renderIdeaSharedCard('sv', idea, await sluice(), 'Rad')).data['commentKey']).toBe(data['commentKey']);

    const before = (await comments()).length;
    const text = 'Vi gör **samma** sak på [Tekniska](https://evil.example)';
    const answers = await Promise.all(
      [1, 2, 3].map(() => fx.click(READER, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: text }, { conversationId: GROUP })),
    );
    const [first, ...repeats] = answers.map(answeredCard);
    validateCard(first!);
    expect(textOf(first!)).toContain('Din kommentar är sparad');
    for (const repeat of repeats) expect(repeat).toEqual(first);
    expect((await comments()).slice(before)).toEqual([[READER.id, text]]);
    // The answer is the shared card again, its key following the comment saved.
    expect(verbsOf(first!)).toEqual([SUPPORT_VERB, COMMENT_VERB]);
    expect(commentAction(first!).data['commentKey']).not.toBe(data['commentKey']);
  });

  it('answers whitespace and a person of another organisation clearly, and stores nothing', async () => {
    const { data } = commentAction(renderIdeaSharedCard('sv', idea, await sluice()));
    const before = (await comments()).length;
    const blank = answeredCard(await fx.click(READER, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: '   ' }, { conversationId: GROUP }));
    validateCard(blank);
    expect(textOf(blank)).toContain('Kommentaren måste innehålla text');
    const foreign = await fx.click(
      READER,
      COMMENT_VERB,
      { ...data, [INPUT_IDS.newComment]: 'Hej' },
      { conversationId: GROUP, tenantId: '77777777-7777-4777-8777-777777777777' },
    );
    expect(foreign.statusCode).toBe(403);
    expect(await comments()).toHaveLength(before);
  });
});
