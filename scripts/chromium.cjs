// @ts-check
/**
 * Headless Chromium (Debian's `chromium`) the way this project must start it: no network
 * services of its own, a fresh profile every time, and every request that is not to an allowed
 * local origin aborted. Used by the browser tests, the benchmark and the screenshot scripts.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags without which Chromium reaches out to Google's services on start. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts Chromium on a fresh profile.
 * @param {{ allowedOrigins: string[], extraArgs?: string[], contextOptions?: import('playwright-core').BrowserContextOptions }} options
 *   `allowedOrigins`: e.g. `http://127.0.0.1:3978` (also matched as ws://); everything else is aborted.
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, blocked: string[], close(): Promise<void> }>}
 */
async function launchLocalChromium({ allowedOrigins, extraArgs = [], contextOptions = {} }) {
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'ideslussen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...contextOptions,
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const allowed = allowedOrigins.flatMap((o) => [`${o}/`, `${o.replace(/^http/, 'ws')}/`]);
  /** @type {string[]} */
  const blocked = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (allowed.some((prefix) => url.startsWith(prefix))) await route.continue();
    else {
      blocked.push(url);
      await route.abort('blockedbyclient');
    }
  });
  return {
    context,
    blocked,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS, launchLocalChromium };
