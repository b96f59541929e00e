import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../bot/src/config';

/** A complete production configuration with a managed identity bot. */
const PRODUCTION = {
  NODE_ENV: 'production',
  MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-000000000001',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: 'a1b2c3d4-0000-4000-8000-000000000002',
  ENTRA_CLIENT_ID: 'a1b2c3d4-0000-4000-8000-000000000003',
  ENTRA_APP_ID_URI: 'api://ideslussen.example.se/a1b2c3d4-0000-4000-8000-000000000003',
  COSMOS_ENDPOINT: 'https://ideslussen.documents.azure.com:443/',
} as const;

describe('configuration', () => {
  it('runs locally with nothing set: embedded storage, no bot auth, loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3978,
      host: '127.0.0.1',
      cosmos: { kind: 'embedded', database: 'ideslussen' },
    });
    expect(config.bot).toBeUndefined();
    expect(config.entra).toBeUndefined();
    expect(config.localDev).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('is started for local use only when told so, and never in production', () => {
    expect(loadConfig({ LOCAL_DEV: 'true' }).localDev).toBe(true);
    expect(() => loadConfig({ ...PRODUCTION, LOCAL_DEV: 'true' })).toThrow(/LOCAL_DEV: is for local use only/);
  });

  it('refuses to listen beyond loopback without production settings, or with LOCAL_DEV', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1'])
      expect(loadConfig({ HOST: host, LOCAL_DEV: 'true' }).host).toBe(host);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /HOST: "0.0.0.0" is not a loopback address: .*MicrosoftAppId \(or BOT_APPS\), ENTRA_CLIENT_ID, ENTRA_APP_ID_URI/,
    );
    expect(() => loadConfig({ HOST: '192.0.2.10', MicrosoftAppId: PRODUCTION.MicrosoftAppId })).toThrow(
      /needs the production settings ENTRA_CLIENT_ID/,
    );
    const { NODE_ENV, ...settings } = PRODUCTION;
    void NODE_ENV;
    expect(() => loadConfig({ ...settings, HOST: '0.0.0.0', LOCAL_DEV: 'true' })).toThrow(/LOCAL_DEV=true .* is for this machine only/);
    expect(loadConfig({ ...settings, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('makes the built server refuse to listen on 0.0.0.0 without production settings, saying why', () => {
    const entry = path.resolve(__dirname, '../dist/bot/src/index.js');
    const result = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '0.0.0.0', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('HOST: "0.0.0.0" is not a loopback address');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names every missing variable when production lacks credentials', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppType',
      'MicrosoftAppPassword',
      'ENTRA_CLIENT_ID',
      'ENTRA_APP_ID_URI',
      'COSMOS_ENDPOINT',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('accepts a complete production configuration with a managed identity bot', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({ host: '0.0.0.0', cosmos: { kind: 'azure' } });
    expect(config.bot?.apps).toEqual([
      { appId: PRODUCTION.MicrosoftAppId, tenantId: PRODUCTION.MicrosoftAppTenantId, credential: { kind: 'managedIdentity' } },
    ]);
  });

  it('keeps the local locale override out of production', () => {
    expect(loadConfig({ LOCALE_OVERRIDE: 'sv-SE' }).localeOverride).toBe('sv-SE');
    expect(() => loadConfig({ NODE_ENV: 'production', LOCALE_OVERRIDE: 'sv-SE' })).toThrow(/LOCALE_OVERRIDE: is for local testing only/);
  });

  it('refuses coach ids that are not GUIDs and a bad port, with the variable named', () => {
    expect(() => loadConfig({ DEFAULT_COACH_IDS: 'karin' })).toThrow(/DEFAULT_COACH_IDS: "karin" is not an Entra object id/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: must be a port number/);
  });

  it('makes the built server refuse to start in production without credentials', () => {
    const entry = path.resolve(__dirname, '../dist/bot/src/index.js');
    const result = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('MicrosoftAppId: is required in production');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the bot identities: MicrosoftAppId for one bot, BOT_APPS for one per member tenant', () => {
  const A = 'a1b2c3d4-0000-4000-8000-00000000000a';
  const B = 'a1b2c3d4-0000-4000-8000-00000000000b';
  const TENANT_A = '11111111-1111-4111-8111-111111111111';
  const TENANT_B = '22222222-2222-4222-8222-222222222222';
  const { MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId, ...withoutBot } = PRODUCTION;
  void [MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId];
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.join('\n');
      throw err;
    }
    return '';
  };

  it('keeps one bot the simple case: a single-tenant registration serves its tenant with its secret', () => {
    const config = loadConfig({
      MicrosoftAppId: A,
      MicrosoftAppPassword: 's',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_A,
    });
    expect(config.bot).toEqual({
      apps: [{ appId: A, tenantId: TENANT_A, credential: { kind: 'secret', secret: 's' } }],
      authorityHost: 'https://login.microsoftonline.com',
    });
    expect(loadConfig({ MicrosoftAppId: A, MicrosoftAppPassword: 's' }).bot?.apps).toEqual([
      { appId: A, credential: { kind: 'secret', secret: 's' } },
    ]);
  });

  it('reads one identity per tenant, each secret from its own app setting (a Key Vault reference in Azure)', () => {
    const config = loadConfig({
      ...withoutBot,
      BOT_APPS: JSON.stringify([
        { appId: A, tenantId: TENANT_A, credential: { type: 'managedIdentity' } },
        { appId: B, tenantId: TENANT_B, credential: { type: 'secret', setting: 'BOT_SECRET_B' } },
        { appId: 'a1b2c3d4-0000-4000-8000-00000000000c', credential: { type: 'certificate', path: '/certs/bot.pem' } },
      ]),
      BOT_SECRET_B: 'secret-of-b',
    });
    expect(config.bot?.apps).toEqual([
      { appId: A, tenantId: TENANT_A, credential: { kind: 'managedIdentity' } },
      { appId: B, tenantId: TENANT_B, credential: { kind: 'secret', secret: 'secret-of-b' } },
      { appId: 'a1b2c3d4-0000-4000-8000-00000000000c', credential: { kind: 'certificate', path: '/certs/bot.pem' } },
    ]);
  });

  it('names the entry and the field of every problem in BOT_APPS', () => {
    expect(problemsOf({ BOT_APPS: '[{appId:' })).toMatch(/^BOT_APPS: is not valid JSON/);
    expect(problemsOf({ BOT_APPS: '{}' })).toMatch(/^BOT_APPS: must be a JSON list/);
    expect(problemsOf({ BOT_APPS: '[]' })).toMatch(/^BOT_APPS: must list at least one bot identity/);
    const problems = problemsOf({
      BOT_APPS: JSON.stringify([
        { appId: 'karin', tenantId: TENANT_A, credential: { type: 'secret', secret: 'x' } },
        { appId: B, tenantId: 'grannkommun', credential: { type: 'password' } },
        { appId: B, credential: { type: 'managedIdentity' } },
        { appId: A, tenantId: TENANT_A, credential: { type: 'secret' }, name: 'A' },
      ]),
    });
    expect(problems).toMatch(/BOT_APPS\[0\]\.appId: must be the bot registration's application \(client\) id, a GUID/);
    expect(problems).toMatch(/BOT_APPS\[1\]\.tenantId: must be a tenant id/);
    expect(problems).toMatch(/BOT_APPS\[1\]\.credential\.type: must be "secret", "certificate" or "managedIdentity"/);
    expect(problems).toMatch(/BOT_APPS\[3\]: Unrecognized key: "name"/);
  });

  it('refuses two identities for one app id or one tenant, and a second one without a tenant', () => {
    const entry = (appId: string, tenantId?: string) => ({
      appId,
      ...(tenantId ? { tenantId } : {}),
      credential: { type: 'secret', secret: 'x' },
    });
    const problems = problemsOf({
      BOT_APPS: JSON.stringify([
        entry(A, TENANT_A),
        entry(A, TENANT_B),
        entry(B, TENANT_A),
        entry('a1b2c3d4-0000-4000-8000-00000000000c'),
        entry('a1b2c3d4-0000-4000-8000-00000000000d'),
        { appId: 'a1b2c3d4-0000-4000-8000-00000000000e', credential: { type: 'managedIdentity' } },
        { appId: 'a1b2c3d4-0000-4000-8000-00000000000f', tenantId: '33333333-3333-4333-8333-333333333333', credential: { type: 'secret' } },
      ]),
    });
    expect(problems).toContain(`BOT_APPS[1].appId: "${A}" is listed twice`);
    expect(problems).toContain(`BOT_APPS[2].tenantId: tenant "${TENANT_A}" already has a bot identity`);
    expect(problems).toContain(
      'BOT_APPS[4].tenantId: is required: only one bot identity (a multi-tenant registration) may serve every other tenant',
    );
    expect(problems).toContain('BOT_APPS[5].tenantId: is required for a managed identity');
    expect(problems).toContain('BOT_APPS[6].credential: a secret needs exactly one of "setting"');
    expect(problems).not.toMatch(/BOT_APPS\[3\]/);
  });

  it('says which app setting holding a secret is empty, and refuses BOT_APPS beside MicrosoftAppId', () => {
    const apps = JSON.stringify([{ appId: A, tenantId: TENANT_A, credential: { type: 'secret', setting: 'BOT_SECRET_A' } }]);
    expect(problemsOf({ BOT_APPS: apps })).toBe('BOT_APPS[0].credential.setting: the app setting "BOT_SECRET_A" is empty or not set');
    expect(problemsOf({ BOT_APPS: apps, BOT_SECRET_A: 'x', MicrosoftAppId: A })).toMatch(
      /^BOT_APPS: cannot be used together with MicrosoftAppId/,
    );
  });

  it('is enough bot configuration for production and a public HOST, and keeps the local token stand-in out of production', () => {
    const apps = JSON.stringify([{ appId: A, tenantId: TENANT_A, credential: { type: 'managedIdentity' } }]);
    expect(loadConfig({ ...withoutBot, BOT_APPS: apps }).bot?.apps).toHaveLength(1);
    expect(problemsOf({ ...withoutBot, BOT_APPS: apps, BOT_AUTHORITY_HOST: 'http://127.0.0.1:9' })).toMatch(
      /^BOT_AUTHORITY_HOST: is for tests only/,
    );
    expect(problemsOf({ BOT_AUTHORITY_HOST: 'http://192.0.2.1' })).toMatch(/^BOT_AUTHORITY_HOST: must be https/);
    expect(loadConfig({ BOT_APPS: apps, BOT_AUTHORITY_HOST: 'http://127.0.0.1:9/' }).bot?.authorityHost).toBe('http://127.0.0.1:9');
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('or BOT_APPS for one bot per tenant');
  });
});

describe('the local clock offset and the reminder scan', () => {
  it('reads +8d, +2h and -30m, and refuses anything else and production', () => {
    expect(loadConfig({ DEV_CLOCK_OFFSET: '+8d' }).clockOffsetMs).toBe(8 * 86_400_000);
    expect(loadConfig({ DEV_CLOCK_OFFSET: '+2h' }).clockOffsetMs).toBe(2 * 3_600_000);
    expect(loadConfig({ DEV_CLOCK_OFFSET: '-30m' }).clockOffsetMs).toBe(-30 * 60_000);
    expect(loadConfig({}).clockOffsetMs).toBe(0);
    expect(() => loadConfig({ DEV_CLOCK_OFFSET: '8 days' })).toThrow(/DEV_CLOCK_OFFSET: must be a signed offset/);
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_CLOCK_OFFSET: '+1d' })).toThrow(
      /DEV_CLOCK_OFFSET: is for trying reminders locally only/,
    );
  });

  it('seeds the demo neighbour sluice only on a local run, and refuses it in production', () => {
    expect(loadConfig({ LOCAL_DEV: 'true', DEMO_NEIGHBOUR_SLUICE: 'true' }).demoNeighbourSluice).toBe(true);
    expect(loadConfig({ DEMO_NEIGHBOUR_SLUICE: 'true' }).demoNeighbourSluice).toBe(false);
    expect(loadConfig({ LOCAL_DEV: 'true' }).demoNeighbourSluice).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_NEIGHBOUR_SLUICE: 'true' })).toThrow(/DEMO_NEIGHBOUR_SLUICE: seeds a made-up/);
  });

  it('scans every three minutes unless told otherwise', () => {
    expect(loadConfig({}).reminderScanMs).toBe(180_000);
    expect(loadConfig({ REMINDER_SCAN_MS: '0' }).reminderScanMs).toBe(0);
    expect(() => loadConfig({ REMINDER_SCAN_MS: 'often' })).toThrow(/REMINDER_SCAN_MS/);
  });
});

