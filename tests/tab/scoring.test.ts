/**
 * Bedömning in the idea panel and the criteria editor in Administration (issue 20, item 5), in
 * headless Chromium against the whole server and the embedded Cosmos: an admin edits the criteria
 * (add, reorder, edit, remove; a 400 and a 412 told plainly), a coach scores an idea through the
 * panel and the score is stored, the board card shows it to coaches only, and a giver sees no
 * Bedömning and is refused by the API. Axe in three themes and at 320 px for both.
 */
import type { Page } from 'playwright-core';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { IdeaResponse } from '../../bot/src/api/contracts';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin of `npm start` (.m365agentsplayground.yml). */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let taken: Idea;
let waiting: Idea;

const admin = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );
const coach = () => persona(tenant, tenant.coach, 'coach');
// people[1] is the demo coach; Erik Johansson hands the ideas in.
const giver = () => persona(tenant, tenant.people[2]!, 'employee');

async function submit(title: string, key: string): Promise<Idea> {
  const who = tenant.people[2]!;
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

async function sluice() {
  return (await app.storage.sluices.findByTenant(tenant.tenantId))!;
}

async function setCriteria(criteria: { id: string; name: string; description?: string; weight: number }[]): Promise<void> {
  const found = await sluice();
  await app.storage.sluices.replace({ ...found.value, criteria }, found.etag);
}

async function token(who: ReturnType<typeof admin>): Promise<string> {
  const res = await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name });
  return (res.body as { token: string }).token;
}

async function sheetsOf(ideaId: string): Promise<{ coach: { id: string }; scores: Record<string, number> }[]> {
  const { resources } = await app.storage.containers.participation.items
    .query<{ coach: { id: string }; scores: Record<string, number> }>({
      query: "SELECT * FROM c WHERE c.kind = 'score' AND c.ideaId = @id",
      parameters: [{ name: '@id', value: ideaId }],
    })
    .fetchAll();
  return resources;
}

const CRITERIA = [
  { id: 'nytta', name: 'Nytta för invånarna', description: 'Hur många får det bättre, och hur mycket?', weight: 3 },
  { id: 'kostnad', name: 'Kostnad', description: 'Låg kostnad ger hög poäng.', weight: 1 },
];

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false, env: { DEFAULT_ADMIN_IDS: ADMIN_OID } }));
  taken = await submit('Påminn om simskolan', 'scoring-tab-1');
  const c = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
  const took = await app.services.ideas.act(taken.sluiceId, taken.id, c, { type: 'take' });
  if (!took.ok) throw new Error(took.error);
  waiting = await submit('Väntar på en idécoach', 'scoring-tab-2');
  await setCriteria(CRITERIA);
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

function panel(page: Page, title: string) {
  return page.getByRole('dialog', { name: new RegExp(title) });
}

async function openScoring(page: Page, title: string) {
  const section = panel(page, title).getByTestId('idea-scoring');
  await section.getByRole('heading', { name: 'Bedömning', exact: true }).waitFor();
  return section;
}

