// The local stand-in for Microsoft's sign-in services, on one HTTP server (plus an HTTPS listener
// for the tab's issuer). It composes one file per Microsoft service it plays:
//  - token-service.ts: the Bot Framework user-token REST API and its sign-in page (6-digit codes);
//  - graph-stand-in.ts: Microsoft Graph `/v1.0/me` (+ manager, direct reports, and with `org` the
//    organization's paths from graph-org-stand-in.ts);
//  - entra-issuer.ts: OpenID metadata and keys, Teams SSO tokens, the tab's authorize page and the
//    on-behalf-of token endpoint;
//  - token-minter.ts: the tokens they share;
//  - local-inbox.ts: the inbox page for what the Agents Playground cannot show (local use).
// Shared by the tests and by `npm start` (run.ts). Tokens are never logged.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DevCertificate } from './dev-certificate';
import { DEV_IDENTITIES, DEV_TENANTS, identityForEmail } from './dev-identities';
import { EntraIssuerStandIn, type TabAppRegistration, type TabTokenClaims } from './entra-issuer';
import type { AppRegistration, Org } from './graph-org-stand-in';
import { GraphStandIn } from './graph-stand-in';
import { LocalInbox } from './local-inbox';
import { escapeHtml } from './sign-in-pages';
import { html, json, readBody, type StandInReply, type StandInRequest, type StandInService } from './stand-in-http';
import { TokenMinter } from './token-minter';
import { TokenServiceStandIn } from './token-service';

export type { TabAppRegistration, TabTokenClaims } from './entra-issuer';
export { signJwt } from './token-minter';

