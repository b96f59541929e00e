import { z } from 'zod';
import { parseClockOffset } from './domain/clock';

/**
 * The server's configuration, read once from the environment at start and validated.
 * Every variable is documented in `.env.example`.
 */
const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes'].includes(v))),
);

/** How one bot identity proves itself to the Bot Framework when it sends. */
const botCredentialSchema = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('secret'),
        /** The secret itself (when BOT_APPS as a whole comes from Key Vault). */
        secret: z.string().min(1, 'must not be empty').optional(),
        /** The app setting holding the secret (in Azure a Key Vault reference), e.g. BOT_SECRET_SKOVDE. */
        setting: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an app setting (letters, digits and _)')
          .optional(),
      })
      .strict(),
    z.object({ type: z.literal('certificate'), path: z.string().min(1, 'must be the path of a PEM file') }).strict(),
    z.object({ type: z.literal('managedIdentity') }).strict(),
  ],
  { message: 'must be "secret", "certificate" or "managedIdentity"' },
);

/** BOT_APPS: one bot identity per member tenant, all pointing at this deployment. */
const botAppsSchema = z
  .array(
    z
      .object({
        appId: z.string().regex(guid, "must be the bot registration's application (client) id, a GUID"),
        tenantId: z.string().regex(guid, 'must be a tenant id (a GUID)').optional(),
        credential: botCredentialSchema,
      })
      .strict(),
    { message: 'must be a JSON list of {"appId", "tenantId", "credential"}' },
  )
  .min(1, 'must list at least one bot identity');

/** Reads a JSON setting, reporting a parse failure as a problem of that setting. */
const json = <T extends z.ZodType>(inner: T) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
      return z.NEVER;
    }
  }, inner.optional());

