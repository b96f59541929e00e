import type { Page } from 'playwright-core';
import type { IdeaPage } from '../../bot/src/api/contracts';
import type { TestApp } from '../helpers/app';
import { getAs } from '../api/helpers';
import { ensureTabBuilt, openBrowser, persona, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const coach = () => persona(tenant, tenant.coach, 'coach');
const employee = () => persona(tenant, tenant.people[0]!, 'employee');

async function board(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Idéer i Idéslussen Exempelkommun' }).waitFor();
  await page.getByTestId('board-summary').waitFor();
}

const column = (page: Page, stage: string) => page.getByTestId(`column-${stage}`);
const cardTitles = async (page: Page, stage: string): Promise<string[]> =>
  column(page, stage).locator('[data-testid="idea-card"] h3').allInnerTexts();

async function ideaId(title: string): Promise<string> {
  const page = (
    await getAs(app, { id: tenant.coach.oid, tenantId: tenant.tenantId, name: 'x' }, `/api/ideas?q=${encodeURIComponent(title)}`)
  ).body as IdeaPage;
  return page.items[0]!.id;
}

async function stageOf(title: string): Promise<string> {
  const page = (
    await getAs(app, { id: tenant.coach.oid, tenantId: tenant.tenantId, name: 'x' }, `/api/ideas?q=${encodeURIComponent(title)}`)
  ).body as IdeaPage;
  return page.items[0]!.stage;
}

describe('the pipeline tab in a browser', () => {
  it('outside Teams asks who you are, then signs in with a local token', async () => {
    const page = await browser.open('#/board');
    await page.getByRole('heading', { name: 'Välj vem du är' }).waitFor();
    const karin = page.getByRole('button', { name: /^Fortsätt som Karin Berg\s*, Idécoach$/ });
    await expect(karin.isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^Fortsätt som Anna Lindqvist\s*, Medarbetare$/ }).isVisible()).resolves.toBe(true);
    await karin.click();
    await board(page);
    await expect(page.getByText('Inloggad som Karin Berg (lokalt)').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('shows one column per stage with its count, and cards with title, department, coach, age and the needs-info badge', async () => {
    const page = await browser.open('#/board', { as: employee() });
    await board(page);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([
      'Inkommen 3 idéer',
      'Idésamtal 2 idéer',
      'Testas 1 idé',
      'Införs 2 idéer',
      'Införd 1 idé',
      'Avslutad 1 idé',
    ]);
    await expect(page.getByTestId('board-summary').innerText()).resolves.toBe('10 idéer');
    const card = column(page, 'screening').locator('[data-testid="idea-card"]', { hasText: 'Lånecyklar för hemtjänsten' });
    const text = await card.innerText();
    expect(text).toContain('Socialförvaltningen');
    expect(text).toContain('Karin Berg');
    expect(text).toMatch(/Inkom (denna minut|för \d+ minuter sedan)/);
    expect(text).toContain('Komplettering begärd');
    // Someone who is not a coach cannot move anything.
    await expect(page.getByTestId('move-button').count()).resolves.toBe(0);
    await expect(page.locator('[draggable="true"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('filters and searches, keeping both in the address so the view can be shared', async () => {
    const page = await browser.open('#/board', { as: employee() });
    await board(page);
    await page.getByLabel('Steg', { exact: true }).selectOption('testing');
    await page.waitForFunction(() => document.querySelectorAll('section[data-testid^="column-"]').length === 1);
    expect(await cardTitles(page, 'testing')).toEqual(['Kortare simskolegrupper i fler pass']);
    expect(page.url()).toContain('#/board?stage=testing');

    await page.getByLabel('Steg', { exact: true }).selectOption('');
    await page.getByLabel('Förvaltning').selectOption('Tekniska förvaltningen');
    await page.waitForFunction(() => document.querySelector('[data-testid="board-summary"]')?.textContent === '2 idéer');
    await page.getByRole('searchbox', { name: 'Sök' }).fill('snö');
    await page.waitForFunction(() => document.querySelector('[data-testid="board-summary"]')?.textContent === '1 idé');
    expect(await cardTitles(page, 'submitted')).toEqual(['Karta över snöröjningen']);
    expect(page.url()).toMatch(/department=Tekniska\+f%C3%B6rvaltningen/);
    expect(page.url()).toContain('q=sn%C3%B6');

    // The same address in a new page shows the same board.
    const shared = await browser.open(new URL(page.url()).hash, { as: employee() });
    await board(shared);
    await expect(shared.getByTestId('board-summary').innerText()).resolves.toBe('1 idé');
    await expect(shared.getByRole('searchbox', { name: 'Sök' }).inputValue()).resolves.toBe('snö');

    await page.getByRole('button', { name: 'Rensa filter' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="board-summary"]')?.textContent === '10 idéer');
    await page.getByRole('searchbox', { name: 'Sök' }).fill('finns inte alls');
    await page.getByText('Inga idéer matchar filtren.').waitFor();
    await page.close();
    await shared.close();
  });

  it('opens an idea in a panel with its full text, timeline and satisfaction, and by deep link', async () => {
    const page = await browser.open('#/board', { as: employee() });
    await board(page);
    await page.getByRole('link', { name: 'Lånecyklar för hemtjänsten' }).click();
    const panel = page.getByRole('dialog', { name: /#4 Lånecyklar för hemtjänsten/ });
    await panel.getByTestId('timeline').waitFor();
    const text = await panel.innerText();
    expect(text).toContain('Hemtjänstens bilar står ofta i kö i centrum');
    expect(text).toContain('Låt hemtjänsten låna elcyklar');
    expect(text).toContain('Fråga till idégivaren');
    expect(text).toContain('Inget omdöme än.');
    await expect(panel.getByTestId('timeline').locator('li').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Anna Lindqvist lämnade in idén'),
      expect.stringContaining('Karin Berg tog idén (Inkommen → Idésamtal)'),
      expect.stringContaining('Karin Berg bad om komplettering'),
    ]);
    // Not a coach: no actions.
    await expect(panel.getByRole('heading', { name: 'Åtgärder för idécoacher' }).count()).resolves.toBe(0);
    const id = await ideaId('Lånecyklar');
    expect(page.url()).toContain(`idea=${id}`);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(page.url()).not.toContain('idea=');

    const linked = await browser.open(`#/board?idea=${id}`, { as: employee() });
    await linked
      .getByRole('dialog', { name: /#4 Lånecyklar för hemtjänsten/ })
      .getByTestId('timeline')
      .waitFor();
    await page.close();
    await linked.close();
  });

  it('lets a coach move an idea with the keyboard', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await board(page);
    const move = page.getByRole('button', { name: 'Flytta idén ”Bygglovsguide i chatten”' });
    await move.focus();
    await page.keyboard.press('Enter');
    await expect(move.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Flytta till Testas');
    await page.keyboard.press('Enter');
    await page.getByTestId('notice').getByText('Idé 5 flyttades till Testas.').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="column-testing"]')?.textContent?.includes('Bygglovsguide i chatten'),
    );
    expect(await cardTitles(page, 'screening')).not.toContain('Bygglovsguide i chatten');
    // Focus follows the card to its new column, and a screen reader hears what happened.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Bygglovsguide i chatten');
    await expect(page.getByTestId('live-region').innerText()).resolves.toContain('Idé 5 flyttades till Testas.');
    expect(await stageOf('Bygglovsguide')).toBe('testing');
    await page.close();
  });

  it('lets a coach move an idea by drag and drop, and refuses a drop the process does not allow', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await board(page);
    const card = column(page, 'submitted').locator('[data-testid="idea-card"]', { hasText: 'Karta över snöröjningen' });
    await card.dragTo(column(page, 'done'));
    await page.getByTestId('notice').getByText('Idén kan inte flyttas till Införd härifrån.').waitFor();
    expect(await stageOf('snöröjningen')).toBe('submitted');

    await card.dragTo(column(page, 'screening'));
    await page
      .getByTestId('notice')
      .getByText(/flyttades till Idésamtal/)
      .waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="column-screening"]')?.textContent?.includes('Karta över snöröjningen'),
    );
    expect(await stageOf('snöröjningen')).toBe('screening');
    await page.close();
  });

  it('lets a coach close an idea from the panel, asking for a reason first', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await board(page);
    await page.getByRole('link', { name: 'Mindre matsvinn i skolmatsalen' }).click();
    const panel = page.getByRole('dialog', { name: /Mindre matsvinn/ });
    await panel.getByRole('button', { name: 'Avsluta', exact: true }).click();
    await panel.getByRole('button', { name: 'Avsluta idén' }).click();
    await panel.getByText('Fältet får inte vara tomt.').waitFor();
    await panel.getByRole('textbox', { name: /Motivering/ }).fill('Skolorna har redan ett gemensamt projekt mot matsvinn.');
    await panel.getByRole('button', { name: 'Avsluta idén' }).click();
    await panel.getByTestId('panel-notice').getByText('Klart: Avsluta.').waitFor();
    await expect(panel.getByTestId('timeline').innerText()).resolves.toContain('Skolorna har redan ett gemensamt projekt mot matsvinn.');
    expect(await stageOf('matsvinn')).toBe('closed');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid="column-closed"]')?.textContent?.includes('Mindre matsvinn'));
    await page.close();
  });

  it('shows "Mina idéer" for the giver', async () => {
    const page = await browser.open('#/mine', { as: employee() });
    await page.getByRole('heading', { level: 1, name: 'Mina idéer' }).waitFor();
    await page.getByTestId('mine-list').waitFor();
    await expect(page.getByTestId('mine-list').locator('h2').allInnerTexts()).resolves.toEqual(['Lånecyklar för hemtjänsten']);
    await expect(page.getByTestId('mine-list').innerText()).resolves.toContain('Komplettering begärd');
    await page.close();
  });

  it('shows a plain message and a retry when the server fails', async () => {
    const page = await browser.open('#/board', { as: employee(), beforeLoad: async (p) => failBoardOnce(p) });
    await page.getByRole('alert').getByText('Något gick fel hos Idéslussen. Försök igen om en stund.').waitFor();
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await board(page);
    await page.close();
  });

  it('speaks English when asked to', async () => {
    const page = await browser.open('#/board', { as: employee(), query: '?lang=en' });
    await page.getByRole('heading', { level: 1, name: 'Ideas in Idéslussen Exempelkommun' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^First talk/ }).waitFor();
    await page.close();
  });

  it('asks for the effects when a coach moves an idea to Införd, by drag and drop too, and shows them on the idea', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await board(page);
    // Dropping on Införd opens the panel with the form, since the effects are needed.
    const card = column(page, 'implementing').locator('[data-testid="idea-card"]', { hasText: 'Språkcafé på biblioteket' });
    await card.dragTo(column(page, 'done'));
    const panel = page.getByRole('dialog', { name: /Språkcafé/ });
    const form = panel.getByRole('form', { name: 'Flytta till Införd' });
    await form.getByText('Vad blev effekten?').waitFor();
    await form.getByRole('button', { name: 'Flytta', exact: true }).click();
    await form.getByText('Fältet får inte vara tomt.').waitFor();
    expect(await stageOf('Språkcafé')).toBe('implementing');

    await form.getByRole('textbox', { name: /För vem/ }).fill('Nyanlända besökare');
    await form.getByRole('textbox', { name: /Vad blev bättre/ }).fill('Övar svenska varje vecka i vardagliga samtal');
    await form.getByRole('textbox', { name: /Tal/ }).fill('40');
    await form.getByRole('textbox', { name: /Enhet/ }).fill('deltagare per vecka');
    await form.getByRole('button', { name: 'Flytta', exact: true }).click();
    // Införd has no further actions, so the panel shows the idea's effects where the form was.
    await panel.getByTestId('idea-effects').waitFor();
    await expect(panel.getByTestId('idea-effects').innerText()).resolves.toBe(
      'Nyanlända besökare: Övar svenska varje vecka i vardagliga samtal (40 deltagare per vecka)',
    );
    expect(await stageOf('Språkcafé')).toBe('done');
    await page.close();
  });

  it('asked for nothing outside the local server', () => {
    expect(browser.blocked).toEqual([]);
  });
});

/** Makes the first board request fail with a 500, as a server in trouble would. */
async function failBoardOnce(page: Page): Promise<void> {
  let failed = false;
  await page.route('**/api/board*', async (route) => {
    if (failed) return route.fallback();
    failed = true;
    return route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'InternalError', message: 'boom' }),
    });
  });
}