export interface SignInStandInOptions {
  /** Connections that offer Teams SSO (a tokenExchangeResource); also shown as "work account" on the page. */
  ssoConnections?: string[];
  /** App registrations of personal tabs: who may ask the authorize page for a token and use the OBO grant. */
  tabApps?: TabAppRegistration[];
  /** The organization Graph answers directReports, team members and group checks from (graph-org-stand-in.ts). */
  org?: Org;
  /** Apps that may get an app-only Graph token (client credentials), besides the tab apps. */
  graphApps?: AppRegistration[];
  /** With a certificate the stand-in also listens on HTTPS, as the tab's token issuer. */
  tls?: DevCertificate;
  log?: (line: string) => void;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export class SignInStandIn {
  private readonly tls: DevCertificate | undefined;
  private readonly log: (line: string) => void;
  private readonly tokens = new TokenMinter();
  private readonly entra: EntraIssuerStandIn;
  /** Messages the Agents Playground cannot show, by person (GET /inbox). */
  readonly inbox: LocalInbox;
  private readonly services: StandInService[];
  private readonly recorded: RecordedCall[] = [];
  private readonly servers: http.Server[] = [];
  private baseUrl = '';
  private secureBaseUrl = '';

  constructor(options: SignInStandInOptions = {}) {
    this.tls = options.tls;
    this.log = options.log ?? (() => undefined);
    const urls = { baseUrl: () => this.baseUrl, httpsUrl: () => this.secureBaseUrl };
    this.inbox = new LocalInbox((id) => {
      const identity = DEV_IDENTITIES.find((i) => i.objectId.toLowerCase() === id.toLowerCase());
      if (identity) return { name: identity.displayName, address: identity.email };
      const entry = options.org?.entries.get(id.toLowerCase());
      return entry
        ? { name: entry.displayName, address: entry.kind === 'user' ? entry.userPrincipalName : entry.mail }
        : undefined;
    });
    this.entra = new EntraIssuerStandIn({
      tokens: this.tokens,
      tabApps: options.tabApps ?? [],
      graphApps: options.graphApps ?? [],
      log: this.log,
      ...urls,
    });
    this.services = [
      new TokenServiceStandIn({
        tokens: this.tokens,
        ssoConnections: options.ssoConnections ?? ['WorkAccount'],
        log: this.log,
        baseUrl: urls.baseUrl,
      }),
      this.entra,
      new GraphStandIn(this.tokens, options.org, urls.baseUrl),
      this.inbox,
    ];
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The HTTPS listener (the tab's token issuer); empty without a certificate. */
  get httpsUrl(): string {
    return this.secureBaseUrl;
  }

  async start(port = 0, host = '127.0.0.1', httpsPort = 0): Promise<string> {
    const onRequest = (secure: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res, secure).catch((error: unknown) => {
        this.log(`[sign-in stand-in] error: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalError', message: 'stand-in failure' } }));
      });
    };
    this.baseUrl = `http://${host}:${await this.listen(http.createServer(onRequest(false)), port, host)}`;
    if (this.tls) {
      const secure = https.createServer({ key: this.tls.key, cert: this.tls.cert }, onRequest(true));
      this.secureBaseUrl = `https://${host}:${await this.listen(secure, httpsPort, host)}`;
    }
    return this.baseUrl;
  }

  private async listen(server: http.Server, port: number, host: string): Promise<number> {
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map((server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
  }

  /** Every token-service and Graph call so far (no token values). */
  calls(): RecordedCall[] {
    return [...this.recorded];
  }

  /** A Graph token for a dev identity, as the token service would hold after a sign-in (dialog tests). */
  issueToken(email: string): string {
    return this.tokens.mint(identityForEmail(email));
  }

  /** What Teams' `authentication.getAuthToken()` would give a work user: a token for `audience` (api://…). */
  ssoToken(email: string, audience: string): string {
    return this.entra.ssoToken(email, audience);
  }

  /** A fault for tests: the on-behalf-of grant hands out a Graph token for `email`, whoever asks (undefined: normal again). */
  answerOnBehalfOfAs(email: string | undefined): void {
    this.entra.answerOnBehalfOfAs(email);
  }

  /**
   * What the tab page gets for a work user: a v2 access token for the tab app (`aud` = its client id),
   * issued by the HTTPS issuer, as Teams' getAuthToken() would give it. `claims` lets a test spoil it.
   */
  tabToken(email: string, claims: TabTokenClaims = {}, clientId?: string): string {
    return this.entra.tabToken(email, claims, clientId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, secure: boolean): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const request: StandInRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: method === 'POST' ? await readBody(req) : '',
      authorization: req.headers.authorization,
      secure,
    };
    const reply = this.route(request);
    this.recorded.push({ method, path: request.path, query: request.query, status: reply.status });
    this.log(`[sign-in stand-in] ${method} ${request.path} ${describe(request.query)} -> ${reply.status}`);
    if (reply.payload === undefined) {
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
      return;
    }
    const contentType = reply.contentType === 'text/html' ? 'text/html; charset=utf-8' : 'application/json';
    res.writeHead(reply.status, { 'content-type': contentType });
    res.end(typeof reply.payload === 'string' ? reply.payload : JSON.stringify(reply.payload));
  }

  private route(request: StandInRequest): StandInReply {
    for (const service of this.services) {
      const reply = service.handle(request);
      if (reply) return reply;
    }
    if (request.method === 'GET' && request.path === '/') return html(200, indexPage());
    return json(404, { error: { code: 'NotFound', message: `The stand-in has no ${request.method} ${request.path}` } });
  }
}

function indexPage(): string {
  const rows = DEV_IDENTITIES.map(
    (i) =>
      `<tr><td>${escapeHtml(i.displayName)}</td><td>${escapeHtml(i.email)}</td><td>${i.kind === 'work' ? escapeHtml(DEV_TENANTS.find((t) => t.id === i.tenantId)?.name ?? '') : 'personal Microsoft account'}</td></tr>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Link sign-in stand-in</title></head><body><h1>Partner Link local sign-in stand-in</h1><p>Token service, sign-in page and Microsoft Graph for local use. Messages for people the Agents Playground cannot show are in the <a href="/inbox">inbox</a>. Dev identities:</p><table><thead><tr><th>Name</th><th>Email</th><th>Account</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

function describe(query: Record<string, string>): string {
  const { userId, connectionName, channelId, code } = query;
  return [connectionName, channelId, userId && `user=${userId}`, code !== undefined && 'code=******']
    .filter(Boolean)
    .join(' ');
}
