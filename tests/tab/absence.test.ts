/**
 * The tab's side of "no idea gets stuck", in headless Chromium against the real local server: a
 * coach's "Borta till" switch (`setAbsence`), the line naming who covers while a coach is away
 * ("Mina idéer" and the panel), and "Ingen nåbar idécoach" on the board card and in the panel.
 */
import type { Page } from 'playwright-core';
import type { DevPersona } from '../../bot/src/api/contracts';
import type { TestApp } from '../helpers/app';
import {
  demoTenant,
  ensureTabBuilt,
  openBrowser,
  persona,
  seriousViolations,
  startTabApp,
  type DemoTenant,
  type TabBrowser,
} from './helpers';

/** Fatima Hassan, the second coach here, and Lars Nilsson, the demo admin (.m365agentsplayground.yml). */
const FATIMA = '00000000-0000-0000-0000-0000000000e3';
const LARS = '00000000-0000-0000-0000-0000000000e4';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let sluiceId: string;

const TITLES = {
  karins: 'Solceller på förskolans tak',
  fatimas: 'Fler cykelställ vid stationen',
  unreachable: 'Skyltar på lätt svenska i simhallen',
} as const;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({
    seed: false,
    env: { DEFAULT_COACH_IDS: `${demoTenant().coach.oid},${FATIMA}`, DEFAULT_ADMIN_IDS: LARS },
  }));
  const karin = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
  const fatima = { id: FATIMA, tenantId: tenant.tenantId, name: 'Fatima Hassan' };
  await app.services.ideas.learnCoachName(karin);
  await app.services.ideas.learnCoachName(fatima);
  const anna = tenant.people[0]!;
  const erik = tenant.people.find((p) => p.name === 'Erik Johansson')!;
  const hand = async (title: string, giver: { oid: string; name: string }, coach: typeof karin) => {
    const submitted = await app.services.ideas.submit({
      giver: { id: giver.oid, tenantId: tenant.tenantId, name: giver.name, locale: 'sv', department: 'Kultur- och fritidsförvaltningen' },
      text: {
        title,
        need: 'Det här behovet finns i verksamheten varje vecka.',
        idea: 'Ett förslag som löser det för fler.',
        department: 'Kultur- och fritidsförvaltningen',
        beneficiaries: ['residents'],
      },
      source: 'chat',
      idempotencyKey: title,
    });
    if (!submitted.ok) throw new Error(`submit failed: ${submitted.error}`);
    const taken = await app.services.ideas.act(submitted.idea.sluiceId, submitted.idea.id, coach, { type: 'take' });
    if (!taken.ok) throw new Error(`take failed: ${taken.error}`);
    sluiceId = submitted.idea.sluiceId;
    return submitted.idea.id;
  };
  await hand(TITLES.karins, anna, karin);
  await hand(TITLES.fatimas, anna, fatima);
  // Teams refuses the task card for Fatima, then for Karin: nobody is left who can be reached.
  const unreachable = await hand(TITLES.unreachable, erik, fatima);
  await expect(app.services.ideas.coachUnreachable(sluiceId, unreachable, FATIMA)).resolves.toBe('rerouted');
  await expect(app.services.ideas.coachUnreachable(sluiceId, unreachable, karin.id)).resolves.toBe('none');
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const coach = (): DevPersona => persona(tenant, tenant.coach, 'coach');
const fatima = (): DevPersona => persona(tenant, { oid: FATIMA, name: 'Fatima Hassan' }, 'coach');
const admin = (): DevPersona =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === LARS)!,
    'admin',
  );
const giver = (): DevPersona => persona(tenant, tenant.people[0]!, 'employee');

/** A calendar day in Stockholm, `days` from today. */
function day(days: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const inWords = (iso: string, locale = 'sv-SE') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

async function awayUntilStored(who = tenant.coach.oid): Promise<string | undefined> {
  return (await app.storage.sluices.get(sluiceId))!.value.coaches.find((c) => c.id === who)?.awayUntil;
}

/** Sets an absence through the API, as the switch does, for the suites that only look. */
async function setAbsence(who: DevPersona, until: string | null): Promise<void> {
  const { token } = (await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name })).body as { token: string };
  const res = await fetch(`${app.url}/api/me/absence`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ until }),
  });
  expect(res.status).toBe(200);
}

