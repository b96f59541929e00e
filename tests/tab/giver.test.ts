import type { Locator, Page } from 'playwright-core';
import type { IdeaDetail, IdeaPage, IdeaResponse } from '../../bot/src/api/contracts';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { IdeaAction } from '../../bot/src/domain/transitions';
import type { TestApp } from '../helpers/app';
import { bearer, getAs, tokenFor, type Who } from '../api/helpers';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let anna: Who;
let coachWho: Who;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  anna = { id: tenant.people[0]!.oid, tenantId: tenant.tenantId, name: tenant.people[0]!.name };
  coachWho = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
  // The sluice's departments, one with an alias: the form offers them and "SOC" stands for its department.
  const token = await tokenFor(app, coachWho);
  const current = (await app.get('/api/admin/sluice', bearer(token))).body as SluiceSettingsResponse;
  const saved = await app.call(
    'PUT',
    '/api/admin/sluice',
    {
      ...current.settings,
      departments: [
        ...current.settings.departments,
        { name: 'Socialförvaltningen', aliases: ['SOC'] },
        { name: 'Tekniska förvaltningen', aliases: [] },
      ],
    },
    { ...bearer(token), 'if-match': current.etag },
  );
  if (saved.status !== 200) throw new Error(`Could not save the departments: ${saved.status} ${JSON.stringify(saved.body)}`);
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const employee = () => persona(tenant, tenant.people[0]!, 'employee');
const coach = () => persona(tenant, tenant.coach, 'coach');

async function mine(who: Who = anna): Promise<IdeaPage> {
  return (await getAs(app, who, '/api/ideas/mine')).body as IdeaPage;
}

async function detail(id: string, who: Who = anna): Promise<IdeaDetail> {
  return ((await getAs(app, who, `/api/ideas/${id}`)).body as IdeaResponse).idea;
}

/** An idea of Anna's handed in through the domain, then the coach's steps. */
async function annasIdea(title: string, steps: IdeaAction[] = []): Promise<{ id: string; number: number }> {
  const submitted = await app.services.ideas.submit({
    giver: { id: anna.id, tenantId: anna.tenantId, name: anna.name, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title,
      need: 'Det behövs något bättre här.',
      idea: 'Så här kunde det bli bättre.',
      department: 'Socialförvaltningen',
      beneficiaries: ['staff'],
    },
    source: 'chat',
    idempotencyKey: `giver-test-${title}`,
  });
  if (!submitted.ok) throw new Error(submitted.error);
  for (const step of steps) {
    const result = await app.services.ideas.act(submitted.idea.sluiceId, submitted.idea.id, coachWho, step);
    if (!result.ok) throw new Error(`${step.type}: ${result.error}`);
  }
  return { id: submitted.idea.id, number: submitted.idea.number };
}

async function openForm(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Lämna en idé' }).click();
  const form = page.getByRole('dialog', { name: 'Lämna en idé' });
  await form.getByRole('textbox', { name: 'Rubrik' }).waitFor();
  return form;
}

