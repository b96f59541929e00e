import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { AppManifestUtils, TeamsManifestConverter } from '@microsoft/app-manifest';
import { buildPackage, PackagingError, parseEnvFile } from '../../scripts/manifest/package.cjs';
import type { BuildResult } from '../../scripts/manifest/package.cjs';
import { createSandbox, editJson, MANIFEST_DIR, ROOT, VALID_ENV, type Sandbox } from './helpers';
import { CREATE_IDEA_COMMAND } from '../../bot/src/teams/message-extension/create-idea';
import { SEARCH_IDEAS_COMMAND, SEARCH_PARAMETER } from '../../bot/src/teams/search/search-ideas';

type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
type AnyManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];

const SCHEMA_FILE = join(
  ROOT,
  'node_modules',
  '@microsoft',
  'app-manifest',
  'build',
  'json-schemas',
  'teams',
  'v1.30',
  'MicrosoftTeams.schema.json',
);

let sandbox: Sandbox;
const realFetch = globalThis.fetch;
const fetchCalls: string[] = [];

beforeAll(() => {
  // Packaging must validate offline: any attempt to fetch a schema fails the test.
  globalThis.fetch = ((input: unknown) => {
    fetchCalls.push(String(input));
    return Promise.reject(new Error('network access is not allowed in packaging'));
  }) as typeof fetch;
});

afterAll(() => {
  globalThis.fetch = realFetch;
  expect(fetchCalls).toEqual([]);
});

beforeEach(() => {
  sandbox = createSandbox();
});

afterEach(() => {
  sandbox.dispose();
});

function build(envName: string, extra: { processEnv?: Record<string, string>; manifestDir?: string } = {}): Promise<BuildResult> {
  return buildPackage({
    rootDir: ROOT,
    envName,
    envDir: sandbox.envDir,
    outDir: sandbox.outDir,
    processEnv: extra.processEnv ?? {},
    ...(extra.manifestDir ? { manifestDir: extra.manifestDir } : {}),
  });
}

/** Runs packaging and returns the problems it was refused with (fails the test if it succeeded). */
async function refusal(envName: string, extra: { processEnv?: Record<string, string>; manifestDir?: string } = {}): Promise<string[]> {
  try {
    await build(envName, extra);
  } catch (error) {
    if (error instanceof PackagingError) return error.problems;
    throw error;
  }
  throw new Error('packaging succeeded but should have been refused');
}

async function readZip(file: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}

async function zipJson(zip: JSZip, name: string): Promise<Record<string, unknown>> {
  const entry = zip.file(name);
  if (!entry) throw new Error(`${name} is missing from the package`);
  return JSON.parse(await entry.async('string')) as Record<string, unknown>;
}

