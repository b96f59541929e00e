import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import type { DevPersona } from '../../bot/src/api/contracts';
import type { Beneficiary } from '../../bot/src/domain/idea';
import type { IdeaAction } from '../../bot/src/domain/transitions';
import { launchLocalChromium } from '../../scripts/chromium.cjs';
import { startTestApp, type TestApp } from '../helpers/app';
import demo from './demo-ideas.json';

const ROOT = path.resolve(__dirname, '../..');
const TAB = path.join(ROOT, 'tab');
const DIST_INDEX = path.join(TAB, 'dist', 'index.html');

/** The newest modification time of any file under the given paths. */
function newest(paths: string[]): number {
  let latest = 0;
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const entry of readdirSync(p)) walk(path.join(p, entry));
    else latest = Math.max(latest, st.mtimeMs);
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return latest;
}

/**
 * Builds the tab (vite) when tab/dist is missing or older than its sources, once even when
 * several test files ask at the same time (a lock folder serialises them).
 */
export function ensureTabBuilt(): void {
  const sources = [
    path.join(TAB, 'src'),
    path.join(TAB, 'index.html'),
    path.join(TAB, 'vite.config.ts'),
    path.join(ROOT, 'bot/src/api/contracts.ts'),
  ];
  const fresh = (): boolean => existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= newest(sources);
  if (fresh()) return;
  const lock = path.join(tmpdir(), 'ideslussen-tab-build.lock');
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than five minutes is from a crashed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 300_000) throw new Error('Timed out waiting for another tab build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!fresh())
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'tab/vite.config.ts', '--logLevel', 'warn'],
        {
          cwd: ROOT,
          stdio: 'inherit',
          // Jest sets NODE_ENV=test, which would make vite bundle React's development build.
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The Agents Playground demo tenant (.m365agentsplayground.yml): the people the persona picker offers. */
export interface DemoTenant {
  readonly tenantId: string;
  /** [0] is the Playground page user; the coach is among them. */
  readonly people: readonly { readonly oid: string; readonly name: string }[];
  readonly coach: { readonly oid: string; readonly name: string };
}

export function demoTenant(): DemoTenant {
  const doc = parse(readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8')) as {
    tenantId: string;
    currentUser: { aadObjectId: string; name: string };
    users: { aadObjectId: string; name: string }[];
  };
  const people = [doc.currentUser, ...doc.users].map((u) => ({ oid: u.aadObjectId, name: u.name }));
  // start-local.mjs makes Karin Berg the demo coach; the tests do the same.
  const coach = people.find((p) => p.name === 'Karin Berg') ?? people[1]!;
  return { tenantId: doc.tenantId, people, coach };
}

export function persona(tenant: DemoTenant, who: { oid: string; name: string }, role: DevPersona['role']): DevPersona {
  return { tid: tenant.tenantId, oid: who.oid, name: who.name, role };
}

/** The whole server with the demo tenant's sluice (the demo coach coaches it) and the demo ideas. */
export async function startTabApp(
  options: { seed?: boolean; env?: Record<string, string> } = {},
): Promise<{ app: TestApp; tenant: DemoTenant }> {
  const tenant = demoTenant();
  const app = await startTestApp(
    {
      DEFAULT_TENANT_ID: tenant.tenantId,
      DEFAULT_COACH_IDS: tenant.coach.oid,
      DEFAULT_SLUICE_NAME: 'Idéslussen Exempelkommun',
      ...options.env,
    },
    // The demo coach has talked to the bot, as a coach using the app has: their task cards reach them
    // (through a recording connector), so ideas carry no "no reachable coach" state the tests did not ask for.
    { connector: true },
  );
  await app.meet({ id: tenant.coach.oid, name: tenant.coach.name }, { tenantId: tenant.tenantId });
  app.connector.reset();
  if (options.seed !== false) await seedDemoIdeas(app, tenant);
  return { app, tenant };
}

/** Hands in the demo ideas through the domain service and lets the demo coach act on them. */
export async function seedDemoIdeas(app: TestApp, tenant: DemoTenant): Promise<void> {
  const coach = { id: tenant.coach.oid, tenantId: tenant.tenantId, name: tenant.coach.name };
  for (const [i, d] of demo.ideas.entries()) {
    const who = tenant.people[d.giver]!;
    const submitted = await app.services.ideas.submit({
      giver: { id: who.oid, tenantId: tenant.tenantId, name: who.name, locale: 'sv', department: d.department },
      text: { title: d.title, need: d.need, idea: d.idea, department: d.department, beneficiaries: d.beneficiaries as Beneficiary[] },
      source: 'chat',
      idempotencyKey: `demo-${i}`,
    });
    if (!submitted.ok) throw new Error(`Demo idea ${i} was refused: ${submitted.error}`);
    const giver = { id: who.oid, tenantId: tenant.tenantId, name: who.name };
    for (const { by, ...step } of d.steps as Array<{ by?: 'giver' } & Record<string, unknown>>) {
      const actor = by === 'giver' ? giver : coach;
      const result = await app.services.ideas.act(submitted.idea.sluiceId, submitted.idea.id, actor, step as IdeaAction);
      if (!result.ok) throw new Error(`Demo step ${String(step['type'])} on idea ${i} failed: ${result.error}`);
    }
  }
}

export interface TabBrowser {
  readonly context: BrowserContext;
  /** Opens the tab at `hash` (e.g. `#/board`), signed in as `as` unless undefined; `query` like `?theme=dark`. */
  open(
    hash: string,
    options?: { as?: DevPersona; query?: string; width?: number; beforeLoad?: (page: Page) => Promise<void> },
  ): Promise<Page>;
  /** Requests that were not to the local server (all of them aborted). */
  readonly blocked: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium on a fresh profile, where every request that is not to the test server is
 * aborted (and recorded, so a test can check the tab asked for nothing else).
 */
export async function openBrowser(baseUrl: string): Promise<TabBrowser> {
  const { context, blocked, close } = await launchLocalChromium({
    allowedOrigins: [baseUrl],
    contextOptions: { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' },
  });
  return {
    context,
    blocked,
    async open(hash, options = {}) {
      const page = await context.newPage();
      if (options.width) await page.setViewportSize({ width: options.width, height: 800 });
      if (options.as) {
        const chosen = JSON.stringify(options.as);
        await page.addInitScript((value) => sessionStorage.setItem('ideslussen.persona', value), chosen);
      }
      await options.beforeLoad?.(page);
      await page.goto(`${baseUrl}/tab/index.html${options.query ?? ''}${hash}`);
      return page;
    },
    close,
  };
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const axeSource = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  // Colours are measured as they end up: a Fluent fade or transition still running (a panel or notice
  // just opened) would be measured half-transparent. Infinite ones (spinners) are not waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    // Tabster's focus sentinels (Fluent's modal drawers and date picker add them around the page) are
    // focusable by design and hand focus on at once; everything else is checked.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] } as unknown as Document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
