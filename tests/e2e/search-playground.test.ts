/**
 * "Sök idéer" and link previews end to end through Microsoft 365 Agents Playground, the way its page
 * does them (read from the page's own code in the Playground package): typing in the message
 * extension's search box sends `composeExtension/query` through Playground's `POST
 * /_conversation/v1/invoke` with `{ commandId, parameters: [{ name, value }], queryOptions, commandContext,
 * context }`; the page lists each result by its thumbnail preview and, when one is picked, sends the
 * attachment itself into the conversation. Its "link unfurling" dialog sends `composeExtension/queryLink`
 * with `{ url }` and sends the answer's first attachment into the conversation.
 *
 * Playground forwards each invoke to the bot (with the sender, tenant and channel as Teams gives them) and
 * returns the bot's `composeExtension` answer. The test checks that answer against the shape the page
 * accepts, parses every card with the official Adaptive Cards parser, inserts the picked card into the group
 * chat as the page does (Playground accepts it), then pastes that card's "Open in Idéslussen" link and gets
 * the same idea's card as its preview.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as AC from 'adaptivecards';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Idea } from '../../bot/src/domain/idea';
import { OPEN_ACTION_ID } from '../../bot/src/teams/deep-links';
import { SEARCH_IDEAS_COMMAND, SEARCH_PARAMETER } from '../../bot/src/teams/search/search-ideas';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { startPlaygroundFixture, type PlaygroundFixture } from '../helpers/playground';

/** This suite's own Playground port (not the demo's 56150, so it can run beside `npm start`). */
const PLAYGROUND_PORT = 43310;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';
const HERO = 'application/vnd.microsoft.card.hero';

/**
 * What Playground's page accepts as a search or link-preview answer (its own zod schema for
 * `composeExtension` results, restated): anything else it rejects as an invalid response.
 */
const pageResultSchema = z.object({
  type: z.literal('result'),
  attachmentLayout: z.enum(['list', 'grid']).optional(),
  attachments: z.array(
    z.object({
      contentType: z.enum([ADAPTIVE, HERO, THUMBNAIL, 'application/vnd.microsoft.card.o365connector']),
      content: z.object({}).passthrough(),
      preview: z
        .union([
          z.object({ contentType: z.literal(HERO), content: z.object({ title: z.string().optional(), text: z.string().optional() }) }),
          z.object({ contentType: z.literal(THUMBNAIL), content: z.object({}).passthrough() }),
        ])
        .optional()
        .nullable(),
    }),
  ),
});
type PageResult = z.infer<typeof pageResultSchema>;
type Attachment = PageResult['attachments'][number];

