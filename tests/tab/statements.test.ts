/**
 * The published statements in headless Chromium: the footer of every view links to how personal
 * data is processed (the controller and retention rules from the sluice's settings, through
 * getStatements) and to the tillgänglighetsredogörelse (known gaps, how to report, Digg); both
 * pass axe in the three themes and reflow at 320 px.
 */
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

const THEMES = ['default', 'dark', 'contrast'] as const;
const PAGES = [
  ['privacy', 'Så behandlas personuppgifter', 'privacy-statement'],
  ['accessibility', 'Tillgänglighetsredogörelse', 'accessibility-statement'],
] as const;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
  await app.storage.sluices.replace(
    {
      ...found.value,
      dataController: { name: 'Kommunstyrelsen i Exempelby', contact: 'kommunen@exempelby.se', dpoContact: 'dataskydd@exempelby.se' },
      retention: {
        rules: [
          { stage: 'closed', action: 'delete', years: 2, decision: 'KS 2024/117 § 12' },
          { stage: 'done', action: 'keep', decision: 'KS 2024/117 § 13' },
        ],
        audit: { years: 5, decision: 'KS 2024/117 § 14' },
      },
    },
    found.etag,
  );
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const employee = () => persona(tenant, tenant.people[0]!, 'employee');

describe('the statements', () => {
  it('opens how personal data is processed from the footer, with the controller and the retention rules of the sluice', async () => {
    const page = await browser.open('#/board', { as: employee() });
    const footer = page.getByRole('navigation', { name: 'Om tjänsten' });
    await footer.getByRole('link', { name: 'Så behandlas personuppgifter' }).click();
    const doc = page.getByTestId('privacy-statement');
    await doc.waitFor();
    expect(page.url()).toContain('#/privacy');
    await page.getByRole('heading', { level: 1, name: 'Så behandlas personuppgifter' }).waitFor();
    expect(await doc.getByTestId('privacy-controller').textContent()).toBe('Kommunstyrelsen i Exempelby. Kontakt: kommunen@exempelby.se.');
    await doc.getByText('Dataskyddsombud: dataskydd@exempelby.se.').waitFor();
    const retention = await doc.getByRole('region', { name: 'Hur länge uppgifterna sparas' }).getByRole('listitem').allTextContents();
    expect(retention).toEqual([
      'Avslutad: gallras 2 år efter att idén blev avslutad (KS 2024/117 § 12)',
      'Införd: bevaras (KS 2024/117 § 13)',
      'Idéer i andra steg, och i ett steg utan regel, bevaras.',
      'Granskningsloggen: gallras efter 5 år (KS 2024/117 § 14)',
      'Utkast som aldrig lämnades in är arbetsmaterial och tas bort efter 30 dagar.',
    ]);
    for (const heading of ['Personuppgiftsansvarig', 'Rättslig grund', 'Vilka uppgifter sparas', 'Dina rättigheter'])
      await doc.getByRole('heading', { level: 2, name: heading }).waitFor();
    const rights = doc.getByRole('region', { name: 'Dina rättigheter' });
    expect(await rights.textContent()).toContain('skriva mina uppgifter till Idéslussen');
    expect(await rights.getByRole('link', { name: 'Se dina uppgifter under Mina uppgifter' }).getAttribute('href')).toBe('#/my-data');
    // The footer marks where one is.
    expect(await footer.getByRole('link', { name: 'Så behandlas personuppgifter' }).getAttribute('aria-current')).toBe('page');
    await page.close();
  });

  it('opens the tillgänglighetsredogörelse from the footer: known gaps, how to report to the controller, and Digg', async () => {
    const page = await browser.open('#/mine', { as: employee() });
    await page.getByRole('navigation', { name: 'Om tjänsten' }).getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    const doc = page.getByTestId('accessibility-statement');
    await doc.waitFor();
    expect(page.url()).toContain('#/accessibility');
    expect(await doc.getByRole('region', { name: 'Kända brister' }).getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await doc.getByRole('region', { name: 'Rapportera brister' }).textContent()).toContain(
      'kontakta Kommunstyrelsen i Exempelby: kommunen@exempelby.se',
    );
    const digg = doc.getByRole('region', { name: 'Tillsyn' });
    expect(await digg.textContent()).toContain('Myndigheten för digital förvaltning (Digg)');
    expect(await digg.getByRole('link', { name: 'Anmäl till Digg (digg.se)' }).getAttribute('href')).toMatch(/^https:\/\/www\.digg\.se\//);
    await page.close();
  });

  it('says in English what it says in Swedish when the locale is English', async () => {
    const page = await browser.open('#/privacy', { as: employee(), query: '?lang=en' });
    await page.getByTestId('privacy-statement').waitFor();
    expect(await page.getByTestId('privacy-controller').textContent()).toBe('Kommunstyrelsen i Exempelby. Contact: kommunen@exempelby.se.');
    await page.close();
  });

  for (const [view, title, testId] of PAGES) {
    it.each(THEMES)(`${title}: no serious or critical axe violations in the %s theme`, async (theme) => {
      const page = await browser.open(`#/${view}`, { as: employee(), query: `?theme=${theme}` });
      await page.getByTestId(testId).waitFor();
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await page.close();
    });

    it(`${title}: reflows at 320 px without sideways scrolling`, async () => {
      const page = await browser.open(`#/${view}`, { as: employee(), width: 320 });
      await page.getByTestId(testId).waitFor();
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).resolves.toBeLessThanOrEqual(0);
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await page.close();
    });
  }
});