const schema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development')),
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'must be a port number (0-65535)' }).int().min(0).max(65535).default(3978),
    ),
    HOST: optionalString,
    LOCAL_DEV: bool,
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL such as https://ideslussen.example.se' }).optional()),
    TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, "must be the Teams app's id (a GUID)").optional()),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
    EMBEDDED_DB_RESET: bool,
    COSMOS_ENDPOINT: z.preprocess(
      emptyToUndefined,
      z.url({ message: 'must be the account URL, https://<account>.documents.azure.com:443/' }).optional(),
    ),
    COSMOS_KEY: optionalString,
    COSMOS_DATABASE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, - and _ only')
        .default('ideslussen'),
    ),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
    MicrosoftAppTenantId: optionalString,
    BOT_APPS: json(botAppsSchema),
    BOT_OPENID_METADATA_URL: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL' }).optional()),
    BOT_AUTHORITY_HOST: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL' }).optional()),
    ENTRA_CLIENT_ID: optionalString,
    ENTRA_APP_ID_URI: optionalString,
    ENTRA_ALLOWED_TENANTS: csv,
    DEFAULT_TENANT_ID: optionalString,
    DEFAULT_SLUICE_NAME: z.preprocess(emptyToUndefined, z.string().max(80).default('Idéslussen')),
    DEFAULT_COACH_IDS: csv,
    DEFAULT_ADMIN_IDS: csv,
    DEFAULT_REGISTRATOR_IDS: csv,
    DEFAULT_DEPARTMENTS: csv,
    ONBOARDING_CONTACT: z.preprocess(emptyToUndefined, z.string().max(200, 'must be at most 200 characters').optional()),
    GRAPH_ENABLED: bool,
    GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL such as https://graph.microsoft.com' }).optional()),
    GRAPH_AUTHORITY_HOST: z.preprocess(
      emptyToUndefined,
      z.url({ message: 'must be a URL such as https://login.microsoftonline.com' }).optional(),
    ),
    GRAPH_CLIENT_ID: optionalString,
    GRAPH_CLIENT_SECRET: optionalString,
    GRAPH_CERTIFICATE_PATH: optionalString,
    GRAPH_MANAGED_IDENTITY_CLIENT_ID: optionalString,
    GRAPH_TEAMS_APP_ID: optionalString,
    GRAPH_GROUP_SYNC_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(86_400_000).default(3_600_000)),
    ENTRA_AUTHORITY_HOST: z.preprocess(emptyToUndefined, z.url().optional()),
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
    OUTBOX_POLL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3_600_000).default(2000)),
    CONNECTOR_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(60_000).default(3000)),
    TURN_SEND_BUDGET_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(12_000).default(4000)),
    REMINDER_SCAN_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(86_400_000).default(180_000)),
    DEV_CLOCK_OFFSET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((v) => parseClockOffset(v) !== undefined, 'must be a signed offset such as +8d, +2h or -30m')
        .optional(),
    ),
    DEMO_NEIGHBOUR_SLUICE: bool,
    SIMILAR_REFRESH_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(600_000).default(2000)),
    SIMILAR_MAX_IDEAS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(10_000_000).default(250_000)),
    STATS_SWEEP_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(86_400_000).default(300_000)),
    LOCALE_OVERRIDE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as sv-SE or en-US')
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    for (const id of env.DEFAULT_COACH_IDS) if (!guid.test(id)) problem('DEFAULT_COACH_IDS', `"${id}" is not an Entra object id (a GUID)`);
    for (const id of env.DEFAULT_ADMIN_IDS) if (!guid.test(id)) problem('DEFAULT_ADMIN_IDS', `"${id}" is not an Entra object id (a GUID)`);
    for (const id of env.DEFAULT_REGISTRATOR_IDS)
      if (!guid.test(id)) problem('DEFAULT_REGISTRATOR_IDS', `"${id}" is not an Entra object id (a GUID)`);
    if (env.DEFAULT_TENANT_ID && !guid.test(env.DEFAULT_TENANT_ID)) problem('DEFAULT_TENANT_ID', 'must be a tenant id (a GUID)');
    checkBotApps(env.BOT_APPS, env.MicrosoftAppId, ctx);
    if (env.BOT_AUTHORITY_HOST) {
      const url = new URL(env.BOT_AUTHORITY_HOST);
      if (url.protocol !== 'https:' && !isLoopback(url.hostname))
        problem('BOT_AUTHORITY_HOST', 'must be https (plain http only to a local stand-in on loopback)');
    }
    const hasBot = Boolean(env.MicrosoftAppId || env.BOT_APPS);
    const host = env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
    if (!isLoopback(host)) {
      // Beyond this machine the server speaks only with its real token checks, never its local stand-ins.
      const missing = [
        ...(hasBot ? [] : ['MicrosoftAppId (or BOT_APPS)']),
        ...['ENTRA_CLIENT_ID', 'ENTRA_APP_ID_URI'].filter((name) => !env[name as keyof typeof env]),
      ];
      if (env.LOCAL_DEV)
        problem(
          'HOST',
          `"${host}" is not a loopback address, and LOCAL_DEV=true (no Bot Framework check, a local token issuer) is for this machine only`,
        );
      else if (missing.length > 0)
        problem(
          'HOST',
          `"${host}" is not a loopback address: listening beyond this machine needs the production settings ${missing.join(', ')}`,
        );
    }
    if (env.GRAPH_ENABLED) {
      if (!env.GRAPH_CLIENT_ID)
        problem('GRAPH_CLIENT_ID', "is required with GRAPH_ENABLED=true (the app registration Graph is called as, not the bot's)");
      else if (!guid.test(env.GRAPH_CLIENT_ID)) problem('GRAPH_CLIENT_ID', 'must be an application (client) id (a GUID)');
      const credentials = ['GRAPH_CLIENT_SECRET', 'GRAPH_CERTIFICATE_PATH', 'GRAPH_MANAGED_IDENTITY_CLIENT_ID'].filter(
        (name) => env[name as keyof typeof env],
      );
      if (credentials.length !== 1)
        problem(
          'GRAPH_CLIENT_SECRET',
          `GRAPH_ENABLED=true needs exactly one credential: GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_MANAGED_IDENTITY_CLIENT_ID${credentials.length > 1 ? ` (found ${credentials.join(', ')})` : ''}`,
        );
      if (env.GRAPH_TEAMS_APP_ID && !guid.test(env.GRAPH_TEAMS_APP_ID))
        problem('GRAPH_TEAMS_APP_ID', "must be the app's id in the Teams app catalog (a GUID)");
      for (const name of ['GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST'] as const) {
        const value = env[name];
        if (value && new URL(value).protocol !== 'https:' && !(env.LOCAL_DEV && isLoopback(new URL(value).hostname)))
          problem(name, 'must be https (plain http only to a local stand-in on loopback with LOCAL_DEV=true)');
      }
    }
    if (env.NODE_ENV !== 'production') return;
    if (env.LOCAL_DEV)
      problem('LOCAL_DEV', 'is for local use only; production never runs the local token issuer or a bot without Bot Framework checks');
    if (env.LOCALE_OVERRIDE) problem('LOCALE_OVERRIDE', "is for local testing only; Teams tells the bot each user's language");
    if (env.BOT_OPENID_METADATA_URL)
      problem('BOT_OPENID_METADATA_URL', "is for tests only; production trusts the Bot Framework's own published keys");
    if (env.DEV_CLOCK_OFFSET) problem('DEV_CLOCK_OFFSET', 'is for trying reminders locally only; production runs on the real time');
    if (env.DEMO_NEIGHBOUR_SLUICE) problem('DEMO_NEIGHBOUR_SLUICE', 'seeds a made-up second sluice for the local demo only');
    if (env.BOT_AUTHORITY_HOST)
      problem('BOT_AUTHORITY_HOST', 'is for tests only; production asks Entra ID (login.microsoftonline.com) for the bot tokens');
    if (!env.BOT_APPS) {
      if (!env.MicrosoftAppId)
        problem(
          'MicrosoftAppId',
          "is required in production (the bot's app registration or managed identity client id), or BOT_APPS for one bot per tenant",
        );
      if (!env.MicrosoftAppType) problem('MicrosoftAppType', 'is required in production (SingleTenant, MultiTenant or UserAssignedMSI)');
      if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword)
        problem('MicrosoftAppPassword', 'is required in production unless MicrosoftAppType=UserAssignedMSI');
      if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId)
        problem('MicrosoftAppTenantId', 'is required in production for SingleTenant and UserAssignedMSI bots');
    }
    if (!env.ENTRA_CLIENT_ID) problem('ENTRA_CLIENT_ID', "is required in production (the tab's SSO app registration)");
    if (!env.ENTRA_APP_ID_URI) problem('ENTRA_APP_ID_URI', 'is required in production (api://<host>/<client id>)');
    if (!env.COSMOS_ENDPOINT) problem('COSMOS_ENDPOINT', 'is required in production; the embedded database is for local use only');
  });

