import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey, JWK } from 'jose' with { 'resolution-mode': 'import' };
import { createApiAuth, usesLocalIssuer } from '../../bot/src/api/auth/authenticate';
import { LOCAL_AUDIENCE } from '../../bot/src/api/auth/local-issuer';
import { createSluice } from '../../bot/src/domain/sluice';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, OTHER_TENANT, TENANT } from '../../bot/src/local/activities';
import { bearer, storeIdea, tokenFor } from './helpers';

// jose is an ES module; this CommonJS test loads it the way the server does.
let jose: typeof import('jose', { with: { 'resolution-mode': 'import' } });
beforeAll(async () => {
  jose = await import('jose');
});

/** Every route that needs a token, with a method and a body where it takes one. */
const PROTECTED: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; body?: unknown }> = [
  { method: 'GET', path: '/api/config' },
  { method: 'GET', path: '/api/board' },
  { method: 'GET', path: '/api/counts' },
  { method: 'GET', path: '/api/ideas' },
  { method: 'GET', path: '/api/ideas/mine' },
  { method: 'GET', path: '/api/ideas/00000000-0000-4000-a000-000000000001' },
  { method: 'POST', path: '/api/ideas/00000000-0000-4000-a000-000000000001/actions', body: { type: 'take' } },
];

async function call(app: TestApp, route: (typeof PROTECTED)[number], headers: Record<string, string>) {
  return route.method === 'GET' ? app.get(route.path, headers) : app.post(route.path, route.body, { ...headers, 'if-match': '"x"' });
}

/** Claims of a valid local token; tests change one thing at a time. */
function claims(app: TestApp, who: { id: string; tenantId: string; name: string } = COACH_IN_TENANT) {
  const now = Math.floor(Date.now() / 1000);
  return {
    payload: { tid: who.tenantId, oid: who.id, name: who.name, scp: 'access_as_user', ver: '2.0' },
    issuer: app.api.auth.localIssuer!.issuerFor(who.tenantId),
    audience: LOCAL_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + 600,
  };
}

const COACH_IN_TENANT = { ...COACH, tenantId: TENANT };

async function sign(
  key: CryptoKey,
  kid: string,
  c: ReturnType<typeof claims>,
  alg: 'RS256' | 'HS256' = 'RS256',
  secret?: Uint8Array,
): Promise<string> {
  const jwt = new jose.SignJWT(c.payload)
    .setProtectedHeader({ alg, typ: 'JWT', kid })
    .setIssuer(c.issuer)
    .setAudience(c.audience)
    .setIssuedAt(c.iat)
    .setNotBefore(c.nbf)
    .setExpirationTime(c.exp);
  return alg === 'HS256' ? jwt.sign(secret!) : jwt.sign(key);
}

