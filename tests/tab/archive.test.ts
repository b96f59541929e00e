/**
 * Arkiv (`#/archive`), the registrator's way in, in headless Chromium: a registrator finds it in
 * the navigation, opens an idea's record by its reference and by its number, is told when nothing
 * or a gallring record answers, reads the gallring records and the chain check, and the audit log
 * names what was done in plain words. Employees and coaches get no Arkiv; axe finds nothing serious
 * in the three themes or at 320 px.
 */
import type { Page } from 'playwright-core';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

const THEMES = ['default', 'dark', 'contrast'] as const;

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let ideas: Idea[];
let sluiceId: string;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
  sluiceId = found.value.id;
  // The last person of the demo tenant is its registrator here, the second a coach who is no admin
  // (the demo coach is an admin too).
  const second = tenant.people.find((p) => p.name === 'Erik Johansson')!;
  await app.storage.sluices.replace(
    {
      ...found.value,
      registrators: [tenant.people.at(-1)!.oid],
      coaches: [...found.value.coaches, { id: second.oid, name: second.name, tenantId: tenant.tenantId }],
    },
    found.etag,
  );
  ideas = [];
  for await (const i of app.storage.ideas.all(sluiceId)) ideas.push(i);
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const registrator = () => persona(tenant, tenant.people.at(-1)!, 'registrator');
const coach = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.name === 'Erik Johansson')!,
    'coach',
  );
const employee = () => persona(tenant, tenant.people[0]!, 'employee');

async function openArchive(options: { query?: string; width?: number } = {}): Promise<Page> {
  const page = await browser.open('#/archive', { as: registrator(), ...options });
  await page.getByRole('heading', { level: 1, name: 'Arkiv' }).waitFor();
  await page.getByRole('region', { name: 'Gallring och kontroll av historiken' }).waitFor();
  return page;
}

async function find(page: Page, text: string): Promise<void> {
  await page.getByLabel('Diarienummer eller idénummer').fill(text);
  await page.getByRole('button', { name: 'Öppna', exact: true }).click();
}

describe('Arkiv, the registrator’s way in', () => {
  it('is in the registrator’s navigation and opens an idea’s record by its reference, then by its number', async () => {
    const page = await browser.open('#/board', { as: registrator() });
    await page.getByRole('navigation', { name: 'Vyer' }).getByRole('link', { name: 'Arkiv' }).click();
    await page.getByRole('search', { name: 'Öppna en allmän handling' }).waitFor();

    const idea = ideas.find((i) => i.record)!;
    await find(page, idea.record!.reference.toLowerCase());
    await page
      .getByTestId('record-document')
      .getByRole('heading', { level: 2, name: `Allmän handling ${idea.record!.reference}` })
      .waitFor();
    expect(page.url()).toContain(`#/record?id=${idea.id}`);

    await page.goBack();
    await find(page, `#${idea.number}`);
    await page.getByTestId('record-document').waitFor();
    expect(page.url()).toContain(`#/record?id=${idea.id}`);
    await page.close();
  });

  it('says when no idea has the number, and what to type when it is neither a number nor a reference', async () => {
    const page = await openArchive();
    await find(page, '987654');
    await page.getByTestId('archive-find-result').getByText('Ingen idé i idéslussen har numret eller diarienumret 987654.').waitFor();
    await find(page, 'cykelidén');
    await page.getByText('Skriv ett idénummer (42) eller ett diarienummer (IDÉ 2026/42).').waitFor();
    expect(page.url()).toContain('#/archive');
    await page.close();
  });

  it('lists a gallring round, names the record that removed an idea, and the audit log says both in words', async () => {
    const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
    const decision = 'KS 2024/117 § 12';
    await app.storage.sluices.replace(
      { ...found.value, retention: { rules: [{ stage: 'closed', action: 'delete', years: 1, decision }] } },
      found.etag,
    );
    const closed = ideas.filter((i) => i.stage === 'closed' && i.record);
    expect(closed.length).toBeGreaterThan(0);
    expect(await app.services.gallring.run(new Date('2040-01-01T09:00:00.000Z'))).toBeGreaterThan(0);

    const page = await openArchive();
    const table = page.getByRole('region', { name: 'Gallring och kontroll av historiken' }).getByRole('table');
    const row = table.getByRole('row').filter({ hasText: decision });
    // The section is drawn before its records arrive.
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    for (const idea of closed) expect(await row.textContent()).toContain(idea.record!.reference);

    const gone = closed[0]!;
    await find(page, gone.record!.reference);
    await page
      .getByTestId('archive-find-result')
      .getByText(
        new RegExp(
          `^${gone.record!.reference} \\(#${gone.number} .*\\) finns inte längre: idén gallrades .* enligt regeln för Avslutad \\(KS 2024/117 § 12\\)\\.$`,
        ),
      )
      .waitFor();

    // The record read in the first test and this gallring round, as lines a person reads.
    const audit = page.getByRole('table', { name: 'Ändringslogg' });
    await audit.getByText(`${closed.length === 1 ? '1 idé' : `${closed.length} idéer`} gallrades`, { exact: false }).waitFor();
    await audit
      .getByText(/^Läste IDÉ \d{4}\/\d+ som allmän handling$/)
      .first()
      .waitFor();
    expect(await audit.getByText(/^Ändrade\s*$/).count()).toBe(0);
    await page.close();
  });

  it('runs the chain check over every idea and links a changed one to its record', async () => {
    const page = await openArchive();
    const section = page.getByRole('region', { name: 'Gallring och kontroll av historiken' });
    const left: Idea[] = [];
    for await (const i of app.storage.ideas.all(sluiceId)) left.push(i);
    const target = left.find((i) => i.history.length > 1)!;
    const item = app.storage.containers.ideas.item(target.id, sluiceId);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    await item.replace({ ...resource!, history: resource!.history.map((e, i) => (i === 1 ? { ...e, text: 'inskjutet' } : e)) });
    await section.getByRole('button', { name: 'Kontrollera historiken för alla idéer' }).click();
    const result = section.getByTestId('chain-check-result');
    await result.getByText('1 idé har en ändrad historik:').waitFor();
    await result.getByRole('link', { name: `#${target.number} ${target.title}: händelse 2 har ändrats.` }).click();
    await page
      .getByTestId('record-chain')
      .getByText(/ändrats|inte längre/i)
      .first()
      .waitFor();
    expect(page.url()).toContain(`#/record?id=${target.id}`);
    await page.close();
  });

  it('is not offered to employees or coaches, and says so to one who types the address', async () => {
    for (const who of [employee(), coach()]) {
      const page = await browser.open('#/archive', { as: who });
      await page.getByText('Arkivet är för idéslussens administratörer och registratorer.').waitFor();
      expect(await page.getByRole('navigation', { name: 'Vyer' }).getByRole('link', { name: 'Arkiv' }).count()).toBe(0);
      await page.close();
    }
  });

  it.each(THEMES)('has no serious or critical axe violations in the %s theme', async (theme) => {
    const page = await openArchive({ query: `?theme=${theme}` });
    await page.getByRole('table', { name: 'Ändringslogg' }).waitFor();
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  it('reflows at 320 px', async () => {
    const page = await openArchive({ width: 320 });
    await page.getByRole('table', { name: 'Ändringslogg' }).waitFor();
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});
