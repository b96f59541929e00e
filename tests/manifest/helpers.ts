import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Repository root (tests/manifest/ is two levels down). */
export const ROOT = join(__dirname, '..', '..');
export const MANIFEST_DIR = join(ROOT, 'manifest');

/** A complete, valid environment for packaging, as an Agents Toolkit env file would hold it. */
export const VALID_ENV: Readonly<Record<string, string>> = {
  APP_NAME_SUFFIX: ' (test)',
  APP_VERSION: '1.2.3',
  TEAMS_APP_ID: '3f6c2b1e-8d4a-4c7e-9b21-5a0e7d9c4f10',
  BOT_ID: '9a1d7e52-0c3b-4f8e-a6d4-2b7c9e1f3a55',
  APP_DOMAIN: 'app-ideslussen-test-x1y2z3.azurewebsites.net',
  ENTRA_CLIENT_ID: 'c4e8a2f6-1b3d-4a5c-8e7f-9d0b1a2c3e4f',
  DEVELOPER_NAME: 'Exempelby kommun',
  DEVELOPER_WEBSITE_URL: 'https://www.exempelby.example/idesluss',
  DEVELOPER_PRIVACY_URL: 'https://www.exempelby.example/personuppgifter',
  DEVELOPER_TERMS_URL: 'https://www.exempelby.example/idesluss/villkor',
};

/** Serialises values as a dotenv file, quoting each value (so leading spaces survive). */
export function toEnvFile(values: Readonly<Record<string, string>>): string {
  return `# written by a test\n${Object.entries(values)
    .map(([key, value]) => `${key}="${value}"`)
    .join('\n')}\n`;
}

/** A scratch folder with env/ and build/ sub-folders, removed by {@link Sandbox.dispose}. */
export interface Sandbox {
  readonly dir: string;
  readonly envDir: string;
  readonly outDir: string;
  /** Writes env/.env.<name>. */
  writeEnv(name: string, values: Readonly<Record<string, string>>): void;
  /** Copies manifest/ into the sandbox (for tests that break the template or the icons) and returns its path. */
  copyManifest(): string;
  dispose(): void;
}

export function createSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'idesluss-manifest-'));
  const envDir = join(dir, 'env');
  const outDir = join(dir, 'build');
  mkdirSync(envDir);
  return {
    dir,
    envDir,
    outDir,
    writeEnv(name, values) {
      writeFileSync(join(envDir, `.env.${name}`), toEnvFile(values));
    },
    copyManifest() {
      const target = join(dir, 'manifest');
      cpSync(MANIFEST_DIR, target, { recursive: true, filter: (source) => !source.includes(`${join('manifest', 'build')}`) });
      return target;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads, edits and writes back a JSON file. */
export function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}
