#!/usr/bin/env node
// `npm run stats:rebuild`: recounts every sluice's statistics from its ideas' histories and
// replaces the kept monthly aggregates. Uses the same configuration as the server (the .env
// variables: COSMOS_ENDPOINT for Azure, else the embedded database in DATA_DIR). Safe while the
// server runs: an update racing the rebuild is counted again by the next change or sweep.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'bot', 'src');
const require = createRequire(import.meta.url);

if (!existsSync(path.join(DIST, 'domain', 'stats', 'stats-service.js'))) {
  const built = spawnSync('npm', ['run', 'build:bot'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { loadConfig } = require(path.join(DIST, 'config.js'));
const { createLogger } = require(path.join(DIST, 'logger.js'));
const { openStorage } = require(path.join(DIST, 'adapters/cosmos/storage.js'));
const { StatsService } = require(path.join(DIST, 'domain/stats/stats-service.js'));
const { statsWorkingDays } = require(path.join(DIST, 'domain/stats/working-day-count.js'));

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const storage = await openStorage(config, logger);
try {
  const stats = new StatsService(storage.ideas, storage.stats, { now: () => new Date() }, statsWorkingDays(), logger);
  for (const sluice of await storage.sluices.list()) {
    const started = Date.now();
    const { ideas, months } = await stats.rebuild(sluice.id);
    console.log(`${sluice.name} (${sluice.id}): ${ideas} ideas counted into ${months} months in ${Date.now() - started} ms`);
  }
} finally {
  await storage.close();
}