describe('tab API authentication (local issuer)', () => {
  let app: TestApp;
  let serverKey: CryptoKey;
  let kid: string;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    app = await startTestApp();
    serverKey = app.api.auth.localIssuer!.privateKey;
    kid = app.api.auth.localIssuer!.keyId;
    otherKey = (await jose.generateKeyPair('RS256')).privateKey;
    await storeIdea(app, {
      sluiceId: 'default',
      tenantId: TENANT,
      giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
      title: 'Hemlig idé',
    });
  });
  afterAll(() => app.close());

  it('serves the OpenAPI document and the local JWKS without a token', async () => {
    const doc = await app.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ openapi: '3.1.0', paths: expect.objectContaining({ '/api/dev/token': expect.any(Object) }) });
    const jwks = await app.get('/api/dev/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: [expect.objectContaining({ kty: 'RSA', kid, alg: 'RS256', use: 'sig', n: expect.any(String) })] });
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"|"p"|"q"/);
  });

  it('leaves /api/messages to the bot (no bearer token asked for)', async () => {
    const res = await app.post('/api/messages', [1, 2, 3]);
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it.each(PROTECTED)('refuses $method $path without a token, with a challenge and no data', async (route) => {
    const res = await call(app, route, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="ideslussen"');
    expect(res.body).toEqual({ code: 'Unauthorized', message: expect.stringContaining('Bearer'), correlationId: expect.any(String) });
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await app.get('/api/board', { authorization: 'Basic a2FyaW46aGVtbGln' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('accepts a token from POST /api/dev/token and knows the caller', async () => {
    const res = await app.get('/api/config', bearer(await tokenFor(app, COACH_IN_TENANT)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caller: { id: COACH.id, tenantId: TENANT, name: COACH.name, isCoach: true } });
  });

  it('accepts a token it signed itself with the same claims (the forging below is sound)', async () => {
    const res = await app.get('/api/config', bearer(await sign(serverKey, kid, claims(app))));
    expect(res.status).toBe(200);
  });

  const badTokens: ReadonlyArray<[string, (app: TestApp) => Promise<string>, RegExp]> = [
    ['signed with another key', async (a) => sign(otherKey, kid, claims(a)), /signature|trusted key/],
    ['signed with another key under another key id', async (a) => sign(otherKey, 'someone-else', claims(a)), /trusted key/],
    [
      'unsigned (alg none)',
      async (a) => {
        const c = claims(a);
        return new jose.UnsecuredJWT(c.payload)
          .setIssuer(c.issuer)
          .setAudience(c.audience)
          .setIssuedAt(c.iat)
          .setNotBefore(c.nbf)
          .setExpirationTime(c.exp)
          .encode();
      },
      /RS256|not valid/,
    ],
    [
      'HS256 with the public key as the secret (algorithm confusion)',
      async (a) => {
        const jwk = (a.api.auth.localIssuer!.publicKeys().keys[0] as JWK).n!;
        return sign(serverKey, kid, claims(a), 'HS256', new TextEncoder().encode(jwk));
      },
      /RS256/,
    ],
    [
      'expired',
      async (a) => sign(serverKey, kid, { ...claims(a), iat: claims(a).iat - 7200, nbf: claims(a).nbf - 7200, exp: claims(a).exp - 3600 }),
      /expired/,
    ],
    ['not valid yet', async (a) => sign(serverKey, kid, { ...claims(a), nbf: claims(a).nbf + 3600 }), /not valid yet/],
    ['for another audience', async (a) => sign(serverKey, kid, { ...claims(a), audience: 'api://localhost/another-app' }), /audience/],
    [
      "from another tenant's issuer (wrong tenant)",
      async (a) => sign(serverKey, kid, { ...claims(a), issuer: a.api.auth.localIssuer!.issuerFor(OTHER_TENANT) }),
      /issuer/,
    ],
    [
      'from a foreign issuer',
      async (a) => sign(serverKey, kid, { ...claims(a), issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      /issuer/,
    ],
    [
      'without the access_as_user scope',
      async (a) => sign(serverKey, kid, { ...claims(a), payload: { ...claims(a).payload, scp: 'User.Read' } }),
      /scope/,
    ],
    [
      'without a tenant id',
      async (a) => sign(serverKey, kid, { ...claims(a), payload: { ...claims(a).payload, tid: 'not-a-guid' } }),
      /tenant/,
    ],
    [
      'tampered (a coach id pasted into a giver token)',
      async (a) => {
        const [header, payload, signature] = (await tokenFor(a, { ...GIVER, tenantId: TENANT })).split('.');
        const claimsJson = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...claimsJson, oid: COACH.id })).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      /signature/,
    ],
    ['not a JWT at all', async () => 'this.is.nonsense', /not a JWT|not valid/],
  ];

  it.each(badTokens)('refuses a token %s with 401 and no data', async (_name, make, reason) => {
    const token = await make(app);
    for (const route of [PROTECTED[1]!, PROTECTED[5]!, PROTECTED[6]!]) {
      const res = await call(app, route, bearer(token));
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer realm="ideslussen", error="invalid_token", error_description=".+"$/);
      expect(challenge).toMatch(reason);
      expect(JSON.stringify(res.body)).not.toContain('Hemlig idé');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  it('answers a valid token of a tenant outside every sluice with 403 and no data', async () => {
    const token = await tokenFor(app, { id: 'aaaaaaaa-0000-4000-8000-00000000000a', tenantId: OTHER_TENANT, name: 'Utomstående' });
    for (const route of PROTECTED) {
      const res = await call(app, route, bearer(token));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'NoSluice' });
      expect(JSON.stringify(res.body)).not.toContain('Hemlig idé');
    }
  });

  it("keeps each sluice's ideas to itself", async () => {
    const third = '33333333-3333-4333-8333-333333333333';
    await app.storage.sluices.create(
      createSluice({ id: 'andra', name: 'Andra slussen', tenantIds: [third], coachIds: [], now: new Date() }),
    );
    const stranger = { id: 'aaaaaaaa-0000-4000-8000-00000000000b', tenantId: third, name: 'Granne' };
    const token = await tokenFor(app, stranger);
    const board = await app.get('/api/board', bearer(token));
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({ total: 0 });
    const own = (await app.get('/api/ideas', bearer(await tokenFor(app, COACH_IN_TENANT)))).body as { items: { id: string }[] };
    const theirs = await app.get(`/api/ideas/${own.items[0]!.id}`, bearer(token));
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain('Hemlig idé');
  });

  it('validates the dev token request', async () => {
    const res = await app.post('/api/dev/token', { oid: 'nope', tid: TENANT });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', problems: expect.arrayContaining([expect.objectContaining({ field: 'oid' })]) });
  });
});

describe('tab API authentication (Entra ID)', () => {
  const CLIENT_ID = '0a0a0a0a-0000-4000-8000-0000000000aa';
  const APP_ID_URI = `api://ideslussen.example.se/${CLIENT_ID}`;
  const ALLOWED_WITHOUT_SLUICE = '44444444-4444-4444-8444-444444444444';
  const UNKNOWN_TENANT = '55555555-5555-4555-8555-555555555555';
  let authority: Server;
  let authorityUrl: string;
  let entraKey: CryptoKey;
  let strangerKey: CryptoKey;
  let app: TestApp;
  let jwksRequests = 0;

  beforeAll(async () => {
    // A stand-in for login.microsoftonline.com on loopback, publishing one signing key.
    const pair = await jose.generateKeyPair('RS256');
    entraKey = pair.privateKey;
    strangerKey = (await jose.generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'entra-key', alg: 'RS256', use: 'sig' };
    authority = createServer((req, res) => {
      if (req.url === '/common/discovery/v2.0/keys') {
        jwksRequests += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => authority.listen(0, '127.0.0.1', resolve));
    authorityUrl = `http://127.0.0.1:${(authority.address() as AddressInfo).port}`;
    app = await startTestApp({
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_APP_ID_URI: APP_ID_URI,
      ENTRA_AUTHORITY_HOST: authorityUrl,
      ENTRA_ALLOWED_TENANTS: ALLOWED_WITHOUT_SLUICE,
    });
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => authority.close(() => resolve()));
  });

  async function entraToken(
    options: { tid?: string; aud?: string; version?: 1 | 2; key?: CryptoKey; kid?: string; scp?: string } = {},
  ): Promise<string> {
    const tid = options.tid ?? TENANT;
    const now = Math.floor(Date.now() / 1000);
    return new jose.SignJWT({
      tid,
      oid: COACH.id,
      name: COACH.name,
      scp: options.scp ?? 'access_as_user',
      ver: options.version === 1 ? '1.0' : '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? 'entra-key' })
      .setIssuer(options.version === 1 ? `https://sts.windows.net/${tid}/` : `${authorityUrl}/${tid}/v2.0`)
      .setAudience(options.aud ?? CLIENT_ID)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .sign(options.key ?? entraKey);
  }

  it('accepts v2 tokens for the client id and v1 tokens for the Application ID URI, checked against the published keys', async () => {
    const v2 = await app.get('/api/config', bearer(await entraToken()));
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ caller: { id: COACH.id, tenantId: TENANT, isCoach: true } });
    const v1 = await app.get('/api/config', bearer(await entraToken({ version: 1, aud: APP_ID_URI })));
    expect(v1.status).toBe(200);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('refuses a tenant that is neither in a sluice nor allowed with 401', async () => {
    const res = await app.get('/api/board', bearer(await entraToken({ tid: UNKNOWN_TENANT })));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('tenant not allowed');
  });

  it('answers an allowed tenant that is in no sluice with 403 and no data', async () => {
    const res = await app.get('/api/board', bearer(await entraToken({ tid: ALLOWED_WITHOUT_SLUICE })));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'NoSluice' });
  });

  it('refuses a key Entra ID did not publish, another audience and a missing scope', async () => {
    for (const token of [
      await entraToken({ key: strangerKey }),
      await entraToken({ key: strangerKey, kid: 'unknown' }),
      await entraToken({ aud: 'api://someone-else' }),
      await entraToken({ scp: 'User.Read' }),
      await entraToken({ version: 1, aud: APP_ID_URI, tid: UNKNOWN_TENANT }),
    ]) {
      const res = await app.get('/api/board', bearer(token));
      expect(res.status).toBe(401);
    }
  });

  it('has no local issuer: /api/dev/* answers 404 and is not in the OpenAPI document', async () => {
    expect((await app.post('/api/dev/token', { oid: COACH.id, tid: TENANT, name: 'x' })).status).toBe(404);
    expect((await app.get('/api/dev/jwks.json')).status).toBe(404);
    expect((await app.get('/api/dev/personas')).status).toBe(404);
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/dev'))).toEqual([]);
  });
});

describe('choosing the issuer', () => {
  it('issues local tokens only when started for local use, never in production, never merely because Entra settings are missing', async () => {
    expect(usesLocalIssuer({ env: 'development', localDev: true })).toBe(true);
    expect(usesLocalIssuer({ env: 'development', localDev: false })).toBe(false);
    expect(usesLocalIssuer({ env: 'production', localDev: true })).toBe(false);
    await expect(createApiAuth({ env: 'production', localDev: false }, () => 'http://127.0.0.1')).rejects.toThrow(/ENTRA_CLIENT_ID/);
  });
});

describe('a server not started for local use, without Entra or bot settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LOCAL_DEV: 'false' });
  });
  afterAll(() => app.close());

  it('has no local issuer: /api/dev/* answers 404 and is not in the OpenAPI document', async () => {
    expect(app.api.auth.localIssuer).toBeUndefined();
    expect((await app.post('/api/dev/token', { oid: COACH.id, tid: TENANT, name: 'Karin' })).status).toBe(404);
    expect((await app.get('/api/dev/jwks.json')).status).toBe(404);
    expect((await app.get('/api/dev/personas')).status).toBe(404);
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/dev'))).toEqual([]);
  });

  it('refuses every tab API call, even with a token signed the way the local issuer would', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = await jose.generateKeyPair('RS256');
    const token = await new jose.SignJWT({ tid: TENANT, oid: COACH.id, name: COACH.name, scp: 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k' })
      .setIssuer(`${app.url}/api/dev/${TENANT}/v2.0`)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    for (const route of PROTECTED) {
      const res = await call(app, route, bearer(token));
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain('Hemlig');
    }
  });

  it('refuses bot activities without a token instead of running them', async () => {
    const res = await app.post('/api/messages', {
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      text: 'hjälp',
      from: { id: `29:${GIVER.id}`, aadObjectId: GIVER.id },
      conversation: { id: 'a:1', tenantId: TENANT, conversationType: 'personal' },
      channelData: { tenant: { id: TENANT } },
    });
    expect(res.status).toBe(401);
  });
});
