// The local stand-in for Microsoft's sign-in services, on one HTTP server:
//  - the Bot Framework user-token REST API exactly as botbuilder's UserTokenClientImpl calls it
//    (see ../shared/reference/bot-framework-token-service-wire.md; "no token" is 404 with an EMPTY body);
//  - a sign-in page where a person picks or types a dev identity and gets a 6-digit code;
//  - Microsoft Graph `/v1.0/me` (+ manager and direct reports) for the tokens it minted;
//  - OpenID metadata and keys for the work tokens it signs;
//  - for the personal tab, an Entra-like issuer: an authorize page (implicit grant, loopback redirect
//    URIs only) that gives the tab page a signed token for its audience, and, on an HTTPS listener
//    (msal-node talks to https authorities only), OpenID metadata, keys and a token endpoint that
//    implements the on-behalf-of grant for registered tab apps.
// Shared by the tests and by `npm start`. Tokens are never logged.
import { createPrivateKey, generateKeyPairSync, randomBytes, randomInt, randomUUID, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { isLoopbackUrl } from '../loopback';
import { LOCAL_STAND_IN_CLIENT } from '../tab-api/tab-host-clients';
import type { DevCertificate } from './dev-certificate';
import { DEV_IDENTITIES, DEV_TENANTS, findIdentityById, identityForEmail, type DevIdentity } from './dev-identities';
import { authorizeErrorPage, authorizePage, codePage, escapeHtml, notFoundPage, signInPage } from './sign-in-pages';

export interface SignInStandInOptions {
  /** Connections that offer Teams SSO (a tokenExchangeResource); also shown as "work account" on the page. */
  ssoConnections?: string[];
  /** App registrations of personal tabs: who may ask the authorize page for a token and use the OBO grant. */
  tabApps?: TabAppRegistration[];
  /** With a certificate the stand-in also listens on HTTPS, as the tab's token issuer. */
  tls?: DevCertificate;
  log?: (line: string) => void;
}

export interface TabAppRegistration {
  clientId: string;
  clientSecret: string;
  /** Application ID URI, e.g. api://localhost/<clientId>; the tab asks for `<appIdUri>/access_as_user`. */
  appIdUri: string;
}

/** Claims a test may change on a tab token (to see the server refuse it). */
export interface TabTokenClaims {
  aud?: string;
  iss?: string;
  tid?: string;
  exp?: number;
  nbf?: number;
  scp?: string;
}

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TENANT_ALIASES = new Set(['organizations', 'common']);

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

interface IssuedToken {
  identity: DevIdentity;
  expiresAt: number;
}

interface PendingSignIn {
  connectionName: string;
  userId: string;
  channelId: string;
  msAppId: string;
  expiresAt: number;
}

const TOKEN_LIFETIME_S = 3600;
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export class SignInStandIn {
  private readonly ssoConnections: string[];
  private readonly tabApps: TabAppRegistration[];
  private readonly tls: DevCertificate | undefined;
  private readonly log: (line: string) => void;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = randomUUID();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly stored = new Map<string, { token: string; identity: DevIdentity }>();
  private readonly codes = new Map<string, { code: string; token: string; identity: DevIdentity; expiresAt: number }>();
  private readonly signIns = new Map<string, PendingSignIn>();
  private readonly recorded: RecordedCall[] = [];
  private readonly servers: http.Server[] = [];
  private baseUrl = '';
  private secureBaseUrl = '';

  constructor(options: SignInStandInOptions = {}) {
    this.ssoConnections = options.ssoConnections ?? ['WorkAccount'];
    this.tabApps = options.tabApps ?? [];
    this.tls = options.tls;
    this.log = options.log ?? (() => undefined);
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
    return this.mint(identityForEmail(email));
  }

  /** What Teams' `authentication.getAuthToken()` would give a work user: a token for `audience` (api://…). */
  ssoToken(email: string, audience: string): string {
    const identity = identityForEmail(email);
    if (identity.kind !== 'work') throw new Error(`${email} is not a work identity; Teams SSO gives work tokens only`);
    return this.workJwt(identity, audience, `https://login.microsoftonline.com/${identity.tenantId}/v2.0`);
  }

  /**
   * What the tab page gets for a work user: a v2 access token for the tab app (`aud` = its client id),
   * issued by the HTTPS issuer, as Teams' getAuthToken() would give it. `claims` lets a test spoil it.
   */
  tabToken(email: string, claims: TabTokenClaims = {}, clientId = this.tabApps[0]?.clientId): string {
    const identity = identityForEmail(email);
    if (identity.kind !== 'work') throw new Error(`${email} is not a work identity; the tab signs in work accounts only`);
    if (!clientId || !this.secureBaseUrl) throw new Error('tabToken needs a registered tab app and the HTTPS listener (tls option)');
    return this.workJwt(identity, clientId, `${this.secureBaseUrl}/${identity.tenantId}/v2.0`, { azp: LOCAL_STAND_IN_CLIENT.id, scp: 'access_as_user', ...claims });
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, secure: boolean): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : '';
    const reply = (status: number, payload?: unknown, contentType = 'application/json', headers: Record<string, string> = {}) => {
      this.recorded.push({ method, path: url.pathname, query, status });
      this.log(`[sign-in stand-in] ${method} ${url.pathname} ${describe(query)} -> ${status}`);
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': contentType === 'text/html' ? 'text/html; charset=utf-8' : contentType });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const key = tokenKey(query.userId ?? '', query.connectionName ?? '', query.channelId ?? '');
    const path = url.pathname;

    if (method === 'GET' && path === '/api/usertoken/GetToken') return reply(...this.getToken(key, query));
    if (method === 'GET' && path === '/api/botsignin/GetSignInResource') return reply(...this.signInResource(query.state));
    if (method === 'DELETE' && path === '/api/usertoken/SignOut') {
      this.stored.delete(key);
      return reply(200, {});
    }
    if (method === 'GET' && path === '/api/usertoken/GetTokenStatus') {
      const include = query.include ? query.include.split(',') : [...new Set([...this.ssoConnections, 'PersonalAccount'])];
      return reply(200, include.map((connectionName) => ({
        channelId: query.channelId,
        connectionName,
        hasToken: this.stored.has(tokenKey(query.userId ?? '', connectionName, query.channelId ?? '')),
        serviceProviderDisplayName: this.ssoConnections.includes(connectionName) ? 'Azure Active Directory v2 (stand-in)' : 'Microsoft Account (stand-in)',
      })));
    }
    if (method === 'POST' && path === '/api/usertoken/GetAadTokens') {
      const entry = this.stored.get(key);
      if (!entry) return reply(404, { error: { code: 'NotFound', message: 'no token' } });
      const resources = (parseJson(body) as { resourceUrls?: unknown })?.resourceUrls;
      const urls = Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
      return reply(200, Object.fromEntries(urls.map((u) => [u, this.tokenResponse(query, this.mint(entry.identity))])));
    }
    if (method === 'POST' && path === '/api/usertoken/exchange') return reply(...this.exchange(key, query, body));
    if (path === '/api/oauth/signin') return reply(...this.signInPageRoute(method, query.signin ?? '', body), 'text/html');
    if (method === 'GET' && path === '/') return reply(200, this.indexPage(), 'text/html');

    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (method === 'GET' && openId) {
      const tenant = openId[1] ?? 'common';
      // Over HTTPS it is the tab's issuer (tokens say iss = this origin); the authorize page stays on
      // plain HTTP so a browser shows no certificate warning for the throw-away certificate.
      const base = secure ? this.secureBaseUrl : this.baseUrl;
      const issuerHost = secure ? this.secureBaseUrl : 'https://login.microsoftonline.com';
      return reply(200, {
        issuer: `${issuerHost}/${TENANT_ALIASES.has(tenant) ? '{tenantid}' : tenant}/v2.0`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${this.baseUrl}/${tenant}/oauth2/v2.0/authorize`,
        response_types_supported: ['token'],
      });
    }
    const oauth = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(path);
    if (oauth && oauth[2] === 'authorize' && (method === 'GET' || method === 'POST')) {
      const [status, page, location] = this.authorize(oauth[1] ?? '', query, method === 'POST' ? body : undefined);
      return reply(status, location ? undefined : page, 'text/html', location ? { location, 'cache-control': 'no-store' } : {});
    }
    if (oauth && oauth[2] === 'token' && method === 'POST') {
      if (!secure) return reply(400, { error: 'invalid_request', error_description: 'The token endpoint is served over HTTPS only.' });
      return reply(...this.onBehalfOf(oauth[1] ?? '', body));
    }
    if (method === 'GET' && /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) {
      return reply(200, { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] });
    }
    if (method === 'POST' && path === '/_dev/sso-token') {
      const request = parseJson(body) as { email?: unknown; audience?: unknown } | undefined;
      if (typeof request?.email !== 'string' || typeof request.audience !== 'string') return reply(400, { error: 'send {"email": "...", "audience": "api://..."}' });
      try {
        return reply(200, { token: this.ssoToken(request.email, request.audience) });
      } catch (error) {
        return reply(400, { error: String(error) });
      }
    }
    if (method === 'GET' && path.startsWith('/v1.0/me')) return reply(...this.graph(path, req.headers.authorization));
    return reply(404, { error: { code: 'NotFound', message: `The stand-in has no ${method} ${path}` } });
  }

  private getToken(key: string, query: Record<string, string>): [number, unknown?] {
    if (query.code !== undefined) {
      const pending = this.codes.get(key);
      if (!pending || pending.code !== query.code || pending.expiresAt < Date.now()) return [404];
      this.codes.delete(key);
      this.stored.set(key, { token: pending.token, identity: pending.identity });
      return [200, this.tokenResponse(query, pending.token)];
    }
    const entry = this.stored.get(key);
    const issued = entry ? this.issued.get(entry.token) : undefined;
    if (!entry || !issued || issued.expiresAt < Date.now()) return [404]; // empty body: see the reference, §5.2
    return [200, this.tokenResponse(query, entry.token)];
  }

  private signInResource(state: string | undefined): [number, unknown] {
    const decoded = parseJson(Buffer.from(state ?? '', 'base64').toString('utf8')) as
      | { connectionName?: unknown; msAppId?: unknown; conversation?: { user?: { id?: unknown }; channelId?: unknown } }
      | undefined;
    const connectionName = decoded?.connectionName;
    const userId = decoded?.conversation?.user?.id;
    const channelId = decoded?.conversation?.channelId;
    if (typeof connectionName !== 'string' || typeof userId !== 'string' || typeof channelId !== 'string') {
      return [400, { error: { code: 'BadRequest', message: 'state is not a TokenExchangeState' } }];
    }
    const msAppId = typeof decoded?.msAppId === 'string' && decoded.msAppId ? decoded.msAppId : '00000000-0000-0000-0000-000000000000';
    const id = randomBytes(16).toString('base64url');
    this.signIns.set(id, { connectionName, userId, channelId, msAppId, expiresAt: Date.now() + CODE_LIFETIME_MS });
    const resource: Record<string, unknown> = { signInLink: `${this.baseUrl}/api/oauth/signin?signin=${id}` };
    if (this.ssoConnections.includes(connectionName)) {
      resource.tokenExchangeResource = { id: randomUUID(), uri: `api://botid-${msAppId}`, providerId: 'aadv2-stand-in' };
    }
    resource.tokenPostResource = { sasUrl: `${this.baseUrl}/api/usertoken/post?signin=${id}` };
    return [200, resource];
  }

  private exchange(key: string, query: Record<string, string>, body: string): [number, unknown] {
    const token = (parseJson(body) as { token?: unknown } | undefined)?.token;
    const claims = typeof token === 'string' ? this.verifyJwt(token) : undefined;
    const identity = claims && typeof claims.oid === 'string' ? findIdentityById(claims.oid) ?? undefined : undefined;
    const audienceOk = typeof claims?.aud === 'string' && claims.aud.startsWith('api://');
    const fresh = typeof claims?.exp === 'number' && claims.exp * 1000 > Date.now();
    if (!identity || !audienceOk || !fresh) {
      return [400, { error: { code: 'BadRequest', message: 'The token could not be exchanged: not an SSO token from this sign-in service.' } }];
    }
    const graphToken = this.mint(identity);
    this.stored.set(key, { token: graphToken, identity });
    return [200, this.tokenResponse(query, graphToken)];
  }

  private signInPageRoute(method: string, id: string, body: string): [number, string] {
    const signIn = this.signIns.get(id);
    if (!signIn || signIn.expiresAt < Date.now()) return [404, notFoundPage()];
    const isWork = this.ssoConnections.includes(signIn.connectionName);
    if (method === 'GET') return [200, signInPage({ isWork, connectionName: signIn.connectionName, tenants: DEV_TENANTS, identities: DEV_IDENTITIES })];
    if (method !== 'POST') return [405, notFoundPage()];
    const email = new URLSearchParams(body).get('email')?.trim() ?? '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200) {
      return [400, signInPage({ isWork, connectionName: signIn.connectionName, tenants: DEV_TENANTS, identities: DEV_IDENTITIES, error: `"${escapeHtml(email)}" is not an email address.` })];
    }
    const identity = identityForEmail(email);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.codes.set(tokenKey(signIn.userId, signIn.connectionName, signIn.channelId), {
      code,
      token: this.mint(identity),
      identity,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    this.signIns.delete(id);
    this.log(`[sign-in stand-in] ${signIn.connectionName} sign-in completed as ${identity.kind} ${identity.displayName}; code issued`);
    return [200, codePage(code, identity)];
  }

  /** The implicit grant for the tab page: pick a work identity, go back to the tab with a token in the fragment. */
  private authorize(tenant: string, query: Record<string, string>, body: string | undefined): [number, string, string?] {
    const app = this.tabApps.find((a) => a.clientId === query.client_id);
    if (!app) return [400, authorizeErrorPage('This app is not registered with the local sign-in stand-in (unknown client_id).')];
    if (query.response_type !== 'token') return [400, authorizeErrorPage('The local sign-in page only supports response_type=token.')];
    const redirect = URL.canParse(query.redirect_uri ?? '') ? new URL(query.redirect_uri ?? '') : undefined;
    if (!redirect || !['http:', 'https:'].includes(redirect.protocol) || !isLoopbackUrl(redirect.href)) {
      return [400, authorizeErrorPage('The local sign-in page only sends tokens back to this machine (a localhost redirect_uri).')];
    }
    const scope = `${app.appIdUri}/access_as_user`;
    if (!(query.scope ?? '').split(' ').includes(scope)) return [400, authorizeErrorPage(`Ask for the scope ${scope}.`)];
    const view = { tenants: DEV_TENANTS, identities: DEV_IDENTITIES };
    if (body === undefined) return [200, authorizePage(view)];
    const email = new URLSearchParams(body).get('email')?.trim() ?? '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200) return [400, authorizePage({ ...view, error: `"${escapeHtml(email)}" is not an email address.` })];
    const identity = identityForEmail(email);
    if (identity.kind !== 'work') {
      return [400, authorizePage({ ...view, error: 'That is a personal Microsoft account. The Partner Link tab signs you in with your work account — the one your organization gave you.' })];
    }
    if (!TENANT_ALIASES.has(tenant) && tenant !== identity.tenantId) {
      return [400, authorizePage({ ...view, error: 'That work account belongs to another organization than the one this app is registered in.' })];
    }
    const token = this.tabToken(identity.email, {}, app.clientId);
    const fragment = new URLSearchParams({ access_token: token, token_type: 'Bearer', expires_in: String(TOKEN_LIFETIME_S), scope, state: query.state ?? '' });
    redirect.hash = fragment.toString();
    this.log(`[sign-in stand-in] tab sign-in completed as ${identity.displayName}; token sent back to the tab`);
    return [302, '', redirect.toString()];
  }

  /** The on-behalf-of grant as Entra's token endpoint answers msal-node: a Graph token for the assertion's person. */
  private onBehalfOf(tenant: string, body: string): [number, unknown] {
    const form = new URLSearchParams(body);
    const fail = (status: number, error: string, description: string) => [status, { error, error_description: description, error_codes: [], timestamp: new Date().toISOString() }] as [number, unknown];
    if (form.get('grant_type') !== OBO_GRANT || form.get('requested_token_use') !== 'on_behalf_of') {
      return fail(400, 'unsupported_grant_type', 'The stand-in token endpoint implements the on-behalf-of grant only.');
    }
    const app = this.tabApps.find((a) => a.clientId === form.get('client_id'));
    if (!app || !sameSecret(app.clientSecret, form.get('client_secret') ?? '')) return fail(401, 'invalid_client', 'Invalid client id or client secret.');
    const claims = this.verifyJwt(form.get('assertion') ?? '');
    const identity = typeof claims?.oid === 'string' ? findIdentityById(claims.oid) : undefined;
    const tid = claims?.tid;
    const valid =
      identity?.kind === 'work' &&
      typeof tid === 'string' &&
      tid === identity.tenantId &&
      claims?.iss === `${this.secureBaseUrl}/${tid}/v2.0` &&
      (claims.aud === app.clientId || claims.aud === app.appIdUri) &&
      typeof claims.exp === 'number' &&
      claims.exp * 1000 > Date.now();
    if (!identity || !valid) return fail(400, 'invalid_grant', 'The assertion is not a valid, unexpired token for this app from this issuer.');
    if (!TENANT_ALIASES.has(tenant) && tenant !== tid) return fail(400, 'invalid_grant', 'The assertion was issued in another tenant.');
    const scopes = (form.get('scope') ?? '').split(' ');
    const graphScope = scopes.find((s) => s.toLowerCase().startsWith(`${GRAPH_AUDIENCE}/`));
    if (!graphScope) return fail(400, 'invalid_scope', `Ask for a Microsoft Graph scope (${GRAPH_AUDIENCE}/User.Read).`);
    this.log(`[sign-in stand-in] on-behalf-of: Graph token for ${identity.displayName}`);
    return [200, { token_type: 'Bearer', scope: graphScope, expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: this.mint(identity) }];
  }

  private graph(path: string, authorization: string | undefined): [number, unknown] {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const issued = token ? this.issued.get(token) : undefined;
    if (!issued || issued.expiresAt < Date.now()) {
      return [401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty, expired or unknown.' } }];
    }
    const me = issued.identity;
    if (path === '/v1.0/me') return [200, graphUser(me)];
    if (path === '/v1.0/me/manager') {
      const manager = me.managerId ? findIdentityById(me.managerId) : undefined;
      return manager ? [200, graphUser(manager)] : [404, { error: { code: 'Request_ResourceNotFound', message: 'Resource \'manager\' does not exist.' } }];
    }
    if (path === '/v1.0/me/directReports') return [200, { value: DEV_IDENTITIES.filter((i) => i.managerId === me.objectId).map(graphUser) }];
    return [404, { error: { code: 'Request_ResourceNotFound', message: `No ${path}` } }];
  }

  // ---- tokens ------------------------------------------------------------------------------

  private mint(identity: DevIdentity): string {
    // Entra access tokens are JWTs; personal-account Graph tokens are opaque.
    const token =
      identity.kind === 'work'
        ? this.workJwt(identity, GRAPH_AUDIENCE, `https://sts.windows.net/${identity.tenantId}/`)
        : `EwA${randomBytes(96).toString('base64url')}`;
    this.issued.set(token, { identity, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
    return token;
  }

  private workJwt(identity: DevIdentity, audience: string, issuer: string, extra: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      aud: audience,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_S,
      tid: identity.tenantId,
      oid: identity.objectId,
      upn: identity.email,
      preferred_username: identity.email,
      name: identity.displayName,
      scp: audience.startsWith('api://') ? 'access_as_user' : 'User.Read',
      ver: audience.startsWith('api://') || issuer.endsWith('/v2.0') ? '2.0' : '1.0',
      ...extra,
    };
    return signJwt({ alg: 'RS256', typ: 'JWT', kid: this.kid }, payload, this.keys.privateKey);
  }

  private verifyJwt(token: string): Record<string, unknown> | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    const ok = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.keys.publicKey, Buffer.from(signature, 'base64url'));
    return ok ? (parseJson(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown> | undefined) : undefined;
  }

  private tokenResponse(query: Record<string, string>, token: string) {
    const issued = this.issued.get(token);
    return {
      channelId: query.channelId,
      connectionName: query.connectionName,
      token,
      expiration: new Date(issued?.expiresAt ?? Date.now()).toISOString(),
    };
  }

  private indexPage(): string {
    const rows = DEV_IDENTITIES.map(
      (i) => `<tr><td>${escapeHtml(i.displayName)}</td><td>${escapeHtml(i.email)}</td><td>${i.kind === 'work' ? escapeHtml(DEV_TENANTS.find((t) => t.id === i.tenantId)?.name ?? '') : 'personal Microsoft account'}</td></tr>`,
    ).join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Link sign-in stand-in</title></head><body><h1>Partner Link local sign-in stand-in</h1><p>Token service, sign-in page and Microsoft Graph for local use. Dev identities:</p><table><thead><tr><th>Name</th><th>Email</th><th>Account</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
  }
}

export function signJwt(header: object, payload: object, key: KeyObject | string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

function graphUser(identity: DevIdentity) {
  return {
    id: identity.objectId,
    displayName: identity.displayName,
    givenName: identity.givenName,
    surname: identity.surname,
    userPrincipalName: identity.email,
    mail: identity.kind === 'work' ? identity.email : null,
    jobTitle: identity.jobTitle,
  };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenKey(userId: string, connectionName: string, channelId: string): string {
  return `${userId}\n${connectionName}\n${channelId}`;
}

function describe(query: Record<string, string>): string {
  const { userId, connectionName, channelId, code } = query;
  return [connectionName, channelId, userId && `user=${userId}`, code !== undefined && 'code=******'].filter(Boolean).join(' ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

