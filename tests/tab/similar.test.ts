import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let number: number;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  const who = tenant.people[1]!;
  const result = await app.services.ideas.submit({
    giver: { id: who.oid, tenantId: tenant.tenantId, name: who.name, locale: 'sv', department: 'Vård- och omsorgsförvaltningen' },
    text: {
      title: 'Elcyklar till personal i hemtjänsten',
      need: 'Hemtjänstens bilar fastnar i kö i centrum.',
      idea: 'Hemtjänsten får låna elcyklar till korta besök.',
      department: 'Vård- och omsorgsförvaltningen',
      beneficiaries: ['staff'],
    },
    source: 'tab',
    idempotencyKey: 'similar-tab-test',
  });
  if (!result.ok) throw new Error(result.error);
  number = result.idea.number;
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('similar ideas in the tab', () => {
  it('lists similar ideas in the idea panel with stage, department and what they share, and opens one', async () => {
    const page = await browser.open('#/board', { as: persona(tenant, tenant.people[0]!, 'employee') });
    await page.getByRole('link', { name: 'Lånecyklar för hemtjänsten' }).click();
    const panel = page.getByRole('dialog', { name: /Lånecyklar för hemtjänsten/ });
    const section = panel.getByTestId('similar-ideas');
    await section.getByRole('heading', { name: 'Liknande idéer' }).waitFor();
    const link = section.getByRole('link', { name: `#${number} Elcyklar till personal i hemtjänsten` });
    await link.waitFor();
    const text = await section.innerText();
    expect(text).toContain('Inkommen, Vård- och omsorgsförvaltningen');
    expect(text).toMatch(/gemensamt: .*hemtjänst/);
    await link.click();
    await page.getByRole('dialog', { name: new RegExp(`#${number} Elcyklar till personal i hemtjänsten`) }).waitFor();
    await page.close();
  });
});
