#!/usr/bin/env node
/**
 * Packages the Teams app for one environment:
 *
 *   npm run package -- --env dev
 *
 * Fills manifest/manifest.json and manifest/localization/*.json from env/.env.<env> (values in the
 * process environment win), validates them offline against the Teams JSON schema with
 * @microsoft/app-manifest, checks the icons, and writes manifest/build/idesluss-<env>.zip.
 * The work is done by scripts/manifest/package.cjs, which the tests call directly.
 */
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { buildPackage, PackagingError } = require('./manifest/package.cjs');

const usage = 'Usage: npm run package -- --env <name>   (reads env/.env.<name>, writes manifest/build/idesluss-<name>.zip)';

/** @param {string[]} argv */
function parseArgs(argv) {
  let envName;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--env' || arg === '-e') envName = argv[(i += 1)];
    else if (arg.startsWith('--env=')) envName = arg.slice('--env='.length);
    else return { error: `Unknown argument: ${arg}` };
  }
  if (!envName) return { error: 'Missing --env <name>' };
  return { envName };
}

const args = parseArgs(process.argv.slice(2));
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (args.error) {
  process.stderr.write(`${args.error}\n${usage}\n`);
  process.exit(2);
}

const rootDir = join(dirname(fileURLToPath(import.meta.url)), '..');
try {
  const result = await buildPackage({ rootDir, envName: args.envName });
  const { manifest } = result;
  process.stdout.write(
    `Wrote ${relative(process.cwd(), result.zipPath)} (${result.entries.join(', ')})\n` +
      `  app id ${manifest.id}, version ${manifest.version}, manifest ${manifest.manifestVersion}\n`,
  );
} catch (error) {
  if (error instanceof PackagingError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
