/**
 * `npm run playground`: starts Microsoft 365 Agents Playground against the bot on
 * http://127.0.0.1:${PORT:-3978}/api/messages and prints its URL. Start the server first (`npm run serve`),
 * or use `npm start`, which does both.
 *
 * Also the module scripts/start-local.mjs imports: `startPlayground({ botEndpoint, port, cwd })`.
 * The launcher itself is CommonJS (playground-launcher.cjs) so Jest can load the same code.
 *
 * Environment: PORT (the bot's port, default 3978), PLAYGROUND_PORT (default 56150).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** @type {typeof import('./playground-launcher.cjs')} */
const launcher = require('./playground-launcher.cjs');

/**
 * Starts Playground on 127.0.0.1 with telemetry off; see playground-launcher.d.cts.
 * @param {import('./playground-launcher.cjs').StartPlaygroundOptions} options
 * @returns {Promise<import('./playground-launcher.cjs').RunningPlayground>}
 */
export function startPlayground(options) {
  return launcher.startPlayground(options);
}

export const { DEFAULT_PLAYGROUND_PORT, CONFIG_FILE_NAME, REPO_ROOT } = launcher;

/**
 * Reads a port number from the environment, failing with a message a person can act on.
 * @param {string} name
 * @param {number} fallback
 */
export function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number between 1 and 65535 (got "${raw}")`);
  }
  return port;
}

async function main() {
  const botPort = portFromEnv('PORT', 3978);
  const playgroundPort = portFromEnv('PLAYGROUND_PORT', DEFAULT_PLAYGROUND_PORT);
  const botEndpoint = `http://127.0.0.1:${botPort}/api/messages`;
  const playground = await startPlayground({
    botEndpoint,
    port: playgroundPort,
    cwd: REPO_ROOT,
    onOutput: (text) => {
      // Playground prints almost nothing itself; what it does print (and any loopback-guard report) matters.
      if (!text.startsWith('Listening on')) process.stderr.write(text);
    },
  });
  process.stdout.write(
    [
      '',
      `  Microsoft 365 Agents Playground: ${playground.url}`,
      `  talking to the bot at:           ${botEndpoint}`,
      `  Playground log:                  ${playground.logFile}`,
      '',
      '  Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    playground.stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`Could not stop Playground: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const { code, signal } = await playground.exited;
  if (!stopping) {
    process.stderr.write(`Playground stopped unexpectedly (${signal ?? `exit code ${code}`}); its log: ${playground.logFile}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
