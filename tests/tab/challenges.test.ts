/**
 * The tab's "Utmaningar" view in headless Chromium against the real local server: everyone sees
 * the open and closed challenges with the ideas that answer them; a coach publishes one through the
 * form (a last day in the past is refused beside the field); axe finds nothing serious or critical
 * in the three themes, and the view reflows at 320 px.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { DevPersona } from '../../bot/src/api/contracts';
import { CosmosChallengeRepository } from '../../bot/src/adapters/cosmos/challenge-repository';
import { closesAt } from '../../bot/src/domain/challenges';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

const THEMES = ['default', 'dark', 'contrast'] as const;

/** A calendar day in Stockholm, `days` from today. */
function day(days: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false, env: { DEFAULT_DEPARTMENTS: 'Socialförvaltningen,Tekniska förvaltningen' } }));
  const sluice = (await app.services.ideas.sluiceFor(tenant.tenantId))!.value;
  const coach = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
  const open = await app.services.challenges.create(
    { person: coach, sluice },
    {
      title: 'Färre ensamma äldre på vintern',
      need: 'Många äldre i hemtjänsten träffar ingen under vintermånaderna.',
      department: 'Socialförvaltningen',
      openUntil: day(20),
      channels: [],
    },
    randomUUID(),
  );
  if (!open.ok) throw new Error('no challenge');
  const anna = tenant.people[0]!;
  const submitted = await app.services.ideas.submit({
    giver: { id: anna.oid, tenantId: tenant.tenantId, name: anna.name, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title: 'Fikaträffar i biblioteket',
      need: 'Ensamma äldre vill träffas.',
      idea: 'Varje torsdag fika i biblioteket.',
      department: 'Socialförvaltningen',
      beneficiaries: ['residents'],
    },
    source: 'chat',
    idempotencyKey: randomUUID(),
    challengeId: open.challenge.id,
  });
  if (!submitted.ok) throw new Error('no idea');
  // A challenge whose last day has passed and that the scheduler closed.
  const at = new Date(Date.now() - 40 * 86_400_000);
  await new CosmosChallengeRepository(app.storage.containers.participation).create({
    id: 'challenge-closed-1',
    sluiceId: sluice.id,
    title: 'Mindre matsvinn i skolan',
    need: 'Mycket mat slängs i skolmatsalarna.',
    department: 'Tekniska förvaltningen',
    openUntil: day(-10),
    closesAtMs: closesAt(day(-10)).getTime(),
    state: 'closed',
    closedAt: new Date(closesAt(day(-10)).getTime()).toISOString(),
    owner: coach,
    channels: [],
    createdAt: at.toISOString(),
    createdAtMs: at.getTime(),
  });
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const coach = (): DevPersona => persona(tenant, tenant.coach, 'coach');
const giver = (): DevPersona => persona(tenant, tenant.people[0]!, 'employee');

async function opened(page: Page): Promise<void> {
  await page.getByRole('heading', { name: /Öppna \(\d+\)/ }).waitFor();
}

describe('the Utmaningar view', () => {
  it('shows everyone the open and closed challenges with their ideas, and no form to a giver', async () => {
    const page = await browser.open('#/challenges', { as: giver() });
    await opened(page);
    await expect(page.getByRole('link', { name: 'Utmaningar' }).getAttribute('aria-current')).resolves.toBe('page');
    const cards = page.getByTestId('challenge');
    await expect(cards.count()).resolves.toBe(2);
    const first = cards.filter({ hasText: 'Färre ensamma äldre på vintern' });
    await expect(first.innerText()).resolves.toContain('Öppen');
    await expect(first.getByTestId('challenge-ideas').innerText()).resolves.toContain('Fikaträffar i biblioteket · Inkommen');
    await expect(cards.filter({ hasText: 'Mindre matsvinn i skolan' }).innerText()).resolves.toContain('Stängd');
    await expect(page.getByRole('heading', { name: 'Stängda (1)' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('challenge-new').count()).resolves.toBe(0);
    await page.close();
  });

  it('lets a coach publish one, and refuses a last day in the past beside the field', async () => {
    const page = await browser.open('#/challenges', { as: coach() });
    await opened(page);
    await page.getByTestId('challenge-new').click();
    const form = page.getByRole('form', { name: 'Ny utmaning' });
    // Every field is named by its label.
    await expect(form.getByLabel(/^Rubrik/).count()).resolves.toBe(1);
    await expect(form.getByLabel(/^Öppen till och med/).count()).resolves.toBe(1);
    await form.getByTestId('challenge-title').fill('Tryggare skolvägar');
    await form.getByTestId('challenge-need').fill('Barnen går längs en väg utan trottoar på morgonen.');
    await form.getByTestId('challenge-department').selectOption('Tekniska förvaltningen');
    await form.getByTestId('challenge-until').fill(day(-1));
    await form.getByRole('button', { name: 'Publicera' }).click();
    await form.getByText('Dagen har redan varit. Välj i dag eller en senare dag.').waitFor();
    await expect(form.getByTestId('challenge-until').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByTestId('challenge-until').fill(day(5));
    await form.getByRole('button', { name: 'Publicera' }).click();
    await page.getByTestId('challenge-saved').getByText('Utmaningen ”Tryggare skolvägar” är publicerad.').waitFor();
    await page.getByTestId('challenge').filter({ hasText: 'Tryggare skolvägar' }).waitFor();
    const listed = await app.services.challenges.list((await app.services.ideas.sluiceFor(tenant.tenantId))!.value.id);
    expect(listed.filter((l) => l.challenge.title === 'Tryggare skolvägar').map((l) => l.challenge.department)).toEqual([
      'Tekniska förvaltningen',
    ]);
    await page.close();
  });

  it.each(THEMES)('has no serious or critical axe violations in the %s theme, form open', async (theme) => {
    const page = await browser.open('#/challenges', { as: coach(), query: `?theme=${theme}` });
    await opened(page);
    await page.getByTestId('challenge-new').click();
    await page.getByRole('form', { name: 'Ny utmaning' }).waitFor();
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  it('reflows at 320 px without sideways scrolling', async () => {
    const page = await browser.open('#/challenges', { as: coach(), width: 320 });
    await opened(page);
    await page.getByTestId('challenge-new').click();
    await page.getByRole('form', { name: 'Ny utmaning' }).waitFor();
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});
