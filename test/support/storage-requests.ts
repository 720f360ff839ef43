// Counts the HTTP requests this process sends to Azure Storage (Azurite's table and queue ports), as
// Node's own http client reports them (node:diagnostics_channel), so nothing in the product is
// changed to be counted and every SDK client (tables, queues) is seen. A request starts when the
// SDK hands it to Node and ends when its answer's headers arrive. Round trips are the longest chain
// of requests each of which started after the one before it had its answer: requests in flight at
// the same time count once, a read that waits for another counts again.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface StorageRequest {
  method: string;
  /** The path (the table or queue and the entity keys), and a query's filter. */
  path: string;
  start: number;
  /** undefined while no answer has arrived. */
  end: number | undefined;
}

export interface RequestTally {
  requests: number;
  roundTrips: number;
  /** One line per request: the round trip it belongs to, its method and path. */
  lines: string[];
}

const START = 'http.client.request.start';
const ANSWERED = 'http.client.response.finish';

/** Records requests to the given Azurite URLs (`http://127.0.0.1:port/...`) from start() to stop(). */
export class StorageRequests {
  private readonly hosts: Set<string>;
  private readonly open = new Map<ClientRequest, StorageRequest>();
  private seen: StorageRequest[] = [];
  private readonly onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (!this.hosts.has(String(request.getHeader('host')))) return;
    const url = new URL(request.path, 'http://storage');
    const filter = url.searchParams.get('$filter');
    const entry: StorageRequest = {
      method: request.method,
      path: decodeURIComponent(url.pathname) + (filter ? ` where ${filter}` : ''),
      start: performance.now(),
      end: undefined,
    };
    this.open.set(request, entry);
    this.seen.push(entry);
  };
  private readonly onAnswered = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const entry = this.open.get(request);
    if (!entry) return;
    entry.end = performance.now();
    this.open.delete(request);
  };

  constructor(urls: readonly string[]) {
    this.hosts = new Set(urls.map((url) => new URL(url).host));
  }

  start(): this {
    diagnostics.subscribe(START, this.onStart);
    diagnostics.subscribe(ANSWERED, this.onAnswered);
    return this;
  }

  stop(): void {
    diagnostics.unsubscribe(START, this.onStart);
    diagnostics.unsubscribe(ANSWERED, this.onAnswered);
  }

  /** How many requests are waiting for their answer now. */
  get inFlight(): number {
    return this.open.size;
  }

  /** The requests recorded since the last take(), tallied; the record starts empty again. */
  take(): RequestTally {
    const taken = this.seen;
    this.seen = [];
    return tally(taken);
  }
}

/** Requests and the longest chain of them that had to wait one for another. */
export function tally(requests: readonly StorageRequest[]): RequestTally {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  sorted.forEach((request, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j];
      if (earlier?.end !== undefined && earlier.end <= request.start) before = Math.max(before, depth[j] ?? 0);
    }
    depth.push(before + 1);
  });
  return {
    requests: sorted.length,
    roundTrips: Math.max(0, ...depth),
    lines: sorted.map((request, i) => `${depth[i] ?? 0} ${request.method} ${request.path}`),
  };
}
