// The built server's local parts for the bench scripts: the one local-app factory, the recording
// connector and the test tenant's activities, from dist/ (built here first when it is missing).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(path.join(REPO, 'dist/bot/src/local/app.js'))) {
  process.stderr.write('dist/ is missing: running npm run build:bot\n');
  execFileSync('npm', ['run', 'build:bot'], { cwd: REPO, stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
/** `require` of a module of the built server, by its path under dist/bot/src (e.g. 'local/app.js'). */
export const built = (modulePath) => require(path.join(REPO, 'dist/bot/src', modulePath));

export const { startLocalApp } = built('local/app.js');
export const { startRecordingConnector } = built('local/connector.js');
export const activities = built('local/activities.js');
