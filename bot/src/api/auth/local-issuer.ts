import { randomUUID } from 'node:crypto';
import type { CryptoKey, JSONWebKeySet, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { REQUIRED_SCOPE } from './token-validator';

/** The audience of local tokens, in the shape of an Entra Application ID URI. */
export const LOCAL_AUDIENCE = 'api://localhost/ideslussen-local';

/** How long a local token lives; the tab fetches a new one when it expires. */
const TOKEN_LIFETIME_SECONDS = 60 * 60;

/**
 * The server's own token issuer for local runs and tests (no Entra ID, not production). It makes
 * an RS256 key pair at start, publishes the public half as a JWKS and signs tokens shaped like
 * Entra ID v2 access tokens, which the tab API then checks with the very same validator.
 */
export class LocalIssuer {
  private constructor(
    /** The signing key; tests use it to forge tokens the server must refuse. */
    readonly privateKey: CryptoKey,
    private readonly jwks: JSONWebKeySet,
    readonly keyId: string,
    private readonly jose: typeof import('jose', { with: { 'resolution-mode': 'import' } }),
    private readonly issuerBase: () => string,
  ) {}

  /** Creates an issuer whose `iss` is `<issuerBase>/<tid>/v2.0`; the base is read when needed. */
  static async create(issuerBase: () => string): Promise<LocalIssuer> {
    const jose = await import('jose');
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
    const keyId = randomUUID();
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: keyId, alg: 'RS256', use: 'sig' };
    return new LocalIssuer(privateKey, { keys: [jwk] }, keyId, jose, issuerBase);
  }

  /** The public keys, as served at `/api/dev/jwks.json`. */
  publicKeys(): JSONWebKeySet {
    return this.jwks;
  }

  /** A key resolver for the validator over the same keys the JWKS document lists. */
  keyResolver(): JWTVerifyGetKey {
    return this.jose.createLocalJWKSet(this.jwks);
  }

  /** The issuer a token of this tenant carries. */
  issuerFor(tenantId: string): string {
    return `${this.issuerBase()}/${tenantId}/v2.0`;
  }

  /** Signs an access token for a person, like the one Teams SSO gives the tab. */
  async issue(person: { oid: string; tid: string; name: string }, now = new Date()): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + TOKEN_LIFETIME_SECONDS;
    const token = await new this.jose.SignJWT({
      tid: person.tid,
      oid: person.oid,
      name: person.name,
      scp: REQUIRED_SCOPE,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .setIssuer(this.issuerFor(person.tid))
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(person.oid)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }
}