/**
 * The rules BOT_APPS must keep beyond its shape: one identity per app id and per tenant, at most
 * one (legacy multi-tenant) identity without a tenant, a tenant for every managed identity, and
 * exactly one source of each secret. Problems name the entry, e.g. `BOT_APPS[1].tenantId`.
 */
function checkBotApps(apps: z.infer<typeof botAppsSchema> | undefined, singleAppId: string | undefined, ctx: z.RefinementCtx): void {
  if (!apps) return;
  const problem = (path: Array<string | number>, message: string): void => {
    ctx.addIssue({ code: 'custom', path: ['BOT_APPS', ...path], message });
  };
  if (singleAppId)
    problem(
      [],
      'cannot be used together with MicrosoftAppId: list every bot identity in BOT_APPS, or use MicrosoftAppId alone for one bot',
    );
  const appIds = new Set<string>();
  const tenants = new Set<string>();
  let withoutTenant = 0;
  apps.forEach((app, i) => {
    const appId = app.appId.toLowerCase();
    if (appIds.has(appId)) problem([i, 'appId'], `"${app.appId}" is listed twice`);
    appIds.add(appId);
    if (app.tenantId) {
      const tenant = app.tenantId.toLowerCase();
      if (tenants.has(tenant))
        problem([i, 'tenantId'], `tenant "${app.tenantId}" already has a bot identity; each tenant is served by one`);
      tenants.add(tenant);
    } else if (app.credential.type === 'managedIdentity')
      problem([i, 'tenantId'], 'is required for a managed identity (the tenant it lives in)');
    else if (++withoutTenant > 1)
      problem([i, 'tenantId'], 'is required: only one bot identity (a multi-tenant registration) may serve every other tenant');
    if (app.credential.type === 'secret' && Boolean(app.credential.secret) === Boolean(app.credential.setting))
      problem([i, 'credential'], 'a secret needs exactly one of "setting" (the app setting holding it) and "secret"');
  });
}

