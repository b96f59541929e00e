'use strict';
/**
 * Starts Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`) safely, for
 * `npm run playground`, `npm start` (scripts/start-local.mjs) and the chat end-to-end tests
 * (tests/helpers/playground.ts).
 *
 * CommonJS on purpose: the ESM scripts can import it and Jest (which runs tests as CommonJS) can
 * require it, so there is one launcher. Types are in playground-launcher.d.cts.
 *
 * Safety, as the style guide ("Local tools that must be used safely") demands, plus what reading the
 * package showed was still needed:
 *   - always `--disable-telemetry`, `APPLICATION_INSIGHTS_NO_STATSBEAT=true`, `TEAMSAPPTESTER_BROWSER=none`;
 *   - the bundled Application Insights SDK is started even with telemetry disabled (Microsoft's key,
 *     heartbeat every 15 min), so its JSON config turns it off (`disableAppInsights`) and points it at
 *     a closed loopback port;
 *   - the server listens on every interface and proxies OAuth to token.botframework.com, so
 *     scripts/loopback-guard.cjs is preloaded: it binds to 127.0.0.1 and refuses non-loopback traffic;
 *   - proxy variables are removed so nothing is routed through a proxy;
 *   - the service URL the bot replies to is 127.0.0.1, not Playground's default `localhost`.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const LOOPBACK = '127.0.0.1';
const CONFIG_FILE_NAME = '.m365agentsplayground.yml';
/** Playground's own default port; `npm run playground` keeps it so bookmarks keep working. */
const DEFAULT_PLAYGROUND_PORT = 56150;

/** Environment variables that could send Playground's traffic elsewhere; never passed on. */
const STRIPPED_ENV = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPINSIGHTS_INSTRUMENTATIONKEY',
  'APPSETTING_APPINSIGHTS_INSTRUMENTATIONKEY',
  'APPINSIGHTS_INSTRUMENTATION_KEY',
  'APPSETTING_APPINSIGHTS_INSTRUMENTATION_KEY',
  'APPLICATIONINSIGHTS_CONFIGURATION_FILE',
  'APPLICATIONINSIGHTS_WEB_INSTRUMENTATION_ENABLED',
  'APPLICATIONINSIGHTS_WEB_SNIPPET_ENABLED',
  'M365_AGENTS_PLAYGROUND_TARGET_SDK',
  'DEFAULT_CHANNEL_ID',
  'SEND_INSTALLATION_ACTIVITY',
];

/**
 * Application Insights JSON config (read by the bundled SDK from APPLICATIONINSIGHTS_CONFIGURATION_CONTENT).
 * `disableAppInsights` makes its channel drop everything; the rest is belt and braces in case a future
 * version ignores one of the switches. Port 9 (discard) on loopback is closed on these machines.
 */
const APP_INSIGHTS_OFF = JSON.stringify({
  disableAppInsights: true,
  disableStatsbeat: true,
  enableAutoCollectHeartbeat: false,
  enableAutoCollectPerformance: false,
  enableAutoCollectPreAggregatedMetrics: false,
  enableAutoCollectExceptions: false,
  enableAutoCollectRequests: false,
  enableAutoCollectDependencies: false,
  enableAutoCollectConsole: false,
  enableAutoCollectExternalLoggers: false,
  enableUseDiskRetryCaching: false,
  enableSendLiveMetrics: false,
  enableWebInstrumentation: false,
  endpointUrl: `http://${LOOPBACK}:9`,
});

function playgroundCliPath() {
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json', { paths: [REPO_ROOT] });
  return path.join(path.dirname(pkg), 'cli.js');
}

/** Asks the OS for a free loopback port (tiny race until Playground binds it; we detect that below). */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

function assertLoopbackUrl(value, what) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} must be a URL such as http://127.0.0.1:3978/api/messages (got "${value}")`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`${what} must be plain http on loopback (127.0.0.1), got "${value}"`);
  }
  return url.toString();
}

/**
 * The exact command line and environment used to start Playground. Exported so a test can check the
 * mandatory safety flags without starting anything.
 */
