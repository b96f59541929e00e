import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Person } from '../../domain/idea';

/** The scope Teams SSO tokens for the tab API carry (Entra "Expose an API"). */
export const REQUIRED_SCOPE = 'access_as_user';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything that differs between Entra ID and the local issuer; the checks are the same. */
export interface TokenValidatorOptions {
  /** Resolves the signing key of a token (a remote or local JWKS). */
  readonly keys: JWTVerifyGetKey;
  /** Accepted `aud` values. */
  readonly audiences: readonly string[];
  /** The issuers a token of this tenant may come from. */
  readonly issuersFor: (tenantId: string) => readonly string[];
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  readonly clockToleranceSeconds?: number;
}

/** Why a token was refused: `invalid` is the caller's problem (401), `unavailable` ours (503). */
export type TokenCheck =
  | { readonly ok: true; readonly caller: Person }
  | { readonly ok: false; readonly kind: 'invalid' | 'unavailable'; readonly reason: string };

export type TokenValidator = (token: string) => Promise<TokenCheck>;

/**
 * Builds the one bearer-token check of the tab API: RS256 signature from the given keys,
 * audience, issuer for the token's own tenant (v1 or v2 style), `exp`/`nbf`, the
 * `access_as_user` scope, and `tid` + `oid` that name a person. Entra ID and the local issuer
 * both use it, so local runs and tests exercise exactly the production code path.
 */
export async function createTokenValidator(options: TokenValidatorOptions): Promise<TokenValidator> {
  // jose is an ES module; this CommonJS build loads it with a dynamic import, once.
  const jose = await import('jose');
  return async (token) => {
    let unverified: JWTPayload;
    try {
      unverified = jose.decodeJwt(token);
    } catch {
      return invalid('the token is not a JWT');
    }
    const tenantId = unverified['tid'];
    if (typeof tenantId !== 'string' || !GUID.test(tenantId)) return invalid('the token has no tenant id (tid)');

    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, options.keys, {
        algorithms: ['RS256'],
        audience: [...options.audiences],
        issuer: [...options.issuersFor(tenantId)],
        requiredClaims: ['exp', 'nbf', 'tid', 'oid'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
      }));
    } catch (err) {
      return verifyFailure(err, jose.errors);
    }

    const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
    if (!scopes.includes(REQUIRED_SCOPE)) return invalid(`the token lacks the ${REQUIRED_SCOPE} scope`);
    const oid = payload['oid'];
    if (typeof oid !== 'string' || !GUID.test(oid)) return invalid('the token has no object id (oid)');
    const name = [payload['name'], payload['preferred_username']].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    return { ok: true, caller: { id: oid, tenantId, name: name?.trim() ?? oid } };
  };
}

function invalid(reason: string): TokenCheck {
  return { ok: false, kind: 'invalid', reason };
}

type JoseErrors = typeof import('jose', { with: { 'resolution-mode': 'import' } }).errors;

function verifyFailure(err: unknown, errors: JoseErrors): TokenCheck {
  if (err instanceof errors.JWTExpired) return invalid('the token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return invalid('the token is for another audience');
    if (err.claim === 'iss') return invalid("the token's issuer does not match its tenant");
    if (err.claim === 'nbf') return invalid('the token is not valid yet');
    return invalid(`the token's ${err.claim} claim is not valid`);
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError)) {
    // The key set could not be fetched (network, Entra outage): not the caller's fault.
    return { ok: false, kind: 'unavailable', reason: 'the signing keys could not be loaded' };
  }
  if (err instanceof errors.JWKSNoMatchingKey) return invalid('the token is not signed by a trusted key');
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalid('the token signature is not valid');
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return invalid('the token is not signed with RS256');
  return invalid('the token is not valid');
}
