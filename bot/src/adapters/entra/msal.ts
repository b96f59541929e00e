import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Configuration, INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { isLoopback } from '../../config';

/** Where MSAL asks Entra ID for tokens, as MSAL needs it. */
export interface MsalAuthority {
  /** The authority host in the https form MSAL accepts, e.g. https://login.microsoftonline.com. */
  readonly host: string;
  /** MSAL's `knownAuthorities`: no instance discovery call to the public cloud. */
  readonly knownAuthorities: string[];
  /** MSAL's network client, set only for a local stand-in on loopback. */
  readonly network?: INetworkModule;
}

/**
 * The authority of an authority host. MSAL accepts only https authorities; a local stand-in
 * speaks http on loopback (config allows that for tests only), so MSAL is given the https form and
 * its requests to that one host go over http.
 */
export function msalAuthority(authorityHost: string): MsalAuthority {
  const url = new URL(authorityHost);
  if (url.protocol === 'http:' && isLoopback(url.hostname))
    return { host: `https://${url.host}`, knownAuthorities: [url.host], network: loopbackNetwork(url.host) };
  return { host: authorityHost.replace(/\/$/, ''), knownAuthorities: [url.host] };
}

/** MSAL's certificate credential from one PEM file with the private key and the certificate (as Key Vault exports it). */
export function certificateCredential(path: string): NonNullable<Configuration['auth']['clientCertificate']> {
  const pem = readFileSync(path, 'utf8');
  const privateKey = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!privateKey || !certificate) throw new Error(`${path} must hold a private key and a certificate (PEM)`);
  const der = new X509Certificate(certificate).raw;
  return { thumbprintSha256: createHash('sha256').update(der).digest('hex'), privateKey, x5c: certificate };
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