describe('a valid package for a test environment', () => {
  it('writes idesluss-<env>.zip with the filled manifest, the localization file and both icons', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const result = await build('test');

    expect(result.zipPath).toBe(join(sandbox.outDir, 'idesluss-test.zip'));
    const zip = await readZip(result.zipPath);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);

    for (const name of ['manifest.json', 'en.json']) {
      const text = await zip.file(name)?.async('string');
      expect(text).toBeDefined();
      expect(text).not.toContain('${{');
    }
    const manifest = await zipJson(zip, 'manifest.json');
    expect(manifest).toMatchObject({
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
      manifestVersion: '1.30',
      version: '1.2.3',
      id: VALID_ENV.TEAMS_APP_ID,
      name: { short: 'Idéslussen (test)' },
      validDomains: [VALID_ENV.APP_DOMAIN],
      webApplicationInfo: {
        id: VALID_ENV.ENTRA_CLIENT_ID,
        resource: `api://${VALID_ENV.APP_DOMAIN}/${VALID_ENV.ENTRA_CLIENT_ID}`,
      },
      localizationInfo: { defaultLanguageTag: 'sv-se', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] },
    });

    // The icons in the zip are the committed files, byte for byte.
    for (const icon of ['color.png', 'outline.png']) {
      const bytes = await zip.file(icon)?.async('nodebuffer');
      expect(bytes?.equals(readFileSync(join(MANIFEST_DIR, icon)))).toBe(true);
    }
  });

  it('is valid by @microsoft/app-manifest against the v1.30 schema and its typed model', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const zip = await readZip((await build('test')).zipPath);
    const manifest = await zipJson(zip, 'manifest.json');
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Schema;

    await expect(AppManifestUtils.validateAgainstSchema(manifest as unknown as AnyManifest, schema)).resolves.toEqual([]);
    expect(() => TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest))).not.toThrow();
  });

  it('declares the bot in all three scopes with Swedish commands and English translations', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const zip = await readZip((await build('test')).zipPath);
    const manifest = await zipJson(zip, 'manifest.json');
    const en = await zipJson(zip, 'en.json');

    const bots = manifest.bots as Array<{
      botId: string;
      scopes: string[];
      commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
    }>;
    expect(bots).toHaveLength(1);
    const bot = bots[0]!;
    expect(bot.botId).toBe(VALID_ENV.BOT_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const personal = bot.commandLists.find((list) => list.scopes.includes('personal'));
    expect(personal?.commands.map((c) => c.title).sort()).toEqual(['avbryt', 'hjälp', 'mina idéer', 'ny idé']);

    const englishPersonal = personal!.commands.map(
      (_, i) => en[`bots[0].commandLists[${bot.commandLists.indexOf(personal!)}].commands[${i}].title`],
    );
    expect([...englishPersonal].sort()).toEqual(['cancel', 'help', 'my ideas', 'new idea']);
    expect(en['name.short']).toBe('Idéslussen (test)');
  });

  it('declares the personal "Mina idéer" tab and the configurable board tab', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const zip = await readZip((await build('test')).zipPath);
    const manifest = await zipJson(zip, 'manifest.json');
    const host = `https://${VALID_ENV.APP_DOMAIN}`;

    expect(manifest.staticTabs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityId: 'mine', name: 'Mina idéer', contentUrl: `${host}/tab/index.html#/mine`, scopes: ['personal'] }),
        expect.objectContaining({ entityId: 'conversations', scopes: ['personal'] }),
      ]),
    );
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({ configurationUrl: `${host}/tab/index.html#/config`, scopes: ['team', 'groupChat'] }),
    ]);
  });

  it('declares the "Gör till idé" message action, the "Sök idéer" search and the link previews with the ids the bot handles, in Swedish and English', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const zip = await readZip((await build('test')).zipPath);
    const manifest = await zipJson(zip, 'manifest.json');
    const en = await zipJson(zip, 'en.json');

    expect(manifest.composeExtensions).toEqual([
      {
        botId: VALID_ENV.BOT_ID,
        commands: [
          {
            id: CREATE_IDEA_COMMAND,
            type: 'action',
            context: ['message', 'compose'],
            fetchTask: true,
            title: 'Gör till idé',
            description: expect.stringContaining('Teams-meddelande') as unknown,
          },
          {
            id: SEARCH_IDEAS_COMMAND,
            type: 'query',
            context: ['compose', 'commandBox'],
            initialRun: true,
            title: 'Sök idéer',
            description: expect.stringContaining('dela den') as unknown,
            parameters: [{ name: SEARCH_PARAMETER, title: 'Sök', description: expect.any(String) as unknown, inputType: 'text' }],
          },
        ],
        // Pasted links of the app's own domain are previewed (composeExtension/queryLink).
        messageHandlers: [{ type: 'link', value: { domains: [VALID_ENV.APP_DOMAIN] } }],
      },
    ]);
    expect(en['composeExtensions[0].commands[1].title']).toBe('Search ideas');
    expect(en['composeExtensions[0].commands[1].parameters[0].title']).toBe('Search');
    // The message extension is served by the same bot as the chat.
    expect((manifest.bots as Array<{ botId: string }>)[0]?.botId).toBe(VALID_ENV.BOT_ID);
    expect(en['composeExtensions[0].commands[0].title']).toBe('Save as idea');
    expect(en['composeExtensions[0].commands[0].description']).toEqual(expect.stringContaining('Teams message'));
  });

  it('lets the process environment override the env file, and allows an empty name suffix', async () => {
    sandbox.writeEnv('prod', { ...VALID_ENV, APP_NAME_SUFFIX: '' });
    const result = await build('prod', { processEnv: { APP_VERSION: '2.0.1' } });
    expect(result.manifest.version).toBe('2.0.1');
    expect(result.manifest.name).toEqual(expect.objectContaining({ short: 'Idéslussen' }));
    expect(existsSync(join(sandbox.outDir, 'idesluss-prod.zip'))).toBe(true);
  });

  it('produces the same bytes for the same input', async () => {
    sandbox.writeEnv('test', VALID_ENV);
    const first = readFileSync((await build('test')).zipPath);
    const second = readFileSync((await build('test')).zipPath);
    expect(second.equals(first)).toBe(true);
  });
});

