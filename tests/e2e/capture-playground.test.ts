/**
 * End to end through Microsoft 365 Agents Playground, with the server as `npm start` runs it
 * (Playground's tenant has the default sluice; Swedish forced, since Playground always says en-US):
 *
 * 1. Anna captures an idea in Playground's own page, in headless Chromium: she starts with the
 *    welcome card's buttons, types in the message box and ticks and clicks the cards, and the page shows the summary turned into
 *    "Inskickad som #N" and the receipt. With UPDATE_SCREENSHOTS=1 the page is saved as the
 *    README's docs/images/playground-capture.png.
 * 2. Through Playground's API: she captures another idea; in the middle of the dialog the server
 *    is stopped and a new one started on the same data folder and port; she finishes (clicking
 *    the cards as the page does, `POST /_conversation/v1/submit`) and the idea is in Cosmos.
 *
 * Every card the bot sent through Playground is validated with the Adaptive Cards parser.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { parse } from 'yaml';
import type { Idea } from '../../bot/src/domain/idea';
import { launchLocalChromium } from '../../scripts/chromium.cjs';
import { validateCard } from '../helpers/cards';
import { startPlaygroundFixture, type PlaygroundFixture } from '../helpers/playground';
import { ADAPTIVE_CARD, startCaptureApp, type CaptureApp } from '../teams/capture/capture-app';

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'docs', 'images', 'playground-capture.png');

const playgroundYaml = parse(readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8')) as {
  tenantId: string;
  users: Array<{ aadObjectId: string }>;
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-e2e-capture-'));
let app: CaptureApp;
let pg: PlaygroundFixture;

function startServer(port?: number): Promise<CaptureApp> {
  return startCaptureApp({
    dataDir,
    ...(port !== undefined ? { port } : {}),
    env: {
      DEFAULT_TENANT_ID: playgroundYaml.tenantId,
      DEFAULT_COACH_IDS: playgroundYaml.users[0]?.aadObjectId ?? '',
      LOCALE_OVERRIDE: 'sv-SE',
    },
  });
}

beforeAll(async () => {
  app = await startServer();
  pg = await startPlaygroundFixture({ botEndpoint: `${app.url}/api/messages` });
});

afterAll(async () => {
  await pg?.stop();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function storedIdea(title: string): Promise<Idea | undefined> {
  for await (const idea of app.storage.ideas.all('default')) if (idea.title === title) return idea;
  return undefined;
}

function cardOf(activity: Activity): Record<string, unknown> {
  const card = activity.attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content as Record<string, unknown> | undefined;
  if (!card) throw new Error(`no card in ${JSON.stringify(activity)}`);
  return card;
}

/** The data of the card's button with this title, also inside Action.ShowCard (Ändra). */
function dataOf(card: Record<string, unknown>, title: string): Record<string, unknown> {
  const all = (c: Record<string, unknown>): Array<Record<string, unknown>> =>
    ((c['actions'] as Array<Record<string, unknown>> | undefined) ?? []).flatMap((a) => [
      a,
      ...(a['card'] ? all(a['card'] as Record<string, unknown>) : []),
    ]);
  const action = all(card).find((a) => a['title'] === title);
  if (!action) throw new Error(`no action "${title}"`);
  return action['data'] as Record<string, unknown>;
}

