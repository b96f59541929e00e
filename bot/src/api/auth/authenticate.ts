import type { Request } from 'restify';
import type { Config } from '../../config';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import { LOCAL_AUDIENCE, LocalIssuer } from './local-issuer';
import { createTokenValidator, type TokenValidator } from './token-validator';

/** Who may call the tab API, and how their tokens are checked. */
export interface ApiAuth {
  /** `off`: neither Entra settings nor LOCAL_DEV; every call is refused. */
  readonly mode: 'entra' | 'local' | 'off';
  readonly validate: TokenValidator;
  /**
   * Tenants accepted at the token level even when no sluice lists them yet (ENTRA_ALLOWED_TENANTS);
   * their people get 403 instead of 401. Locally the server trusts its own issuer for any tenant.
   */
  readonly tenantAllowedWithoutSluice: (tenantId: string) => boolean;
  /** Present only when started for local use (LOCAL_DEV=true, no Entra settings, not production). */
  readonly localIssuer?: LocalIssuer;
  /** Whom people of a tenant in no sluice are told to ask (ONBOARDING_CONTACT). */
  readonly onboardingContact?: string;
}

/** The outcome of checking one request's bearer token. */
export type AuthOutcome =
  | { readonly ok: true; readonly viewer: Viewer }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 503;
      readonly code: string;
      readonly message: string;
      /** Why, for the log (never more than the caller is told). */
      readonly reason: string;
      /** The `WWW-Authenticate` header of a 401 (RFC 6750). */
      readonly challenge?: string;
      /** With `NoSluice`: whom to ask to connect the organisation. */
      readonly contact?: string;
    };

const REALM = 'Bearer realm="ideslussen"';

/**
 * Whether the server should be its own token issuer: only when started for local use
 * (LOCAL_DEV=true), never in production, never with Entra settings — not merely because they are missing.
 */
export function usesLocalIssuer(config: Pick<Config, 'env' | 'entra' | 'localDev'>): boolean {
  return config.localDev && !config.entra && config.env !== 'production';
}

/**
 * Sets up token checking from the configuration: Entra ID's published keys (through the
 * configured authority host) in production, or a fresh local issuer otherwise.
 */
export async function createApiAuth(
  config: Pick<Config, 'env' | 'entra' | 'onboardingContact' | 'localDev'>,
  localIssuerBase: () => string,
): Promise<ApiAuth> {
  const contact = config.onboardingContact ? { onboardingContact: config.onboardingContact } : {};
  if (config.entra) {
    const { clientId, appIdUri, allowedTenants, authorityHost } = config.entra;
    const jose = await import('jose');
    const keys = jose.createRemoteJWKSet(new URL(`${authorityHost}/common/discovery/v2.0/keys`));
    const allowed = new Set(allowedTenants.map((t) => t.toLowerCase()));
    return {
      mode: 'entra',
      validate: await createTokenValidator({
        keys,
        audiences: [appIdUri, clientId],
        issuersFor: (tid) => [`https://sts.windows.net/${tid}/`, `${authorityHost}/${tid}/v2.0`],
      }),
      tenantAllowedWithoutSluice: (tid) => allowed.has(tid.toLowerCase()),
      ...contact,
    };
  }
  if (config.env === 'production') throw new Error('Production needs ENTRA_CLIENT_ID and ENTRA_APP_ID_URI for the tab API');
  if (!usesLocalIssuer(config))
    return {
      mode: 'off',
      validate: async () => ({
        ok: false,
        kind: 'invalid',
        reason: 'sign-in is not configured on this server (ENTRA_CLIENT_ID and ENTRA_APP_ID_URI, or LOCAL_DEV=true)',
      }),
      tenantAllowedWithoutSluice: () => false,
    };
  const issuer = await LocalIssuer.create(localIssuerBase);
  return {
    mode: 'local',
    validate: await createTokenValidator({
      keys: issuer.keyResolver(),
      audiences: [LOCAL_AUDIENCE],
      issuersFor: (tid) => [issuer.issuerFor(tid)],
    }),
    tenantAllowedWithoutSluice: () => true,
    localIssuer: issuer,
    ...contact,
  };
}

/**
 * Checks the request's `Authorization: Bearer` token and finds the caller's sluice. A token that
 * is missing, forged, expired, for another audience or from a tenant nobody allowed is 401; a
 * valid token of an allowed tenant that belongs to no sluice is 403 — and no data either way.
 */
export async function authenticate(req: Request, auth: ApiAuth, queries: IdeaQueries): Promise<AuthOutcome> {
  const header = req.header('authorization');
  if (!header) return unauthorized('Sign in: send Authorization: Bearer <token>.', 'no token');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match?.[1]) return unauthorized('The Authorization header must be "Bearer <token>".', 'not a bearer token', 'invalid_request');

  const check = await auth.validate(match[1]);
  if (!check.ok) {
    if (check.kind === 'unavailable')
      return {
        ok: false,
        status: 503,
        code: 'AuthUnavailable',
        message: 'Sign-in cannot be checked right now. Please try again.',
        reason: check.reason,
      };
    return unauthorized(`The access token was refused: ${check.reason}.`, check.reason, 'invalid_token', check.reason);
  }

  const viewer = await queries.viewerFor(check.caller);
  if (viewer) return { ok: true, viewer };
  if (!auth.tenantAllowedWithoutSluice(check.caller.tenantId))
    return unauthorized(
      "The access token was refused: the token's tenant is not allowed.",
      'tenant not allowed',
      'invalid_token',
      'tenant not allowed',
    );
  return {
    ok: false,
    status: 403,
    code: 'NoSluice',
    // Plain words and whom to ask: an admin adds the tenant in the Administration view, and it
    // works from the next request.
    message: `Your organisation is not connected to Idéslussen yet. Ask ${auth.onboardingContact ?? 'the admin of your idea sluice'} to add it.`,
    reason: 'the tenant is in no sluice',
    ...(auth.onboardingContact ? { contact: auth.onboardingContact } : {}),
  };
}

function unauthorized(message: string, reason: string, error?: 'invalid_request' | 'invalid_token', description?: string): AuthOutcome {
  const parts = [REALM];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description.replace(/["\\]/g, '')}"`);
  return { ok: false, status: 401, code: 'Unauthorized', message, reason, challenge: parts.join(', ') };
}