const playgroundYaml = parse(readFileSync(path.join(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8')) as {
  tenantId: string;
  users: Array<{ aadObjectId: string }>;
};

let app: TestApp;
let fx: PlaygroundFixture;
let swim: Idea;
let lights: Idea;

async function submit(title: string, need: string, idea: string, giver: { id: string; name: string }): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...giver, tenantId: playgroundYaml.tenantId, locale: 'sv', department: 'Kultur- och fritidsförvaltningen' },
    text: { title, need, idea, beneficiaries: ['residents'], department: 'Kultur- och fritidsförvaltningen' },
    source: 'chat',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

beforeAll(async () => {
  app = await startTestApp({
    DEFAULT_TENANT_ID: playgroundYaml.tenantId,
    DEFAULT_COACH_IDS: playgroundYaml.users[0]!.aadObjectId,
    OUTBOX_POLL_MS: '0',
  });
  fx = await startPlaygroundFixture({ botEndpoint: `${app.url}/api/messages`, port: PLAYGROUND_PORT });
  const anna = fx.config.currentUser;
  const erik = fx.user('Erik Johansson');
  swim = await submit(
    'Påminn föräldrar om simskolan',
    'Barn missar simskolan för att föräldrarna glömmer.',
    'Sms dagen före simlektionen.',
    { id: anna.aadObjectId, name: anna.name },
  );
  lights = await submit('Ljus i gångtunnlarna', 'Tunnlarna är mörka på kvällen.', 'Rörelsestyrd belysning.', {
    id: erik.aadObjectId,
    name: erik.name,
  });
  await app.services.similar.refresh();
}, 120_000);

afterAll(async () => {
  await fx?.stop();
  await app?.close();
});

/** Types words in the search box of `conversationId`'s compose area, as the page sends them. */
async function search(conversationId: string, words: string): Promise<PageResult | { type: 'message'; text: string }> {
  const answer = await fx.invoke({
    name: 'composeExtension/query',
    conversation: { id: conversationId },
    value: {
      commandId: SEARCH_IDEAS_COMMAND,
      parameters: [{ name: SEARCH_PARAMETER, value: words }],
      queryOptions: { skip: 0, count: 25 },
      commandContext: 'compose',
      context: { theme: 'default' },
    },
  });
  const extension = answer['composeExtension'] as { type: string };
  if (extension.type === 'message') return z.object({ type: z.literal('message'), text: z.string() }).parse(extension);
  return pageResultSchema.parse(extension);
}

/** Pastes `url` in the page's link-unfurling dialog of `conversationId`. */
async function pasteLink(conversationId: string, url: string): Promise<PageResult> {
  const answer = await fx.invoke({ name: 'composeExtension/queryLink', conversation: { id: conversationId }, value: { url } });
  return pageResultSchema.parse(answer['composeExtension']);
}

/** The card's "Open in Idéslussen" link, after the official parser has read the card. */
function openLink(attachment: Attachment): string {
  expect(attachment.contentType).toBe(ADAPTIVE);
  const action = validateCard(attachment.content).getActionById(OPEN_ACTION_ID);
  if (!(action instanceof AC.OpenUrlAction) || !action.url) throw new Error('The card has no "Open in Idéslussen"');
  return action.url;
}

/** The tab view and idea a local link (the tab's own address, as `npm start` has no Teams app id) opens. */
function opens(url: string): { view: string; idea: string | null } {
  const parsed = new URL(url);
  expect(`${parsed.origin}${parsed.pathname}`).toBe(`${app.url}/tab/index.html`);
  const [view = '', query = ''] = parsed.hash.replace(/^#\//, '').split('?', 2);
  return { view, idea: new URLSearchParams(query).get('idea') };
}

it('finds ideas for a few words in the group chat, inserts the picked one, and previews its pasted link', async () => {
  const chat = fx.config.groupChat.id;
  const found = await search(chat, 'simskola');
  if (found.type !== 'result') throw new Error(`Expected results, got "${found.text}"`);
  expect(found.attachmentLayout).toBe('list');
  // The page lists results by their previews only: every one has a thumbnail.
  for (const a of found.attachments) expect(a.preview?.contentType).toBe(THUMBNAIL);
  const picked = found.attachments[0]!;
  expect(picked.preview?.content).toMatchObject({ title: `#${swim.number} Påminn föräldrar om simskolan` });
  // Playground speaks en-US, so the card is in English; it names the idea, not its giver.
  expect(JSON.stringify(picked.content)).toContain(`Idea #${swim.number}`);
  expect(JSON.stringify(picked.content)).toContain('Barn missar simskolan');
  expect(JSON.stringify(picked.content)).not.toContain(fx.config.currentUser.name);
  const link = openLink(picked);
  expect(opens(link)).toEqual({ view: 'mine', idea: swim.id });
  expect(found.attachments.map((a) => opens(openLink(a)).idea)).not.toContain(lights.id);

  // Picking it puts the card in the compose box; sending it is an ordinary message with the card, which
  // Playground checks as it checks every card a message carries (the page keeps its own copy to show).
  const sent = await fetch(`${fx.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: { id: fx.config.currentUser.id },
      attachments: [{ contentType: picked.contentType, content: picked.content }],
      attachmentLayout: 'list',
    }),
  });
  expect(sent.status).toBe(200);
  expect(((await sent.json()) as { messageId?: unknown }).messageId).toEqual(expect.any(String));

  // A colleague pastes the card's link in the chat: Teams asks the bot for the preview.
  const preview = await pasteLink(chat, link);
  expect(preview.attachments).toHaveLength(1);
  expect(opens(openLink(preview.attachments[0]!))).toEqual({ view: 'mine', idea: swim.id });
  expect(JSON.stringify(preview.attachments[0]!.content)).toContain('Barn missar simskolan');
});

it('finds an idea by its number and links a card found in a channel to the team tab', async () => {
  const channel = fx.config.channels[0]!.id;
  const found = await search(channel, `#${lights.number}`);
  if (found.type !== 'result') throw new Error(`Expected results, got "${found.text}"`);
  expect(opens(openLink(found.attachments[0]!))).toEqual({ view: 'board', idea: lights.id });
  // The same link pasted back is previewed in the channel too.
  const preview = await pasteLink(channel, openLink(found.attachments[0]!));
  expect(opens(openLink(preview.attachments[0]!)).idea).toBe(lights.id);
});

it('says so when nothing matches, and gives no preview for a link that names no idea of the sluice', async () => {
  const chat = fx.config.groupChat.id;
  const none = await search(chat, 'helikopterplatta');
  expect(none).toEqual({ type: 'message', text: expect.stringContaining('No ideas in') as unknown });
  for (const url of [
    `${app.url}/tab/index.html#/mine?idea=no-such-idea`,
    `${app.url}/tab/index.html#/board`,
    `http://127.0.0.2:1/tab/index.html#/mine?idea=${swim.id}`,
  ]) {
    expect((await pasteLink(chat, url)).attachments).toEqual([]);
  }
});
