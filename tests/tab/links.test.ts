/**
 * Linked sluices in the tab, against the real local server with two sluices: the admins agree to
 * the link in their Administration views, every member of one then reads the other's tested,
 * implemented and closed ideas under "Från länkade idéslussar", and removing the link ends it.
 */
import type { Page } from 'playwright-core';
import type { DevPersona } from '../../bot/src/api/contracts';
import type { LinkedIdeasBody, SluiceLinksBody } from '../../bot/src/api/link-schemas';
import type { IdeaAction } from '../../bot/src/domain/transitions';
import { createSluice } from '../../bot/src/domain/sluice';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin of `npm start` (.m365agentsplayground.yml): admin of sluice A. */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';
const A_NAME = 'Idéslussen Exempelkommun';

/** Sluice B, of another tenant: its own admin, coach and giver. */
const B = {
  id: 'grannby',
  name: 'Idéslussen Grannby',
  municipality: 'Grannby kommun',
  tenantId: '0b000000-0000-4000-8000-0000000000b1',
  admin: { id: '0b000000-0000-4000-8000-0000000000a1', name: 'Sara Lind' },
  coach: { id: '0b000000-0000-4000-8000-0000000000c1', name: 'Per Holm' },
  giver: { id: '0b000000-0000-4000-8000-0000000000e1', name: 'Eva Strand' },
};
const B_TESTED = 'Lånecyklar för hemtjänsten';
const B_DONE = 'Gemensam vikariepool för förskolorna';
const B_CLOSED = 'Egen app för felanmälan';
const B_SUBMITTED = 'Digital matsedel i skolorna';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

const adminA = (): DevPersona =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );
const memberA = (): DevPersona => persona(tenant, tenant.people[0]!, 'employee');
const adminB = (): DevPersona => ({ tid: B.tenantId, oid: B.admin.id, name: B.admin.name, role: 'admin' });

/** One idea of sluice B, handed in by B's giver and taken through `steps` by B's coach. */
async function ideaOfB(key: string, title: string, steps: IdeaAction[]): Promise<void> {
  const submitted = await app.services.ideas.submit({
    giver: { id: B.giver.id, tenantId: B.tenantId, name: B.giver.name, locale: 'sv', department: 'Vård och omsorg' },
    text: {
      title,
      need: `Behovet bakom ${title.toLowerCase()}.`,
      idea: `Så här skulle ${title.toLowerCase()} fungera.`,
      department: 'Vård och omsorg',
      beneficiaries: ['staff'],
    },
    source: 'chat',
    idempotencyKey: key,
  });
  if (!submitted.ok) throw new Error(`B's idea ${title} was refused: ${submitted.error}`);
  for (const step of steps) {
    const result = await app.services.ideas.act(B.id, submitted.idea.id, { ...B.coach, tenantId: B.tenantId }, step);
    if (!result.ok) throw new Error(`${step.type} on ${title} failed: ${JSON.stringify(result.error)}`);
  }
}

async function bearerOf(who: DevPersona): Promise<Record<string, string>> {
  const res = await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name });
  return { authorization: `Bearer ${(res.body as { token: string }).token}` };
}

async function linksOf(who: DevPersona): Promise<SluiceLinksBody['items']> {
  const res = await app.get('/api/admin/links', await bearerOf(who));
  expect(res.status).toBe(200);
  return (res.body as SluiceLinksBody).items;
}

async function linkedIdeasOf(who: DevPersona): Promise<LinkedIdeasBody> {
  const res = await app.get('/api/linked-ideas', await bearerOf(who));
  expect(res.status).toBe(200);
  return res.body as LinkedIdeasBody;
}

/** The link made (or ended) through the API, for the checks that need it in place. */
async function linkThroughApi(): Promise<void> {
  expect((await app.post('/api/admin/links', { sluiceId: B.id }, await bearerOf(adminA()))).status).toBe(200);
  expect((await app.post('/api/admin/links/default/accept', undefined, await bearerOf(adminB()))).status).toBe(200);
}
async function unlinkThroughApi(): Promise<void> {
  if ((await linksOf(adminA())).length > 0)
    expect((await app.call('DELETE', `/api/admin/links/${B.id}`, undefined, await bearerOf(adminA()))).status).toBe(200);
}