/** Whether a host name or address is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  /**
   * Started for local use (`npm start`, tests): the local token issuer (/api/dev/*) exists and,
   * without Bot Framework credentials, the bot accepts activities without a token. Loopback only,
   * never in production.
   */
  readonly localDev: boolean;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly publicBaseUrl?: string;
  /** The Teams app's id: the monthly report card links into the app's Statistik tab with it. */
  readonly teamsAppId?: string;
  readonly dataDir: string;
  readonly cosmos:
    | { readonly kind: 'azure'; readonly endpoint: string; readonly key?: string; readonly database: string }
    | {
        readonly kind: 'embedded';
        readonly database: string;
        /** Start empty (setting the files aside) when the local data cannot be read and no good copy exists. */
        readonly reset: boolean;
      };
  /**
   * The bot's identities (from MicrosoftAppId… for one bot, BOT_APPS for one per member tenant);
   * without them the bot accepts activities only when `localDev` (without a token), else none.
   */
  readonly bot?: {
    /** At least one; app ids and tenants are unique, and at most one identity has no tenant. */
    readonly apps: readonly BotApp[];
    /** Where the Bot Framework's signing keys are published; a local stand-in in tests, the public cloud's otherwise. */
    readonly openIdMetadataUrl?: string;
    /** Where the bot's own tokens are asked for: Entra ID, or a local stand-in in tests. */
    readonly authorityHost: string;
  };
  /** Entra ID settings for the tab API; without them it accepts only the local issuer's tokens when `localDev`, else none. */
  readonly entra?: {
    readonly clientId: string;
    readonly appIdUri: string;
    readonly allowedTenants: readonly string[];
    readonly authorityHost: string;
  };
  /** Seeded once on first start; `adminIds` empty means the coaches are the admins. */
  readonly defaultSluice?: {
    readonly tenantId: string;
    readonly name: string;
    readonly coachIds: readonly string[];
    readonly adminIds: readonly string[];
    /** The registrators and archivists (DEFAULT_REGISTRATOR_IDS), seeded once. */
    readonly registratorIds: readonly string[];
    /** The departments offered as one-click answers (DEFAULT_DEPARTMENTS), seeded once. */
    readonly departments: readonly string[];
  };
  /** Whom a person of a tenant in no sluice is told to ask (a name, an address). */
  readonly onboardingContact?: string;
  /** Microsoft Graph, app-only per member tenant (and on behalf of the tab's user); absent when GRAPH_ENABLED is not true. */
  readonly graph?: GraphConfig;
  readonly appInsightsConnectionString?: string;
  /** How often the notification outbox is polled; 0 pauses the worker (jobs wait in Cosmos). */
  readonly outboxPollMs: number;
  /** How often due reminders and digests are looked for; 0 pauses the scheduler on this instance. */
  readonly reminderScanMs: number;
  /**
   * Calls to the Bot Framework connector: `timeoutMs` for each request (every try), and
   * `turnBudgetMs` for all the sends of one incoming turn together; what does not fit goes
   * through the outbox (see teams/send-budget.ts).
   */
  readonly connector: { readonly timeoutMs: number; readonly turnBudgetMs: number };
  /** Local only: how far the server's one clock runs ahead of (or behind) the real time, in ms. */
  readonly clockOffsetMs: number;
  /** Local only (with `localDev`): seed the demo's second sluice, which asks the default sluice for a link. */
  readonly demoNeighbourSluice: boolean;
  /** The similar-idea index: how often other instances' writes are read (0 = never), and its bound. */
  readonly similar: { readonly refreshMs: number; readonly maxIdeas: number };
  /**
   * How often the statistics count ideas whose update was lost (a crash between the idea's write
   * and its aggregate's); 0 turns the sweep off. Default 5 minutes.
   */
  readonly statsSweepMs: number;
  /**
   * Local only: the language every incoming activity is treated as having. Agents Playground
   * always says en-US, so `npm start` sets sv-SE to show the Swedish default.
   */
  readonly localeOverride?: string;
}

