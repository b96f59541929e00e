/**
 * The tab's challenge filter and score sort (issue 20, items 1 and 5) in headless Chromium against
 * the real local server: a coach filters the board by "Utmaning" and sorts it by score (highest
 * first, unscored last), a giver gets no sort and a shared score-sorted link shows the board as
 * usual, Utmaningar links to the board filtered by a challenge, Statistik filters by challenge, and
 * axe finds nothing serious or critical in the three themes.
 */
import { randomUUID } from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let challengeId: string;

const THEMES = ['default', 'dark', 'contrast'] as const;
const coach = () => persona(tenant, tenant.coach, 'coach');
const giver = () => persona(tenant, tenant.people[0]!, 'employee');

function day(days: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function handIn(title: string, answers?: string): Promise<string> {
  const anna = tenant.people[0]!;
  const submitted = await app.services.ideas.submit({
    giver: { id: anna.oid, tenantId: tenant.tenantId, name: anna.name, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title,
      need: 'Ensamma äldre vill träffas.',
      idea: 'Fika varje torsdag.',
      department: 'Socialförvaltningen',
      beneficiaries: ['residents'],
    },
    source: 'chat',
    idempotencyKey: randomUUID(),
    ...(answers ? { challengeId: answers } : {}),
  });
  if (!submitted.ok) throw new Error('no idea');
  return submitted.idea.id;
}

/** The titles of the board's cards in the order shown (one column: every idea is at the Idésamtal). */
async function cardTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="idea-card"] h3').allTextContents();
}

