import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let empty: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let emptyBrowser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  ({ app: empty } = await startTabApp({ seed: false }));
  browser = await openBrowser(app.url);
  emptyBrowser = await openBrowser(empty.url);
});
afterAll(async () => {
  await browser?.close();
  await emptyBrowser?.close();
  await app?.close();
  await empty?.close();
});

const THEMES = ['default', 'dark', 'contrast'] as const;
const coach = () => persona(tenant, tenant.coach, 'coach');
const employee = () => persona(tenant, tenant.people[0]!, 'employee');

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** Where the focused element is on screen, with room around it for an outline. */
async function focusedBox(page: Page): Promise<{ name: string; clip: { x: number; y: number; width: number; height: number } }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    // Fluent draws the focus ring of inputs, selects and checkboxes on their wrapper.
    const box = (el.closest('.fui-Input, .fui-Select, .fui-Checkbox') ?? el).getBoundingClientRect();
    const name = `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
    const pad = 6;
    return {
      name,
      clip: { x: Math.max(0, box.x - pad), y: Math.max(0, box.y - pad), width: box.width + 2 * pad, height: box.height + 2 * pad },
    };
  });
}

describe.each(THEMES)('the tab in the %s theme', (theme) => {
  const query = `?theme=${theme}`;

  it('has no serious or critical axe violations on the persona picker', async () => {
    const page = await browser.open('#/board', { query });
    await page.getByRole('heading', { name: 'Välj vem du är' }).waitFor();
    await expectNoSeriousViolations(page, `${theme} persona picker`);
    await page.close();
  });

  it('has none on the board as a coach, with a Move list open', async () => {
    const page = await browser.open('#/board', { as: coach(), query });
    await page.getByTestId('board-summary').waitFor();
    await page.getByTestId('move-button').first().click();
    await expect(page.getByTestId('move-button').first().getAttribute('aria-expanded')).resolves.toBe('true');
    await expectNoSeriousViolations(page, `${theme} board`);
    await page.close();
  });

  it('has none in the idea panel with a coach action form open', async () => {
    const page = await browser.open('#/board', { as: coach(), query });
    await page.getByRole('link', { name: 'Bygglovsguide i chatten' }).click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    await panel.getByRole('button', { name: 'Be om komplettering' }).click();
    await panel.getByTestId('action-text').waitFor();
    await expectNoSeriousViolations(page, `${theme} idea panel`);
    await page.close();
  });

  it('has none on "Mina idéer"', async () => {
    const page = await browser.open('#/mine', { as: employee(), query });
    await page.getByTestId('mine-list').waitFor();
    await expectNoSeriousViolations(page, `${theme} mine`);
    await page.close();
  });

  it('has none on an empty sluice, which says what to do', async () => {
    const page = await emptyBrowser.open('#/board', { as: employee(), query });
    await page.getByText('Inga idéer än', { exact: true }).waitFor();
    await expectNoSeriousViolations(page, `${theme} empty board`);
    await page.close();
  });
});

describe('the tab at 320 px width and with the keyboard', () => {
  it('reflows the board and the panel without sideways scrolling', async () => {
    const page = await browser.open('#/board', { as: coach(), width: 320 });
    await page.getByTestId('board-summary').waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await expectNoSeriousViolations(page, '320 px board');
    // At phone width the board shows one stage at a time: go to the idea's stage first.
    const link = page.getByRole('link', { name: 'Digitala kulturevenemang för äldreboenden' });
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      if ((await link.count()) > 0) break;
    }
    await link.click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    const panelWidth = await panel.evaluate((el) => el.getBoundingClientRect().width);
    expect(panelWidth).toBeLessThanOrEqual(320);
    await expect(panel.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await expectNoSeriousViolations(page, '320 px panel');
    await page.close();
  });

  it('shows where the keyboard focus is on every stop it visits', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByTestId('board-summary').waitFor();
    // Tab through the page, photographing each stop while it has focus...
    const stops: Array<{ name: string; clip: { x: number; y: number; width: number; height: number }; focused: Buffer }> = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const { name, clip } = await focusedBox(page);
      stops.push({ name, clip, focused: await page.screenshot({ clip, animations: 'disabled' }) });
    }
    // ...and again with focus nowhere: every stop must look different when focused.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (const stop of stops) {
      const unfocused = await page.screenshot({ clip: stop.clip, animations: 'disabled' });
      expect({ stop: stop.name, visible: !unfocused.equals(stop.focused) }).toEqual({ stop: stop.name, visible: true });
    }
    // The walk reached the cards: their titles and Move buttons are on the way.
    const names = stops.map((st) => st.name);
    expect(names).toEqual(
      expect.arrayContaining(['a:Digital introduktion för nyanställda', 'button:Flytta idén ”Digital introduktion för nyanställda”']),
    );
    await page.close();
  });

  it('has none on the channel tab configuration page', async () => {
    const page = await browser.open('#/config');
    await page.getByRole('heading', { name: 'Lägg till Idétavlan' }).waitFor();
    await expectNoSeriousViolations(page, 'config page');
    await page.close();
  });

  it('asked for nothing outside the local server', () => {
    expect([...browser.blocked, ...emptyBrowser.blocked]).toEqual([]);
  });
});
