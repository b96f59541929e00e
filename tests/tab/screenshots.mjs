#!/usr/bin/env node
// Makes the README screenshots of the pipeline tab: docs/images/board.png, docs/images/idea-panel.png and
// docs/images/statistik.png (the Statistik view for this quarter) and docs/images/administration.png (the
// Administration view as the demo admin, Lars Nilsson), and docs/images/phone-board.png and
// docs/images/phone-filters.png (the board on a phone, and its folded filters with the date picker).
//
// Runs the built server in-process (dist/, with the embedded Cosmos server in a temporary folder),
// hands in the Swedish demo ideas of tests/tab/demo-ideas.json over the last weeks (a clock that
// moves, so the cards show different ages), and photographs the tab in headless Chromium as the
// demo coach. Nothing but 127.0.0.1 is contacted.
//
// Usage: npm run build && node tests/tab/screenshots.mjs
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'docs', 'images');
const require = createRequire(import.meta.url);
const { startApp } = require(path.join(ROOT, 'dist/bot/src/app.js'));
const { loadConfig } = require(path.join(ROOT, 'dist/bot/src/config.js'));
const { createLogger } = require(path.join(ROOT, 'dist/bot/src/logger.js'));
const { launchLocalChromium } = require(path.join(ROOT, 'scripts/chromium.cjs'));
const demo = JSON.parse(readFileSync(path.join(ROOT, 'tests/tab/demo-ideas.json'), 'utf8'));
const yml = parse(readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8'));

const people = [yml.currentUser, ...yml.users].map((u) => ({ oid: u.aadObjectId, name: u.name }));
const coach = people.find((p) => p.name === 'Karin Berg');
const admin = people.find((p) => p.name === 'Lars Nilsson');
const DAY = 86_400_000;
let now = Date.now() - 40 * DAY;
const clock = { now: () => new Date(now) };

const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-shots-'));
const config = loadConfig({
  NODE_ENV: 'development',
  LOCAL_DEV: 'true',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'error',
  DATA_DIR: dataDir,
  DEFAULT_TENANT_ID: yml.tenantId,
  DEFAULT_COACH_IDS: coach.oid,
  DEFAULT_SLUICE_NAME: 'Idéslussen Exempelkommun',
  DEFAULT_ADMIN_IDS: admin.oid,
  ONBOARDING_CONTACT: 'Lars Nilsson, idesluss@exempelkommun.se',
  // No Teams here to deliver task cards to: with the outbox running every idea would show "Ingen nåbar
  // idécoach", which is not what a coach who uses the app sees.
  OUTBOX_POLL_MS: '0',
});
const app = await startApp(config, createLogger('error'), { clock });
let browser;
try {
  for (const [i, d] of demo.ideas.entries()) {
    now = Date.now() - (36 - i * 3.5) * DAY;
    const who = people[d.giver];
    const giver = { id: who.oid, tenantId: yml.tenantId, name: who.name };
    const submitted = await app.services.ideas.submit({
      giver: { ...giver, locale: 'sv', department: d.department },
      text: { title: d.title, need: d.need, idea: d.idea, department: d.department, beneficiaries: d.beneficiaries },
      source: 'chat',
      idempotencyKey: `demo-${i}`,
    });
    for (const { by, ...step } of d.steps) {
      now += 2 * DAY;
      const actor = by === 'giver' ? giver : { id: coach.oid, tenantId: yml.tenantId, name: coach.name };
      const result = await app.services.ideas.act(submitted.idea.sluiceId, submitted.idea.id, actor, step);
      if (!result.ok) throw new Error(`Demo step ${step.type} failed: ${result.error}`);
    }
  }
  now = Date.now();

  browser = await launchLocalChromium({
    allowedOrigins: [app.url],
    extraArgs: ['--lang=sv-SE'],
    contextOptions: { viewport: { width: 1360, height: 860 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' },
  });
  const { context } = browser;
  const page = await context.newPage();
  const persona = { tid: yml.tenantId, oid: coach.oid, name: coach.name, role: 'coach' };
  await page.addInitScript((value) => sessionStorage.setItem('ideslussen.persona', value), JSON.stringify(persona));
  await page.goto(`${app.url}/tab/index.html#/board`);
  await page.getByTestId('board-summary').waitFor();
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'board.png'), fullPage: true });

  await page.getByRole('link', { name: 'Kortare simskolegrupper i fler pass' }).click();
  await page.getByRole('dialog').getByTestId('timeline').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Flytta till Införs' }).click();
  await page.getByRole('dialog').getByTestId('action-text').fill('Utvärderingen visar fler simkunniga barn – vi föreslår att det införs.');
  await page.setViewportSize({ width: 1360, height: 1040 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'idea-panel.png') });

  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1360, height: 1000 });
  await page.goto(`${app.url}/tab/index.html#/stats?period=quarter`);
  await page.locator('.stats-chart svg').first().waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(OUT, 'statistik.png') });

  const adminPage = await context.newPage();
  const asAdmin = { tid: yml.tenantId, oid: admin.oid, name: admin.name, role: 'admin' };
  await adminPage.addInitScript((value) => sessionStorage.setItem('ideslussen.persona', value), JSON.stringify(asAdmin));
  await adminPage.setViewportSize({ width: 1360, height: 1000 });
  await adminPage.goto(`${app.url}/tab/index.html#/admin`);
  await adminPage.getByRole('heading', { level: 2, name: 'Inställningar' }).waitFor();
  await adminPage.getByRole('button', { name: 'Lägg till förvaltning' }).click();
  const department = adminPage
    .getByRole('group')
    .filter({ has: adminPage.getByLabel('Andra stavningar (skilj med kommatecken)') })
    .last();
  await department.getByLabel('Namn').fill('Individ- och familjeomsorg');
  await department.getByLabel('Andra stavningar (skilj med kommatecken)').fill('IFO, socialtjänsten');
  await adminPage.getByRole('button', { name: 'Spara ändringar' }).click();
  await adminPage.getByText('Ändringarna är sparade.').first().waitFor();
  await adminPage.waitForTimeout(400);
  await adminPage.screenshot({ path: path.join(OUT, 'administration.png') });

  // A phone (390 px wide): one stage at a time, and the folded filters with the date picker open.
  const phone = await context.newPage();
  await phone.addInitScript((value) => sessionStorage.setItem('ideslussen.persona', value), JSON.stringify(persona));
  await phone.setViewportSize({ width: 390, height: 760 });
  await phone.goto(`${app.url}/tab/index.html#/board`);
  await phone.getByTestId('board-summary').waitFor();
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: path.join(OUT, 'phone-board.png') });
  await phone.getByTestId('filters-button').click();
  await phone.getByRole('dialog', { name: 'Filtrera idéerna' }).getByRole('combobox', { name: 'Inkom från' }).click();
  await phone.getByRole('dialog', { name: 'Kalender' }).waitFor();
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: path.join(OUT, 'phone-filters.png') });
  console.log(
    `Wrote board.png, idea-panel.png, statistik.png, administration.png, phone-board.png and phone-filters.png in ${path.join('docs', 'images')}`,
  );
} finally {
  await browser?.close();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