/** One bot registration (or managed identity) pointing at this deployment. */
export interface BotApp {
  readonly appId: string;
  /**
   * The tenant whose people this identity serves (a single-tenant registration or a managed
   * identity). Absent for a multi-tenant registration made before they ended, which serves every
   * tenant no other identity serves.
   */
  readonly tenantId?: string;
  readonly credential: BotCredential;
}

/** How a bot identity gets its tokens: a client secret, a certificate, or it is a managed identity. */
export type BotCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  /** A PEM file with the private key and the certificate. */
  | { readonly kind: 'certificate'; readonly path: string }
  /** The app id is a user-assigned managed identity's client id. */
  | { readonly kind: 'managedIdentity' };

/** How the server calls Microsoft Graph; separate from the bot's own credentials. */
export interface GraphConfig {
  /** Graph's address, e.g. https://graph.microsoft.com (no version). */
  readonly baseUrl: string;
  /** Where Entra ID issues tokens, e.g. https://login.microsoftonline.com. */
  readonly authorityHost: string;
  /** The (multi-tenant) app registration Graph is called as. */
  readonly clientId: string;
  readonly credential:
    | { readonly kind: 'secret'; readonly secret: string }
    | { readonly kind: 'certificate'; readonly path: string }
    /** A managed identity's token, trusted by the app registration through a federated credential. */
    | { readonly kind: 'managedIdentity'; readonly managedIdentityClientId: string };
  /** The app's id in the Teams app catalog: installing it for a person and activity feed notifications need it. */
  readonly teamsAppId?: string;
  /** How often coaches are synced with the sluices' Entra groups (and unnamed coaches named); 0 pauses it on this instance. */
  readonly groupSyncMs: number;
}

/** Thrown with every problem listed, so a person can fix the environment in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** `BOT_APPS.1.tenantId` as a person writes it: `BOT_APPS[1].tenantId`. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/**
 * The bot identities: BOT_APPS with each secret read from its app setting, or the one bot of
 * MicrosoftAppId… (the simple case). Throws {@link ConfigError} naming an app setting that is empty.
 */
