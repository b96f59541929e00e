import type { JWK, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };

/** Where the Bot Framework publishes the keys of its channel tokens (public cloud). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The issuer of every token the Bot Framework's channels (Teams among them) send a bot. */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

/** Skew tolerated on `exp`/`nbf`, as the Bot Framework's own check allows. */
const CLOCK_TOLERANCE_SECONDS = 300;
/** How long the published keys are trusted before they are fetched again. */
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** An unknown key id fetches the keys again, but not more often than this (a flood of forged ids). */
const REFETCH_COOLDOWN_MS = 5 * 60 * 1000;

/** The outcome of checking a channel token: a reason to refuse, or nothing to object to. */
export type ChannelTokenCheck =
  { readonly ok: true } | { readonly ok: false; readonly kind: 'invalid' | 'unavailable'; readonly reason: string };

export interface ChannelTokenOptions {
  /** The bot's app ids (one per member tenant): a token must be for one of them. */
  readonly appIds: readonly string[];
  readonly metadataUrl?: string;
  /** Milliseconds now; tests pass their own. */
  readonly now?: () => number;
}

interface PublishedKey extends JWK {
  readonly endorsements?: readonly string[];
}

/**
 * The Bot Framework token check, done before the Bot Framework library sees the request: the
 * RS256 signature by a key the Bot Framework published, that key's endorsement for the
 * activity's channel, the channel issuer, one of this bot's app ids as audience, an `exp` that is there and not
 * past, and the service URL the token was issued for. Every refusal is a reason, never an
 * exception, so the endpoint answers 401 (or 503 when the keys cannot be fetched) and the library,
 * which then checks the same token again, has nothing left to print a stack trace about.
 */
export function createChannelTokenCheck(
  options: ChannelTokenOptions,
): (token: string, activity: { readonly channelId?: string; readonly serviceUrl?: string }) => Promise<ChannelTokenCheck> {
  const metadataUrl = options.metadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  const now = options.now ?? Date.now;
  let keys: { readonly list: readonly PublishedKey[]; readonly at: number } | undefined;
  let loading: Promise<readonly PublishedKey[]> | undefined;

  const load = (): Promise<readonly PublishedKey[]> => {
    loading ??= (async () => {
      try {
        const metadata = (await getJson(metadataUrl)) as { jwks_uri?: unknown };
        if (typeof metadata.jwks_uri !== 'string') throw new Error('the OpenID metadata has no jwks_uri');
        const set = (await getJson(metadata.jwks_uri)) as { keys?: unknown };
        const list = Array.isArray(set.keys) ? (set.keys as PublishedKey[]) : [];
        keys = { list, at: now() };
        return list;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  const keyFor = async (kid: string): Promise<PublishedKey | undefined> => {
    const fresh = keys && now() - keys.at < KEYS_MAX_AGE_MS ? keys.list : await load();
    const found = fresh.find((k) => k.kid === kid);
    if (found || !keys || now() - keys.at < REFETCH_COOLDOWN_MS) return found;
    return (await load()).find((k) => k.kid === kid);
  };

  return async (token, activity) => {
    const jose = await import('jose');
    let header: { alg?: string; kid?: string };
    let claims: JWTPayload;
    try {
      header = jose.decodeProtectedHeader(token);
      claims = jose.decodeJwt(token);
    } catch {
      return invalid('the token is not a JWT');
    }
    if (typeof claims.exp !== 'number') return invalid('the token has no expiry');
    if (header.alg !== 'RS256') return invalid('the token is not signed with RS256');
    if (typeof header.kid !== 'string' || header.kid === '') return invalid('the token names no signing key');

    let key: PublishedKey | undefined;
    try {
      key = await keyFor(header.kid);
    } catch {
      return { ok: false, kind: 'unavailable', reason: "the Bot Framework's signing keys could not be loaded" };
    }
    if (!key) return invalid('the token is not signed by a key the Bot Framework published');
    const channel = activity.channelId ?? '';
    // As the Bot Framework's own check: an activity without a channel id passes any key (the channel gate refuses it).
    if (channel !== '' && Array.isArray(key.endorsements) && !key.endorsements.includes(channel))
      return invalid(`the signing key is not endorsed for channel "${channel.slice(0, 40)}"`);

    try {
      const { endorsements, ...jwk } = key;
      void endorsements;
      await jose.jwtVerify(token, await jose.importJWK({ ...jwk, alg: 'RS256' }, 'RS256'), {
        algorithms: ['RS256'],
        issuer: CHANNEL_TOKEN_ISSUER,
        audience: [...options.appIds],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
      });
    } catch (err) {
      if (err instanceof jose.errors.JWTExpired) return invalid('the token has expired');
      if (err instanceof jose.errors.JWTClaimValidationFailed) return invalid(`the token's ${err.claim} claim is not valid`);
      if (err instanceof jose.errors.JWSSignatureVerificationFailed) return invalid('the token signature is not valid');
      return invalid('the token is not valid');
    }
    if (claims['serviceurl'] !== activity.serviceUrl) return invalid('the token was issued for another service URL');
    return { ok: true };
  };
}

function invalid(reason: string): ChannelTokenCheck {
  return { ok: false, kind: 'invalid', reason };
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}
