/**
 * End to end through Microsoft 365 Agents Playground: a colleague's suggestion in the group chat
 * becomes an idea with "Save as idea" — `composeExtension/fetchTask` opens the prefilled form,
 * `composeExtension/submitAction` stores it — and the idea is found in Cosmos, credited to its
 * author, while the giver gets the confirmation card in their personal chat with the bot (sent
 * through the outbox).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Idea } from '../../bot/src/domain/idea';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { startPlaygroundFixture, type PlaygroundFixture } from '../helpers/playground';

type Json = Record<string, unknown>;

/** The demo tenant and first coach, read from the same file Playground reads. */
const playgroundYaml = parse(readFileSync(path.join(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8')) as {
  tenantId: string;
  users: Array<{ aadObjectId: string }>;
};

let app: TestApp;
let fx: PlaygroundFixture;

beforeAll(async () => {
  app = await startTestApp({
    DEFAULT_TENANT_ID: playgroundYaml.tenantId,
    DEFAULT_COACH_IDS: playgroundYaml.users[0]!.aadObjectId,
    OUTBOX_POLL_MS: '0',
  });
  fx = await startPlaygroundFixture({ botEndpoint: `${app.url}/api/messages` });
}, 120_000);

afterAll(async () => {
  await fx?.stop();
  await app?.close();
});

function cardOf(result: Json): Json {
  const task = result['task'] as { type: string; value: { card: { content: Json } } };
  expect(task.type).toBe('continue');
  validateCard(task.value.card.content);
  return task.value.card.content;
}

function inputsOf(card: Json): Map<string, Json> {
  const found = new Map<string, Json>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Json;
    if (typeof element['id'] === 'string' && String(element['type']).startsWith('Input.')) found.set(element['id'], element);
    for (const key of ['body', 'items', 'columns']) visit(element[key]);
  };
  visit(card['body']);
  return found;
}

it('turns a colleague’s group-chat message into an idea, credited to them, and confirms to the giver', async () => {
  const giver = fx.config.currentUser;
  const author = fx.user('Erik Johansson');
  const mentioned = fx.user('Åsa Öberg');
  // The giver has the app in their personal chat (how the bot can confirm there).
  await fx.install(fx.config.personalChat.id);
  const mark = fx.activities().length;

  const link = `https://teams.microsoft.com/l/message/${encodeURIComponent(fx.config.groupChat.id)}/1712345678901`;
  // Teams sends the message with both invokes; the credit is taken from it on submit too.
  const messagePayload = {
    id: '1712345678901',
    linkToMessage: link,
    from: { user: { id: author.aadObjectId, displayName: author.name } },
    body: {
      contentType: 'html',
      content: `<p>Good morning! Let the library lend out e-bikes. <at id="0">Åsa</at> has a contact at the bike shop.</p>`,
    },
    mentions: [{ id: 0, mentionText: 'Åsa', mentioned: { user: { id: mentioned.aadObjectId, displayName: mentioned.name } } }],
  };
  const fetched = await fx.invoke({
    name: 'composeExtension/fetchTask',
    conversation: { id: fx.config.groupChat.id },
    value: { commandId: 'createIdea', commandContext: 'message', messagePayload },
  });
  const card = cardOf(fetched);
  const inputs = inputsOf(card);
  expect(inputs.get('title')?.['value']).toBe('Let the library lend out e-bikes');
  expect(inputs.get('idea')?.['value']).toBe('Good morning! Let the library lend out e-bikes. Åsa Öberg has a contact at the bike shop.');
  expect(JSON.stringify(card)).toContain('Erik Johansson wrote the message and is credited as the originator of the idea.');

  const submitData = ((card['actions'] as Json[])[0]!['data'] as Json) ?? {};
  const submitted = await fx.invoke({
    name: 'composeExtension/submitAction',
    conversation: { id: fx.config.groupChat.id },
    value: {
      commandId: 'createIdea',
      commandContext: 'message',
      messagePayload,
      data: {
        ...submitData,
        title: inputs.get('title')?.['value'],
        idea: inputs.get('idea')?.['value'],
        need: 'Staff and residents lack cheap transport for short trips.',
        beneficiaries: 'residents,staff',
        department: 'Kultur- och fritidsförvaltningen',
      },
    },
  });
  const message = (submitted['task'] as { type: string; value: string }).value;
  expect(message).toMatch(/^Thank you! Idea #\d+ was sent to /);

  const sluice = await app.services.ideas.sluiceFor(fx.config.tenantId);
  const ideas: Idea[] = [];
  for await (const idea of app.storage.ideas.all(sluice!.value.id)) ideas.push(idea);
  expect(ideas).toHaveLength(1);
  expect(ideas[0]).toMatchObject({
    title: 'Let the library lend out e-bikes',
    source: 'message',
    department: 'Kultur- och fritidsförvaltningen',
    giver: { id: giver.aadObjectId, name: giver.name, tenantId: fx.config.tenantId, locale: 'en' },
    origin: { name: author.name, id: author.aadObjectId, messageLink: link },
  });
  expect(message).toContain(`#${ideas[0]!.number}`);

  // The receipt goes through the outbox (paused here): one round sends it.
  await app.services.notifications.runOnce();
  const confirmation = await fx.waitForActivity(
    (a, i) => i >= mark && a.conversation?.id === fx.config.personalChat.id && (a.attachments?.length ?? 0) > 0,
  );
  const confirmationCard = confirmation.attachments![0]!.content as Json;
  validateCard(confirmationCard);
  // The chat capture's receipt card; the title is escaped for Teams markdown ("e\\-bikes").
  const heading = (confirmationCard['body'] as Json[])[0]!['text'];
  expect(heading).toBe(`Idea #${ideas[0]!.number}: Let the library lend out e\\-bikes`);
});

it('from the message box: an empty form, and on request a "sent" card for the conversation', async () => {
  const fetched = await fx.invoke({
    name: 'composeExtension/fetchTask',
    conversation: { id: fx.config.groupChat.id },
    value: { commandId: 'createIdea', commandContext: 'compose' },
  });
  const card = cardOf(fetched);
  const inputs = inputsOf(card);
  expect(inputs.get('title')?.['value']).toBe('');
  expect(inputs.get('share')?.['type']).toBe('Input.Toggle');

  const submitData = ((card['actions'] as Json[])[0]!['data'] as Json) ?? {};
  const submitted = await fx.invoke({
    name: 'composeExtension/submitAction',
    conversation: { id: fx.config.groupChat.id },
    value: {
      commandId: 'createIdea',
      commandContext: 'compose',
      data: {
        ...submitData,
        title: 'Shared calendar for meeting rooms',
        need: 'Rooms are double-booked',
        idea: 'One calendar for all rooms',
        beneficiaries: 'staff',
        department: 'Kommunledningskontoret',
        share: 'true',
      },
    },
  });
  const result = submitted['composeExtension'] as { type: string; attachments: Array<{ content: Json }> };
  expect(result.type).toBe('result');
  const shared = result.attachments[0]!.content;
  validateCard(shared);

  const sluice = await app.services.ideas.sluiceFor(fx.config.tenantId);
  const ideas: Idea[] = [];
  for await (const idea of app.storage.ideas.all(sluice!.value.id)) ideas.push(idea);
  const stored = ideas.find((i) => i.title === 'Shared calendar for meeting rooms');
  expect(stored).toMatchObject({ source: 'message', giver: { id: fx.config.currentUser.aadObjectId } });
  expect(stored?.origin).toBeUndefined();
  expect((shared['body'] as Json[])[0]!['text']).toBe(`Idea #${stored!.number} sent to Idéslussen`);
});
