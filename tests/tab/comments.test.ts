/**
 * "Kommentarer" in the idea panel, in headless Chromium against the whole server: writing a
 * comment (shown literally, stored once on a double click), editing and deleting one's own, a
 * coach's internal note and hide with a reason as others see them, bad input explained beside the
 * field, axe in the three themes and no sideways scrolling at 320 px.
 */
import type { Page } from 'playwright-core';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let idea: Idea;

const employee = () => persona(tenant, tenant.people[2]!, 'employee');
const coach = () => persona(tenant, tenant.coach, 'coach');

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
    idempotencyKey: 'comments-tab-1',
  });
  if (!result.ok) throw new Error(result.error);
  idea = result.idea;
  browser = await openBrowser(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openComments(as: ReturnType<typeof coach>, options: { query?: string; width?: number } = {}) {
  const page = await browser.open(`#/board?idea=${idea.id}`, { as, ...options });
  const section = page.getByRole('dialog', { name: /Påminn om simskolan/ }).getByTestId('idea-comments');
  await section.getByRole('heading', { name: 'Kommentarer' }).waitFor();
  return { page, section };
}

async function stored(kinds: 'all' | 'comments' = 'comments') {
  const result = await app.services.comments.list(
    { person: { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name }, sluiceId: idea.sluiceId, isCoach: true },
    idea.id,
  );
  if (!result.ok) throw new Error(result.error);
  return kinds === 'all' ? result.comments : result.comments.filter((c) => c.kind === 'comment');
}

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
}

describe('Kommentarer in the idea panel', () => {
  it('lets an employee write a comment, shown literally and stored once on a double click, and edit and delete it', async () => {
    const { page, section } = await openComments(employee());
    await section.getByText('Inga kommentarer än').waitFor();
    const text = '**Viktigt** [klicka här](https://evil.example) <b>hej</b>';
    await section.getByLabel('Skriv en kommentar').fill(text);
    await section.getByRole('button', { name: 'Skicka' }).dblclick();
    await section.getByText('Kommentaren är skickad.').waitFor();
    const item = section.getByTestId('comment');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.locator('p').first().innerText()).toBe(text);
    expect(await item.locator('a, b, strong').count()).toBe(0);
    expect((await stored()).map((c) => c.text)).toEqual([text]);

    await item.getByRole('button', { name: /^Ändra/ }).click();
    await section.getByLabel('Ändra din kommentar').fill('Rättad text');
    await section.getByRole('button', { name: 'Spara' }).click();
    await section.getByText('Ändringen är sparad.').waitFor();
    expect(await item.innerText()).toContain('(ändrad)');
    expect((await stored()).map((c) => c.text)).toEqual(['Rättad text']);

    await item.getByRole('button', { name: /^Ta bort/ }).click();
    await section.getByText('Kommentaren är borttagen.').waitFor();
    expect(await section.getByTestId('comment').count()).toBe(0);
    expect(await stored()).toEqual([]);
    await page.close();
  });

  it('explains whitespace only and more than 2 000 characters beside the field, and stores nothing', async () => {
    const { page, section } = await openComments(employee());
    const field = section.getByLabel('Skriv en kommentar');
    await field.fill('   ');
    await section.getByRole('button', { name: 'Skicka' }).click();
    await section.getByText('Skriv något först').waitFor();
    await field.fill('x'.repeat(2001));
    await section.getByRole('button', { name: 'Skicka' }).click();
    await section.getByText('En kommentar får vara högst 2 000 tecken.').waitFor();
    expect(await stored('all')).toEqual([]);
    await page.close();
  });

  it('lets a coach write an internal note and hide a comment; an employee sees the reason, never the note or the text', async () => {
    const colleague = tenant.people[2]!;
    const added = await app.services.comments.add(
      { person: { id: colleague.oid, tenantId: tenant.tenantId, name: colleague.name }, sluiceId: idea.sluiceId, isCoach: false },
      idea.id,
      { text: 'Något olämpligt om en kollega', kind: 'comment', key: 'tab-hide-1' },
    );
    expect(added.ok).toBe(true);
    const { page, section } = await openComments(coach());
    await section.getByLabel('Skriv en kommentar').fill('Budgeten räcker inte i år');
    await section.getByRole('checkbox', { name: /Intern anteckning/ }).check();
    await section.getByRole('button', { name: 'Skicka' }).click();
    await section.getByText('Anteckningen är sparad.').waitFor();
    const note = section.getByTestId('comment').filter({ hasText: 'Budgeten räcker inte' });
    expect(await note.innerText()).toContain('Intern anteckning');

    const theirs = section.getByTestId('comment').filter({ hasText: 'Något olämpligt' });
    await theirs.getByRole('button', { name: /^Dölj/ }).click();
    await section.getByLabel('Varför döljs kommentaren?').fill('Handlar om en person');
    await section.getByRole('button', { name: 'Dölj kommentaren' }).click();
    await section.getByText('Kommentaren är dold.').waitFor();
    expect(await theirs.innerText()).toContain(`Dold av ${tenant.coach.name}: Handlar om en person`);
    await page.close();

    const other = await openComments(employee());
    await other.section.getByText(`Dold av ${tenant.coach.name}: Handlar om en person`).waitFor();
    const seen = await other.section.innerText();
    expect(seen).not.toContain('Något olämpligt');
    expect(seen).not.toContain('Budgeten');
    expect(await other.section.getByRole('checkbox').count()).toBe(0);
    await other.page.close();
  });

  it("puts every comment and note in the idea's printable record, the hidden one with its text, marked", async () => {
    const page = await browser.open(`#/record?id=${idea.id}`, { as: coach() });
    const section = page.getByTestId('record-comments');
    await section.getByRole('heading', { name: 'Kommentarer och interna anteckningar' }).waitFor();
    const text = await section.innerText();
    expect(text).toContain(`DOLD av ${tenant.coach.name}: Handlar om en person`);
    expect(text).toContain('Något olämpligt om en kollega');
    expect(text).toContain(`Intern anteckning: ${tenant.coach.name}`);
    expect(text).toContain('Budgeten räcker inte i år');
    await expectNoSeriousViolations(page, 'record with comments');
    await page.close();
  });

  it.each(['default', 'dark', 'contrast'] as const)('has no serious or critical axe findings in the %s theme', async (theme) => {
    const { page, section } = await openComments(coach(), { query: `?theme=${theme}` });
    await section.getByTestId('comment').first().waitFor();
    // The coach's own note (with Ändra and Ta bort) and the hidden comment are in the list.
    await section
      .getByRole('button', { name: /^Ändra/ })
      .first()
      .waitFor();
    await section
      .getByText(/^Dold av/)
      .first()
      .waitFor();
    await expectNoSeriousViolations(page, `${theme} comments`);
    await page.close();
  });

  it('reflows at 320 px without sideways scrolling', async () => {
    const { page, section } = await openComments(coach(), { width: 320 });
    await section.getByTestId('comment').first().waitFor();
    const panel = page.getByRole('dialog');
    await expect(panel.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await expect(section.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await expectNoSeriousViolations(page, '320 px comments');
    await page.close();
  });
});
