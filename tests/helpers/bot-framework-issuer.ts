import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey } from 'jose' with { 'resolution-mode': 'import' };

/** The issuer Bot Framework channel tokens carry. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** The Bot Framework scope a bot asks Entra ID for when it writes to a channel. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

/** A bot registration the stand-in's Entra ID knows: its app id, its tenant (none: multi-tenant) and its secret. */
export interface RegisteredBot {
  readonly appId: string;
  readonly tenantId?: string;
  readonly secret: string;
}

/**
 * A stand-in for the Bot Framework's token issuer on loopback: an OpenID metadata document and
 * a key set in the real format, one signing key per channel (its `endorsements`, as the Bot
 * Framework publishes them), and tokens signed with those keys. It also stands in for Entra ID's
 * token endpoint where the bot gets its own tokens (client credentials, per tenant), for the
 * registrations it is given.
 */
export interface BotFrameworkIssuer {
  /** Give the server this as BOT_OPENID_METADATA_URL. */
  readonly metadataUrl: string;
  /** Give the server this as BOT_AUTHORITY_HOST: the bot's tokens come from here. */
  readonly authorityHost: string;
  /** Which registration (and tenant authority) a token the stand-in issued belongs to; `authorization` may be a whole header. */
  ownerOf(authorization: string | undefined): { readonly appId: string; readonly tenantId: string } | undefined;
  /** Signs a channel token for `appId` with the key endorsed for `channel`; `claims` may change or remove (undefined) any claim. */
  token(
    channel: 'msteams' | 'webchat' | 'directline',
    appId: string,
    serviceUrl: string,
    claims?: Record<string, unknown>,
  ): Promise<string>;
  /** Signs with a key nobody published. */
  foreignToken(appId: string, serviceUrl: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBotFrameworkIssuer(options: { readonly bots?: readonly RegisteredBot[] } = {}): Promise<BotFrameworkIssuer> {
  // jose is an ES module; this CommonJS test code loads it the way the server does.
  const jose = await import('jose');
  const channels = ['msteams', 'webchat', 'directline'] as const;
  const keys = new Map<string, CryptoKey>();
  const published: Record<string, unknown>[] = [];
  for (const channel of channels) {
    const pair = await jose.generateKeyPair('RS256', { extractable: true });
    keys.set(channel, pair.privateKey);
    published.push({ ...(await jose.exportJWK(pair.publicKey)), kid: `${channel}-key`, use: 'sig', endorsements: [channel] });
  }
  const stranger = (await jose.generateKeyPair('RS256')).privateKey;
  const issued = new Map<string, { appId: string; tenantId: string }>();

  /** Entra ID's client credentials grant: the registration, its secret, its tenant and the Bot Framework scope. */
  const grant = (tenant: string, form: URLSearchParams): { status: number; body: unknown } => {
    const refuse = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } });
    const bot = (options.bots ?? []).find((b) => b.appId === form.get('client_id'));
    if (!bot) return refuse(400, 'unauthorized_client', `AADSTS700016: Application '${form.get('client_id') ?? ''}' was not found.`);
    if (form.get('client_secret') !== bot.secret) return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    if ((bot.tenantId ?? 'botframework.com') !== tenant)
      return refuse(400, 'invalid_request', `AADSTS700016: Application '${bot.appId}' was not found in the directory '${tenant}'.`);
    if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== BOT_FRAMEWORK_SCOPE)
      return refuse(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${form.get('scope') ?? ''} is not valid.`);
    const token = `bot-token-${randomUUID()}`;
    issued.set(token, { appId: bot.appId, tenantId: tenant });
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  };

  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answer = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && (m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) {
      // MSAL is given the https form of this authority and sends its requests here over http.
      const tenant = `${base.replace(/^http:/, 'https:')}/${m[1] ?? ''}`;
      answer({
        token_endpoint: `${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${tenant}/discovery/v2.0/keys`,
        issuer: `${tenant}/v2.0`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (req.method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path))) {
      const tenant = decodeURIComponent(m[1] ?? '');
      void readForm(req).then((form) => {
        const { status, body } = grant(tenant, form);
        answer(body, status);
      });
    } else if (req.url === '/v1/.well-known/openidconfiguration')
      answer({
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${base}/v1/authorize`,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    else if (req.url === '/v1/.well-known/keys') answer({ keys: published });
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const sign = async (key: CryptoKey, kid: string, appId: string, serviceUrl: string, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: CHANNEL_ISSUER,
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 10,
      exp: now + 3600,
      ...claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
  };

  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    authorityHost: `http://127.0.0.1:${port}`,
    ownerOf: (authorization) => issued.get((authorization ?? '').replace(/^Bearer\s+/i, '')),
    token: (channel, appId, serviceUrl, claims) => sign(keys.get(channel)!, `${channel}-key`, appId, serviceUrl, claims),
    foreignToken: (appId, serviceUrl) => sign(stranger, 'msteams-key', appId, serviceUrl),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
