/**
 * The record view (allmän handling) in headless Chromium: a coach opens it from the idea panel,
 * marks a passage for sekretessprövning (only in the page), prints it without the controls; a
 * registrator reaches it read-only; axe finds nothing serious in any theme.
 */
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let idea: Idea;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
  // The last person of the demo tenant is its registrator here.
  await app.storage.sluices.replace({ ...found.value, registrators: [tenant.people.at(-1)!.oid] }, found.etag);
  const ideas: Idea[] = [];
  for await (const i of app.storage.ideas.all(found.value.id)) ideas.push(i);
  // An idea with decisions beyond being taken, so the course has several passages.
  idea = ideas.filter((i) => i.record).sort((a, b) => b.history.length - a.history.length)[0]!;
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const coach = () => persona(tenant, tenant.coach, 'coach');
const registrator = () => persona(tenant, tenant.people.at(-1)!, 'registrator');
const employee = () => persona(tenant, tenant.people[0]!, 'employee');

async function openRecord(who = coach(), query = '') {
  const page = await browser.open(`#/record?id=${idea.id}`, { as: who, query });
  await page.getByTestId('record-document').waitFor();
  return page;
}

describe('the record view', () => {
  it('opens from the idea panel for a coach, with the record entry, the texts and the course in order', async () => {
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: coach() });
    const panel = page.getByRole('dialog', { name: new RegExp(`#${idea.number} `) });
    await panel.getByRole('link', { name: 'Allmän handling' }).click();
    const doc = page.getByTestId('record-document');
    await doc.waitFor();
    expect(page.url()).toContain(`#/record?id=${idea.id}`);
    await doc.getByRole('heading', { level: 2, name: `Allmän handling ${idea.record!.reference}` }).waitFor();
    const facts = await doc.locator('dl').textContent();
    expect(facts).toContain(idea.record!.authority.name);
    expect(facts).toContain(idea.record!.receivedOn);
    expect(await doc.getByTestId('record-chain').textContent()).toMatch(/^Historiken är obruten/);
    const passages = doc.getByTestId('record-passage');
    expect(await passages.nth(1).textContent()).toContain(idea.need);
    // The course: every decision and question, oldest first.
    const course = idea.history.filter((e) =>
      ['taken', 'advanced', 'declined', 'reassigned', 'reopened', 'withdrawn', 'infoRequested', 'infoAnswered'].includes(e.kind),
    );
    const texts = await doc.getByRole('region', { name: 'Beslut, frågor och svar' }).getByTestId('record-passage').allTextContents();
    expect(texts).toHaveLength(course.length);
    for (const [i, e] of course.entries()) if (e.text) expect(texts[i]).toContain(e.text);
    await page.close();
  });

  it('marks a passage for sekretessprövning: highlighted and labelled on screen and in print, stored nowhere', async () => {
    const page = await openRecord();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const need = page.getByTestId('record-passage').nth(1);
    expect(await need.getAttribute('data-marked')).toBe('false');
    const before = await need.evaluate((el) => getComputedStyle(el).backgroundColor);
    await need.getByRole('checkbox', { name: 'Markera för sekretessprövning' }).check();
    expect(await need.getAttribute('data-marked')).toBe('true');
    expect(await need.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(before);
    await need.getByText('Markerad för sekretessprövning', { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 stycke är markerat för sekretessprövning.' }).waitFor();
    // Nothing about the mark went to the server.
    expect(requests.filter((r) => !r.startsWith('GET '))).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    // Neither the view's navigation nor the footer's links are printed.
    expect(await page.locator('nav').count()).toBeGreaterThan(0);
    for (const nav of await page.locator('nav').all()) expect(await nav.isVisible()).toBe(false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut / Spara som PDF' }).isVisible()).toBe(false);
    expect(await need.getByRole('checkbox').isVisible()).toBe(false);
    expect(await need.getByText('Markerad för sekretessprövning', { exact: true }).isVisible()).toBe(true);
    expect(await need.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 241, 168)');
    expect(await page.getByText(`${idea.record!.reference} – utskriven ur Idéslussen`).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // A reload forgets the marks: they were only in the page.
    await page.reload();
    await page.getByTestId('record-document').waitFor();
    expect(await page.getByTestId('record-passage').nth(1).getAttribute('data-marked')).toBe('false');
    await page.close();
  });

  it('warns, naming the first changed event, when the history was changed past the app', async () => {
    const sluiceId = idea.sluiceId;
    const item = app.storage.containers.ideas.item(idea.id, sluiceId);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    const original = resource!;
    const history = original.history.map((e, i) => (i === 1 ? { ...e, actor: { id: e.actor.id, name: 'Någon annan' } } : e));
    await item.replace({ ...original, history });
    try {
      const page = await openRecord();
      expect(await page.getByTestId('record-chain').textContent()).toMatch(
        /^Varning: historiken har ändrats utanför Idéslussen\. Första ändrade händelsen är nr 2 \(/,
      );
      await page.close();
    } finally {
      const { resource: now } = await item.read<Idea & Record<string, unknown>>();
      await item.replace({ ...now!, history: original.history });
    }
  });

  it('lets a registrator see the board read-only and open the record; an employee gets no button', async () => {
    const board = await browser.open(`#/board?idea=${idea.id}`, { as: registrator() });
    const panel = board.getByRole('dialog', { name: new RegExp(`#${idea.number} `) });
    await panel.getByRole('link', { name: 'Allmän handling' }).waitFor();
    expect(await panel.getByRole('region', { name: 'Åtgärder för idécoacher' }).count()).toBe(0);
    for (const action of ['Ta idén', 'Avsluta', 'Be om komplettering'])
      expect(await panel.getByRole('button', { name: action }).count()).toBe(0);
    expect(await board.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await panel.getByRole('link', { name: 'Allmän handling' }).click();
    await board.getByTestId('record-document').waitFor();
    await board.close();

    const theirs = await browser.open(`#/board?idea=${idea.id}`, { as: employee() });
    await theirs
      .getByRole('dialog', { name: new RegExp(`#${idea.number} `) })
      .getByRole('heading', { name: 'Historik' })
      .waitFor();
    expect(await theirs.getByRole('link', { name: 'Allmän handling' }).count()).toBe(0);
    await theirs.close();
    // Typing the address gives the employee the refusal, with no request the server would refuse.
    const asked: string[] = [];
    const errors: string[] = [];
    const refused = await browser.open(`#/record?id=${idea.id}`, {
      as: employee(),
      beforeLoad: async (p) => {
        p.on('request', (req) => asked.push(new URL(req.url()).pathname));
        p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      },
    });
    await refused.getByText(/Bara slussens idécoacher, administratörer och registratorer/).waitFor();
    await refused.waitForLoadState('networkidle');
    expect(asked).toContain('/api/config');
    expect(asked.filter((path) => path.startsWith('/api/') && path.includes('/record'))).toEqual([]);
    expect(errors).toEqual([]);
    await refused.getByRole('link', { name: 'Tillbaka till tavlan' }).waitFor();
    await refused.close();
  });

  it.each(['default', 'dark', 'contrast'])(
    'has no serious or critical axe violations in the %s theme, with a passage marked',
    async (theme) => {
      const page = await openRecord(coach(), `?theme=${theme}`);
      await page.getByTestId('record-passage').first().getByRole('checkbox').check();
      expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
      await page.close();
    },
  );
});