describe('packaging refuses broken input with a message naming the exact field', () => {
  const cases: ReadonlyArray<{ what: string; env: Record<string, string | undefined>; expected: RegExp }> = [
    {
      what: 'an unfilled placeholder (variable missing)',
      env: { BOT_ID: undefined },
      expected: /^manifest\.json: bots\[0\]\.botId: placeholder \$\{\{BOT_ID\}\} is not filled – BOT_ID is not set in .*\.env\.case/,
    },
    {
      what: 'an unfilled placeholder (variable empty)',
      env: { ENTRA_CLIENT_ID: '' },
      expected: /^manifest\.json: webApplicationInfo\.id: placeholder \$\{\{ENTRA_CLIENT_ID\}\} is not filled – ENTRA_CLIENT_ID is empty/,
    },
    {
      what: 'an app id that is not a GUID',
      env: { TEAMS_APP_ID: 'ideslussen-app' },
      expected: /^manifest\.json: id: "ideslussen-app" is not a valid GUID \(filled from TEAMS_APP_ID in .*\.env\.case\)/,
    },
    {
      what: 'a bot id that is not a GUID',
      env: { BOT_ID: '9a1d7e52-0c3b-4f8e-a6d4' },
      expected: /^manifest\.json: bots\[0\]\.botId: "9a1d7e52-0c3b-4f8e-a6d4" is not a valid GUID \(filled from BOT_ID/,
    },
    {
      what: 'an SSO client id that is not a GUID',
      env: { ENTRA_CLIENT_ID: 'zzzzzzzz-1b3d-4a5c-8e7f-9d0b1a2c3e4f' },
      expected: /^manifest\.json: webApplicationInfo\.id: "zzzzzzzz-1b3d-4a5c-8e7f-9d0b1a2c3e4f" is not a valid GUID/,
    },
    {
      what: 'a short name over 30 characters',
      env: { APP_NAME_SUFFIX: ' – testmiljö för förvaltningen' },
      expected: /^manifest\.json: name\.short: is 40 characters long; the maximum is 30 \(filled from APP_NAME_SUFFIX/,
    },
    {
      what: 'a developer name over 32 characters',
      env: { DEVELOPER_NAME: 'Exempelby kommuns innovationsenhet, stadsledningskontoret' },
      expected: /^manifest\.json: developer\.name: is 57 characters long; the maximum is 32/,
    },
    {
      what: 'a privacy link without https',
      env: { DEVELOPER_PRIVACY_URL: 'http://www.exempelby.example/personuppgifter' },
      expected: /^manifest\.json: developer\.privacyUrl: "http:\/\/www\.exempelby\.example\/personuppgifter" must use https/,
    },
    {
      what: 'an app domain given as a URL',
      env: { APP_DOMAIN: 'https://app-ideslussen.azurewebsites.net' },
      expected: /^manifest\.json: validDomains\[0\]: "https:\/\/app-ideslussen\.azurewebsites\.net" must be a lower-case host name/,
    },
    {
      what: 'a version that is not MAJOR.MINOR.PATCH',
      env: { APP_VERSION: '1.0' },
      expected: /^manifest\.json: version: "1\.0" must be MAJOR\.MINOR\.PATCH/,
    },
  ];

  it.each(cases)('$what', async ({ env, expected }) => {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...VALID_ENV, ...env })) if (value !== undefined) values[key] = value;
    sandbox.writeEnv('case', values);
    const problems = await refusal('case');
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    expect(existsSync(join(sandbox.outDir, 'idesluss-case.zip'))).toBe(false);
  });

  it('names every unfilled placeholder when the env file does not exist', async () => {
    const problems = await refusal('staging');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^manifest\.json: id: placeholder \$\{\{TEAMS_APP_ID\}\} is not filled/),
        expect.stringMatching(/^manifest\.json: bots\[0\]\.botId: placeholder \$\{\{BOT_ID\}\} is not filled/),
        expect.stringMatching(/^en\.json: name\.short: placeholder \$\{\{APP_NAME_SUFFIX\}\} is not filled/),
        expect.stringMatching(/\.env\.staging: create it from env\/\.env\.dev\.example/),
      ]),
    );
  });

  it('refuses an environment name that could escape the env folder', async () => {
    await expect(build('../secrets')).rejects.toThrow(/"\.\.\/secrets" is not a valid environment name/);
  });

  it('refuses an oversized full description in the manifest template', async () => {
    const manifestDir = sandbox.copyManifest();
    editJson(join(manifestDir, 'manifest.json'), (json) => {
      (json.description as Record<string, string>).full = 'x'.repeat(4001);
    });
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain(
      'manifest.json: description.full: is 4001 characters long; the maximum is 4000',
    );
  });

  it('refuses an oversized short description in the English localization', async () => {
    const manifestDir = sandbox.copyManifest();
    editJson(join(manifestDir, 'localization', 'en.json'), (json) => {
      json['description.short'] = 'y'.repeat(81);
    });
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain('en.json: description.short: is 81 characters long; the maximum is 80');
  });

  it('refuses a localization key that points at nothing in the manifest', async () => {
    const manifestDir = sandbox.copyManifest();
    editJson(join(manifestDir, 'localization', 'en.json'), (json) => {
      json['bots[0].commandLists[0].commands[9].title'] = 'ghost';
    });
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain(
      'en.json: bots[0].commandLists[0].commands[9].title: refers to nothing in manifest.json',
    );
  });

  it('refuses a property the schema does not allow, naming it', async () => {
    const manifestDir = sandbox.copyManifest();
    editJson(join(manifestDir, 'manifest.json'), (json) => {
      (json.bots as Array<Record<string, unknown>>)[0]!.commandList = [];
    });
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain(
      'manifest.json: bots[0].commandList: is not a property the schema allows here',
    );
  });

  it('refuses a tab served from a host that is not in validDomains', async () => {
    const manifestDir = sandbox.copyManifest();
    editJson(join(manifestDir, 'manifest.json'), (json) => {
      (json.staticTabs as Array<Record<string, unknown>>)[1]!.contentUrl = 'https://elsewhere.example.se/tab/index.html#/mine';
    });
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain(
      'manifest.json: staticTabs[1].contentUrl: host elsewhere.example.se is not listed in validDomains',
    );
  });

  it('refuses a colour icon of the wrong size', async () => {
    const manifestDir = sandbox.copyManifest();
    writeFileSync(join(manifestDir, 'color.png'), PNG.sync.write(new PNG({ width: 96, height: 96 })));
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toContain('color.png: is 96×96 pixels; the color icon must be exactly 192×192');
  });

  it('refuses an outline icon with coloured pixels', async () => {
    const manifestDir = sandbox.copyManifest();
    const outline = PNG.sync.read(readFileSync(join(manifestDir, 'outline.png')));
    // Paint pixel (0, 0) opaque red.
    outline.data.set([255, 0, 0, 255], 0);
    writeFileSync(join(manifestDir, 'outline.png'), PNG.sync.write(outline));
    sandbox.writeEnv('case', VALID_ENV);
    expect(await refusal('case', { manifestDir })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^outline\.png: 1 visible pixel\(s\) are not white, first at \(0, 0\)/)]),
    );
  });
});

describe('env files', () => {
  it('are read the way Agents Toolkit writes them', () => {
    expect(
      parseEnvFile(
        ['# comment', 'export A=1', 'B = two words ', 'C=" (dev)"', "D='x=y'", 'E=value # trailing comment', 'not a line', 'F='].join('\n'),
      ),
    ).toEqual({ A: '1', B: 'two words', C: ' (dev)', D: 'x=y', E: 'value', F: '' });
  });

  it('the committed example is complete enough to package', async () => {
    const example = readFileSync(join(ROOT, 'env', '.env.dev.example'), 'utf8');
    writeFileSync(join(sandbox.envDir, '.env.example'), example);
    const result = await build('example');
    expect(result.manifest.name).toEqual(expect.objectContaining({ short: 'Idéslussen (dev)' }));
  });
});
