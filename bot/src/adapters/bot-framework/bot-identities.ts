import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  MicrosoftAppCredentials,
  MsalServiceClientCredentialsFactory,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { BotApp } from '../../config';
import { certificateCredential, msalAuthority } from '../entra/msal';

type LibraryMsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];
type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

/** The tenant single-tenant-less (multi-tenant) bot registrations take their tokens in, as the library does. */
const MULTI_TENANT_AUTHORITY_TENANT = 'botframework.com';

/**
 * The bot's identities: one registration (or managed identity) per member tenant, all pointing at
 * this deployment. As the Bot Framework library's credentials factory it knows every configured
 * app id — an incoming token is valid only for one of them, and the replies of a turn are signed
 * as the app the token was for — and it says which identity writes to a tenant, so every
 * proactive message goes out as the bot of the recipient's tenant. Each app's tokens come through
 * the library's own credentials (MSAL for a secret or certificate, a managed identity's token).
 */
export class BotIdentities extends ServiceClientCredentialsFactory {
  /** By lower-cased app id: the app id as configured, and its credentials. */
  private readonly factories = new Map<string, { readonly appId: string; readonly factory: ServiceClientCredentialsFactory }>();
  private readonly byTenant = new Map<string, string>();
  /** Serves every tenant no identity is configured for: the one without a tenant, or the only one. */
  private readonly fallback?: string;

  constructor(
    apps: readonly BotApp[],
    /** Where tokens are asked for (Entra ID; a local stand-in in tests). */
    authorityHost: string,
  ) {
    super();
    const authority = msalAuthority(authorityHost);
    for (const app of apps) {
      this.factories.set(app.appId.toLowerCase(), { appId: app.appId, factory: factoryOf(app, authority) });
      if (app.tenantId) this.byTenant.set(app.tenantId.toLowerCase(), app.appId);
    }
    this.fallback = apps.find((a) => !a.tenantId)?.appId ?? (apps.length === 1 ? apps[0]?.appId : undefined);
  }

  /** The app ids incoming tokens may be for. */
  get appIds(): string[] {
    return [...this.factories.values()].map((f) => f.appId);
  }

  /** The app id that writes to people of `tenantId`; undefined when no identity serves that tenant. */
  appIdFor(tenantId: string | undefined): string | undefined {
    return (tenantId ? this.byTenant.get(tenantId.toLowerCase()) : undefined) ?? this.fallback;
  }

  override isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(this.factories.has((appId ?? '').toLowerCase()));
  }

  override isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(this.factories.size === 0);
  }

  override async createCredentials(
    appId: string,
    audience: string | undefined,
    loginEndpoint: string,
    validateAuthority: boolean,
  ): Promise<Credentials> {
    if (this.factories.size === 0) return MicrosoftAppCredentials.Empty;
    const known = this.factories.get((appId ?? '').toLowerCase());
    if (!known) throw new Error(`No bot identity is configured for app id "${appId}"`);
    return known.factory.createCredentials(known.appId, audience, loginEndpoint, validateAuthority);
  }
}

function factoryOf(app: BotApp, authority: ReturnType<typeof msalAuthority>): ServiceClientCredentialsFactory {
  const credential = app.credential;
  if (credential.kind === 'managedIdentity')
    return new ManagedIdentityServiceClientCredentialsFactory(app.appId, new JwtTokenProviderFactory());
  // The library's MSAL credentials, with the client made here: the tenant of a single-tenant
  // registration as authority, no instance discovery, and a local stand-in reachable in tests.
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: app.appId,
      authority: `${authority.host}/${app.tenantId ?? MULTI_TENANT_AUTHORITY_TENANT}`,
      knownAuthorities: authority.knownAuthorities,
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.secret }
        : { clientCertificate: certificateCredential(credential.path) }),
    },
    ...(authority.network ? { system: { networkClient: authority.network } } : {}),
  });
  // The library types the client of its own (older) MSAL; it only calls acquireTokenByClientCredential, which this one has alike.
  return new MsalServiceClientCredentialsFactory(app.appId, client as unknown as LibraryMsalClient);
}