async function waitForCards(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="idea-card"]').length === count, n);
}

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false, env: { DEFAULT_DEPARTMENTS: 'Socialförvaltningen' } }));
  const found = (await app.services.ideas.sluiceFor(tenant.tenantId))!;
  await app.storage.sluices.replace({ ...found.value, criteria: [{ id: 'nytta', name: 'Nytta', weight: 1 }] }, found.etag);
  const sluice = (await app.services.ideas.sluiceFor(tenant.tenantId))!.value;
  const made = await app.services.challenges.create(
    { person: { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name }, sluice },
    {
      title: 'Färre ensamma äldre',
      need: 'Många äldre träffar ingen under vintern.',
      department: 'Socialförvaltningen',
      openUntil: day(20),
      channels: [],
    },
    randomUUID(),
  );
  if (!made.ok) throw new Error('no challenge');
  challengeId = made.challenge.id;
  const low = await handIn('Fika i trapphuset', challengeId);
  const high = await handIn('Promenadgrupp', challengeId);
  const third = await handIn('Läxhjälp på biblioteket', challengeId);
  const other = await handIn('Något helt annat');
  // Scores are given from the Idésamtal on: the coach takes every idea first, oldest first.
  for (const id of [low, high, third, other]) {
    const took = await app.services.ideas.act(
      sluice.id,
      id,
      { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name },
      { type: 'take' },
    );
    if (!took.ok) throw new Error(`take: ${took.error}`);
  }
  const { token } = (await app.post('/api/dev/token', { oid: tenant.coach.oid, tid: tenant.tenantId, name: tenant.coach.name })).body as {
    token: string;
  };
  for (const [id, value] of [
    [low, 2],
    [high, 5],
  ] as const) {
    const res = await app.call('PUT', `/api/ideas/${id}/scores`, { scores: { nytta: value } }, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`score ${res.status}`);
  }
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the board by challenge and by score', () => {
  it('lets a coach filter by Utmaning and sort by score, kept in the address', async () => {
    const page = await browser.open('#/board', { as: coach() });
    await waitForCards(page, 4);
    await page.getByTestId('filter-challenge').selectOption({ label: 'Färre ensamma äldre' });
    await waitForCards(page, 3);
    expect(page.url()).toContain(`challenge=${challengeId}`);
    await page.getByRole('combobox', { name: 'Sortera' }).selectOption('score');
    await page.waitForFunction(() => document.querySelector('[data-testid="idea-card"] h3')?.textContent?.includes('Promenadgrupp'));
    expect(await cardTitles(page)).toEqual([
      expect.stringContaining('Promenadgrupp'),
      expect.stringContaining('Fika i trapphuset'),
      expect.stringContaining('Läxhjälp på biblioteket'),
    ]);
    expect(page.url()).toContain('sort=score');
    // "Rensa filter" clears the challenge and keeps the order.
    await page.getByRole('button', { name: 'Rensa filter' }).click();
    await waitForCards(page, 4);
    expect(page.url()).toContain('sort=score');
    expect(page.url()).not.toContain('challenge=');
    await page.close();
  });

  it('gives a giver no sort by score, and a score-sorted link shows the board newest first', async () => {
    const page = await browser.open(`#/board?sort=score&challenge=${challengeId}`, { as: giver() });
    await waitForCards(page, 3);
    expect(await page.getByRole('combobox', { name: 'Sortera' }).count()).toBe(0);
    expect(await cardTitles(page)).toEqual([
      expect.stringContaining('Läxhjälp på biblioteket'),
      expect.stringContaining('Promenadgrupp'),
      expect.stringContaining('Fika i trapphuset'),
    ]);
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.close();
  });

  it("shows a link's challenge as chosen while the challenges' titles are still loading", async () => {
    let held: Route | undefined;
    const page = await browser.open(`#/board?challenge=${challengeId}`, {
      as: giver(),
      beforeLoad: async (p) => {
        await p.route(/\/api\/challenges$/, (route) => void (held = route));
      },
    });
    await waitForCards(page, 3);
    const filter = page.getByTestId('filter-challenge');
    // Never "Alla utmaningar" while the board is filtered by a challenge.
    expect(await filter.inputValue()).toBe(challengeId);
    expect(await filter.locator('option:checked').textContent()).toBe('Vald utmaning');
    expect(held).toBeDefined();
    await held?.continue();
    await page.getByRole('option', { name: 'Färre ensamma äldre' }).waitFor({ state: 'attached' });
    expect(await filter.inputValue()).toBe(challengeId);
    expect(await filter.locator('option:checked').textContent()).toBe('Färre ensamma äldre');
    expect(await filter.locator('option', { hasText: 'Vald utmaning' }).count()).toBe(0);
    await page.close();
  });

  it('leads from Utmaningar to the board filtered by that challenge', async () => {
    const page = await browser.open('#/challenges', { as: giver() });
    await page.getByTestId('challenge-board').click();
    await waitForCards(page, 3);
    expect(page.url()).toContain(`#/board?challenge=${challengeId}`);
    expect(await page.getByTestId('filter-challenge').inputValue()).toBe(challengeId);
    await page.close();
  });

  it('filters Statistik by challenge', async () => {
    const page = await browser.open('#/stats', { as: coach() });
    const submitted = () =>
      page
        .getByRole('table', { name: 'Tratten som tabell' })
        .getByRole('row', { name: /^Inlämnade/ })
        .getByRole('cell')
        .first()
        .textContent();
    await page.getByRole('heading', { level: 2, name: /rapport för/ }).waitFor();
    expect(await submitted()).toBe('4');
    await page.getByTestId('stats-challenge').selectOption({ label: 'Färre ensamma äldre' });
    await page.waitForFunction(() => window.location.hash.includes('challenge='));
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('table tr'))
          .find((r) => r.textContent?.startsWith('Inlämnade'))
          ?.querySelector('td')?.textContent === '3',
    );
    await page.close();
  });

  it.each(THEMES)('has no serious or critical axe violations in the %s theme, filtered and sorted', async (theme) => {
    const page = await browser.open(`#/board?challenge=${challengeId}&sort=score`, { as: coach(), query: `?theme=${theme}` });
    await waitForCards(page, 3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
