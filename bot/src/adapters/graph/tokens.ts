import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ManagedIdentityCredential } from '@azure/identity';
import {
  ConfidentialClientApplication,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { GraphConfig } from '../../config';
import { isLoopback } from '../../config';

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
  private readonly authorityHost: string;
  private readonly network?: INetworkModule;

  constructor(private readonly config: GraphConfig) {
    const host = new URL(config.authorityHost);
    if (host.protocol === 'http:' && isLoopback(host.hostname)) {
      // MSAL accepts only https authorities. The local stand-in speaks http on loopback (config
      // allows that only with LOCAL_DEV): MSAL is given the https form, and its requests to that
      // one host go over http.
      this.authorityHost = `https://${host.host}`;
      this.network = loopbackNetwork(host.host);
    } else {
      this.authorityHost = config.authorityHost;
    }
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
          authority: `${this.authorityHost}/${tenantId}`,
          knownAuthorities: [new URL(this.authorityHost).host],
          ...this.credential,
        },
        ...(this.network ? { system: { networkClient: this.network } } : {}),
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
    case 'certificate': {
      // One PEM file with the private key and the certificate, as Key Vault exports it.
      const pem = readFileSync(credential.path, 'utf8');
      const privateKey = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
      const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
      if (!privateKey || !certificate) throw new Error(`${credential.path} must hold a private key and a certificate (PEM)`);
      const der = new X509Certificate(certificate).raw;
      return {
        clientCertificate: { thumbprintSha256: createHash('sha256').update(der).digest('hex'), privateKey, x5c: certificate },
      };
    }
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

/** MSAL's network client for one loopback host, over plain http (the local stand-in only). */
function loopbackNetwork(host: string): INetworkModule {
  const send = async <T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const target = new URL(url);
    if (target.host !== host) throw new Error(`Refusing a token request to ${target.host}: only the local authority ${host} is allowed`);
    target.protocol = 'http:';
    const res = await fetch(target, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' && options?.body !== undefined ? { body: options.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await res.json()) as T, status: res.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
