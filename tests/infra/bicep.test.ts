import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../bot/src/config';
import {
  INFRA_DIR,
  MAIN_BICEP,
  ROOT,
  loadTemplateTree,
  loadedJsonVar,
  objectVarKeys,
  parseBicep,
  resourceStatement,
  varStatement,
  type BicepFile,
} from './bicep';

/**
 * Resource API versions the templates must use: the newest stable (non-preview) version of each type,
 * as looked up in Azure/bicep-types-az (generated/<provider>/<namespace>/<version>/types.md, the type
 * definitions the Bicep compiler itself ships) and cross-checked in Azure/azure-rest-api-specs.
 * When Azure publishes a newer stable version, update the template and this table together.
 */
const EXPECTED_API_VERSIONS: Readonly<Record<string, string>> = {
  // generated/msi/microsoft.managedidentity: 2024-11-30 (later ones are -preview)
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2024-11-30',
  // generated/operationalinsights/microsoft.operationalinsights: 2026-03-01
  'Microsoft.OperationalInsights/workspaces': '2026-03-01',
  // generated/applicationinsights/microsoft.insights: components' newest stable is 2020-02-02
  // (2022-04-01 and 2023-06-01 only contain workbooks)
  'Microsoft.Insights/components': '2020-02-02',
  // generated/cosmos-db/microsoft.documentdb: 2026-03-15
  'Microsoft.DocumentDB/databaseAccounts': '2026-03-15',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases': '2026-03-15',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers': '2026-03-15',
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments': '2026-03-15',
  // generated/keyvault/microsoft.keyvault: 2026-05-15 (2026-06-01 is -preview)
  'Microsoft.KeyVault/vaults': '2026-05-15',
  'Microsoft.KeyVault/vaults/secrets': '2026-05-15',
  // generated/authorization/microsoft.authorization: roleAssignments' newest stable is 2022-04-01
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  // generated/web/microsoft.web: 2025-03-01 (also azure-rest-api-specs .../AppService/stable/2025-03-01)
  'Microsoft.Web/serverfarms': '2025-03-01',
  'Microsoft.Web/sites': '2025-03-01',
  'Microsoft.Web/sites/config': '2025-03-01',
  // generated/botservice/microsoft.botservice: 2022-09-15 (2023-09-15 is -preview)
  'Microsoft.BotService/botServices': '2022-09-15',
  'Microsoft.BotService/botServices/channels': '2022-09-15',
};

/** Server configuration names from the brief; bot/src/config.ts is read too when present. */
const SERVER_CONFIG_NAMES = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'LOG_LEVEL',
  'PUBLIC_BASE_URL',
  'COSMOS_ENDPOINT',
  'COSMOS_DATABASE',
  'COSMOS_KEY',
  'AZURE_CLIENT_ID',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ENTRA_CLIENT_ID',
  'ENTRA_APP_ID_URI',
  'ENTRA_ALLOWED_TENANTS',
  'DEFAULT_TENANT_ID',
  'DEFAULT_SLUICE_NAME',
  'DEFAULT_COACH_IDS',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'GRAPH_ENABLED',
] as const;

/** Outputs of main.bicep that the server needs in Azure. */
const REQUIRED_CONFIG_OUTPUTS = [
  'PUBLIC_BASE_URL',
  'COSMOS_ENDPOINT',
  'COSMOS_DATABASE',
  'AZURE_CLIENT_ID',
  'MicrosoftAppId',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ENTRA_CLIENT_ID',
  'ENTRA_APP_ID_URI',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];

/** The only outputs that are not server settings: placeholders of the Teams manifest and the Agents Toolkit deploy target. */
const MANIFEST_AND_TOOLKIT_OUTPUTS = ['BOT_ID', 'APP_DOMAIN', 'AZURE_APP_SERVICE_RESOURCE_ID'];

/** App Service platform settings that are not read by the server. */
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_RUN_FROM_PACKAGE'];

/**
 * Output names that suggest a secret. APPLICATIONINSIGHTS_CONNECTION_STRING is the one exception:
 * Microsoft documents that the instrumentation key in it is "not a security token or key and not
 * considered a secret" (learn.microsoft.com/azure/azure-monitor/app/connection-strings), and the
 * server needs it under exactly that name.
 */
