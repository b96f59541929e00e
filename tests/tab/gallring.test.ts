/**
 * The Administration view's gallring part in headless Chromium: the gallring records
 * (listGallringRecords) and the chain check over every idea (checkHistoryChains), which finds an
 * event changed in Cosmos past the app; axe finds nothing serious in the three themes or at 320 px.
 */
import type { Page } from 'playwright-core';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin of `npm start`. */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';
const THEMES = ['default', 'dark', 'contrast'] as const;

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ env: { DEFAULT_ADMIN_IDS: ADMIN_OID } }));
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const admin = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );

async function openSection(options: { query?: string; width?: number } = {}): Promise<Page> {
  const page = await browser.open('#/admin', { as: admin(), ...options });
  await page.getByRole('region', { name: 'Gallring och kontroll av historiken' }).waitFor();
  return page;
}

async function ideasOfSluice(): Promise<{ sluiceId: string; ideas: Idea[] }> {
  const sluice = (await app.storage.sluices.findByTenant(tenant.tenantId))!.value;
  const ideas: Idea[] = [];
  for await (const i of app.storage.ideas.all(sluice.id)) ideas.push(i);
  return { sluiceId: sluice.id, ideas };
}

describe('gallring and the history check in Administration', () => {
  it('says nothing has been removed, and the check over every idea says the history is unbroken, then finds a changed event', async () => {
    const page = await openSection();
    const section = page.getByRole('region', { name: 'Gallring och kontroll av historiken' });
    await section.getByText('Ingenting har gallrats ännu.').waitFor();

    const { sluiceId, ideas } = await ideasOfSluice();
    const events = ideas.reduce((n, i) => n + i.history.length, 0);
    await section.getByRole('button', { name: 'Kontrollera historiken för alla idéer' }).click();
    await section
      .getByTestId('chain-check-result')
      .getByText(`Historiken är obruten: ${ideas.length} idéer och ${events} händelser är oförändrade sedan de sparades.`)
      .waitFor();

    // An event changed in Cosmos, past the app, is found by the next check.
    const target = ideas.find((i) => i.history.length > 1)!;
    const item = app.storage.containers.ideas.item(target.id, sluiceId);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    await item.replace({ ...resource!, history: resource!.history.map((e, i) => (i === 1 ? { ...e, text: 'inskjutet' } : e)) });
    await section.getByRole('button', { name: 'Kontrollera historiken för alla idéer' }).click();
    const result = section.getByTestId('chain-check-result');
    await result.getByText('1 idé har en ändrad historik:').waitFor();
    expect(await result.getByRole('listitem').allTextContents()).toEqual([`#${target.number} ${target.title}: händelse 2 har ändrats.`]);
    await page.close();
  });

  it('lists a gallring record: when, which rule, its gallringsbeslut and the ideas by reference', async () => {
    const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
    const decision = 'KS 2024/117 § 12';
    await app.storage.sluices.replace(
      { ...found.value, retention: { rules: [{ stage: 'closed', action: 'removePersonalData', years: 1, decision }] } },
      found.etag,
    );
    const closed = (await ideasOfSluice()).ideas.filter((i) => i.stage === 'closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(await app.services.gallring.run(new Date('2040-01-01T09:00:00.000Z'))).toBeGreaterThan(0);
    const page = await openSection();
    const table = page.getByRole('region', { name: 'Gallring och kontroll av historiken' }).getByRole('table');
    const row = table.getByRole('row').filter({ hasText: decision });
    // The section is drawn before its records arrive.
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('Avslutad');
    for (const idea of closed) expect(text).toContain(idea.record!.reference);
    await page.close();
  });

  it('saves retention rules and the controller through the form, reaching updateSluice', async () => {
    const page = await openSection();
    const form = page.getByRole('form', { name: 'Gallringsregler och personuppgiftsansvarig' });
    const closed = form.getByTestId('retention-closed');
    await closed.getByLabel('Vad händer').selectOption('delete');
    await closed.getByLabel('Antal år efter att idén nådde steget').fill('2');
    await closed.getByLabel('Gallringsbeslut').fill('KS 2025/9 § 3');
    const done = form.getByTestId('retention-done');
    await done.getByLabel('Vad händer').selectOption('keep');
    await done.getByLabel('Gallringsbeslut').fill('KS 2025/9 § 4');
    await form.getByLabel('Personuppgiftsansvarig').fill('Kommunstyrelsen');
    await form.getByLabel('Kontakt', { exact: true }).fill('kommunen@exempel.se');
    await form.getByRole('button', { name: 'Spara gallringsregler' }).click();
    await page.getByTestId('retention-outcome').getByText('Gallringsreglerna är sparade.').waitFor();
    const stored = (await app.storage.sluices.findByTenant(tenant.tenantId))!.value;
    expect(stored.retention?.rules).toEqual([
      { stage: 'closed', action: 'delete', years: 2, decision: 'KS 2025/9 § 3' },
      { stage: 'done', action: 'keep', decision: 'KS 2025/9 § 4' },
    ]);
    expect(stored.dataController).toEqual({ name: 'Kommunstyrelsen', contact: 'kommunen@exempel.se' });
    await page.close();
  });

  it.each(THEMES)('has no serious or critical axe violations in the %s theme', async (theme) => {
    const page = await openSection({ query: `?theme=${theme}` });
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  it('reflows at 320 px', async () => {
    const page = await openSection({ width: 320 });
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});
