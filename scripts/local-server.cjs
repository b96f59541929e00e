// @ts-check
/**
 * The built server as `npm start` runs it: `node dist/bot/src/index.js` in its own process group,
 * stopped when its parent dies (exit-with-parent.cjs), with its log shown pretty-printed. The
 * server itself always writes JSON lines, as under `npm run serve` and in production; only this
 * local runner turns them into lines a person can read (pino-pretty, a development dependency).
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const SERVER_ENTRY = path.join(REPO_ROOT, 'dist', 'bot', 'src', 'index.js');

/**
 * The stream that turns the server's JSON log lines into readable ones.
 * @param {{ colorize: boolean, destination?: NodeJS.WritableStream }} options
 * @returns {NodeJS.WritableStream}
 */
function prettyLog(options) {
  const pretty = require('pino-pretty');
  return pretty({
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    ...(options.destination ? { destination: options.destination } : {}),
  });
}

/**
 * Starts the built server with `env`, its stdout (the JSON log) pretty-printed to `output`
 * (default: this process's stdout) and its stderr passed through.
 * @param {{ env: NodeJS.ProcessEnv, output?: NodeJS.WritableStream, colorize?: boolean }} options
 * @returns {{ server: import('node:child_process').ChildProcessByStdio<import('node:stream').Writable, import('node:stream').Readable, null>, exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }> }}
 */
function startLocalServer(options) {
  const server = spawn(process.execPath, ['--require', path.join(__dirname, 'exit-with-parent.cjs'), SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: options.env,
    // stdin is the parent-alive pipe (exit-with-parent.cjs); own process group so a terminal Ctrl-C
    // reaches only the parent, which stops the server exactly once.
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  const output = options.output ?? process.stdout;
  server.stdout.pipe(prettyLog({ colorize: options.colorize ?? false, destination: output }));
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  return { server, exited };
}

module.exports = { SERVER_ENTRY, prettyLog, startLocalServer };