const SECRET_LOOKING_NAME = /key|password|secret|connection_?string|token|credential|sas/i;
const NOT_A_SECRET = new Set(['APPLICATIONINSIGHTS_CONNECTION_STRING']);

function serverConfigNames(): Set<string> {
  const names = new Set<string>(SERVER_CONFIG_NAMES);
  const configFile = join(ROOT, 'bot', 'src', 'config.ts');
  if (existsSync(configFile)) {
    const source = readFileSync(configFile, 'utf8');
    const start = source.indexOf('.object({');
    if (start >= 0) {
      for (const line of source.slice(start).split('\n').slice(1)) {
        if (/^\s{2}\}\)/.test(line)) break;
        const key = /^\s{4}([A-Za-z_][A-Za-z0-9_]*):/.exec(line);
        if (key) names.add(key[1]!);
      }
    }
  }
  return names;
}

const files = loadTemplateTree();
const main = files.find((f) => f.path === MAIN_BICEP)!;

function fileNamed(name: string): BicepFile {
  const file = files.find((f) => f.path === join(INFRA_DIR, 'modules', name));
  if (!file) throw new Error(`infra/modules/${name} is not referenced from main.bicep`);
  return file;
}

describe('infra/main.bicep and its modules', () => {
  it('reference only module files that exist, and every module file is used', () => {
    const missing = files.flatMap((f) =>
      f.modules.filter((m) => !existsSync(m.resolved)).map((m) => `${f.label}: module ${m.symbol} '${m.source}'`),
    );
    expect(missing).toEqual([]);
    expect(main.modules.length).toBeGreaterThanOrEqual(6);
    const used = new Set(files.map((f) => relative(ROOT, f.path)));
    const onDisk = readdirSync(join(INFRA_DIR, 'modules'))
      .filter((name) => name.endsWith('.bicep'))
      .map((name) => join('infra', 'modules', name));
    expect(onDisk.filter((path) => !used.has(path))).toEqual([]);
  });

  it('give every parameter a @description', () => {
    const undocumented = files.flatMap((f) =>
      f.params.filter((p) => !p.decorators.some((d) => /^@description\('.+'\)$/s.test(d.trim()))).map((p) => `${f.label}: param ${p.name}`),
    );
    expect(files.flatMap((f) => f.params).length).toBeGreaterThan(40);
    expect(undocumented).toEqual([]);
  });

  it('name every output of main.bicep after a server configuration variable (or a manifest/toolkit value)', () => {
    const config = serverConfigNames();
    const names = main.outputs.map((o) => o.name);
    expect(names.filter((name) => !config.has(name) && !MANIFEST_AND_TOOLKIT_OUTPUTS.includes(name))).toEqual([]);
    expect(REQUIRED_CONFIG_OUTPUTS.filter((name) => !names.includes(name))).toEqual([]);
    expect(MANIFEST_AND_TOOLKIT_OUTPUTS.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('set app settings only under server configuration names, with HOST, NODE_ENV and no Cosmos key', () => {
    const config = serverConfigNames();
    const required = objectVarKeys(main, 'requiredSettings');
    const optional = [...varStatement(main, 'optionalSettings').matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*):/g)].map((m) => m[1]!);
    const all = [...required, ...optional];
    expect(all.filter((name) => !config.has(name) && !PLATFORM_SETTINGS.includes(name))).toEqual([]);
    expect(all).not.toContain('COSMOS_KEY');
    for (const name of ['PORT', 'HOST', 'NODE_ENV', 'PUBLIC_BASE_URL', 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'AZURE_CLIENT_ID']) {
      expect(required).toContain(name);
    }
    // The bot: MicrosoftAppId and its type for one bot, BOT_APPS for several; never both (the server refuses that).
    const bot = varStatement(main, 'botSettings');
    const bots = [...bot.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*):/g)].map((m) => m[1]!);
    expect(bots).toEqual(['BOT_APPS', 'MicrosoftAppId']);
    expect(bot).toMatch(
      /hasMemberBots \? \{ BOT_APPS: string\(botApps\) \} : \{ MicrosoftAppId: microsoftAppId, MicrosoftAppType: botAppType, MicrosoftAppTenantId: botTenantId \}/,
    );
    expect(bots.filter((name) => !config.has(name))).toEqual([]);
    expect(varStatement(main, 'requiredSettings')).not.toMatch(/MicrosoftApp/);
    const settings = varStatement(main, 'requiredSettings');
    expect(settings).toMatch(/^\s+HOST: '0\.0\.0\.0'$/m);
    expect(settings).toMatch(/^\s+NODE_ENV: 'production'$/m);
    // The bot password, when there is one, only ever appears as a Key Vault reference.
    expect(varStatement(main, 'optionalSettings')).toMatch(
      /MicrosoftAppPassword: '@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=/,
    );
  });

  it('never output a secret', () => {
    const problems: string[] = [];
    for (const file of files) {
      const secureParams = file.params.filter((p) => p.decorators.some((d) => d.trim() === '@secure()')).map((p) => p.name);
      for (const output of file.outputs) {
        const where = `${file.label}: output ${output.name}`;
        if (output.decorators.some((d) => d.trim() === '@secure()')) problems.push(`${where} is @secure()`);
        if (SECRET_LOOKING_NAME.test(output.name) && !NOT_A_SECRET.has(output.name)) problems.push(`${where} has a secret-looking name`);
        const value = output.body.slice(output.body.indexOf('=') + 1);
        for (const name of secureParams)
          if (new RegExp(`\\b${name}\\b`).test(value)) problems.push(`${where} uses @secure() param ${name}`);
        if (/\blist[A-Z]\w*\(|\.list\w*\(/.test(value)) problems.push(`${where} calls a list*() function`);
      }
      if (/\blistKeys\(|\blistConnectionStrings\(|\blistCredentials\(/.test(file.code))
        problems.push(`${file.label} reads keys with a list*() function`);
    }
    expect(problems).toEqual([]);
    // The one secure parameter in the tree flows into Key Vault only.
    const secure = files.flatMap((f) =>
      f.params.filter((p) => p.decorators.some((d) => d.trim() === '@secure()')).map((p) => `${f.label}:${p.name}`),
    );
    expect(secure.sort()).toEqual([
      'infra/main.bicep:botAppPassword',
      'infra/main.bicep:memberTenantBotPasswords',
      'infra/modules/keyvault.bicep:botAppPassword',
      'infra/modules/keyvault.bicep:memberBotPasswords',
    ]);
  });

  it('use the current stable API version of every resource type', () => {
    const found = files.flatMap((f) => f.resources.map((r) => ({ file: f.label, ...r })));
    expect(found.length).toBeGreaterThanOrEqual(15);
    const wrong = found
      .filter((r) => EXPECTED_API_VERSIONS[r.type] !== r.apiVersion || r.apiVersion.includes('preview'))
      .map((r) => `${r.file}: ${r.type}@${r.apiVersion} (expected ${EXPECTED_API_VERSIONS[r.type] ?? 'a type listed in the table'})`);
    expect(wrong).toEqual([]);
    // Every type in the table is really used, so the table cannot rot silently.
    const used = new Set(found.map((r) => r.type));
    expect(Object.keys(EXPECTED_API_VERSIONS).filter((type) => !used.has(type))).toEqual([]);
  });
});

describe('the resources are configured as the server needs them', () => {
  it('run the web app on Linux with Node 22 LTS, the built server, HTTPS only and a /healthz probe', () => {
    const code = fileNamed('webapp.bicep').code;
    expect(code).toMatch(/linuxFxVersion: 'NODE\|22-lts'/);
    expect(code).toMatch(/appCommandLine: 'npm run serve'/);
    expect(code).toMatch(/httpsOnly: true/);
    expect(code).toMatch(/healthCheckPath: '\/healthz'/);
    expect(code).toMatch(/alwaysOn: alwaysOn/);
    expect(code).toMatch(/var alwaysOn = !contains\(\['F1', 'D1'\], sku\)/);
    expect(code).toMatch(/reserved: true/);
    expect(code).toMatch(/clientAffinityEnabled: false/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toBe('node dist/bot/src/index.js');
  });

  it('create the Cosmos DB containers from the one container definition, without key auth, and give the app the data-plane role', () => {
    const cosmos = fileNamed('cosmos.bicep');
    const { code } = cosmos;
    const loaded = loadedJsonVar(cosmos, 'containers');
    expect(relative(ROOT, loaded.file)).toBe(join('infra', 'cosmos-containers.json'));
    // Every container resource is one entry of that file, passed on as it is.
    const containersResource = resourceStatement(cosmos, 'sqlContainers');
    expect(containersResource).toMatch(/^\s+for container in containers: \{$/m);
    expect(containersResource).toMatch(/^\s+name: container\.id$/m);
    expect(containersResource).toMatch(/^\s+resource: container$/m);
    expect(code).toMatch(/disableLocalAuth: true/);
    expect(code).toMatch(/var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    expect(code).toMatch(/capabilities: capacityMode == 'Serverless' \? \[\{ name: 'EnableServerless' \}\] : \[\]/);
    expect(code).toMatch(/autoscaleSettings: \{ maxThroughput: autoscaleMaxThroughput \}/);
    expect(main.code).toMatch(/dataContributorPrincipalIds: concat\(\[identity\.outputs\.principalId\]/);
    expect(main.code).toMatch(/cosmosCapacityMode string = 'Serverless'/);
  });

  it('enable no bot channel but Teams: Web Chat and Direct Line are declared with every site off', () => {
    const bot = fileNamed('bot.bicep');
    const channels = bot.resources.filter((r) => r.type === 'Microsoft.BotService/botServices/channels');
    const byName = new Map(
      channels.map((c) => {
        const statement = resourceStatement(bot, c.symbol);
        const name = /^\s+name: '(\w+)'$/m.exec(statement)?.[1];
        return [name, statement] as const;
      }),
    );
    expect([...byName.keys()].sort()).toEqual(['DirectLineChannel', 'MsTeamsChannel', 'WebChatChannel']);
    for (const [name, statement] of byName) {
      const enabled = [...statement.matchAll(/isEnabled: (true|false)/g)].map((m) => m[1]);
      expect(enabled.length).toBeGreaterThan(0);
      expect({ name, enabled }).toEqual({ name, enabled: enabled.map(() => (name === 'MsTeamsChannel' ? 'true' : 'false')) });
    }
    expect(byName.get('WebChatChannel')).toMatch(/isWebchatPreviewEnabled: false/);
    expect(byName.get('DirectLineChannel')).toMatch(/isV1Enabled: false/);
    expect(byName.get('DirectLineChannel')).toMatch(/isV3Enabled: false/);
  });

  it('register the bot with the Teams channel and a managed identity or single-tenant registration only', () => {
    const code = fileNamed('bot.bicep').code;
    expect(code).toMatch(/name: 'MsTeamsChannel'/);
    expect(code).toMatch(/isEnabled: true/);
    const allowed = /param appType string/.exec(code);
    expect(allowed).not.toBeNull();
    const appType = parseBicep(join(INFRA_DIR, 'modules', 'bot.bicep')).params.find((p) => p.name === 'appType')!;
    expect(appType.decorators.join('\n')).toMatch(/'UserAssignedMSI'\s+'SingleTenant'/);
    expect(appType.decorators.join('\n')).not.toMatch(/MultiTenant/);
    expect(main.code).toMatch(/messagingEndpoint: '\$\{publicBaseUrl\}\/api\/messages'/);
  });

  it('give each member tenant its own single-tenant Azure Bot, listed in BOT_APPS with its secret from Key Vault', () => {
    const member = main.code.slice(main.code.indexOf("module memberBots 'modules/bot.bicep' = ["));
    expect(member).toMatch(/^\s+for \(b, i\) in memberTenantBots: \{/m);
    const params = member.slice(0, member.indexOf('\n]'));
    expect(params).toMatch(/appType: 'SingleTenant'/);
    expect(params).toMatch(/appId: b\.appId/);
    expect(params).toMatch(/tenantId: b\.tenantId/);
    expect(params).toMatch(/messagingEndpoint: '\$\{publicBaseUrl\}\/api\/messages'/);
    // The app setting each member's BOT_APPS entry reads its secret from is the one that holds the Key Vault reference,
    // and that reference names the secret the vault module writes.
    const settingName = "'${memberBotSecretSetting}${replace(b.appId, '-', '_')}'";
    expect(varStatement(main, 'botApps')).toContain(`credential: { type: 'secret', setting: ${settingName} }`);
    const secretSettings = varStatement(main, 'memberBotSecretSettings');
    expect(secretSettings).toContain(`b => ${settingName},`);
    expect(secretSettings).toContain("b => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=BotPassword-${b.appId})'");
    expect(resourceStatement(fileNamed('keyvault.bicep'), 'memberBotPassword')).toMatch(/name: 'BotPassword-\$\{item\.key\}'/);
    expect(main.code).toMatch(/memberBotPasswords: memberTenantBotPasswords/);
    expect(main.code).toMatch(/appSettings: union\(requiredSettings, botSettings, optionalSettings, memberBotSecretSettings\)/);
  });

  it('write BOT_APPS in the shape the server accepts in production', () => {
    // What string(botApps) gives for a managed-identity main bot and two member tenants, with the secrets in the
    // app settings memberBotSecretSettings names; loadConfig must take it as the server's bot identities.
    const member = (appId: string, tenantId: string) => ({
      appId,
      tenantId,
      credential: { type: 'secret', setting: `BOT_SECRET_${appId.replace(/-/g, '_')}` },
    });
    const apps = [
      {
        appId: '11111111-1111-4111-8111-111111111111',
        tenantId: '21111111-1111-4111-8111-111111111111',
        credential: { type: 'managedIdentity' },
      },
      member('31111111-1111-4111-8111-111111111111', '41111111-1111-4111-8111-111111111111'),
      member('51111111-1111-4111-8111-111111111111', '61111111-1111-4111-8111-111111111111'),
    ];
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://app.example.se',
      COSMOS_ENDPOINT: 'https://cosmos.example.se',
      ENTRA_CLIENT_ID: '71111111-1111-4111-8111-111111111111',
      ENTRA_APP_ID_URI: 'api://app.example.se/71111111-1111-4111-8111-111111111111',
      BOT_APPS: JSON.stringify(apps),
      BOT_SECRET_31111111_1111_4111_8111_111111111111: 'secret-a',
      BOT_SECRET_51111111_1111_4111_8111_111111111111: 'secret-b',
    });
    expect(config.bot?.apps.map((a) => [a.appId, a.tenantId, a.credential.kind])).toEqual([
      [apps[0]!.appId, apps[0]!.tenantId, 'managedIdentity'],
      [apps[1]!.appId, apps[1]!.tenantId, 'secret'],
      [apps[2]!.appId, apps[2]!.tenantId, 'secret'],
    ]);
    // The Bicep builds exactly these keys.
    const botApps = varStatement(main, 'botApps');
    for (const key of [
      'appId: microsoftAppId',
      'tenantId: botTenantId',
      "{ type: 'managedIdentity' }",
      'appId: b.appId',
      'tenantId: b.tenantId',
    ])
      expect(botApps).toContain(key);
  });

  it('only create a Key Vault when the bot has a secret', () => {
    expect(main.code).toMatch(/^module keyVault 'modules\/keyvault\.bicep' = if \(needsKeyVault\) \{/m);
    expect(varStatement(main, 'needsKeyVault')).toMatch(/= !useManagedIdentityBot \|\| hasMemberBots$/);
    expect(resourceStatement(fileNamed('keyvault.bicep'), 'botPassword')).toMatch(/= if \(!empty\(botAppPassword\)\) \{/);
    expect(fileNamed('keyvault.bicep').code).toMatch(/enableRbacAuthorization: true/);
  });
});

describe('parameter files', () => {
  const declared = new Map(main.params.map((p) => [p.name, p]));
  const required = main.params.filter((p) => !p.hasDefault).map((p) => p.name);

  it.each(['main.parameters.json', 'main.parameters.toolkit.json'])('%s sets only declared parameters and every required one', (name) => {
    const json = JSON.parse(readFileSync(join(INFRA_DIR, name), 'utf8')) as { parameters: Record<string, { value?: unknown }> };
    const names = Object.keys(json.parameters);
    expect(names.filter((n) => !declared.has(n))).toEqual([]);
    expect(required.filter((n) => !names.includes(n))).toEqual([]);
    // Secrets are never written into a parameter file.
    const secure = main.params.filter((p) => p.decorators.some((d) => d.trim() === '@secure()')).map((p) => p.name);
    expect(names.filter((n) => secure.includes(n))).toEqual([]);
  });
});

describe('m365agents.yml', () => {
  const project = parseYaml(readFileSync(join(ROOT, 'm365agents.yml'), 'utf8')) as {
    version: string;
    provision: Array<{ uses: string; with?: Record<string, unknown> }>;
    deploy: Array<{ uses: string; with?: Record<string, unknown> }>;
  };
  const step = (stage: 'provision' | 'deploy', uses: string): Record<string, unknown> => {
    const found = project[stage].find((s) => s.uses === uses);
    if (!found?.with) throw new Error(`${stage} has no ${uses} step`);
    return found.with;
  };

  it("provisions with the Bicep template and packages with the project's packager", () => {
    expect(project.version).toBe('v1.11');
    const templates = step('provision', 'arm/deploy').templates as Array<{ path: string; parameters: string }>;
    expect(templates.map((t) => existsSync(join(ROOT, t.path)) && existsSync(join(ROOT, t.parameters)))).toEqual([true]);
    expect(existsSync(join(ROOT, String(step('provision', 'aadApp/update').manifestPath)))).toBe(true);
    expect(step('provision', 'teamsApp/update').appPackagePath).toBe('./manifest/build/idesluss-${{TEAMSFX_ENV}}.zip');
    const npmArgs = project.provision.filter((s) => s.uses === 'cli/runNpmCommand').map((s) => s.with?.args);
    expect(npmArgs).toContain('run package -- --env ${{TEAMSFX_ENV}}');
  });

  it('deploys the built app to the web app from the Bicep output', () => {
    const zipDeploy = step('deploy', 'azureAppService/zipDeploy');
    expect(zipDeploy.resourceId).toBe('${{AZURE_APP_SERVICE_RESOURCE_ID}}');
    const ignore = readFileSync(join(ROOT, String(zipDeploy.ignoreFile)), 'utf8').split('\n');
    // The server and the built tab must be uploaded.
    expect(ignore.filter((l) => /^\/?(dist|node_modules|package\.json)\b/.test(l.trim()))).toEqual([]);
    expect(ignore).toContain('!/tab/dist/');
  });
});

describe('the tab SSO app registration', () => {
  const entra = JSON.parse(readFileSync(join(INFRA_DIR, 'entra', 'tab-sso.manifest.json'), 'utf8')) as {
    identifierUris: string[];
    api: { oauth2PermissionScopes: Array<{ value: string }>; preAuthorizedApplications: Array<{ appId: string }> };
  };

  it('uses the Application ID URI the Teams manifest and the server expect', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest', 'manifest.json'), 'utf8')) as {
      webApplicationInfo: { resource: string };
    };
    expect(entra.identifierUris).toEqual([manifest.webApplicationInfo.resource]);
    expect(main.code).toMatch(/var entraAppIdUri = 'api:\/\/\$\{appHost\}\/\$\{entraClientId\}'/);
  });

  it('lets the Teams, Outlook and Microsoft 365 clients request access_as_user', () => {
    expect(entra.api.oauth2PermissionScopes.map((s) => s.value)).toEqual(['access_as_user']);
    const clients = entra.api.preAuthorizedApplications.map((a) => a.appId);
    // Teams desktop/mobile and Teams web (learn.microsoft.com, "Configure your tab app in Microsoft Entra ID").
    expect(clients).toEqual(expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']));
  });
});

describe('the deploy guide', () => {
  it('checks the template with az bicep build and what-if before deploying it', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    const build = guide.indexOf('az bicep build');
    const whatIf = guide.indexOf('az deployment group what-if');
    const create = guide.indexOf('az deployment group create');
    expect(build).toBeGreaterThan(-1);
    expect(whatIf).toBeGreaterThan(build);
    expect(create).toBeGreaterThan(whatIf);
  });
});
