/**
 * Both sides of Teams in the local demo (`npm start`): two Agents Playgrounds in front of one
 * server, as scripts/start-local.mjs starts them — the first speaks as the giver Anna Lindqvist
 * (.m365agentsplayground.yml), the second as the idea coach Karin Berg
 * (.m365agentsplayground.coach.yml). Each person's cards must reach their own Playground: the task
 * card Karin's, the news of her decision Anna's. Every card is validated with the Adaptive Cards
 * parser.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { startPlaygroundFixture, type PlaygroundFixture } from '../helpers/playground';
import { actionData, textOf } from '../teams/coach/fixture';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
const KARIN = '00000000-0000-0000-0000-0000000000c1';

let app: TestApp;
let giverSide: PlaygroundFixture;
let coachSide: PlaygroundFixture;

beforeAll(async () => {
  app = await startTestApp({
    DEFAULT_TENANT_ID: TENANT_ID,
    DEFAULT_COACH_IDS: KARIN,
    DEFAULT_SLUICE_NAME: 'Idéslussen',
    OUTBOX_POLL_MS: '100',
    LOCALE_OVERRIDE: 'sv-SE',
  });
  const botEndpoint = `${app.url}/api/messages`;
  [giverSide, coachSide] = await Promise.all([
    startPlaygroundFixture({ botEndpoint }),
    startPlaygroundFixture({ botEndpoint, configPath: '.m365agentsplayground.coach.yml' }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all([giverSide?.stop(), coachSide?.stop()]);
  await app?.close();
});

function cardIn(activity: Activity): Record<string, unknown> {
  const card = activity.attachments?.find((a) => a.contentType === ADAPTIVE)?.content as Record<string, unknown> | undefined;
  if (!card) throw new Error(`no card in ${JSON.stringify(activity)}`);
  validateCard(card);
  return card;
}

const hasCard = (a: Activity, text: string): boolean =>
  a.attachments?.[0]?.contentType === ADAPTIVE && textOf(a.attachments[0].content as Record<string, unknown>).includes(text);

it('the coach config is the same demo tenant, spoken by the sluice coach', () => {
  expect(coachSide.config.currentUser).toMatchObject({ aadObjectId: KARIN, name: 'Karin Berg' });
  expect(coachSide.config.tenantId).toBe(giverSide.config.tenantId);
  expect(giverSide.config.currentUser.name).toBe('Anna Lindqvist');
  expect(coachSide.config.personalChat.id).not.toBe(giverSide.config.personalChat.id);
});

it("sends the task card to the coach's Playground and the news to the giver's", async () => {
  const anna = giverSide.config.currentUser;
  // Each opens their personal chat, as a person opening each page does; both get the welcome card.
  await Promise.all([giverSide.install(giverSide.config.personalChat.id), coachSide.install(coachSide.config.personalChat.id)]);
  await coachSide.waitForActivity((a) => hasCard(a, 'Välkommen till'));
  await giverSide.waitForActivity((a) => hasCard(a, 'Välkommen till'));

  const title = 'Gemensam bilpool för hemtjänsten';
  const coachMark = coachSide.activities().length;
  const giverMark = giverSide.activities().length;
  const submitted = await app.services.ideas.submit({
    giver: { id: anna.aadObjectId, tenantId: TENANT_ID, name: anna.name, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title,
      need: 'Bilarna står still på kvällarna medan andra grupper saknar bil.',
      idea: 'Låt grupperna boka varandras bilar i en gemensam kalender.',
      beneficiaries: ['staff'],
      department: 'Socialförvaltningen',
    },
    source: 'chat',
    idempotencyKey: randomUUID(),
  });
  if (!submitted.ok) throw new Error('submit failed');

  const task = await coachSide.waitForActivity((a, i) => i >= coachMark && hasCard(a, title));
  expect(task.conversation.id).toBe(coachSide.config.personalChat.id);
  const taskCard = cardIn(task);
  expect(textOf(taskCard)).toContain('Ny idé #');
  // Nothing of the coach's task reached the giver's Playground.
  expect(
    giverSide
      .activities()
      .slice(giverMark)
      .filter((a) => hasCard(a, 'Ny idé #')),
  ).toEqual([]);

  // Karin takes the idea from her own Playground; Anna hears of it in hers.
  const answer = await coachSide.invoke({
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'idea.take', data: actionData(taskCard, 'idea.take') }, trigger: 'manual' },
    conversation: { id: coachSide.config.personalChat.id },
    replyToId: task.id ?? '',
  });
  expect(answer['type']).toBe(ADAPTIVE);
  validateCard(answer['value'] as Record<string, unknown>);
  const news = await giverSide.waitForActivity((a, i) => i >= giverMark && hasCard(a, 'Karin Berg är din idécoach'));
  expect(news.conversation.id).toBe(giverSide.config.personalChat.id);
  cardIn(news);
  expect((await app.services.ideas.get('default', submitted.idea.id))?.value.stage).toBe('screening');
});
