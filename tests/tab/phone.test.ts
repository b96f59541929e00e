import type { Page } from 'playwright-core';
import type { BoardResponse } from '../../bot/src/api/contracts';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

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

const THEMES = ['default', 'dark', 'contrast'] as const;
const coach = () => persona(tenant, tenant.coach, 'coach');
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

async function expectNone(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}
const STAGES = ['submitted', 'screening', 'testing', 'implementing', 'done', 'closed'] as const;
const LABELS = {
  submitted: 'Inkommen',
  screening: 'Idésamtal',
  testing: 'Testas',
  implementing: 'Införs',
  done: 'Införd',
  closed: 'Avslutad',
};

/** The board as the API gives it to the demo coach: the counts the stage tabs must carry. */
async function board(query = ''): Promise<BoardResponse> {
  const who = coach();
  const { token } = (await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name })).body as { token: string };
  const res = await fetch(`${app.url}/api/board${query}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as BoardResponse;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Tomorrow in Stockholm (the browser's time zone) as year, month (0-based) and day. */
function tomorrow(): { y: number; m: number; d: number; iso: string } {
  const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(Date.now() + 86_400_000));
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m: m - 1, d, iso };
}

describe.each(THEMES)('at 320 px in the %s theme', (theme) => {
  it('folds the filters behind one button, shows one stage at a time as tabs, and axe finds nothing serious', async () => {
    const page = await browser.open('#/board', { as: coach(), width: 320, query: `?theme=${theme}` });
    await page.getByTestId('board-summary').waitFor();
    // The filters are folded: the search box and a "Filter" button, no drop-downs in sight.
    await expect(page.getByTestId('filter-stage').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Filter, inga aktiva' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('searchbox', { name: 'Sök' }).isVisible()).resolves.toBe(true);
    // The stages are tabs with their counts; one column is shown.
    const tabs = page.getByRole('tablist', { name: 'Steg på idétavlan' }).getByRole('tab');
    await expect(tabs.count()).resolves.toBe(6);
    // It opens on the first stage that holds ideas.
    const { counts } = await board();
    const first = STAGES.find((st) => counts[st] > 0)!;
    await expect(page.getByTestId(`stage-tab-${first}`).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('section[data-testid^="column-"]').count()).resolves.toBe(1);
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await expectNone(page, `${theme} 320 px board`);

    // Another tab shows that stage, its count matching the cards it lists.
    const testing = page.getByTestId('stage-tab-testing');
    const count = Number((await testing.innerText()).replace(/\D+/g, ''));
    await testing.click();
    await page.getByTestId('column-testing').waitFor();
    await expect(page.locator('section[data-testid^="column-"]').count()).resolves.toBe(1);
    await expect(page.getByTestId('column-testing').locator('li').count()).resolves.toBe(count);
    await expect(page.getByRole('tabpanel').getAttribute('aria-labelledby')).resolves.toBe('stage-tab-testing');

    // The folded filters open in a drawer.
    await page.getByTestId('filters-button').click();
    const drawer = page.getByRole('dialog', { name: 'Filtrera idéerna' });
    await drawer.getByTestId('filter-stage').waitFor();
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await expectNone(page, `${theme} 320 px filters`);

    // The date picker opens as a calendar, Monday first with Swedish names.
    await drawer.getByRole('combobox', { name: 'Inkom från' }).click();
    const calendar = page.getByRole('dialog', { name: 'Kalender' });
    await calendar.waitFor();
    const weekdays = await calendar.locator('th[scope="col"]').allInnerTexts();
    expect(weekdays.map((d) => d.trim()).filter((d) => d !== '')).toEqual(['M', 'T', 'O', 'T', 'F', 'L', 'S']);
    await expect(calendar.getByRole('button', { name: 'Gå till i dag' }).isVisible()).resolves.toBe(true);
    await expectNone(page, `${theme} 320 px date picker`);
    await page.close();
  });
});

describe.each([
  [390, 844],
  [320, 800],
])('on a %i × %i phone', (width, height) => {
  const open = async (hash = '#/board', query = ''): Promise<Page> => {
    const page = await browser.open(hash, { as: coach(), query });
    await page.setViewportSize({ width, height });
    await page.getByTestId('filters-button').waitFor();
    return page;
  };

  it('shows one stage at a time, its tabs carrying the same counts as the board, each tab its own cards', async () => {
    const page = await open();
    const { counts } = await board();
    const tablist = page.getByRole('tablist', { name: 'Steg på idétavlan' });
    await tablist.waitFor();
    for (const stage of STAGES) {
      // Named as a screen reader hears it: the stage, then its count.
      const tab = tablist.getByRole('tab', { name: `${LABELS[stage]} ${counts[stage]}`, exact: true });
      await expect(tab.getAttribute('data-testid')).resolves.toBe(`stage-tab-${stage}`);
      await tab.click();
      await expect(tab.getAttribute('aria-selected')).resolves.toBe('true');
      const column = page.getByTestId(`column-${stage}`);
      await column.waitFor();
      await expect(page.locator('section[data-testid^="column-"]').count()).resolves.toBe(1);
      await expect(column.locator('[data-testid="idea-card"]').count()).resolves.toBe(counts[stage]);
    }
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await page.close();
  });

  it('folds the filters behind one "Filter" button that counts the active ones: Filter (2)', async () => {
    const page = await open();
    const all = (await board()).total;
    const button = page.getByTestId('filters-button');
    await expect(button.getAttribute('aria-label')).resolves.toBe('Filter, inga aktiva');
    await expect(page.getByTestId('filters-count').count()).resolves.toBe(0);
    // Only the search box and the button are in sight: no drop-down, no date field, no check box.
    await expect(page.getByRole('combobox').count()).resolves.toBe(0);
    await expect(page.getByRole('checkbox').count()).resolves.toBe(0);

    await button.click();
    const drawer = page.getByRole('dialog', { name: 'Filtrera idéerna' });
    await drawer.getByTestId('filter-department').selectOption('Socialförvaltningen');
    await page.waitForFunction(() => window.location.hash.includes('department='));
    await drawer.getByRole('checkbox', { name: 'Bara där komplettering begärts' }).check();
    await page.waitForFunction(() => window.location.hash.includes('needsInfo=true'));
    const filtered = await board('?department=Socialf%C3%B6rvaltningen&needsInfo=true');
    expect(filtered.total).toBeLessThan(all);
    // The drawer's button says how many ideas the filters leave, and closes it.
    const done = drawer.getByTestId('filters-done');
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="filters-done"]')?.textContent === text,
      filtered.total === 1 ? 'Visa 1 idé' : `Visa ${filtered.total} idéer`,
    );
    await done.click();
    await drawer.waitFor({ state: 'hidden' });
    await expect(button.getAttribute('aria-label')).resolves.toBe('Filter, 2 aktiva');
    await expect(button.innerText()).resolves.toMatch(/^Filter\s*2$/);
    await expect(page.getByTestId('filters-count').innerText()).resolves.toBe('2');
    // Focus goes back to the button that opened the drawer.
    await expect(button.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await page.close();
  });

  it('takes 2026-12-24 typed and picked, and shows it the Swedish way', async () => {
    const page = await open();
    await page.getByTestId('filters-button').click();
    const drawer = page.getByRole('dialog', { name: 'Filtrera idéerna' });
    // Typed.
    const from = drawer.getByRole('combobox', { name: 'Inkom från' });
    await from.fill('2026-12-24');
    await from.press('Tab');
    await page.waitForFunction(() => window.location.hash.includes('from=2026-12-24'));
    await expect(from.inputValue()).resolves.toBe('24 dec. 2026');
    // Picked: the calendar opens at the field's month (a typed day moves it there), and a click takes the day.
    const to = drawer.getByRole('combobox', { name: 'Inkom till och med' });
    await to.fill('2026-12-01');
    await to.press('Tab');
    await page.waitForFunction(() => window.location.hash.includes('to=2026-12-01'));
    await to.click();
    const calendar = page.getByRole('dialog', { name: 'Kalender' });
    await calendar.waitFor();
    await expect(calendar.getByText('december 2026').first().isVisible()).resolves.toBe(true);
    await calendar.getByRole('button', { name: '24, december, 2026', exact: true }).click();
    await calendar.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => window.location.hash.includes('to=2026-12-24'));
    await expect(to.inputValue()).resolves.toBe('24 dec. 2026');
    await page.getByTestId('filters-done').click();
    await expect(page.getByTestId('filters-button').getAttribute('aria-label')).resolves.toBe('Filter, 2 aktiva');

    // A shared link with the days shows them the same way, and in English when Teams is.
    const again = await open('#/board?from=2026-12-24');
    await again.getByTestId('filters-button').click();
    await expect(again.getByRole('combobox', { name: 'Inkom från' }).inputValue()).resolves.toBe('24 dec. 2026');
    await again.close();
    const english = await open('#/board?from=2026-12-24', '?lang=en');
    await english.getByTestId('filters-button').click();
    await expect(english.getByRole('combobox', { name: 'Submitted from' }).inputValue()).resolves.toBe('24 Dec 2026');
    await english.close();
    await page.close();
  });
});

describe('the date picker', () => {
  it('picks a day in the calendar, and the board is filtered by it (and counted on the Filter button)', async () => {
    const page = await browser.open('#/board', { as: coach(), width: 320 });
    await page.getByTestId('board-summary').waitFor();
    await page.getByTestId('filters-button').click();
    const drawer = page.getByRole('dialog', { name: 'Filtrera idéerna' });
    await drawer.getByRole('combobox', { name: 'Inkom från' }).click();
    const calendar = page.getByRole('dialog', { name: 'Kalender' });
    await calendar.waitFor();
    const day = tomorrow();
    if (day.d === 1) await calendar.getByRole('button', { name: 'Nästa månad' }).click();
    await calendar.getByRole('button', { name: `${day.d}, ${MONTHS[day.m]}, ${day.y}`, exact: true }).click();
    // Shown the Swedish way, kept in the address as a calendar day, and applied: nothing came in from tomorrow on.
    await expect(drawer.getByRole('combobox', { name: 'Inkom från' }).inputValue()).resolves.toMatch(
      new RegExp(`^${day.d} [a-z.]+ ${day.y}$`),
    );
    await page.waitForFunction((iso) => window.location.hash.includes(`from=${iso}`), day.iso);
    await page.getByTestId('filters-done').click();
    await page.getByText('Inga idéer matchar filtren.').waitFor();
    await expect(page.getByRole('button', { name: 'Filter, 1 aktivt' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('filters-count').innerText()).resolves.toBe('1');
    await page.close();
  });

  it('takes a typed day on a wide screen too, and says so when the text is no date', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await page.getByTestId('board-summary').waitFor();
    const all = await page.getByTestId('board-summary').innerText();
    const from = page.getByRole('combobox', { name: 'Inkom från' });
    await from.fill('inte ett datum');
    await from.press('Tab');
    await page.getByText('Det är inget datum.', { exact: false }).waitFor();
    await expect(page.evaluate(() => window.location.hash)).resolves.not.toContain('from=');
    await from.fill('2020-01-01');
    await from.press('Tab');
    await page.waitForFunction(() => window.location.hash.includes('from=2020-01-01'));
    await expect(from.inputValue()).resolves.toBe('1 jan. 2020');
    // Everything came in after 2020, so the board holds as many as before.
    await page.waitForFunction((text) => document.querySelector('[data-testid="board-summary"]')?.textContent === text, all);
    await expect(page.getByText('Det är inget datum.', { exact: false }).count()).resolves.toBe(0);
    await page.close();
  });

  it('is asked for only after the first cards are drawn on a wide screen, where the filters show it at once', async () => {
    const pickerScripts: Promise<string | undefined>[] = [];
    const page = await browser.open('#/board', {
      as: coach(),
      beforeLoad: async (p) => {
        // The script that brings the picker, found by what it holds (its Fluent class names), not its file name.
        p.on('response', (r) => {
          if (r.request().resourceType() === 'script')
            pickerScripts.push(r.text().then((body) => (body.includes('fui-DatePicker') ? r.url() : undefined)));
        });
        await p.addInitScript(() => {
          const w = window as unknown as { firstCardAt?: number };
          new MutationObserver((_records, observer) => {
            if (!document.querySelector('[data-testid="idea-card"]')) return;
            w.firstCardAt = performance.now();
            observer.disconnect();
          }).observe(document, { childList: true, subtree: true });
        });
      },
    });
    // The picker still comes, by itself, without anyone reaching for it.
    await page.getByRole('combobox', { name: 'Inkom från' }).waitFor();
    const picker = (await Promise.all(pickerScripts)).filter((u): u is string => u !== undefined);
    expect(picker).toHaveLength(1);
    const { cardAt, askedAt } = await page.evaluate(
      (url) => ({
        cardAt: (window as unknown as { firstCardAt?: number }).firstCardAt,
        askedAt: performance.getEntriesByName(url)[0]?.startTime,
      }),
      picker[0]!,
    );
    expect(cardAt).toEqual(expect.any(Number));
    expect(askedAt).toEqual(expect.any(Number));
    expect(askedAt!).toBeGreaterThan(cardAt!);
    await page.close();
  });

  it('works by keyboard, also when the field was reached before the picker arrived', async () => {
    // The picker's script is held back while the person types in the plain fields standing in for it.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const page = await browser.open('#/board', {
      as: coach(),
      beforeLoad: async (p) => {
        await p.route(/\/assets\/date-picker-[^/]*\.js$/, async (route) => {
          holding++;
          await held;
          await route.continue();
        });
      },
    });
    await page.getByTestId('board-summary').waitFor();
    // A day typed in the plain field counts when it is left, as in the picker.
    const fromStandIn = page.getByRole('textbox', { name: 'Inkom från' });
    await expect(fromStandIn.inputValue()).resolves.toBe('');
    await expectNone(page, 'the plain date fields');
    await fromStandIn.focus();
    await page.keyboard.type('2020-01-01');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => window.location.hash.includes('from=2020-01-01'));
    await expect(fromStandIn.inputValue()).resolves.toBe('1 jan. 2020');
    // The next one is reached by Tab; what is being typed there when the picker comes goes on in it.
    const toStandIn = page.getByRole('textbox', { name: 'Inkom till och med' });
    await expect(toStandIn.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('inte ett');
    expect(holding).toBe(1);
    release();
    const to = page.getByRole('combobox', { name: 'Inkom till och med' });
    await to.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await expect(to.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(to.inputValue()).resolves.toBe('inte ett');
    await expect(page.getByRole('combobox', { name: 'Inkom från' }).inputValue()).resolves.toBe('1 jan. 2020');
    await expect(page.locator('[data-date-stand-in]').count()).resolves.toBe(0);
    await page.keyboard.type(' datum');
    await page.keyboard.press('Tab');
    await page.getByText('Det är inget datum.', { exact: false }).waitFor();
    await expect(page.evaluate(() => window.location.hash)).resolves.not.toContain('to=');

    // Its calendar by keyboard: arrow down opens it on today, arrow right and Enter pick tomorrow.
    await to.focus();
    await page.keyboard.press('ArrowDown');
    const calendar = page.getByRole('dialog', { name: 'Kalender' });
    await calendar.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const day = tomorrow();
    await page.waitForFunction((iso) => window.location.hash.includes(`to=${iso}`), day.iso);
    await expect(to.inputValue()).resolves.toMatch(new RegExp(`^${day.d} [a-z.]+ ${day.y}$`));
    await calendar.waitFor({ state: 'hidden' });
    await expectNone(page, 'the filters with both days');
    await page.close();
  });

  it('asked for nothing outside the local server', () => {
    expect(browser.blocked).toEqual([]);
  });
});
