import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let first: Idea;
let second: Idea;

async function handIn(key: string, title: string): Promise<Idea> {
  const who = tenant.people[1]!;
  const result = await app.services.ideas.submit({
    giver: { id: who.oid, tenantId: tenant.tenantId, name: who.name, locale: 'sv', department: 'Kultur- och fritidsförvaltningen' },
    text: {
      title,
      need: 'Föräldrar glömmer anmälan.',
      idea: 'Ett sms en vecka innan.',
      department: 'Kultur- och fritidsförvaltningen',
      beneficiaries: ['residents'],
    },
    source: 'tab',
    idempotencyKey: key,
  });
  if (!result.ok) throw new Error(result.error);
  return result.idea;
}

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false }));
  first = await handIn('links-tab-1', 'Påminn om simskolan');
  second = await handIn('links-tab-2', 'Sms inför simskolan');
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('linked ideas in the tab', () => {
  it('lets a coach link the open idea to another by number and kind; the link shows on both panels and can be removed', async () => {
    const page = await browser.open(`#/board?idea=${first.id}`, { as: persona(tenant, tenant.coach, 'coach') });
    const panel = page.getByRole('dialog', { name: /Påminn om simskolan/ });
    const section = panel.getByTestId('idea-links');
    await section.getByRole('heading', { name: 'Kopplade idéer' }).waitFor();
    const form = section.getByRole('form', { name: 'Koppla till idé' });
    await form.getByLabel('Idéns nummer').fill(`#${second.number}`);
    await form.getByLabel('Hur de hänger ihop').selectOption('duplicate');
    await form.getByRole('button', { name: 'Koppla' }).click();
    const link = section.getByRole('link', { name: `#${second.number} Sms inför simskolan` });
    await link.waitFor();
    expect(await section.innerText()).toContain('dubblett av');
    expect(await section.innerText()).toContain('(Inkommen)');

    await link.click();
    const other = page.getByRole('dialog', { name: /Sms inför simskolan/ });
    const back = other.getByTestId('idea-links').getByRole('link', { name: `#${first.number} Påminn om simskolan` });
    await back.waitFor();

    await other.getByRole('button', { name: `Ta bort kopplingen till #${first.number}` }).click();
    await other.getByText(`Kopplingen till #${first.number} är borttagen.`).waitFor();
    expect(await back.count()).toBe(0);
    const stored = await app.storage.ideas.get(first.sluiceId, first.id);
    expect(stored?.value.links).toBeUndefined();
    await page.close();
  });

  it('shows an employee the links but no control to change them', async () => {
    await app.services.ideas.link(
      first.sluiceId,
      first.id,
      second.id,
      { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name },
      'related',
    );
    const page = await browser.open(`#/board?idea=${first.id}`, { as: persona(tenant, tenant.people[2]!, 'employee') });
    const section = page.getByRole('dialog', { name: /Påminn om simskolan/ }).getByTestId('idea-links');
    await section.getByRole('link', { name: `#${second.number} Sms inför simskolan` }).waitFor();
    expect(await section.innerText()).toContain('hänger ihop med');
    expect(await section.getByRole('form').count()).toBe(0);
    expect(await section.getByRole('button').count()).toBe(0);
    await page.close();
  });
});