describe('the Graph settings (GRAPH_*), apart from the bot credentials', () => {
  const GRAPH_APP = 'b2c3d4e5-0000-4000-8000-000000000001';

  it('leaves Graph off unless GRAPH_ENABLED=true', () => {
    expect(loadConfig({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 's' }).graph).toBeUndefined();
  });

  it('takes one credential: a secret, a certificate or a managed identity with a federated credential', () => {
    const on = { GRAPH_ENABLED: 'true', GRAPH_CLIENT_ID: GRAPH_APP };
    expect(loadConfig({ ...on, GRAPH_CLIENT_SECRET: 's' }).graph).toEqual({
      baseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      clientId: GRAPH_APP,
      credential: { kind: 'secret', secret: 's' },
      // Coaches are synced with the sluices' Entra groups hourly unless told otherwise.
      groupSyncMs: 3_600_000,
    });
    expect(loadConfig({ ...on, GRAPH_CLIENT_SECRET: 's', GRAPH_GROUP_SYNC_MS: '0' }).graph?.groupSyncMs).toBe(0);
    expect(() => loadConfig({ ...on, GRAPH_CLIENT_SECRET: 's', GRAPH_GROUP_SYNC_MS: 'hourly' })).toThrow(/GRAPH_GROUP_SYNC_MS/);
    expect(loadConfig({ ...on, GRAPH_CERTIFICATE_PATH: '/secrets/graph.pem' }).graph?.credential).toEqual({
      kind: 'certificate',
      path: '/secrets/graph.pem',
    });
    expect(loadConfig({ ...PRODUCTION, ...on, GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi' }).graph?.credential).toEqual({
      kind: 'managedIdentity',
      managedIdentityClientId: 'mi',
    });
    expect(() => loadConfig({ ...on })).toThrow(/exactly one credential/);
    expect(() => loadConfig({ ...on, GRAPH_CLIENT_SECRET: 's', GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi' })).toThrow(
      /found GRAPH_CLIENT_SECRET, GRAPH_MANAGED_IDENTITY_CLIENT_ID/,
    );
    expect(() => loadConfig({ GRAPH_ENABLED: 'true', GRAPH_CLIENT_SECRET: 's' })).toThrow(
      /GRAPH_CLIENT_ID: is required with GRAPH_ENABLED/,
    );
  });

  it('speaks plain http only to a loopback stand-in, and only with LOCAL_DEV', () => {
    const local = { GRAPH_ENABLED: 'true', GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'http://127.0.0.1:4000' };
    expect(loadConfig({ ...local, LOCAL_DEV: 'true' }).graph?.baseUrl).toBe('http://127.0.0.1:4000');
    expect(() => loadConfig(local)).toThrow(/GRAPH_BASE_URL: must be https/);
    expect(() => loadConfig({ ...local, LOCAL_DEV: 'true', GRAPH_AUTHORITY_HOST: 'http://login.example.se' })).toThrow(
      /GRAPH_AUTHORITY_HOST: must be https/,
    );
  });
});