async function openAdmin(who: DevPersona, query = ''): Promise<Page> {
  const page = await browser.open('#/admin', { as: who, query });
  await page.getByRole('heading', { level: 2, name: /Länkade idéslussar|Linked idea sluices/ }).waitFor();
  return page;
}

const linksSection = (page: Page) => page.getByRole('region', { name: /Länkade idéslussar|Linked idea sluices/ });
const linkItem = (page: Page, name: string) => linksSection(page).getByRole('listitem', { name });
const outcome = (page: Page) => page.getByTestId('links-outcome');

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false, env: { DEFAULT_ADMIN_IDS: ADMIN_OID } }));
  await app.storage.sluices.create({
    ...createSluice({ id: B.id, name: B.name, tenantIds: [B.tenantId], coachIds: [B.coach.id], adminIds: [B.admin.id], now: new Date() }),
    municipalities: { [B.tenantId]: B.municipality },
  });
  await ideaOfB('tested', B_TESTED, [{ type: 'take' }, { type: 'advance', comment: 'Vi testar med två cyklar i Norrby under våren.' }]);
  await ideaOfB('done', B_DONE, [
    { type: 'take' },
    { type: 'advance' },
    { type: 'advance' },
    {
      type: 'advance',
      comment: 'Poolen används av alla förskolor.',
      effects: [{ forWhom: 'Förskolecheferna', change: 'Mindre tid på att ringa vikarier', amount: 3, unit: 'timmar i veckan' }],
    },
  ]);
  await ideaOfB('closed', B_CLOSED, [{ type: 'take' }, { type: 'decline', reason: 'Regionens e-tjänst gör redan detta.' }]);
  await ideaOfB('submitted', B_SUBMITTED, []);
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('linked sluices in the tab', () => {
  it('walks through the agreement: A asks, B accepts, a member of A reads what B shares, and removing it ends it', async () => {
    // Before the link a member of A is told plainly that the sluice is linked with nobody.
    const before = await browser.open('#/linked', { as: memberA() });
    await before.getByRole('heading', { level: 1, name: 'Från länkade idéslussar' }).waitFor();
    await before.getByText('Er idésluss är inte länkad med någon annan idésluss än.').waitFor();
    await before.close();

    // A's admin sees the sluice's own id and asks B, by B's id; a wrong id is refused beside the field.
    const a = await openAdmin(adminA());
    const section = linksSection(a);
    await section.getByText('Slussen är inte länkad med någon annan idésluss.').waitFor();
    await section.getByText('Id för er sluss', { exact: false }).waitFor();
    expect(await section.getByText('default', { exact: true }).count()).toBe(1);
    const otherId = section.getByLabel('Den andra slussens id');
    await otherId.fill('finns-inte');
    await section.getByRole('button', { name: 'Be om länk' }).click();
    await section.getByText('Det finns ingen idésluss med det id:t här.', { exact: false }).waitFor();
    expect(await otherId.getAttribute('aria-invalid')).toBe('true');
    expect(await otherId.evaluate((el) => el === document.activeElement)).toBe(true);
    await otherId.fill('default');
    await section.getByRole('button', { name: 'Be om länk' }).click();
    await section.getByText('Det är er egen sluss.', { exact: false }).waitFor();
    await otherId.fill(B.id);
    await section.getByRole('button', { name: 'Be om länk' }).click();
    await outcome(a).getByText(`Ni har bett ${B.name} om en länk.`, { exact: false }).waitFor();
    const asked = linkItem(a, B.name);
    await asked.getByText('Ni har bett om en länk – väntar på att den andra slussen godkänner').waitFor();
    await asked.getByText(`Kommuner: ${B.municipality}`).waitFor();
    expect(await linksOf(adminA())).toMatchObject([{ sluiceId: B.id, state: 'requested' }]);
    // The request is in A's audit log, beside it in the view.
    await a
      .getByRole('table', { name: 'Ändringslogg' })
      .getByRole('row', { name: new RegExp(`Lars Nilsson.*Bad ${B.name} om en länk`) })
      .waitFor();
    // Nothing crosses before B agrees.
    expect((await linkedIdeasOf(memberA())).items).toEqual([]);

    // B's admin sees the request in B's own view and accepts it.
    const b = await openAdmin(adminB());
    const invited = linkItem(b, A_NAME);
    await invited.getByText('Den andra slussen ber om en länk – väntar på er').waitFor();
    await invited.getByRole('button', { name: `Godkänn länken med ${A_NAME}` }).click();
    await outcome(b).getByText(`Länken med ${A_NAME} gäller nu.`).waitFor();
    await invited.getByText('Länkad – ni ser varandras idéer').waitFor();
    expect(await linksOf(adminA())).toMatchObject([{ sluiceId: B.id, state: 'linked' }]);

    // A member of A reads B's tested, implemented and closed ideas, marked with B's municipality,
    // with effects and reasons; B's new idea does not cross, and nothing can be done to any of them.
    const member = await browser.open('#/board', { as: memberA() });
    await member.getByRole('navigation').getByRole('link', { name: 'Från länkade idéslussar' }).click();
    const list = member.getByRole('list', { name: 'Idéer från länkade idéslussar' });
    const tested = list.getByRole('article', { name: B_TESTED });
    await tested.waitFor();
    await tested.getByText(`Från ${B.municipality} (${B.name})`).waitFor();
    await tested.getByText('Testas', { exact: true }).waitFor();
    await tested.getByText('Vi testar med två cyklar i Norrby under våren.').waitFor();
    const done = list.getByRole('article', { name: B_DONE });
    await done
      .getByTestId('linked-effects')
      .getByText(/Förskolecheferna: Mindre tid på att ringa vikarier \(3 timmar i veckan\)/)
      .waitFor();
    const closed = list.getByRole('article', { name: B_CLOSED });
    await closed.getByText('Varför idén avslutades').waitFor();
    await closed.getByText('Regionens e-tjänst gör redan detta.').waitFor();
    expect(await list.getByRole('article').count()).toBe(3);
    expect(await member.getByText(B_SUBMITTED).count()).toBe(0);
    // Read-only: no buttons, links or form fields inside the ideas, and no names of B's people.
    expect(await list.locator('button, a, input, textarea, select').count()).toBe(0);
    expect(await list.textContent()).not.toMatch(new RegExp(`${B.giver.name}|${B.coach.name}`));
    // The stage filter narrows what the server sends.
    await member.getByLabel('Steg').selectOption('closed');
    await list.getByRole('article').filter({ hasText: B_CLOSED }).waitFor();
    await member.waitForFunction(() => document.querySelectorAll('[data-testid="linked-idea"]').length === 1);
    expect(member.url()).toContain('stage=closed');
    await member.close();

    // A's admin removes the link, after confirming it; both sides see it gone at once.
    await a.reload();
    const linked = linkItem(a, B.name);
    await linked.getByText('Länkad – ni ser varandras idéer').waitFor();
    await linked.getByRole('button', { name: `Ta bort länken med ${B.name}` }).click();
    const confirm = linked.getByRole('group', { name: `Ta bort länken med ${B.name}` });
    await confirm.getByText('Båda slussarna slutar direkt att se varandras idéer.', { exact: false }).waitFor();
    // Cancelling keeps it.
    await confirm.getByRole('button', { name: 'Avbryt' }).click();
    expect(await linksOf(adminA())).toMatchObject([{ state: 'linked' }]);
    await linked.getByRole('button', { name: `Ta bort länken med ${B.name}` }).click();
    await linked.getByRole('button', { name: 'Ja, ta bort' }).click();
    await outcome(a).getByText(`Länken med ${B.name} är borttagen.`).waitFor();
    await section.getByText('Slussen är inte länkad med någon annan idésluss.').waitFor();
    expect(await linksOf(adminA())).toEqual([]);
    expect(await linksOf(adminB())).toEqual([]);
    expect(await linkedIdeasOf(memberA())).toEqual({ sluices: [], items: [], more: false });
    const after = await browser.open('#/linked', { as: memberA() });
    await after.getByText('Er idésluss är inte länkad med någon annan idésluss än.').waitFor();
    await after.close();
    await a.close();
    await b.close();
  });

  it('tells an admin plainly when the request to accept was withdrawn meanwhile (409), and shows how things are now', async () => {
    expect((await app.post('/api/admin/links', { sluiceId: B.id }, await bearerOf(adminA()))).status).toBe(200);
    const b = await openAdmin(adminB());
    const accept = linkItem(b, A_NAME).getByRole('button', { name: `Godkänn länken med ${A_NAME}` });
    await accept.waitFor();
    // A withdraws its request while B's admin looks at it.
    await unlinkThroughApi();
    await accept.click();
    await outcome(b).getByText('Den andra slussen har dragit tillbaka sin förfrågan', { exact: false }).waitFor();
    await linksSection(b).getByText('Slussen är inte länkad med någon annan idésluss.').waitFor();
    expect(await linksOf(adminB())).toEqual([]);
    await b.close();
  });

  it('lets the admin of the asked sluice decline a request, after confirming it', async () => {
    expect((await app.post('/api/admin/links', { sluiceId: B.id }, await bearerOf(adminA()))).status).toBe(200);
    const b = await openAdmin(adminB());
    const invited = linkItem(b, A_NAME);
    await invited.getByRole('button', { name: `Avböj förfrågan från ${A_NAME}` }).click();
    await invited.getByRole('button', { name: 'Ja, avböj' }).click();
    await outcome(b).getByText(`Förfrågan från ${A_NAME} är avböjd.`).waitFor();
    expect(await linksOf(adminA())).toEqual([]);
    await b.close();
  });

  it('speaks English when Teams does', async () => {
    await linkThroughApi();
    const a = await openAdmin(adminA(), '?lang=en');
    await linkItem(a, B.name).getByText("Linked – you see each other's ideas").waitFor();
    await linkItem(a, B.name)
      .getByRole('button', { name: `Remove the link with ${B.name}` })
      .waitFor();
    await a.close();
    const member = await browser.open('#/linked', { as: memberA(), query: '?lang=en' });
    await member.getByRole('heading', { level: 1, name: 'From linked idea sluices' }).waitFor();
    await member.getByRole('article', { name: B_CLOSED }).getByText('Why the idea was closed').waitFor();
    await member.close();
    await unlinkThroughApi();
  });

  describe('with the link in place', () => {
    beforeAll(linkThroughApi);
    afterAll(unlinkThroughApi);

    it.each(['default', 'dark', 'contrast'] as const)(
      'has no serious or critical axe violations in the %s theme, in the Administration view and the linked ideas',
      async (theme) => {
        const a = await openAdmin(adminA(), `?theme=${theme}`);
        await linkItem(a, B.name)
          .getByRole('button', { name: `Ta bort länken med ${B.name}` })
          .click();
        await linkItem(a, B.name).getByRole('button', { name: 'Ja, ta bort' }).waitFor();
        await linksSection(a).getByLabel('Den andra slussens id').fill('default');
        await linksSection(a).getByRole('button', { name: 'Be om länk' }).click();
        await linksSection(a).getByText('Det är er egen sluss.', { exact: false }).waitFor();
        expect({ theme, view: 'admin', violations: await seriousViolations(a) }).toEqual({ theme, view: 'admin', violations: [] });
        await a.close();
        const member = await browser.open('#/linked', { as: memberA(), query: `?theme=${theme}` });
        await member.getByRole('article', { name: B_DONE }).waitFor();
        expect({ theme, view: 'linked', violations: await seriousViolations(member) }).toEqual({ theme, view: 'linked', violations: [] });
        await member.close();
      },
    );

    it.each(['#/linked', '#/admin'])('fits a 320 px wide screen without sideways scrolling (%s)', async (hash) => {
      const page = await browser.open(hash, { as: hash === '#/admin' ? adminA() : memberA(), width: 320 });
      if (hash === '#/admin') await linkItem(page, B.name).waitFor();
      else await page.getByRole('article', { name: B_DONE }).waitFor();
      // Whatever reaches past the screen's edge, named, so a failure says what is too wide.
      const tooWide = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('[data-scrolls]'))
          .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}: ${el.textContent?.slice(0, 30) ?? ''}`)
          .slice(0, 5);
      });
      expect(tooWide).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  });
});
