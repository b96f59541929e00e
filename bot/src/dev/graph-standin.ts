import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_DIRECTORY, type DemoDirectory, type DemoUser } from './demo-directory';

/**
 * A local stand-in for Microsoft Graph and the Entra ID token endpoint, on loopback only, for
 * `npm start` and the tests. It answers in Graph's own JSON formats (`@odata.context`,
 * `value`, Graph's `error` object, Entra's token response and `AADSTS` errors) for the few
 * calls Idéslussen makes, from a small directory (the Agents Playground demo people):
 *
 * - `POST /{tenant}/oauth2/v2.0/token`: client credentials (secret or client assertion) and
 *   on-behalf-of (`urn:ietf:params:oauth:grant-type:jwt-bearer`); plus the tenant's
 *   `/{tenant}/v2.0/.well-known/openid-configuration`.
 * - `GET /v1.0/users/{id}` (`$select`), `GET /v1.0/users` (`$filter=startswith(…)`, `$search`
 *   with `ConsistencyLevel: eventual`, `$top`), `GET /v1.0/groups/{id}/transitiveMembers`
 *   (also `/microsoft.graph.user`), `GET|POST /v1.0/users/{id}/teamwork/installedApps`,
 *   `POST /v1.0/users/{id}/teamwork/sendActivityNotification`.
 *
 * Every Graph call needs a bearer token it issued, for the tenant of the user asked about. It
 * can be told to answer the next calls with 429 (with `Retry-After`) or 503.
 */
export interface GraphStandInOptions {
  /** The app registration allowed to get tokens, and its secret. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly port?: number;
  readonly directory?: DemoDirectory;
  /** Teams app catalog ids that can be installed (the app itself). */
  readonly catalogAppIds?: readonly string[];
  /** Called after the app was installed for a user: Teams would now let the bot open a chat. */
  readonly onInstalled?: (tenantId: string, userId: string, catalogAppId: string) => void;
  /**
   * The audiences an on-behalf-of assertion may have (the tab's app registration: its client id or
   * Application ID URI), as Entra ID refuses an assertion issued for another app; unset: any.
   */
  readonly assertionAudiences?: readonly string[];
}

/** One Graph call the stand-in answered (not the token calls). */
export interface GraphCall {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly tenantId?: string;
  readonly status: number;
  readonly body?: unknown;
}

export interface TokenGrant {
  readonly tenantId: string;
  readonly grantType: string;
  /** Who the token is for: the user's object id for on-behalf-of, undefined for app-only. */
  readonly userId?: string;
}

export interface ActivityNotificationRecord {
  readonly tenantId: string;
  readonly userId: string;
  readonly body: Record<string, unknown>;
}

