// HTTPS to the LOCAL sign-in stand-in only: its throw-away certificate is trusted for these requests
// (jose's JWKS fetch, the OpenID metadata, msal-node's network client) and for nothing else. Nothing
// here touches process-wide TLS settings; production never builds these (config refuses a CA file
// unless the authority is on this machine).
import https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

const TIMEOUT_MS = 10_000;
const MAX_BODY = 1024 * 1024;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function request(
  url: string,
  ca: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
  signal?: AbortSignal,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'https:') {
      reject(new Error(`refusing ${target.protocol} for the local authority`));
      return;
    }
    const req = https.request(target, { method, headers, ca, timeout: TIMEOUT_MS, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) req.destroy(new Error('response too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A `fetch` for GET requests that trusts `ca` (jose's customFetch, metadata). */
export function fetchTrusting(
  ca: string,
): (url: string, init?: { headers?: HeadersInit; signal?: AbortSignal }) => Promise<Response> {
  return async (url, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const raw = await request(url, ca, 'GET', headers, undefined, init?.signal);
    return new Response(raw.body, { status: raw.status, headers: raw.headers });
  };
}

/** msal-node's network module for the local authority: JSON in and out, `ca` trusted. */
export class TrustedNetworkClient implements INetworkModule {
  constructor(private readonly ca: string) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const raw = await request(url, this.ca, method, options?.headers ?? {}, options?.body);
    let body: unknown;
    try {
      body = JSON.parse(raw.body);
    } catch {
      body = { error: 'invalid_response', error_description: `non-JSON answer (HTTP ${raw.status})` };
    }
    return { status: raw.status, headers: raw.headers, body: body as T };
  }
}