function botAppsOf(e: z.infer<typeof schema>, env: NodeJS.ProcessEnv): BotApp[] {
  if (e.BOT_APPS) {
    const problems: string[] = [];
    const apps = e.BOT_APPS.map((app, i): BotApp => {
      const c = app.credential;
      let credential: BotCredential;
      if (c.type === 'secret') {
        const secret = c.secret ?? (c.setting ? env[c.setting]?.trim() : undefined);
        if (!secret) problems.push(`BOT_APPS[${i}].credential.setting: the app setting "${c.setting ?? ''}" is empty or not set`);
        credential = { kind: 'secret', secret: secret ?? '' };
      } else credential = c.type === 'certificate' ? { kind: 'certificate', path: c.path } : { kind: 'managedIdentity' };
      return { appId: app.appId, ...(app.tenantId ? { tenantId: app.tenantId } : {}), credential };
    });
    if (problems.length > 0) throw new ConfigError(problems);
    return apps;
  }
  if (!e.MicrosoftAppId) return [];
  const type = e.MicrosoftAppType ?? 'MultiTenant';
  return [
    {
      appId: e.MicrosoftAppId,
      ...(type !== 'MultiTenant' && e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
      credential: type === 'UserAssignedMSI' ? { kind: 'managedIdentity' } : { kind: 'secret', secret: e.MicrosoftAppPassword ?? '' },
    },
  ];
}

/** Reads and validates the configuration; throws {@link ConfigError} naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${pathOf(i.path) || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const apps = botAppsOf(e, env);
  const config: Config = {
    env: e.NODE_ENV,
    localDev: e.LOCAL_DEV ?? false,
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    logLevel: e.LOG_LEVEL,
    ...(e.PUBLIC_BASE_URL ? { publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, '') } : {}),
    ...(e.TEAMS_APP_ID ? { teamsAppId: e.TEAMS_APP_ID } : {}),
    dataDir: e.DATA_DIR,
    cosmos: e.COSMOS_ENDPOINT
      ? { kind: 'azure', endpoint: e.COSMOS_ENDPOINT, ...(e.COSMOS_KEY ? { key: e.COSMOS_KEY } : {}), database: e.COSMOS_DATABASE }
      : { kind: 'embedded', database: e.COSMOS_DATABASE, reset: e.EMBEDDED_DB_RESET ?? false },
    ...(apps.length > 0
      ? {
          bot: {
            apps,
            ...(e.BOT_OPENID_METADATA_URL ? { openIdMetadataUrl: e.BOT_OPENID_METADATA_URL } : {}),
            authorityHost: (e.BOT_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/$/, ''),
          },
        }
      : {}),
    ...(e.ENTRA_CLIENT_ID && e.ENTRA_APP_ID_URI
      ? {
          entra: {
            clientId: e.ENTRA_CLIENT_ID,
            appIdUri: e.ENTRA_APP_ID_URI,
            allowedTenants: e.ENTRA_ALLOWED_TENANTS,
            authorityHost: (e.ENTRA_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/$/, ''),
          },
        }
      : {}),
    ...(e.DEFAULT_TENANT_ID
      ? {
          defaultSluice: {
            tenantId: e.DEFAULT_TENANT_ID,
            name: e.DEFAULT_SLUICE_NAME,
            coachIds: e.DEFAULT_COACH_IDS,
            adminIds: e.DEFAULT_ADMIN_IDS,
            registratorIds: e.DEFAULT_REGISTRATOR_IDS,
            departments: e.DEFAULT_DEPARTMENTS,
          },
        }
      : {}),
    ...(e.ONBOARDING_CONTACT ? { onboardingContact: e.ONBOARDING_CONTACT } : {}),
    ...(e.GRAPH_ENABLED && e.GRAPH_CLIENT_ID
      ? {
          graph: {
            baseUrl: (e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com').replace(/\/$/, ''),
            authorityHost: (e.GRAPH_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/$/, ''),
            clientId: e.GRAPH_CLIENT_ID,
            credential: e.GRAPH_CLIENT_SECRET
              ? { kind: 'secret', secret: e.GRAPH_CLIENT_SECRET }
              : e.GRAPH_CERTIFICATE_PATH
                ? { kind: 'certificate', path: e.GRAPH_CERTIFICATE_PATH }
                : { kind: 'managedIdentity', managedIdentityClientId: e.GRAPH_MANAGED_IDENTITY_CLIENT_ID ?? '' },
            ...(e.GRAPH_TEAMS_APP_ID ? { teamsAppId: e.GRAPH_TEAMS_APP_ID } : {}),
            groupSyncMs: e.GRAPH_GROUP_SYNC_MS,
          },
        }
      : {}),
    ...(e.APPLICATIONINSIGHTS_CONNECTION_STRING ? { appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING } : {}),
    outboxPollMs: e.OUTBOX_POLL_MS,
    reminderScanMs: e.REMINDER_SCAN_MS,
    connector: { timeoutMs: e.CONNECTOR_TIMEOUT_MS, turnBudgetMs: e.TURN_SEND_BUDGET_MS },
    clockOffsetMs: e.DEV_CLOCK_OFFSET ? (parseClockOffset(e.DEV_CLOCK_OFFSET) ?? 0) : 0,
    demoNeighbourSluice: (e.LOCAL_DEV ?? false) && (e.DEMO_NEIGHBOUR_SLUICE ?? false),
    similar: { refreshMs: e.SIMILAR_REFRESH_MS, maxIdeas: e.SIMILAR_MAX_IDEAS },
    statsSweepMs: e.STATS_SWEEP_MS,
    ...(e.LOCALE_OVERRIDE ? { localeOverride: e.LOCALE_OVERRIDE } : {}),
  };
  return Object.freeze(config);
}
