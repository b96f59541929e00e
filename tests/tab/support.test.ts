import type { Page } from 'playwright-core';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let idea: Idea;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false }));
  const who = tenant.people[1]!;
  const result = await app.services.ideas.submit({
    giver: { id: who.oid, tenantId: tenant.tenantId, name: who.name, locale: 'sv', department: 'Kultur- och fritidsförvaltningen' },
    text: {
      title: 'Påminn om simskolan',
      need: 'Föräldrar glömmer anmälan.',
      idea: 'Ett sms en vecka innan.',
      department: 'Kultur- och fritidsförvaltningen',
      beneficiaries: ['residents'],
    },
    source: 'tab',
    idempotencyKey: 'support-tab-1',
  });
  if (!result.ok) throw new Error(result.error);
  idea = result.idea;
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const colleague = () => persona(tenant, tenant.people[2]!, 'employee');
const giver = () => persona(tenant, tenant.people[1]!, 'employee');

function supportSection(page: Page) {
  return page.getByRole('dialog', { name: /Påminn om simskolan/ }).getByTestId('idea-support');
}

describe('support and "Jag kan hjälpa till" in the tab', () => {
  it('lets a colleague support the idea once, take it back, and shows the count on the board card', async () => {
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: colleague() });
    const section = supportSection(page);
    await section.getByText('0 personer stödjer idén.').waitFor();
    await section.getByRole('button', { name: 'Jag stödjer idén' }).click();
    await section.getByText('1 person stödjer idén. Du stödjer idén.').waitFor();
    await section.getByRole('button', { name: 'Ta tillbaka mitt stöd' }).click();
    await section.getByText('0 personer stödjer idén.').waitFor();
    await section.getByRole('button', { name: 'Jag stödjer idén' }).click();
    await section.getByText('1 person stödjer idén. Du stödjer idén.').waitFor();
    // The board behind the panel shows the count once it reloads.
    await page.reload();
    const card = page.locator(`[data-idea-id="${idea.id}"]`);
    await card.getByTestId('card-support-count').waitFor();
    expect(await card.getByTestId('card-support-count').innerText()).toBe('1 stödjer');
    await page.close();
  });

  it('takes an offer of help with a note shown literally; the giver sees it, cannot support their own idea, and is told why there is no chat link', async () => {
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: colleague() });
    const section = supportSection(page);
    await section.getByRole('button', { name: 'Jag kan hjälpa till' }).click();
    const form = section.getByRole('form', { name: 'Jag kan hjälpa till' });
    await form.getByRole('button', { name: 'Skicka erbjudandet' }).click();
    await form.getByText('Skriv några ord om hur du kan hjälpa till.').waitFor();
    const note = 'Jag jobbar med samma sak på **Tekniska** <b>nu</b>';
    await form.getByLabel(/Vad kan du bidra med/).fill(note);
    await form.getByRole('button', { name: 'Skicka erbjudandet' }).click();
    await section.getByText('Tack! Idégivaren och idécoachen har fått ditt erbjudande.').waitFor();
    await section.getByText('Du har erbjudit dig att hjälpa till.').waitFor();
    const helpers = section.getByRole('list', { name: 'De här vill hjälpa till' });
    await helpers.getByText(note, { exact: true }).waitFor();
    expect(await helpers.locator('b').count()).toBe(0);
    await page.close();

    const own = await browser.open(`#/board?idea=${idea.id}`, { as: giver() });
    const mine = supportSection(own);
    await mine.getByText(/Det här är din egen idé/).waitFor();
    expect(await mine.getByText('1 person stödjer idén.').count()).toBe(1);
    expect(await mine.getByRole('button').count()).toBe(0);
    await mine.getByText(note, { exact: true }).waitFor();
    // No directory is configured here: the three cannot be named in a Teams link.
    await mine.getByText(/Gruppchatt kan inte startas härifrån/).waitFor();
    expect(await mine.getByRole('link').count()).toBe(0);
    await own.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no serious or critical axe findings in the ${theme} theme, with the offer form open`, async () => {
      const page = await browser.open(`#/board?idea=${idea.id}`, {
        as: persona(tenant, tenant.people[3]!, 'employee'),
        query: `?theme=${theme}`,
      });
      const section = supportSection(page);
      await section.getByRole('button', { name: 'Jag kan hjälpa till' }).click();
      await section.getByRole('form', { name: 'Jag kan hjälpa till' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('fits 320 px: the section does not overflow the panel', async () => {
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: persona(tenant, tenant.people[3]!, 'employee'), width: 320 });
    const section = supportSection(page);
    await section.getByRole('button', { name: 'Jag kan hjälpa till' }).click();
    await section.getByRole('form', { name: 'Jag kan hjälpa till' }).waitFor();
    const width = await section.evaluate((el) => el.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