async function signedIn(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByTestId('board-summary').or(page.getByTestId('mine-list')).first().waitFor();
}

const switchOf = (page: Page) => page.getByRole('region', { name: /Min frånvaro|My absence/ });

/** The text the field's error is announced with: what aria-describedby points at. */
async function descriptionOf(page: Page, label: string): Promise<string> {
  return page.getByLabel(label).evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

describe('the "Borta till" switch', () => {
  it('is there for the sluice’s coaches only', async () => {
    for (const who of [giver(), admin()]) {
      const page = await browser.open('#/board', { as: who });
      await signedIn(page);
      await expect(page.getByTestId('absence').count()).resolves.toBe(0);
      await page.close();
    }
    const page = await browser.open('#/board', { as: coach() });
    await signedIn(page);
    await expect(switchOf(page).getByTestId('absence-status').innerText()).resolves.toBe(
      'Min frånvaro: Du är inte borta; nya idéer kan komma till dig.',
    );
    await page.close();
  });

  it('sets an absence with the day the coach is back, names who covers, and ends it', async () => {
    const until = day(10);
    const page = await browser.open('#/board', { as: coach() });
    await signedIn(page);
    const absence = switchOf(page);
    await absence.getByRole('button', { name: 'Borta till…' }).click();
    await absence.getByLabel('Tillbaka den').fill(until);
    await absence.getByRole('button', { name: 'Spara frånvaron' }).click();
    const away = `Min frånvaro: Du är borta till ${inWords(until)}; Fatima Hassan täcker upp.`;
    await page.waitForFunction((text) => document.querySelector('[data-testid="absence-status"]')?.textContent === text, away);
    await expect(absence.getByTestId('absence-notice').innerText()).resolves.toBe(`Sparat: du är borta till ${inWords(until)}.`);
    await expect(page.getByTestId('live-region').innerText()).resolves.toContain('Sparat');
    await expect(absence.getByRole('form').count()).resolves.toBe(0);
    expect(await awayUntilStored()).toBe(until);

    // A new page knows it from the configuration, with who covers.
    const again = await browser.open('#/mine', { as: coach() });
    await switchOf(again).getByTestId('absence-status').waitFor();
    await expect(switchOf(again).getByTestId('absence-status').innerText()).resolves.toBe(away);

    await again.getByRole('button', { name: 'Jag är tillbaka' }).click();
    await again.waitForFunction(() => document.querySelector('[data-testid="absence-status"]')?.textContent?.includes('inte borta'));
    await expect(switchOf(again).getByTestId('absence-notice').innerText()).resolves.toBe('Välkommen tillbaka! Frånvaron är avslutad.');
    expect(await awayUntilStored()).toBeUndefined();
    await page.close();
    await again.close();
  });

  it.each([
    ['a day in the past', () => day(-1), 'Välj en dag efter i dag – dagen du är tillbaka.'],
    ['today', () => day(0), 'Välj en dag efter i dag – dagen du är tillbaka.'],
    ['more than a year ahead', () => day(400), 'Högst ett år framåt.'],
    ['no date', () => '', 'Det är inget datum. Välj dagen du är tillbaka, t.ex. 2027-01-10.'],
  ])('shows the server’s refusal of %s beside the field', async (_what, date, message) => {
    const page = await browser.open('#/board', { as: fatima() });
    await signedIn(page);
    const absence = switchOf(page);
    await absence.getByRole('button', { name: 'Borta till…' }).click();
    await absence.getByLabel('Tillbaka den').fill(date());
    await absence.getByRole('button', { name: 'Spara frånvaron' }).click();
    await absence.getByText(message).waitFor();
    await expect(absence.getByLabel('Tillbaka den').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(descriptionOf(page, 'Tillbaka den')).resolves.toContain(message);
    await expect(page.getByTestId('live-region').innerText()).resolves.toContain(message);
    expect(await awayUntilStored(FATIMA)).toBeUndefined();
    // A good date afterwards is taken, and the error goes.
    await absence.getByLabel('Tillbaka den').fill(day(3));
    await absence.getByRole('button', { name: 'Spara frånvaron' }).click();
    await absence.getByTestId('absence-notice').getByText('Sparat').waitFor();
    await expect(absence.getByText(message).count()).resolves.toBe(0);
    expect(await awayUntilStored(FATIMA)).toBe(day(3));
    await setAbsence(fatima(), null);
    await page.close();
  });

  it('says it in English too', async () => {
    const page = await browser.open('#/board', { as: coach(), query: '?lang=en' });
    await signedIn(page);
    const absence = switchOf(page);
    await expect(absence.getByTestId('absence-status').innerText()).resolves.toBe(
      'My absence: You are not away; new ideas can come to you.',
    );
    await absence.getByRole('button', { name: 'Away until…' }).click();
    await absence.getByLabel('Back on').fill(day(800));
    await absence.getByRole('button', { name: 'Save the absence' }).click();
    await absence.getByText('At most a year ahead.').waitFor();
    await absence.getByLabel('Back on').fill(day(5));
    await absence.getByRole('button', { name: 'Save the absence' }).click();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="absence-status"]')?.textContent === text,
      `My absence: You are away until ${inWords(day(5), 'en-GB')}; Fatima Hassan is covering.`,
    );
    await setAbsence(coach(), null);
    await page.close();
  });
});

