import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey } from 'jose' with { 'resolution-mode': 'import' };

/** The issuer Bot Framework channel tokens carry. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * A stand-in for the Bot Framework's token issuer on loopback: an OpenID metadata document and
 * a key set in the real format, one signing key per channel (its `endorsements`, as the Bot
 * Framework publishes them), and tokens signed with those keys.
 */
export interface BotFrameworkIssuer {
  /** Give the server this as BOT_OPENID_METADATA_URL. */
  readonly metadataUrl: string;
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

export async function startBotFrameworkIssuer(): Promise<BotFrameworkIssuer> {
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

  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answer = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration')
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
    token: (channel, appId, serviceUrl, claims) => sign(keys.get(channel)!, `${channel}-key`, appId, serviceUrl, claims),
    foreignToken: (appId, serviceUrl) => sign(stranger, 'msteams-key', appId, serviceUrl),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
