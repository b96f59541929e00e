import { ManagedIdentityCredential } from '@azure/identity';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { GraphConfig } from '../../config';
import { certificateCredential, msalAuthority, type MsalAuthority } from '../entra/msal';

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** The audience a managed identity's token has when an app registration trusts it through a federated credential. */
const FEDERATION_SCOPE = 'api://AzureADTokenExchange/.default';

/**
 * Tokens for Microsoft Graph, from Entra ID through MSAL: app-only per member tenant (each
 * tenant has admin-consented the multi-tenant app registration) and on behalf of a signed-in
 * user of the tab. One MSAL client per tenant; MSAL caches the tokens in memory and renews them
 * before they expire, so most calls cost no request to Entra ID.
 */
export class GraphTokens {
  private readonly clients = new Map<string, ConfidentialClientApplication>();
  private readonly credential: Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate' | 'clientAssertion'>;
  private readonly authority: MsalAuthority;

  constructor(private readonly config: GraphConfig) {
    // A local stand-in on plain http is allowed by config only with LOCAL_DEV.
    this.authority = msalAuthority(config.authorityHost);
    this.credential = credentialOf(config);
  }

  /** An app-only Graph token for the tenant (from the cache while it is valid). */
  async appToken(tenantId: string): Promise<string> {
    const result = await this.client(tenantId).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
    if (!result?.accessToken) throw new Error(`Entra ID gave no token for tenant ${tenantId}`);
    return result.accessToken;
  }

  /** A Graph token for the user of `userToken` (the tab's Teams SSO token), on their behalf. */
  async onBehalfOf(tenantId: string, userToken: string, scopes: readonly string[]): Promise<string> {
    const result = await this.client(tenantId).acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [...scopes] });
    if (!result?.accessToken) throw new Error(`Entra ID gave no on-behalf-of token for tenant ${tenantId}`);
    return result.accessToken;
  }

  private client(tenantId: string): ConfidentialClientApplication {
    if (!/^[0-9a-f-]{36}$/i.test(tenantId)) throw new Error('Not a tenant id');
    let client = this.clients.get(tenantId);
    if (!client) {
      client = new ConfidentialClientApplication({
        auth: {
          clientId: this.config.clientId,
          authority: `${this.authority.host}/${tenantId}`,
          knownAuthorities: this.authority.knownAuthorities,
          ...this.credential,
        },
        ...(this.authority.network ? { system: { networkClient: this.authority.network } } : {}),
      });
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

function credentialOf(config: GraphConfig): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate' | 'clientAssertion'> {
  const credential = config.credential;
  switch (credential.kind) {
    case 'secret':
      return { clientSecret: credential.secret };
    case 'certificate':
      return { clientCertificate: certificateCredential(credential.path) };
    case 'managedIdentity': {
      // The managed identity's token is the client assertion: the app registration trusts the
      // identity through a federated credential, so no secret exists anywhere.
      const identity = new ManagedIdentityCredential({ clientId: credential.managedIdentityClientId });
      return {
        clientAssertion: async () => {
          const token = await identity.getToken(FEDERATION_SCOPE);
          return token.token;
        },
      };
    }
  }
}