it("captures an idea in Playground's page: typing, ticking and clicking the cards", async () => {
  // Only Playground on loopback; the page's web fonts and animations from a CDN are refused.
  const browser = await launchLocalChromium({
    allowedOrigins: [pg.baseUrl],
    contextOptions: { viewport: { width: 1280, height: 1500 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' },
  });
  const { context } = browser;
  try {
    const page = await context.newPage();
    await page.goto(`${pg.baseUrl}/`);
    await pg.install(pg.config.personalChat.id);
    await page.getByText('Välkommen till Idéslussen').first().waitFor();

    // The message box is a rich-text editor, not an <input>.
    const box = page.locator('[contenteditable="true"]').first();
    const type = async (text: string, answer: string): Promise<void> => {
      await box.fill(text);
      await box.press('Enter');
      await page.getByText(answer).last().waitFor();
    };
    // The welcome card's buttons work in Playground's page (Teams' imBack makes the page throw there).
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.getByRole('button', { name: 'Vad kan du?' }).first().click();
    await page.getByText('Det här kan jag').last().waitFor();
    await page.getByRole('button', { name: 'Lämna en idé' }).first().click();
    await page.getByText('Vad vill du kalla idén?').last().waitFor();
    expect(pageErrors).toEqual([]);
    await page.getByText('lämnas inte anonymt').first().waitFor();
    await type('Lånecyklar vid stadshuset', 'Vilket behov eller problem');
    await type('Många besökare kommer med bil fast de bor nära.', 'vad är din idé');
    await type('Tio lånecyklar som man bokar i Teams.', 'Vem skulle ha nytta av idén?');
    await page.getByRole('checkbox', { name: 'Invånare' }).last().check();
    await page.getByRole('checkbox', { name: 'Medarbetare' }).last().check();
    await page.getByRole('button', { name: 'Klart' }).last().click();
    await page.getByText('vilken förvaltning').last().waitFor();
    await type('Stadsbyggnadsförvaltningen', 'Här är din idé');
    await page.getByRole('button', { name: 'Skicka in' }).last().click();
    await page.getByText('Tack för din idé!').last().waitFor();

    const idea = await storedIdea('Lånecyklar vid stadshuset');
    expect(idea).toMatchObject({ beneficiaries: ['residents', 'staff'], department: 'Stadsbyggnadsförvaltningen', stage: 'submitted' });
    const number = idea?.number ?? 0;
    await page.getByText(`Tack, Anna! Din idé är inskickad och har fått nummer #${number}.`).waitFor();
    await page.getByText(`Idé #${number}: Lånecyklar vid stadshuset`).waitFor();
    // The summary in the page was replaced by its submitted state: no button is left to click twice.
    await page.getByText(`Inskickad som #${number}.`).waitFor();
    expect(await page.getByRole('button', { name: 'Skicka in' }).count()).toBe(0);

    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page.getByTitle('Hide log panel').click();
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    }
  } finally {
    await browser.close();
  }
});

it('captures an idea through the API across a server restart and stores it in Cosmos', async () => {
  const chat = pg.config.personalChat.id;
  const anna = pg.config.currentUser;

  /** Waits for the bot's message, sent after `mark`, whose text or card JSON contains `part`. */
  const reply = (mark: number, part: string): Promise<Activity> =>
    pg.waitForActivity(
      (a, i) =>
        i >= mark &&
        a.type === 'message' &&
        a.conversation?.id === chat &&
        `${a.text ?? ''}${JSON.stringify(a.attachments ?? [])}`.includes(part),
    );
  /** Sends as Anna (Playground's own message API, as when she types) and waits for the answer containing `expected`. */
  const say = async (text: string, expected: string): Promise<Activity> => {
    const mark = pg.activities().length;
    await pg.send(chat, text);
    return reply(mark, expected);
  };
  /** Clicks an Action.Submit on a card the way the Playground page does; returns the mark to wait from. */
  const click = async (cardActivity: Activity, value: Record<string, unknown>): Promise<number> => {
    const mark = pg.activities().length;
    const res = await fetch(`${pg.baseUrl}/_conversation/v1/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: { id: chat }, from: { id: anna.id }, replyToId: cardActivity.id, value }),
    });
    expect(res.status).toBe(200);
    return mark;
  };

  const first = await say('ny idé', 'Vad vill du kalla idén?');
  expect(first.text).toContain('Roligt att du vill dela en idé!');
  expect(first.text).toContain('inte anonymt');
  // Her department is remembered from her first idea, so that question is not asked again.
  expect(first.text).toContain('Förvaltning har jag fyllt i från din förra idé: Stadsbyggnadsförvaltningen');
  await say('Tryggare gångtunnlar', 'Vilket behov eller problem');

  // The server goes away in the middle of the dialog; a new one starts on the same data and port.
  const port = Number(new URL(app.url).port);
  await app.stop();
  app = await startServer(port);

  await say('Tunnlarna under järnvägen är mörka på kvällen.', 'vad är din idé');
  const who = await say('Rörelsestyrd belysning och speglar.', 'Vem skulle ha nytta av idén?');
  const answered = await click(who, { ...dataOf(cardOf(who), 'Klart'), beneficiaries: 'residents' });
  await reply(answered, 'Här är din idé');
  const prefilled = cardOf(await reply(answered, 'Skicka in'));
  expect(JSON.stringify(prefilled)).toContain('Stadsbyggnadsförvaltningen');

  // Ändra → Förvaltning: only that question again, then the summary.
  await reply(
    await click(await reply(answered, 'Skicka in'), dataOf(prefilled, 'Förvaltning')),
    'Just nu står det: ”Stadsbyggnadsförvaltningen”',
  );
  const mark = pg.activities().length;
  await pg.send(chat, 'Tekniska förvaltningen');
  const summary = await reply(mark, 'Skicka in');
  const summaryCard = cardOf(summary);
  expect(JSON.stringify(summaryCard)).toContain('Tryggare gångtunnlar');
  expect(JSON.stringify(summaryCard)).toContain('Tekniska förvaltningen');
  const clicked = await click(summary, dataOf(summaryCard, 'Skicka in'));
  const thanks = await reply(clicked, 'Tack, Anna!');
  const number = Number(/\*\*#(\d+)\*\*/.exec(thanks.text ?? '')?.[1]);
  await reply(clicked, `Idé #${number}: Tryggare gångtunnlar`);

  expect(await storedIdea('Tryggare gångtunnlar')).toMatchObject({
    number,
    need: 'Tunnlarna under järnvägen är mörka på kvällen.',
    idea: 'Rörelsestyrd belysning och speglar.',
    beneficiaries: ['residents'],
    department: 'Tekniska förvaltningen',
    stage: 'submitted',
    tenantId: pg.config.tenantId,
    giver: expect.objectContaining({ id: anna.aadObjectId, name: anna.name, locale: 'sv' }),
  });

  // Every card the bot sent through Playground (both tests) is a valid Adaptive Card.
  const cards = pg
    .activities()
    .flatMap((a) => a.attachments ?? [])
    .filter((a) => a.contentType === ADAPTIVE_CARD);
  expect(cards.length).toBeGreaterThanOrEqual(7);
  for (const card of cards) validateCard(card.content as Record<string, unknown>);
});
