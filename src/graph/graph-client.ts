// Every call Partner Link makes to Microsoft Graph goes through this client, with one bearer token:
// every URL must stay on the configured Graph origin (a nextLink pointing anywhere else is refused
// before the token is sent), 429 and 503 are retried after Retry-After a bounded number of times (as
// Graph asks: wait that long, then retry; never at once), bodies are capped, and each answer is parsed
// with a zod schema. Failures are a GraphCallError with a reason the caller can map to a sentence; the
// token and response bodies never appear in it. How long a caller may wait is one of GRAPH_PATIENCE.
import type { z } from 'zod';
import { readCapped } from '../http/read-capped';
import { retryAfterMs } from '../http/retry-after';

export type GraphFailure =
  | 'unauthorized' // 401: the token is expired or not accepted
  | 'forbidden' // 403: consent or permission missing
  | 'not-found'
  | 'conflict' // 409: e.g. the app is already installed
  | 'throttled' // still 429/503 after the retries, or Retry-After beyond the cap
  | 'unavailable' // network error, timeout, other 5xx
  | 'bad-response' // not JSON, wrong shape, or too large
  | 'foreign-url'; // a (next) link that leaves the Graph origin

export class GraphCallError extends Error {
  constructor(
    readonly reason: GraphFailure,
    readonly status?: number,
  ) {
    super(`Microsoft Graph call failed: ${reason}${status ? ` (HTTP ${status})` : ''}`);
    this.name = 'GraphCallError';
  }
}

/** How long a caller waits on Graph: retries after 429/503, the longest Retry-After honoured, and each call's timeout. */
export interface GraphPatience {
  /** Retries after 429/503 (default 4). */
  maxRetries?: number;
  /** Longest Retry-After honoured, in ms (default 60 s); longer is reported as throttled. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
}

/** The waits Partner Link uses, by who is waiting. */
export const GRAPH_PATIENCE = {
  /** A person's team view or export (the default): a few retries, Retry-After up to a minute. */
  roster: { maxRetries: 4, maxRetryAfterMs: 60_000, timeoutMs: 15_000 },
  /** The partner admins' group, read before asking them. */
  admins: { maxRetries: 2, maxRetryAfterMs: 5_000, timeoutMs: 10_000 },
  /** Names on a partner admin's forecast card: a person Graph cannot answer for is left unnamed, so one short retry. */
  names: { maxRetries: 1, maxRetryAfterMs: 5_000, timeoutMs: 10_000 },
  /** Before a send: "don't know" only means "send as before", so one short retry. */
  beforeSend: { maxRetries: 1, maxRetryAfterMs: 5_000, timeoutMs: 10_000 },
  /** One try: the sign-in's /me and the tab's name (the person is told to try again), the app install (the worker's job). */
  once: { maxRetries: 0, timeoutMs: 10_000 },
} as const satisfies Record<string, GraphPatience>;

export interface GraphClientOptions extends GraphPatience {
  /** GRAPH_URL, e.g. https://graph.microsoft.com (no trailing slash needed). */
  graphUrl: string;
  token: string;
  /** Largest response body accepted, in bytes (default 4 MiB: a 999-user page is well under 1 MiB). */
  maxBytes?: number;
  /** Waits between retries; tests pass one that records the delay instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

export interface GraphClient {
  readonly origin: string;
  get<T>(pathOrUrl: string, schema: z.ZodType<T>): Promise<T>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  /** A POST whose answer has no body to read (e.g. 201 Created); resolves to the status. */
  send(path: string, body: unknown): Promise<number>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = new URL(options.graphUrl);
  const origin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, '');
  const maxRetries = options.maxRetries ?? GRAPH_PATIENCE.roster.maxRetries;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? GRAPH_PATIENCE.roster.maxRetryAfterMs;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? GRAPH_PATIENCE.roster.timeoutMs;
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;

  /** Absolute URLs (nextLinks) must be on the Graph origin under its /v1.0 path; relative paths are joined. */
  function resolve(pathOrUrl: string): URL {
    let url: URL;
    try {
      url = /^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(`${basePath}${pathOrUrl}`, origin);
    } catch {
      throw new GraphCallError('foreign-url');
    }
    if (url.origin !== origin || !url.pathname.startsWith(`${basePath}/v1.0/`) || url.username || url.password)
      throw new GraphCallError('foreign-url');
    return url;
  }

  /** The successful response (2xx), its body unread; throttling retried, failures mapped. */
  async function request(method: 'GET' | 'POST', pathOrUrl: string, body: unknown): Promise<Response> {
    const url = resolve(pathOrUrl);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          redirect: 'manual', // a redirect would carry the token elsewhere
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new GraphCallError('unavailable');
      }
      if (response.status === 429 || response.status === 503) {
        await response.body?.cancel().catch(() => undefined);
        const wait =
          retryAfterMs(response.headers.get('retry-after')) ?? Math.min(maxRetryAfterMs, 1000 * 2 ** attempt);
        if (attempt >= maxRetries || wait > maxRetryAfterMs) throw new GraphCallError('throttled', response.status);
        await sleep(wait);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new GraphCallError(failureOf(response.status), response.status);
      }
      return response;
    }
  }

  async function call<T>(method: 'GET' | 'POST', pathOrUrl: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const response = await request(method, pathOrUrl, body);
    const text = await readCapped(response, maxBytes);
    if (text === undefined) throw new GraphCallError('bad-response', response.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GraphCallError('bad-response', response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new GraphCallError('bad-response', response.status);
    return parsed.data;
  }

  return {
    origin,
    get: (pathOrUrl, schema) => call('GET', pathOrUrl, undefined, schema),
    post: (path, body, schema) => call('POST', path, body, schema),
    send: async (path, body) => {
      const response = await request('POST', path, body);
      await response.body?.cancel().catch(() => undefined);
      return response.status;
    },
  };
}

/** The reason for an HTTP status that is neither a success nor throttling. */
function failureOf(status: number): GraphFailure {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  return status >= 500 ? 'unavailable' : 'bad-response';
}
