/**
 * `npm run import -- [--sluice <id>] [--dry-run] [--url <server>] ideas.csv`: brings existing ideas
 * into a sluice through the running server's API (importIdeas), the same way the Administration
 * view does: first a preview with every row's problems, then — only when no row has one — the
 * import itself. Importing the same file again creates nothing new.
 *
 * The server: --url, else IDESLUSSEN_URL, else http://127.0.0.1:${PORT:-3978} (a local `npm start`).
 * Signing in: IDESLUSSEN_TOKEN (a tab API token of an admin), else — on a local run — a token from
 * the local issuer for the first demo admin (GET /api/dev/personas).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = 'Usage: npm run import -- [--sluice <id>] [--dry-run] [--url <server>] ideas.csv';

/** @param {string} message */
function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * @param {Response} res
 * @returns {Promise<any>}
 */
async function body(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** @param {string} base */
async function tokenFor(base) {
  if (process.env.IDESLUSSEN_TOKEN) return process.env.IDESLUSSEN_TOKEN;
  const res = await fetch(`${base}/api/dev/personas`).catch(() => undefined);
  if (!res?.ok)
    fail(`No IDESLUSSEN_TOKEN, and ${base} has no local sign-in (it is not a local run). Set IDESLUSSEN_TOKEN to an admin's token.`);
  const { personas } = await body(res);
  const admin = personas.find((/** @type {{ role: string }} */ p) => p.role === 'admin');
  if (!admin) fail('No demo admin on this server: start it with DEFAULT_ADMIN_IDS set (npm start does).');
  const issued = await fetch(`${base}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ oid: admin.oid, tid: admin.tid, name: admin.name }),
  });
  if (!issued.ok) fail(`Could not sign in as ${admin.name}: ${(await body(issued)).message}`);
  process.stdout.write(`Signed in as ${admin.name} (local demo admin).\n`);
  return (await body(issued)).token;
}

/** @param {Array<{ message: string }>} problems */
function printProblems(problems) {
  for (const p of problems.slice(0, 50)) process.stdout.write(`  - ${p.message}\n`);
  if (problems.length > 50) process.stdout.write(`  … and ${problems.length - 50} more\n`);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { sluice: { type: 'string' }, url: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) fail(USAGE);
  const base = (values.url ?? process.env.IDESLUSSEN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3978}`).replace(/\/$/, '');
  const bytes = await readFile(file).catch((/** @type {Error} */ err) => fail(`Cannot read ${file}: ${err.message}`));
  const token = await tokenFor(base);

  /** @param {boolean} dryRun */
  const send = async (dryRun) => {
    const query = new URLSearchParams({ dryRun: String(dryRun), ...(values.sluice ? { sluice: values.sluice } : {}) });
    const res = await fetch(`${base}/api/admin/import?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
      body: bytes,
    }).catch((/** @type {Error} */ err) => fail(`The server at ${base} does not answer (${err.message}). Is it running?`));
    return { status: res.status, body: await body(res) };
  };

  const preview = await send(true);
  if (preview.status !== 200) fail(`Refused (${preview.status}): ${preview.body.message}`);
  const p = preview.body;
  process.stdout.write(`${file}: ${p.total} rows, ${p.valid} fine, ${p.new} new, ${p.existing} imported before.\n`);
  if (p.problems.length > 0) {
    process.stdout.write(`Nothing was imported; fix these rows first:\n`);
    printProblems(p.problems);
    process.exit(1);
  }
  if (values['dry-run']) {
    process.stdout.write('Dry run: nothing was imported.\n');
    return;
  }
  const done = await send(false);
  if (done.status !== 200) {
    process.stdout.write(`Nothing was imported: ${done.body.message}\n`);
    printProblems(done.body.problems ?? []);
    process.exit(1);
  }
  process.stdout.write(`Imported ${done.body.created} new ideas (${done.body.existing} were there already).\n`);
}

await main();