export interface GraphStandIn {
  /** `http://127.0.0.1:port`: Graph's base URL (`/v1.0/…` under it) and the authority host alike. */
  readonly url: string;
  /** Graph calls answered, in order. */
  readonly calls: GraphCall[];
  /** Tokens issued, in order. */
  readonly grants: TokenGrant[];
  readonly notifications: ActivityNotificationRecord[];
  /**
   * Answers the next `count` Graph calls with `status`. A 429 always carries `Retry-After`
   * (`retryAfterSeconds`, default 1), a 503 only when `retryAfterSeconds` is given.
   */
  failNext(status: 429 | 500 | 503, count?: number, retryAfterSeconds?: number): void;
  /** Whether the app with that catalog id is installed for the user. */
  isInstalled(userId: string, catalogAppId: string): boolean;
  /** Installs (as an admin would) without going through the API. */
  install(userId: string, catalogAppId: string): void;
  /**
   * Refuses the next `count` on-behalf-of grants (0: none any more) as Entra ID does when no admin
   * has consented to the delegated permission (`invalid_grant`, `consent_required`, AADSTS65001).
   */
  refuseOnBehalfOf(count?: number): void;
  /** Replaces a group's direct members, to show a sync picking up a change. */
  setGroupMembers(groupId: string, memberIds: readonly string[]): void;
  stop(): Promise<void>;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The one delegated permission the stand-in grants on behalf of a user. */
const OBO_SCOPE = 'User.ReadBasic.All';
const USER_FIELDS = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'department',
  'jobTitle',
  'companyName',
  'officeLocation',
] as const;
/** What `User.ReadBasic.All` may read of other users (Graph's basic profile). */
const BASIC_PROFILE = ['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'];
/** Graph's default set when no `$select` is given. */
const DEFAULT_USER_FIELDS = ['id', 'displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'jobTitle', 'officeLocation'];

interface IssuedToken {
  readonly tenantId: string;
  readonly userId?: string;
  readonly expiresAt: number;
}

/** Starts the stand-in on 127.0.0.1 (a free port unless `port` is given). */
export async function startGraphStandIn(options: GraphStandInOptions): Promise<GraphStandIn> {
  const directory = options.directory ?? DEMO_DIRECTORY;
  const users = new Map(directory.users.map((u) => [u.id, u]));
  const groups = new Map(directory.groups.map((g) => [g.id, { ...g, memberIds: [...g.memberIds] }]));
  const catalog = new Set(options.catalogAppIds ?? []);
  const installed = new Map<string, Map<string, string>>();
  const tokens = new Map<string, IssuedToken>();
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  const calls: GraphCall[] = [];
  const grants: TokenGrant[] = [];
  const notifications: ActivityNotificationRecord[] = [];
  let oboRefusals = 0;
  let url = '';

  const install = (userId: string, catalogAppId: string): string => {
    const apps = installed.get(userId) ?? new Map<string, string>();
    installed.set(userId, apps);
    const existing = apps.get(catalogAppId);
    if (existing) return existing;
    const installationId = Buffer.from(`${userId}##${catalogAppId}`).toString('base64');
    apps.set(catalogAppId, installationId);
    return installationId;
  };

  const handleToken = (res: ServerResponse, tenantId: string, form: URLSearchParams): void => {
    const aadError = (status: number, error: string, code: number, description: string, suberror?: string): void =>
      void json(res, status, {
        error,
        ...(suberror ? { suberror } : {}),
        error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      });
    if (!directory.users.some((u) => u.tenantId === tenantId) && !directory.groups.some((g) => g.tenantId === tenantId)) {
      aadError(400, 'invalid_request', 90002, `Tenant '${tenantId}' not found.`);
      return;
    }
    if (form.get('client_id') !== options.clientId) {
      aadError(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found.`);
      return;
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null ? secret !== options.clientSecret : !assertion) {
      aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      return;
    }
    const grantType = form.get('grant_type') ?? '';
    let userId: string | undefined;
    if (grantType === OBO_GRANT) {
      const claims = jwtClaims(form.get('assertion') ?? '');
      if (form.get('requested_token_use') !== 'on_behalf_of' || !claims || typeof claims['oid'] !== 'string') {
        aadError(400, 'invalid_grant', 50027, 'JWT token is invalid or malformed.');
        return;
      }
      if (claims['tid'] !== tenantId) {
        aadError(400, 'invalid_grant', 50013, 'Assertion failed signature validation or was issued for another tenant.');
        return;
      }
      if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 < Date.now()) {
        aadError(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.');
        return;
      }
      if (options.assertionAudiences && !options.assertionAudiences.includes(String(claims['aud']))) {
        aadError(400, 'invalid_grant', 50013, 'Assertion audience does not match the Client app presenting the assertion.');
        return;
      }
      const scopes = (form.get('scope') ?? '').split(' ');
      if (!scopes.includes(`https://graph.microsoft.com/${OBO_SCOPE}`)) {
        aadError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid.`);
        return;
      }
      if (oboRefusals > 0) {
        oboRefusals -= 1;
        aadError(
          400,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${options.clientId}'. Send an interactive authorization request for this user and resource.`,
          'consent_required',
        );
        return;
      }
      userId = claims['oid'];
    } else if (grantType === 'client_credentials') {
      if (form.get('scope') !== GRAPH_SCOPE) {
        aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope') ?? ''} is not valid.`);
        return;
      }
    } else {
      aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
      return;
    }
    const expiresIn = 3599;
    const accessToken = unsignedJwt({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tenantId}/`,
      tid: tenantId,
      appid: options.clientId,
      ...(userId ? { oid: userId, scp: 'User.ReadBasic.All' } : { roles: ['User.Read.All'] }),
      exp: Math.floor(Date.now() / 1000) + expiresIn,
    });
    tokens.set(accessToken, { tenantId, ...(userId ? { userId } : {}), expiresAt: Date.now() + expiresIn * 1000 });
    grants.push({ tenantId, grantType, ...(userId ? { userId } : {}) });
    json(res, 200, {
      token_type: 'Bearer',
      scope: userId ? 'https://graph.microsoft.com/User.ReadBasic.All' : undefined,
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
      ...(userId
        ? {
            client_info: Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString('base64url'),
            id_token: unsignedJwt({ aud: options.clientId, iss: `${url}/${tenantId}/v2.0`, tid: tenantId, oid: userId, sub: userId }),
          }
        : {}),
    });
  };

  const handleGraph = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: unknown): number => {
    const token = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!token || token.expiresAt < Date.now()) {
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or not valid.');
    }
    const failure = failures.shift();
    if (failure) {
      if (failure.retryAfter !== undefined) res.setHeader('Retry-After', String(failure.retryAfter));
      if (failure.status === 429) {
        return graphError(res, 429, 'TooManyRequests', 'Too many requests from the application. Retry after the given time.');
      }
      return graphError(res, failure.status, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry.');
    }
    const inTenant = (u: DemoUser | undefined): DemoUser | undefined => (u && u.tenantId === token.tenantId ? u : undefined);
    let m: RegExpExecArray | null;
    const notFound = (id: string): number =>
      graphError(
        res,
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );

    if (req.method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? '');
      const user = inTenant(users.get(id) ?? directory.users.find((u) => u.userPrincipalName === id));
      if (!user) return notFound(id);
      const fields = selected(query);
      return json(res, 200, {
        '@odata.context': `${url}/v1.0/$metadata#users(${(fields ?? DEFAULT_USER_FIELDS).join(',')})/$entity`,
        ...project(user, fields),
      });
    }
    if (req.method === 'GET' && path === '/v1.0/users') {
      const search = query.get('$search');
      if (search !== null && req.headers['consistencylevel'] !== 'eventual') {
        return graphError(
          res,
          400,
          'Request_UnsupportedQuery',
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        );
      }
      const filter = query.get('$filter');
      let found = directory.users.filter((u) => u.tenantId === token.tenantId);
      if (search !== null) {
        const terms = [...search.matchAll(/"(\w+):([^"]*)"/g)].map(([, field, value]) => ({
          field: field ?? '',
          value: (value ?? '').toLowerCase(),
        }));
        // Graph's $search matches each word of a term against the start of the field's words.
        found = found.filter((u) =>
          terms.some((t) => {
            const words = String(u[t.field as keyof DemoUser] ?? '')
              .toLowerCase()
              .split(/[\s@.-]+/);
            const wanted = t.value.split(/\s+/).filter(Boolean);
            return wanted.length > 0 && wanted.every((w) => words.some((word) => word.startsWith(w)));
          }),
        );
      } else if (filter !== null) {
        const starts = /^startswith\((\w+),'((?:[^']|'')*)'\)$/.exec(filter.trim());
        if (!starts) return graphError(res, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
        const [, field, value] = starts;
        const prefix = (value ?? '').replace(/''/g, "'").toLowerCase();
        found = found.filter((u) =>
          String(u[field as keyof DemoUser] ?? '')
            .toLowerCase()
            .startsWith(prefix),
        );
      }
      const top = Number(query.get('$top') ?? '100');
      const fields = selected(query);
      // On behalf of a user with User.ReadBasic.All, Graph gives the basic profile only.
      const shown = (u: DemoUser): Record<string, unknown> => {
        const all = project(u, fields);
        if (token.userId) for (const key of Object.keys(all)) if (!BASIC_PROFILE.includes(key)) all[key] = null;
        return all;
      };
      return json(res, 200, {
        '@odata.context': `${url}/v1.0/$metadata#users(${(fields ?? DEFAULT_USER_FIELDS).join(',')})`,
        value: found.slice(0, Number.isInteger(top) && top > 0 ? top : 100).map(shown),
      });
    }
    if (req.method === 'GET' && (m = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers(\/microsoft\.graph\.user)?$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? '');
      const group = groups.get(id);
      if (!group || group.tenantId !== token.tenantId) return notFound(id);
      const usersOnly = m[2] !== undefined;
      const fields = selected(query);
      const seen = new Set<string>();
      const members: Array<Record<string, unknown>> = [];
      const walk = (memberIds: readonly string[]): void => {
        for (const memberId of memberIds) {
          if (seen.has(memberId)) continue;
          seen.add(memberId);
          const user = inTenant(users.get(memberId));
          if (user) members.push({ '@odata.type': '#microsoft.graph.user', ...project(user, fields) });
          const nested = groups.get(memberId);
          if (nested) {
            if (!usersOnly) members.push({ '@odata.type': '#microsoft.graph.group', id: nested.id, displayName: nested.displayName });
            walk(nested.memberIds);
          }
        }
      };
      walk(group.memberIds);
      return json(res, 200, {
        '@odata.context': `${url}/v1.0/$metadata#${usersOnly ? 'users' : 'directoryObjects'}`,
        value: members,
      });
    }
    if ((m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/(installedApps|sendActivityNotification)$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? '');
      const user = inTenant(users.get(id));
      if (!user) return notFound(id);
      if (m[2] === 'installedApps' && req.method === 'GET') {
        const wanted = /^teamsApp\/id eq '([^']+)'$/.exec(query.get('$filter') ?? '')?.[1];
        const apps = [...(installed.get(id) ?? new Map<string, string>()).entries()].filter(([appId]) => !wanted || appId === wanted);
        return json(res, 200, {
          '@odata.context': `${url}/v1.0/$metadata#users('${id}')/teamwork/installedApps(teamsApp())`,
          value: apps.map(([appId, installationId]) => ({
            id: installationId,
            consentedPermissionSet: null,
            teamsApp: { id: appId, externalId: null, displayName: 'Idéslussen', distributionMethod: 'organization' },
          })),
        });
      }
      if (m[2] === 'installedApps' && req.method === 'POST') {
        const bind = (body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
        const appId = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
        if (!appId) return graphError(res, 400, 'BadRequest', 'teamsApp@odata.bind is required.');
        if (!catalog.has(appId)) return notFound(appId);
        if (installed.get(id)?.has(appId)) return graphError(res, 409, 'Conflict', 'App is already installed for this user.');
        install(id, appId);
        options.onInstalled?.(user.tenantId, id, appId);
        res.writeHead(201, { 'content-length': '0' });
        res.end();
        return 201;
      }
      if (m[2] === 'sendActivityNotification' && req.method === 'POST') {
        const payload = (body ?? {}) as Record<string, unknown>;
        const topic = payload['topic'] as Record<string, unknown> | undefined;
        if (typeof payload['activityType'] !== 'string' || !topic || typeof topic['value'] !== 'string') {
          return graphError(res, 400, 'BadRequest', 'topic and activityType are required.');
        }
        if (![...(installed.get(id)?.keys() ?? [])].some((appId) => catalog.has(appId))) {
          return graphError(res, 403, 'Forbidden', 'The app is not installed for the recipient.');
        }
        notifications.push({ tenantId: user.tenantId, userId: id, body: payload });
        res.writeHead(204);
        res.end();
        return 204;
      }
    }
    return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = parsed.pathname;
      let m: RegExpExecArray | null;
      if (req.method === 'GET' && (m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) {
        const tenant = m[1] ?? '';
        const base = `${url.replace(/^http:/, 'https:')}/${tenant}`;
        json(res, 200, {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          issuer: `${base}/v2.0`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          tenant_region_scope: 'EU',
        });
        return;
      }
      if (req.method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path))) {
        handleToken(res, decodeURIComponent(m[1] ?? ''), new URLSearchParams(text));
        return;
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        graphError(res, 400, 'BadRequest', 'Unable to read JSON request payload.');
        return;
      }
      const token = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      const status = handleGraph(req, res, path, parsed.searchParams, body);
      calls.push({
        method: req.method ?? 'GET',
        path,
        query: parsed.search,
        ...(token ? { tenantId: token.tenantId } : {}),
        status,
        ...(body !== undefined ? { body } : {}),
      });
    })().catch(() => {
      if (!res.headersSent) graphError(res, 500, 'generalException', 'An unexpected error occurred.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    grants,
    notifications,
    failNext(status, count = 1, retryAfterSeconds) {
      const retryAfter = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
      for (let i = 0; i < count; i++) failures.push({ status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    },
    refuseOnBehalfOf(count = 1) {
      oboRefusals = count;
    },
    isInstalled: (userId, catalogAppId) => installed.get(userId)?.has(catalogAppId) ?? false,
    install: (userId, catalogAppId) => void install(userId, catalogAppId),
    setGroupMembers(groupId, memberIds) {
      const group = groups.get(groupId);
      if (!group) throw new Error(`No group ${groupId} in the stand-in`);
      groups.set(groupId, { ...group, memberIds: [...memberIds] });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, payload: unknown): number {
  res.writeHead(status, {
    'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
  });
  res.end(JSON.stringify(payload));
  return status;
}

function graphError(res: ServerResponse, status: number, code: string, message: string): number {
  const requestId = randomUUID();
  res.setHeader('request-id', requestId);
  return json(res, status, {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
    },
  });
}

function selected(query: URLSearchParams): string[] | undefined {
  const select = query.get('$select');
  return select ? select.split(',').map((s) => s.trim()) : undefined;
}

/** The user's fields that were asked for (Graph's default set without `$select`); unknown fields are null, as in Graph. */
function project(user: DemoUser, fields: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields ?? DEFAULT_USER_FIELDS) {
    out[field] = (USER_FIELDS as readonly string[]).includes(field) ? (user[field as keyof DemoUser] ?? null) : null;
  }
  return out;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part({ ...claims, iat: Math.floor(Date.now() / 1000), uti: randomUUID() })}.`;
}

/** The claims of a JWT, without checking its signature (the stand-in trusts the local issuer). */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
