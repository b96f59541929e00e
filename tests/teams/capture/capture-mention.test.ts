/**
 * An @mention of the bot in a channel or group chat starts capture; the questions continue in
 * the giver's personal chat (through the stored reference, or a conversation the bot creates),
 * or the bot explains how to install it personally when it cannot reach them.
 */
import { userKey } from '../../../bot/src/domain/conversations';
import { TENANT } from '../../../bot/src/local/activities';
import { actionData, Chat, ideasOf, newUser, startCaptureApp, textsOf, type CaptureApp } from './capture-app';

let app: CaptureApp;
beforeAll(async () => (app = await startCaptureApp()));
afterAll(() => app?.close());

const CHANNEL = '19:idetorget@thread.tacv2;messageid=1700000000000';
const GROUP = '19:idegruppen@thread.v2';

function people(locale = 'sv-SE') {
  const user = newUser('Erik Johansson');
  return {
    user,
    personal: new Chat(() => app, { user, locale }),
    channel: new Chat(() => app, { user, locale, conversationType: 'channel', conversationId: CHANNEL }),
    group: new Chat(() => app, { user, locale, conversationType: 'groupChat', conversationId: GROUP }),
  };
}

describe('an @mention in a channel', () => {
  it('continues in the personal chat the bot already has, and the idea remembers it came from a mention', async () => {
    const { user, personal, channel } = people();
    await personal.say('hjälp'); // the bot now knows the personal chat
    const turn = await channel.say('Vi borde ha lånecyklar vid stadshuset', { mentionBot: true });
    const toPersonal = turn.sent.filter((s) => s.conversationId === `a:personal-${user.id}`);
    const inChannel = turn.sent.filter((s) => s.conversationId === CHANNEL);
    expect(turn.created).toHaveLength(0);
    expect(toPersonal).toHaveLength(1);
    expect(toPersonal[0]?.text).toContain('Du nämnde mig i en chatt');
    expect(toPersonal[0]?.text).toContain('inte anonymt');
    expect(toPersonal[0]?.text).toContain('Vilket behov eller problem');
    expect(inChannel.map((s) => s.text)).toEqual(['Jag har skrivit till dig i vår privata chatt – där fortsätter vi med din idé.']);

    await personal.say('Många går till fots');
    await personal.say('invånare');
    const summary = await personal.say('Stadsbyggnad');
    const card = summary.cards[0] ?? {};
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Vi borde ha lånecyklar vid stadshuset', 'Stadsbyggnad']));
    await personal.click(actionData(card, 'Skicka in'));
    expect(await ideasOf(app, user.id)).toEqual([
      expect.objectContaining({ source: 'mention', idea: 'Vi borde ha lånecyklar vid stadshuset' }),
    ]);
  });

  it('asks in the personal chat before replacing a draft in progress', async () => {
    const { user, personal, channel } = people();
    await personal.say('ny idé');
    await personal.say('Cykelpool');
    const turn = await channel.say('idé: Något helt annat', { mentionBot: true });
    const toPersonal = turn.sent.find((s) => s.conversationId === `a:personal-${user.id}`);
    expect(toPersonal?.text).toContain('Du har redan en påbörjad idé: ”Cykelpool”');
    const fresh = await personal.say('ja');
    expect(fresh.text).toContain('Tack! Jag har sparat det du skrev');
  });

  it('sends "mina idéer" to the personal chat, and shows help in the channel itself', async () => {
    const { user, personal, channel } = people();
    await personal.say('hjälp');
    const mine = await channel.say('mina idéer', { mentionBot: true });
    expect(mine.sent.find((s) => s.conversationId === `a:personal-${user.id}`)?.text).toContain('Du har inte lämnat någon idé ännu');
    expect(mine.sent.find((s) => s.conversationId === CHANNEL)?.text).toContain('Jag har skickat listan till dig i vår privata chatt');
    const help = await channel.say('hjälp', { mentionBot: true });
    expect(help.sent).toHaveLength(1);
    expect(help.sent[0]?.conversationId).toBe(CHANNEL);
    expect(JSON.stringify(help.cards[0])).toContain('Det här kan jag');
  });
});

describe('an @mention in a group chat', () => {
  it('creates the personal chat when the bot has none, and remembers it', async () => {
    const { user, group, personal } = people('en-US');
    const turn = await group.say('idea: Shared e-bikes\nFor home care staff', { mentionBot: true });
    expect(turn.created).toHaveLength(1);
    expect(turn.created[0]).toMatchObject({ isGroup: false, tenantId: TENANT, members: [{ id: user.id }] });
    const toPersonal = turn.sent.find((s) => s.conversationId === `a:personal-${user.id}`);
    expect(toPersonal?.text).toContain('You mentioned me in a chat');
    expect(toPersonal?.text).toContain('What need or problem');
    expect(turn.sent.find((s) => s.conversationId === GROUP)?.text).toContain("I've written to you in our private chat");
    const stored = await app.storage.conversations.get(userKey(TENANT, user.id));
    expect(stored?.reference).toMatchObject({ conversation: { id: `a:personal-${user.id}` } });
    expect((await personal.say('Too few cars')).cards).toHaveLength(1);
  });

  it('explains how to install the app personally when the bot cannot reach the giver, and keeps no draft', async () => {
    const { group, personal } = people();
    app.connector.failNext(403);
    const turn = await group.say('idé: Bättre skyltning', { mentionBot: true });
    expect(turn.sent).toHaveLength(1);
    expect(turn.sent[0]?.conversationId).toBe(GROUP);
    expect(turn.text).toContain('Jag kan inte skriva till dig privat ännu');
    expect(turn.text).toContain('**Appar**');
    expect((await personal.say('Behov')).text).toContain('Jag är inte säker på vad du menar');
  });

  it('falls back to creating the chat when the stored one is gone', async () => {
    const { user, personal, group } = people();
    await personal.say('hjälp');
    app.connector.failNext(403);
    const turn = await group.say('ny idé', { mentionBot: true });
    expect(turn.created).toHaveLength(1);
    const toPersonal = turn.sent.find((s) => s.conversationId === `a:personal-${user.id}`);
    expect(toPersonal?.text).toContain('Vad vill du kalla idén?');
    expect((await app.storage.conversations.get(userKey(TENANT, user.id)))?.staleSince).toBeUndefined();
  });

  it('cancels the draft in progress with "@Idéslussen avbryt"', async () => {
    const { personal, group } = people();
    await personal.say('ny idé');
    await personal.say('Cykelpool');
    const cancelled = await group.say('avbryt', { mentionBot: true });
    expect(cancelled.sent.map((s) => s.conversationId)).toEqual([GROUP]);
    expect(cancelled.text).toContain('Okej, jag har avbrutit');
    expect((await personal.say('Behov')).text).toContain('Jag är inte säker på vad du menar');
    expect((await group.say('avbryt', { mentionBot: true })).text).toContain('Det finns inget att avbryta');
  });

  it('leaves an empty mention to the general answer', async () => {
    const { group } = people();
    const turn = await group.say('', { mentionBot: true });
    expect(turn.sent).toHaveLength(1);
    expect(turn.sent[0]?.conversationId).toBe(GROUP);
    expect(turn.text).toContain('Jag är inte säker på vad du menar');
  });
});