function playgroundCommand({ botEndpoint, port, configPath, logFile, recordingFile }) {
  const env = { ...process.env };
  for (const name of STRIPPED_ENV) delete env[name];
  Object.assign(env, {
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    TEAMSAPPTESTER_BROWSER: 'none',
    APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: APP_INSIGHTS_OFF,
    NO_PROXY: '*',
    no_proxy: '*',
    BOT_ENDPOINT: botEndpoint,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    M365_AGENTS_PLAYGROUND_RECORDING_FILE: recordingFile,
  });
  const args = [
    '--require',
    path.join(__dirname, 'loopback-guard.cjs'),
    '--require',
    path.join(__dirname, 'exit-with-parent.cjs'),
    playgroundCliPath(),
    'start',
    // Separate values, never `--flag=value`: the CLI lower-cases every argument that starts with "--".
    '--app-endpoint',
    botEndpoint,
    '--channel-id',
    'msteams',
    '--port',
    String(port),
    '--service-url',
    `http://${LOOPBACK}:${port}/_connector`,
    '--disable-telemetry',
  ];
  return { command: process.execPath, args, env };
}

async function waitForPing(url, child, deadline) {
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('Playground exited while starting');
    try {
      const res = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && (await res.text()) === 'pong') return;
      lastError = new Error(`ping answered ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Playground did not answer ${url}/_debug/ping in time (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  );
}

/**
 * Starts Playground bound to 127.0.0.1, talking to `botEndpoint`, and resolves once it answers.
 * See playground-launcher.d.cts for the options and the result.
 */
async function startPlayground(options) {
  const botEndpoint = assertLoopbackUrl(options.botEndpoint, 'botEndpoint');
  const cwd = path.resolve(options.cwd ?? REPO_ROOT);
  const configPath = path.resolve(cwd, options.configPath ?? CONFIG_FILE_NAME);
  if (!fs.existsSync(configPath)) {
    // Without it Playground silently falls back to its built-in English demo tenant.
    throw new Error(`Playground config ${configPath} is missing; it holds the demo users (see ${CONFIG_FILE_NAME} at the repository root)`);
  }
  let port = options.port ?? 0;
  if (port === 0) port = await findFreePort();
  else if (!(await isPortFree(port))) {
    throw new Error(`Port ${port} on 127.0.0.1 is already in use; stop what runs there or set another port (PLAYGROUND_PORT)`);
  }

  const tempDir = options.logFile ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'ideslussen-playground-'));
  const logFile = options.logFile ?? path.join(tempDir, 'm365agentsplayground.log');
  const recordingFile = path.join(path.dirname(logFile), 'events-recording.log');
  const { command, args, env } = playgroundCommand({ botEndpoint, port, configPath, logFile, recordingFile });
  const child = spawn(command, args, {
    cwd,
    env,
    // stdin is the parent-alive pipe for exit-with-parent.cjs; own process group so a terminal Ctrl-C
    // reaches only our script, which then stops Playground exactly once.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const onOutput = options.onOutput;
  const collect = (chunk) => {
    const text = chunk.toString('utf8');
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    if (onOutput) onOutput(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Last resort if our process exits without calling stop(): a synchronous kill still works in 'exit'.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopping;
  const stop = () => {
    if (!stopping) {
      stopping = (async () => {
        process.removeListener('exit', killOnExit);
        // If Playground died on its own, keep its log for whoever has to find out why.
        const crashed = child.exitCode !== null || child.signalCode !== null;
        if (!crashed) {
          // SIGTERM: Playground has no handler for it, so it ends at once (its SIGINT handler would
          // first flush telemetry).
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        child.stdin.destroy();
        if (tempDir && !crashed) fs.rmSync(tempDir, { recursive: true, force: true });
      })();
    }
    return stopping;
  };

  const url = `http://${LOOPBACK}:${port}`;
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    await waitForPing(url, child, deadline);
    // Playground silently moves to a random port when the one we chose was taken in the meantime; the
    // service URL the bot replies to would then be wrong, so treat that as a failed start.
    const listening = /Listening on (\d+)/.exec(output);
    if (listening && Number(listening[1]) !== port) {
      throw new Error(`Playground moved to port ${listening[1]} instead of ${port}; try again`);
    }
  } catch (err) {
    const crashed = child.exitCode !== null || child.signalCode !== null;
    await stop();
    const detail = output.trim().split('\n').slice(-20).join('\n');
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}${detail ? `\nPlayground output:\n${detail}` : ''}${crashed ? `\nPlayground log: ${logFile}` : ''}`,
    );
  }

  return {
    url,
    port,
    serviceUrl: `${url}/_connector`,
    logFile,
    pid: child.pid,
    output: () => output,
    exited,
    stop,
  };
}

module.exports = {
  startPlayground,
  playgroundCommand,
  DEFAULT_PLAYGROUND_PORT,
  CONFIG_FILE_NAME,
  REPO_ROOT,
};