async function fillForm(form: Locator, values: { title?: string; department?: string }): Promise<void> {
  if (values.title !== undefined) await form.getByRole('textbox', { name: 'Rubrik' }).fill(values.title);
  await form.getByRole('textbox', { name: 'Vilket behov eller problem ser du?' }).fill('Personalen letar efter lediga rum varje morgon.');
  await form.getByRole('textbox', { name: 'Vad är din idé?' }).fill('En enkel bokningstavla i personalrummet.');
  await form.getByRole('checkbox', { name: 'Medarbetare' }).check();
  await form.getByRole('combobox', { name: 'Förvaltning eller bolag' }).fill(values.department ?? 'SOC');
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('handing in an idea from the tab', () => {
  it('the form sends it; the idea opens in the panel with its number, and shows in Mina idéer and on the board', async () => {
    const before = (await mine()).items.length;
    const page = await browser.open('#/mine', { as: employee() });
    await page.getByTestId('mine-list').waitFor();
    const form = await openForm(page);
    // The public-record notice and the sluice's departments, as in the chat.
    await form.getByText('Idéer är allmänna handlingar i kommunen och inte anonyma').waitFor();
    await expect(
      form
        .getByTestId('department-list')
        .locator('option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).resolves.toEqual(expect.arrayContaining(['Socialförvaltningen', 'Tekniska förvaltningen']));
    await fillForm(form, { title: 'Bokningstavla för personalrummen' });
    await form.getByRole('button', { name: 'Skicka in idén' }).click();

    const panel = page.getByRole('dialog', { name: /^#\d+ Bokningstavla för personalrummen$/ });
    await panel.getByTestId('timeline').waitFor();
    const number = Number((await panel.getByRole('heading', { level: 2 }).first().innerText()).match(/#(\d+)/)?.[1]);
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toBe(
      `Tack! Din idé är inskickad som #${number}. Du får en bekräftelse i chatten med Idéslussen.`,
    );
    // "SOC" was taken as the department it is an alias of.
    await expect(panel.innerText()).resolves.toContain('Socialförvaltningen');
    expect(page.url()).toContain('#/mine?idea=');

    const stored = (await mine()).items;
    expect(stored).toHaveLength(before + 1);
    expect(stored[0]).toMatchObject({
      number,
      title: 'Bokningstavla för personalrummen',
      department: 'Socialförvaltningen',
      stage: 'submitted',
    });

    await panel.getByRole('button', { name: 'Stäng' }).click();
    // The closed drawers give the page back: nothing is left hidden from screen readers.
    await page.waitForFunction(() => document.getElementById('root')?.getAttribute('aria-hidden') === null);
    await page.getByTestId('mine-list').getByRole('link', { name: 'Bokningstavla för personalrummen' }).waitFor();
    await page.getByRole('link', { name: 'Idétavlan' }).click();
    await page.getByTestId('column-submitted').getByText('Bokningstavla för personalrummen').waitFor();
    await page.close();
  });

  it('an empty Mina idéer points to the button', async () => {
    // The demo coach has handed in nothing.
    const page = await browser.open('#/mine', { as: coach() });
    await page.getByText('Du har inte lämnat in några idéer än').waitFor();
    await page.getByText('Tryck på ”Lämna en idé” här ovanför').waitFor();
    await openForm(page);
    await page.close();
  });

  it('shows the server’s reason beside a missing title, focuses it, and stores nothing', async () => {
    const before = (await mine()).items.length;
    const page = await browser.open('#/mine', { as: employee() });
    const form = await openForm(page);
    await fillForm(form, {});
    await form.getByRole('button', { name: 'Skicka in idén' }).click();
    const title = form.getByRole('textbox', { name: 'Rubrik' });
    await form.getByText('Fältet får inte vara tomt.').waitFor();
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    // The reason is the title field's own description, so a screen reader reads it with the field.
    const described = await title.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toContain('Fältet får inte vara tomt.');
    await expect(title.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // The other fields were fine and say nothing.
    await expect(form.getByRole('textbox', { name: 'Vad är din idé?' }).getAttribute('aria-invalid')).resolves.toBeNull();
    await expect(form.getByTestId('form-notice').innerText()).resolves.toContain('Något behöver rättas');
    expect((await mine()).items).toHaveLength(before);

    // A title of two characters is too short, as in the chat.
    await title.fill('Ok');
    await form.getByRole('button', { name: 'Skicka in idén' }).click();
    await form.getByText('Skriv minst 3 tecken.').waitFor();
    expect((await mine()).items).toHaveLength(before);
    await page.close();
  });

  it('a double click, and a second send after a lost answer, give one idea', async () => {
    const before = (await mine()).items.length;
    const page = await browser.open('#/mine', { as: employee() });
    const form = await openForm(page);
    await fillForm(form, { title: 'Dubbelklickad idé' });
    await form.getByRole('button', { name: 'Skicka in idén' }).dblclick();
    await page
      .getByRole('dialog', { name: /Dubbelklickad idé/ })
      .getByTestId('timeline')
      .waitFor();
    expect((await mine()).items.filter((i) => i.title === 'Dubbelklickad idé')).toHaveLength(1);

    // The server stores the idea but its answer is lost on the way: the form says so, and the
    // second press of the same form is the same idea, not a new one.
    let lost = 0;
    await page.route('**/api/ideas', async (route) => {
      if (route.request().method() !== 'POST' || lost > 0) return route.continue();
      lost++;
      await route.fetch();
      await route.abort('failed');
    });
    await page.getByRole('dialog').getByRole('button', { name: 'Stäng' }).click();
    const again = await openForm(page);
    await fillForm(again, { title: 'Idé vars svar försvann' });
    await again.getByRole('button', { name: 'Skicka in idén' }).click();
    await again.getByText('Det gick inte att nå Idéslussen').waitFor();
    await again.getByRole('button', { name: 'Skicka in idén' }).click();
    const panel = page.getByRole('dialog', { name: /Idé vars svar försvann/ });
    await panel.getByTestId('timeline').waitFor();
    expect(lost).toBe(1);
    const after = (await mine()).items;
    expect(after.filter((i) => i.title === 'Idé vars svar försvann')).toHaveLength(1);
    expect(after).toHaveLength(before + 2);
    await page.close();
  });

  it('offers similar ideas of the sluice while writing', async () => {
    const page = await browser.open('#/mine', { as: employee() });
    const form = await openForm(page);
    await form.getByRole('textbox', { name: 'Rubrik' }).fill('Lånecyklar till hemtjänstens personal');
    const similar = form.getByTestId('form-similar');
    await similar.getByText(/#\d+ Lånecyklar för hemtjänsten/).waitFor();
    await expect(similar.innerText()).resolves.toContain('Idésamtal');
    await page.close();
  });
});

describe("the giver's actions in the idea panel", () => {
  it("answers the coach's question from Mina idéer; the flag goes and the answer is in the history", async () => {
    const { id } = await annasIdea('Fråga om ett svar', [{ type: 'take' }, { type: 'askInfo', question: 'Vilka enheter gäller det?' }]);
    const page = await browser.open('#/mine', { as: employee() });
    const item = page.getByTestId('mine-list').getByRole('listitem').filter({ hasText: 'Fråga om ett svar' });
    await item.getByRole('link', { name: 'Svara på idécoachens fråga' }).click();
    const panel = page.getByRole('dialog', { name: /Fråga om ett svar/ });
    const form = panel.getByRole('form', { name: 'Svara på frågan' });
    await form.getByText('Vilka enheter gäller det?').waitFor();
    await form.getByRole('textbox', { name: 'Ditt svar till idécoachen' }).fill('Hemtjänsten i norra och södra området.');
    await form.getByRole('button', { name: 'Skicka svaret' }).click();
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toBe('Ditt svar är skickat till idécoachen.');
    await panel.getByTestId('timeline').getByText('Hemtjänsten i norra och södra området.').waitFor();
    await expect(panel.getByRole('button', { name: 'Svara på frågan' }).count()).resolves.toBe(0);
    const idea = await detail(id);
    expect(idea.needsInfo).toBe(false);
    expect(idea.history.at(-1)).toMatchObject({ kind: 'infoAnswered', text: 'Hemtjänsten i norra och södra området.' });
    await page.close();
  });

  it('says plainly when the question was answered in chat meanwhile, and shows the idea as it is now', async () => {
    const { id } = await annasIdea('Svar på två ställen', [{ type: 'take' }, { type: 'askInfo', question: 'När passar det?' }]);
    const page = await browser.open(`#/mine?idea=${id}&do=answer`, { as: employee() });
    const panel = page.getByRole('dialog', { name: /Svar på två ställen/ });
    const form = panel.getByRole('form', { name: 'Svara på frågan' });
    await form.getByRole('textbox', { name: 'Ditt svar till idécoachen' }).fill('På tisdagar.');
    // Anna answers on the question card in chat before she sends the tab's answer.
    const inChat = await app.services.ideas.act(
      'default',
      id,
      { id: anna.id, tenantId: anna.tenantId, name: anna.name },
      {
        type: 'answerInfo',
        answer: 'På onsdagar.',
      },
    );
    expect(inChat.ok).toBe(true);
    await form.getByRole('button', { name: 'Skicka svaret' }).click();
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toContain('Frågan är redan besvarad');
    await panel.getByTestId('timeline').getByText('På onsdagar.').waitFor();
    await expect(panel.getByRole('button', { name: 'Svara på frågan' }).count()).resolves.toBe(0);
    expect((await detail(id)).history.filter((e) => e.kind === 'infoAnswered').map((e) => e.text)).toEqual(['På onsdagar.']);
    await page.close();
  });

  it('edits the idea; when a coach changed it meanwhile it says so, keeps the text and saves on the next try', async () => {
    const { id } = await annasIdea('Texten före ändringen');
    const page = await browser.open(`#/mine?idea=${id}`, { as: employee() });
    const panel = page.getByRole('dialog', { name: /Texten före ändringen/ });
    await panel.getByRole('button', { name: 'Ändra idén' }).click();
    const form = panel.getByRole('form', { name: 'Ändra idén' });
    await form.getByRole('textbox', { name: 'Rubrik' }).fill('Texten efter ändringen');
    // An abbreviation of another of the sluice's departments is saved as its name.
    await form.getByRole('combobox', { name: 'Förvaltning eller bolag' }).fill('tekniska');
    // The coach takes the idea while Anna writes.
    const taken = await app.services.ideas.act('default', id, coachWho, { type: 'take' });
    expect(taken.ok).toBe(true);
    await form.getByRole('button', { name: 'Spara ändringarna' }).click();
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toContain('Någon ändrade idén medan du skrev');
    // The panel shows the idea as it is now (taken), and the typed title is still there.
    await panel.getByTestId('timeline').getByText('tog idén').waitFor();
    await expect(form.getByRole('textbox', { name: 'Rubrik' }).inputValue()).resolves.toBe('Texten efter ändringen');
    await form.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page
      .getByRole('dialog', { name: /Texten efter ändringen/ })
      .getByText('Idén är ändrad.')
      .waitFor();
    expect(await detail(id)).toMatchObject({ title: 'Texten efter ändringen', department: 'Tekniska förvaltningen' });
    await page.close();
  });

  it('withdraws the idea after a confirmation; a coach sees no giver buttons', async () => {
    const { id } = await annasIdea('En idé att dra tillbaka', [{ type: 'take' }]);
    const seenByCoach = await browser.open(`#/board?idea=${id}`, { as: coach() });
    await seenByCoach.getByRole('dialog').getByTestId('timeline').waitFor();
    await expect(seenByCoach.getByTestId('giver-actions').count()).resolves.toBe(0);
    await seenByCoach.close();

    const page = await browser.open(`#/mine?idea=${id}`, { as: employee() });
    const panel = page.getByRole('dialog', { name: /En idé att dra tillbaka/ });
    await panel.getByRole('button', { name: 'Dra tillbaka idén' }).click();
    const form = panel.getByRole('form', { name: 'Dra tillbaka idén' });
    await form.getByText('Vill du dra tillbaka idén?').waitFor();
    // Nothing happens before the confirmation.
    expect((await detail(id)).stage).toBe('screening');
    await form.getByRole('textbox', { name: 'Varför? (valfritt)' }).fill('Vi löste det på annat sätt.');
    await form.getByRole('button', { name: 'Ja, dra tillbaka idén' }).click();
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toBe('Idén är tillbakadragen.');
    await panel.getByText('Avslutad').first().waitFor();
    await panel.getByTestId('timeline').getByText('drog tillbaka idén').waitFor();
    await expect(panel.getByRole('button', { name: 'Dra tillbaka idén' }).count()).resolves.toBe(0);
    const idea = await detail(id);
    expect(idea.stage).toBe('closed');
    expect(idea.history.at(-1)).toMatchObject({ kind: 'withdrawn', text: 'Vi löste det på annat sätt.' });
    await page.close();
  });

  it('rates the process after a decision, once', async () => {
    const { id } = await annasIdea('En idé att betygsätta', [{ type: 'take' }, { type: 'advance' }]);
    const page = await browser.open(`#/mine?idea=${id}`, { as: employee() });
    const panel = page.getByRole('dialog', { name: /En idé att betygsätta/ });
    await panel.getByRole('button', { name: 'Ge ditt omdöme' }).click();
    const form = panel.getByRole('form', { name: 'Ge ditt omdöme' });
    await form.getByText(/nu när den gick till Testas\?/).waitFor();
    // Sending without a choice says what is missing.
    await form.getByRole('button', { name: 'Skicka omdömet' }).click();
    await form.getByText('Välj ett omdöme från 1 till 5.').waitFor();
    await form.getByRole('radio', { name: '4 av 5' }).check();
    await form.getByRole('textbox', { name: 'Något du vill säga? (valfritt)' }).fill('Snabbt och tydligt.');
    await form.getByRole('button', { name: 'Skicka omdömet' }).click();
    await expect(panel.getByTestId('giver-notice').innerText()).resolves.toBe('Tack för ditt omdöme!');
    await panel.getByText('4 av 5 efter Testas – ”Snabbt och tydligt.”').waitFor();
    await expect(panel.getByRole('button', { name: 'Ge ditt omdöme' }).count()).resolves.toBe(0);
    const idea = await detail(id);
    expect(idea.satisfaction).toEqual([expect.objectContaining({ rating: 4, comment: 'Snabbt och tydligt.', stage: 'testing' })]);
    expect(idea.giverActions).not.toContain('rate');
    await page.close();
  });
});

describe('accessibility of the giver’s screens', () => {
  async function expectNone(page: Page, what: string): Promise<void> {
    const violations = await seriousViolations(page);
    expect({ what, violations }).toEqual({ what, violations: [] });
  }

  it.each(['default', 'dark', 'contrast'] as const)('has no serious or critical axe violations in the %s theme', async (theme) => {
    const query = `?theme=${theme}`;
    const page = await browser.open('#/mine', { as: employee(), query });
    const form = await openForm(page);
    await form.getByRole('button', { name: 'Skicka in idén' }).click();
    await form.getByTestId('form-notice').waitFor();
    await expectNone(page, `${theme} form with field errors`);
    await page.close();

    const { id } = await annasIdea(`Svar i ${theme}`, [{ type: 'take' }, { type: 'askInfo', question: 'Hur då?' }]);
    const answer = await browser.open(`#/mine?idea=${id}&do=answer`, { as: employee(), query });
    await answer.getByRole('form', { name: 'Svara på frågan' }).waitFor();
    await expectNone(answer, `${theme} answer form`);
    await answer.getByRole('button', { name: 'Ändra idén' }).click();
    await answer.getByRole('form', { name: 'Ändra idén' }).waitFor();
    await expectNone(answer, `${theme} edit form`);
    await answer.close();

    const rated = await annasIdea(`Betyg i ${theme}`, [{ type: 'take' }, { type: 'advance' }]);
    const rate = await browser.open(`#/mine?idea=${rated.id}&do=rate`, { as: employee(), query });
    await rate.getByRole('form', { name: 'Ge ditt omdöme' }).getByRole('radio', { name: '3 av 5' }).waitFor();
    await expectNone(rate, `${theme} rate form`);
    await rate.close();
  });

  it('works at 320 px: the form and the giver forms need no sideways scrolling', async () => {
    const page = await browser.open('#/mine', { as: employee(), width: 320 });
    const form = await openForm(page);
    await form.getByRole('button', { name: 'Skicka in idén' }).click();
    await form.getByTestId('form-notice').waitFor();
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    const box = await form.evaluate((el) => ({ width: el.getBoundingClientRect().width, sideways: el.scrollWidth - el.clientWidth }));
    expect(box.width).toBeLessThanOrEqual(320);
    expect(box.sideways).toBeLessThanOrEqual(0);
    await expectNone(page, '320 px form');
    await page.close();

    const { id } = await annasIdea('Smal skärm', [{ type: 'take' }, { type: 'advance' }]);
    const rate = await browser.open(`#/mine?idea=${id}&do=rate`, { as: employee(), width: 320 });
    const panel = rate.getByRole('dialog', { name: /Smal skärm/ });
    await panel.getByRole('radio', { name: '5 av 5' }).waitFor();
    await expect(overflow(rate)).resolves.toBeLessThanOrEqual(0);
    await expect(panel.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
    // Every rating button is inside the panel.
    const right = await panel.getByRole('radio').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(320);
    await expectNone(rate, '320 px rate form');
    await rate.close();
  });

  it('asked for nothing outside the local server', () => {
    expect(browser.blocked).toEqual([]);
  });
});