describe('who covers', () => {
  afterAll(async () => setAbsence(coach(), null));

  it('is named on the giver’s ideas whose coach is away, in "Mina idéer" and the panel, and not on the others', async () => {
    const until = day(12);
    await setAbsence(coach(), until);
    const line = `Karin Berg är borta till ${inWords(until)}; Fatima Hassan täcker upp.`;
    const page = await browser.open('#/mine', { as: giver() });
    await page.getByTestId('mine-list').waitFor();
    const item = (title: string) => page.getByTestId('mine-list').locator('li', { hasText: title });
    await expect(page.getByTestId('mine-list').locator('h2').allInnerTexts()).resolves.toEqual([TITLES.fatimas, TITLES.karins]);
    await expect(item(TITLES.karins).getByTestId('cover-line').innerText()).resolves.toBe(line);
    await expect(item(TITLES.fatimas).getByTestId('cover-line').count()).resolves.toBe(0);

    await page.getByRole('link', { name: TITLES.karins }).click();
    const panel = page.getByRole('dialog', { name: new RegExp(TITLES.karins) });
    await panel.getByTestId('timeline').waitFor();
    await expect(panel.getByTestId('cover-line').innerText()).resolves.toBe(line);
    // The other idea, opened by its link (its coach is not away).
    const href = await item(TITLES.fatimas).locator('a').getAttribute('href');
    await page.close();
    const second = await browser.open(href!, { as: giver() });
    const other = second.getByRole('dialog', { name: new RegExp(TITLES.fatimas) });
    await other.getByTestId('timeline').waitFor();
    await expect(other.getByTestId('cover-line').count()).resolves.toBe(0);
    await second.close();

    // Back: the line goes.
    await setAbsence(coach(), null);
    const later = await browser.open('#/mine', { as: giver() });
    await later.getByTestId('mine-list').waitFor();
    await expect(later.getByTestId('cover-line').count()).resolves.toBe(0);
    await later.close();
  });
});