describe('Bedömning in the idea panel', () => {
  it('lets a coach score each criterion 1–5 and stores it; the weighted score, the coach and the time are shown', async () => {
    const page = await browser.open(`#/board?idea=${taken.id}`, { as: coach() });
    const section = await openScoring(page, 'Påminn om simskolan');
    await section.getByText('Ingen har bedömt idén än.').waitFor();
    const form = section.getByRole('form', { name: 'Din bedömning' });
    const nytta = form.getByRole('radiogroup', { name: /Nytta för invånarna \(vikt 3\)/ });
    // The description is the group's hint, read with it.
    expect(await nytta.getAttribute('aria-describedby')).toBeTruthy();
    await form.getByText('Hur många får det bättre, och hur mycket?').waitFor();
    await nytta.getByRole('radio', { name: '4', exact: true }).check();
    await form
      .getByRole('radiogroup', { name: /Kostnad/ })
      .getByRole('radio', { name: '2', exact: true })
      .check();
    await form.getByRole('button', { name: 'Spara bedömning' }).click();
    await section.getByText('Din bedömning är sparad.').waitFor();
    // Nytta 4 (75) weighs 3, Kostnad 2 (25) weighs 1: (225 + 25) / 4 = 62.5 → 63.
    await section.getByText('Viktad poäng: 63 av 100 (en idécoachs bedömning).').waitFor();
    const sheets = section.getByRole('list', { name: 'Idécoachernas bedömningar' });
    await sheets.getByText(`${tenant.coach.name}: 63 av 100`).waitFor();
    await sheets.getByText('Nytta för invånarna 4 · Kostnad 2').waitFor();
    expect(await sheets.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    const stored = await sheetsOf(taken.id);
    expect(stored.map((s) => [s.coach.id, s.scores])).toEqual([[tenant.coach.oid, { nytta: 4, kostnad: 2 }]]);
    expect((await app.storage.ideas.get(taken.sluiceId, taken.id))!.value.score).toEqual({ weighted: 63, coaches: 1 });

    // Scoring again replaces the coach's sheet, and unscoring a criterion leaves it out.
    await form
      .getByRole('radiogroup', { name: /Kostnad/ })
      .getByRole('radio', { name: 'Ej bedömt' })
      .check();
    await nytta.getByRole('radio', { name: '5 – starkt' }).check();
    await form.getByRole('button', { name: 'Spara bedömning' }).click();
    await section.getByText('Viktad poäng: 100 av 100 (en idécoachs bedömning).').waitFor();
    expect((await sheetsOf(taken.id)).map((s) => s.scores)).toEqual([{ nytta: 5 }]);

    // Saving a score changed the idea (it keeps the weighted score): the panel read it again, so a
    // coach action from the same panel is not refused as made on an older version.
    const dialog = panel(page, 'Påminn om simskolan');
    await dialog.getByRole('button', { name: 'Flytta till Testas' }).click();
    await dialog.getByRole('form', { name: 'Flytta till Testas' }).getByRole('button', { name: 'Flytta' }).click();
    await dialog.getByTestId('panel-notice').getByText('Klart: Flytta till Testas.').waitFor();
    expect((await app.storage.ideas.get(taken.sluiceId, taken.id))!.value.stage).toBe('testing');
    await page.close();
  });

  it('shows the score as a badge on the coach’s board card', async () => {
    const page = await browser.open('#/board', { as: coach() });
    const card = page.locator(`[data-idea-id="${taken.id}"]`);
    await card.getByTestId('card-score').waitFor();
    expect(await card.getByTestId('card-score').innerText()).toBe('Poäng 100');
    expect(await page.locator(`[data-idea-id="${waiting.id}"]`).getByTestId('card-score').count()).toBe(0);
    await page.close();
  });

  it('says an idea waiting for a coach is scored from Idésamtal on, with no form', async () => {
    const page = await browser.open(`#/board?idea=${waiting.id}`, { as: coach() });
    const section = await openScoring(page, 'Väntar på en idécoach');
    await section.getByText('Idén bedöms från Idésamtal, när en idécoach har tagit den.').waitFor();
    expect(await section.getByRole('form').count()).toBe(0);
    await page.close();
  });

  it('follows the server’s rule: a save refused because the idea was closed meanwhile says so, and the closed idea has no form', async () => {
    const idea = await submit('Avslutas under samtalet', 'scoring-tab-3');
    const c = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
    const took = await app.services.ideas.act(idea.sluiceId, idea.id, c, { type: 'take' });
    if (!took.ok) throw new Error(took.error);
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: coach() });
    const section = await openScoring(page, 'Avslutas under samtalet');
    const form = section.getByRole('form', { name: 'Din bedömning' });
    await form
      .getByRole('radiogroup', { name: /Kostnad/ })
      .getByRole('radio', { name: '4', exact: true })
      .check();
    const declined = await app.services.ideas.act(idea.sluiceId, idea.id, c, { type: 'decline', reason: 'Görs redan av skolan' });
    if (!declined.ok) throw new Error(declined.error);
    await form.getByRole('button', { name: 'Spara bedömning' }).click();
    await section.getByText('Idén tar inte emot bedömningar i sitt steg just nu, så bedömningen sparades inte.').waitFor();
    await section.getByText('Idén är avslutad och tar inte emot nya bedömningar. Öppna den igen för att bedöma den.').waitFor();
    expect(await section.getByRole('form').count()).toBe(0);
    expect(await sheetsOf(idea.id)).toEqual([]);
    await page.close();
  });

  it('tells plainly when the criteria were removed while the form was open, and shows what the server holds', async () => {
    const page = await browser.open(`#/board?idea=${taken.id}`, { as: coach() });
    const section = await openScoring(page, 'Påminn om simskolan');
    const form = section.getByRole('form', { name: 'Din bedömning' });
    await form
      .getByRole('radiogroup', { name: /Kostnad/ })
      .getByRole('radio', { name: '3', exact: true })
      .check();
    await setCriteria([]);
    try {
      await form.getByRole('button', { name: 'Spara bedömning' }).click();
      await section.getByText('Idéslussen har inte längre några bedömningskriterier, så bedömningen sparades inte.').waitFor();
      await section.getByText(/Idéslussen har inga bedömningskriterier än/).waitFor();
      expect((await sheetsOf(taken.id)).map((s) => s.scores)).toEqual([{ nytta: 5 }]);
    } finally {
      await setCriteria(CRITERIA);
      await page.close();
    }
  });

  it('is not in the giver’s panel, their answers carry no score, and the API refuses them', async () => {
    const page = await browser.open(`#/board?idea=${taken.id}`, { as: giver() });
    const dialog = panel(page, 'Påminn om simskolan');
    await dialog.getByRole('heading', { name: 'Historik' }).waitFor();
    await dialog.getByTestId('idea-support').waitFor();
    expect(await dialog.getByTestId('idea-scoring').count()).toBe(0);
    expect(await dialog.getByText('Bedömning').count()).toBe(0);
    expect(await page.locator(`[data-idea-id="${taken.id}"]`).getByTestId('card-score').count()).toBe(0);
    await page.close();

    const auth = { authorization: `Bearer ${await token(giver())}` };
    expect((await app.get(`/api/ideas/${taken.id}/scores`, auth)).status).toBe(403);
    expect((await app.call('PUT', `/api/ideas/${taken.id}/scores`, { scores: { nytta: 5 } }, auth)).status).toBe(403);
    const read = await app.get(`/api/ideas/${taken.id}`, auth);
    expect((read.body as IdeaResponse).idea.id).toBe(taken.id);
    expect(JSON.stringify(read.body)).not.toMatch(/score|weighted|Nytta för invånarna/i);
    expect((await sheetsOf(taken.id)).map((s) => s.scores)).toEqual([{ nytta: 5 }]);
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no serious or critical axe findings in the ${theme} theme, with the form and a saved score`, async () => {
      const page = await browser.open(`#/board?idea=${taken.id}`, { as: coach(), query: `?theme=${theme}` });
      const section = await openScoring(page, 'Påminn om simskolan');
      await section.getByRole('form', { name: 'Din bedömning' }).waitFor();
      await section.getByRole('list', { name: 'Idécoachernas bedömningar' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('fits 320 px: the section does not overflow the panel', async () => {
    const page = await browser.open(`#/board?idea=${taken.id}`, { as: coach(), width: 320 });
    const section = await openScoring(page, 'Påminn om simskolan');
    await section.getByRole('form', { name: 'Din bedömning' }).waitFor();
    expect(await section.evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the criteria editor in Administration', () => {
  async function openEditor(options: { query?: string; width?: number } = {}) {
    const page = await browser.open('#/admin', { as: admin(), ...options });
    const section = page.getByTestId('admin-criteria');
    await section.getByRole('heading', { name: 'Bedömningskriterier' }).waitFor();
    return { page, section, form: section.getByRole('form', { name: 'Bedömningskriterier' }) };
  }

  it('adds, reorders and edits criteria, refuses a bad weight and a duplicate name by field, and stores them through updateSluice', async () => {
    const { page, section, form } = await openEditor();
    const rows = form.getByTestId('criterion-row');
    expect(await rows.count()).toBe(2);
    await form.getByRole('button', { name: 'Lägg till kriterium' }).click();
    const third = rows.nth(2);
    await third.getByLabel('Namn').fill('Genomförbarhet');
    await third.getByLabel(/Beskrivning/).fill('Kan förvaltningen göra det **själv**?');
    await third.getByLabel(/Vikt/).fill('11');
    await form.getByRole('button', { name: 'Spara kriterier' }).click();
    await third.getByText('Ska vara ett heltal 1–10.').waitFor();
    await section
      .getByTestId('criteria-outcome')
      .getByText(/Det gick inte att spara: kontrollera Kriterium 3: Genomförbarhet \(Vikt/)
      .waitFor();
    expect((await sluice()).value.criteria).toEqual(CRITERIA);

    // The server names what only it checks: a name two criteria share (case does not matter).
    await third.getByLabel(/Vikt/).fill('2');
    await third.getByLabel('Namn').fill('kostnad');
    await form.getByRole('button', { name: 'Spara kriterier' }).click();
    await third.getByText('Finns redan i listan.').waitFor();
    expect((await sluice()).value.criteria).toEqual(CRITERIA);

    await third.getByLabel('Namn').fill('Genomförbarhet');
    await form.getByRole('button', { name: 'Flytta kriterium 3 upp' }).click();
    await rows.nth(0).getByLabel('Namn').fill('Nytta för kommunens invånare');
    await form.getByRole('button', { name: 'Spara kriterier' }).click();
    await section.getByTestId('criteria-outcome').getByText('Kriterierna är sparade. Idéernas poäng följer dem nu.').waitFor();
    const stored = (await sluice()).value.criteria!;
    expect(stored.map((c) => [c.name, c.weight])).toEqual([
      ['Nytta för kommunens invånare', 3],
      ['Genomförbarhet', 2],
      ['Kostnad', 1],
    ]);
    // A renamed criterion keeps its id, so the scores given on it keep counting.
    expect(stored[0]!.id).toBe('nytta');
    expect(stored[1]!.description).toBe('Kan förvaltningen göra det **själv**?');
    await rows.nth(0).getByText('Väger 50 % av poängen.').waitFor();
    await page.close();
  });

  it('removing a criterion says its scores count no more, and the idea is rescored when saved', async () => {
    const before = (await app.storage.ideas.get(taken.sluiceId, taken.id))!.value.score;
    expect(before).toEqual({ weighted: 100, coaches: 1 });
    const { page, section, form } = await openEditor();
    await form.getByRole('button', { name: 'Ta bort kriterium 1' }).click();
    await section
      .getByTestId('criteria-removed-note')
      .getByText(/räknas de bedömningarna inte längre/)
      .waitFor();
    await form.getByRole('button', { name: 'Spara kriterier' }).click();
    await section
      .getByTestId('criteria-outcome')
      .getByText(/Kriterierna är sparade/)
      .waitFor();
    expect((await sluice()).value.criteria!.map((c) => c.name)).toEqual(['Genomförbarhet', 'Kostnad']);
    // The coach scored only Nytta: with it gone, the idea has no score, and its sheet keeps the old score unshown.
    // The rescoring is the outbox's job, which this server's worker runs right after the save: wait for it to finish.
    const job = async () =>
      (
        await app.storage.containers.outbox.items
          .query<{ status: string }>("SELECT c.status FROM c WHERE c.type = 'job' AND c.eventKind = 'rescore' ORDER BY c.createdAt DESC")
          .fetchAll()
      ).resources[0]?.status;
    for (let i = 0; i < 200 && (await job()) !== 'done'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await job()).toBe('done');
    expect((await app.storage.ideas.get(taken.sluiceId, taken.id))!.value.score).toBeUndefined();
    expect((await sheetsOf(taken.id)).map((s) => s.scores)).toEqual([{ nytta: 5 }]);
    await page.close();
  });

  it('after someone else saved meanwhile (412) shows the current settings and says so', async () => {
    const { page, section, form } = await openEditor();
    await form.getByTestId('criterion-row').nth(0).getByLabel(/Vikt/).fill('4');
    const found = await sluice();
    await app.storage.sluices.replace(
      { ...found.value, criteria: [...found.value.criteria!, { id: 'tid', name: 'Tidsåtgång', weight: 2 }] },
      found.etag,
    );
    await form.getByRole('button', { name: 'Spara kriterier' }).click();
    await section
      .getByTestId('criteria-outcome')
      .getByText(/Någon annan sparade inställningarna under tiden/)
      .waitFor();
    await form.getByTestId('criterion-row').nth(2).getByLabel('Namn').waitFor();
    expect(await form.getByTestId('criterion-row').nth(2).getByLabel('Namn').inputValue()).toBe('Tidsåtgång');
    expect(await form.getByTestId('criterion-row').nth(0).getByLabel(/Vikt/).inputValue()).toBe('2');
    expect((await sluice()).value.criteria!.map((c) => c.weight)).toEqual([2, 1, 2]);
    await page.close();
  });

  it('is not offered to a coach: the API refuses them the settings', async () => {
    const res = await app.get('/api/admin/sluice', { authorization: `Bearer ${await token(coach())}` });
    expect(res.status).toBe(403);
    const ok = (await app.get('/api/admin/sluice', { authorization: `Bearer ${await token(admin())}` })).body as SluiceSettingsResponse;
    expect(ok.settings.criteria?.length).toBe(3);
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no serious or critical axe findings in the ${theme} theme, with a refused field`, async () => {
      const { page, section, form } = await openEditor({ query: `?theme=${theme}` });
      await form.getByRole('button', { name: 'Lägg till kriterium' }).click();
      await form.getByRole('button', { name: 'Spara kriterier' }).click();
      await section.getByText('Skriv ett namn.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('fits 320 px: the editor does not overflow', async () => {
    const { page, section } = await openEditor({ width: 320 });
    expect(await section.evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
