// A tiny Graph over real HTTP on a loopback port for the team-status tests: it resolves the caller
// from the bearer token (tokens handed out by `userToken` / `appToken`) and delegates to the org
// stand-in. Tests can make it throttle (429 + Retry-After) or spoil a nextLink, and read what it saw.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGraphOrgRequest, type GraphCaller, type Org } from '../../src/stand-ins/graph-org-stand-in';

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export class GraphOrgServer {
  readonly seen: SeenRequest[] = [];
  private readonly tokens = new Map<string, GraphCaller>();
  private server: http.Server | undefined;
  url = '';
  /** The next n answers are 429 (or 503) with this Retry-After. */
  throttle: { remaining: number; status: 429 | 503; retryAfter: string } = {
    remaining: 0,
    status: 429,
    retryAfter: '1',
  };
  /** Rewrites every nextLink (e.g. to another host). */
  rewriteNextLink: ((link: string) => string) | undefined;

  constructor(readonly org: Org) {}

  userToken(objectId: string, tenantId: string): string {
    const token = `user-${objectId}-${this.tokens.size}`;
    this.tokens.set(token, { kind: 'user', objectId, tenantId });
    return token;
  }

  appToken(tenantId: string, appId = 'test-app'): string {
    const token = `app-${tenantId}-${this.tokens.size}`;
    this.tokens.set(token, { kind: 'app', appId, tenantId });
    return token;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization });
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (this.throttle.remaining > 0) {
          this.throttle.remaining--;
          return send(
            this.throttle.status,
            { error: { code: 'TooManyRequests', message: 'Too many requests' } },
            { 'retry-after': this.throttle.retryAfter },
          );
        }
        const auth = req.headers.authorization ?? '';
        const caller = auth.startsWith('Bearer ') ? this.tokens.get(auth.slice(7)) : undefined;
        if (!caller)
          return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
        const raw = Buffer.concat(chunks).toString('utf8');
        const body: unknown = raw ? JSON.parse(raw) : undefined;
        const answer = handleGraphOrgRequest(this.org, this.url, {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          body,
          caller,
        });
        if (!answer) return send(404, { error: { code: 'Request_ResourceNotFound', message: 'no such path' } });
        const [status, payload] = answer;
        const record = payload as Record<string, unknown>;
        if (this.rewriteNextLink && typeof record['@odata.nextLink'] === 'string')
          record['@odata.nextLink'] = this.rewriteNextLink(record['@odata.nextLink']);
        send(status, payload);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