describe('"Ingen nåbar idécoach"', () => {
  it('marks the board card of the idea nobody could be reached for, and says what is done', async () => {
    const page = await browser.open('#/board', { as: giver() });
    await signedIn(page);
    const card = (title: string) => page.locator('[data-testid="idea-card"]', { hasText: title });
    await expect(card(TITLES.unreachable).getByTestId('no-reachable-coach').innerText()).resolves.toBe('Ingen nåbar idécoach');
    await expect(card(TITLES.unreachable).getByTestId('no-reachable-hint').innerText()).resolves.toBe('Administratörerna har fått veta.');
    await expect(card(TITLES.karins).getByTestId('no-reachable-coach').count()).resolves.toBe(0);
    await expect(card(TITLES.fatimas).getByTestId('no-reachable-coach').count()).resolves.toBe(0);

    await page.getByRole('link', { name: TITLES.unreachable }).click();
    const panel = page.getByRole('dialog', { name: new RegExp(TITLES.unreachable) });
    await panel.getByTestId('timeline').waitFor();
    await expect(panel.getByTestId('no-reachable-coach').innerText()).resolves.toBe('Ingen nåbar idécoach');
    const notice = await panel.getByTestId('no-reachable-notice').innerText();
    expect(notice).toContain('kunde inte skicka idén till någon idécoach');
    // Only an admin is told how to install the app.
    expect(notice).not.toContain('Teams administrationscenter');
    await page.close();
  });

  it('tells an admin to install the app for the idea’s coach', async () => {
    const page = await browser.open('#/board', { as: admin() });
    await signedIn(page);
    const card = page.locator('[data-testid="idea-card"]', { hasText: TITLES.unreachable });
    await expect(card.getByTestId('no-reachable-hint').innerText()).resolves.toBe('Installera appen för Karin Berg.');
    await page.getByRole('link', { name: TITLES.unreachable }).click();
    const panel = page.getByRole('dialog', { name: new RegExp(TITLES.unreachable) });
    await panel.getByTestId('no-reachable-notice').waitFor();
    await expect(panel.getByTestId('no-reachable-notice').innerText()).resolves.toContain(
      'Installera Idéslussen för Karin Berg: Teams administrationscenter → Teams-appar → Hantera appar → Idéslussen → Användare och grupper',
    );
    await page.close();
  });
});

describe.each(['default', 'dark', 'contrast'] as const)('accessibility in the %s theme', (theme) => {
  const query = `?theme=${theme}`;
  const clean = async (page: Page, what: string) => {
    const violations = await seriousViolations(page);
    expect({ what, violations }).toEqual({ what, violations: [] });
  };
  beforeAll(async () => setAbsence(coach(), day(12)));
  afterAll(async () => setAbsence(coach(), null));

  it('has no serious or critical axe violations on the switch with a refused date, and on the marked card', async () => {
    const page = await browser.open('#/board', { as: coach(), query });
    await signedIn(page);
    const absence = switchOf(page);
    await absence.getByRole('button', { name: 'Ändra datum' }).click();
    await absence.getByLabel('Tillbaka den').fill(day(-3));
    await absence.getByRole('button', { name: 'Spara frånvaron' }).click();
    await absence.getByText('Välj en dag efter i dag – dagen du är tillbaka.').waitFor();
    await page.getByTestId('no-reachable-coach').waitFor();
    await clean(page, `${theme} board with the absence switch`);
    await page.close();
  });

  it('has none in the panel with the notice and the cover line, nor on "Mina idéer" with cover lines', async () => {
    const page = await browser.open('#/board', { as: admin(), query });
    await signedIn(page);
    await page.getByRole('link', { name: TITLES.unreachable }).click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('no-reachable-notice').waitFor();
    await panel.getByTestId('cover-line').waitFor();
    await clean(page, `${theme} panel`);
    await page.close();

    const mine = await browser.open('#/mine', { as: giver(), query });
    await mine.getByTestId('cover-line').waitFor();
    await clean(mine, `${theme} mine`);
    await mine.close();
  });
});

describe('at 320 px width', () => {
  beforeAll(async () => setAbsence(coach(), day(12)));
  afterAll(async () => setAbsence(coach(), null));
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('reflows the switch with its form open and the marked card, without sideways scrolling', async () => {
    const page = await browser.open('#/board', { as: coach(), width: 320 });
    await signedIn(page);
    const absence = switchOf(page);
    await absence.getByRole('button', { name: 'Ändra datum' }).click();
    await absence.getByLabel('Tillbaka den').fill(day(500));
    await absence.getByRole('button', { name: 'Spara frånvaron' }).click();
    await absence.getByText('Högst ett år framåt.').waitFor();
    await page.getByTestId('no-reachable-coach').waitFor();
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);

    // At phone width the board shows one stage at a time: go to the idea's stage first.
    const link = page.getByRole('link', { name: TITLES.unreachable });
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      if ((await link.count()) > 0) break;
    }
    await link.click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('cover-line').waitFor();
    await expect(panel.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  it('asked for nothing outside the local server', () => {
    expect(browser.blocked).toEqual([]);
  });
});
