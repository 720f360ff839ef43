// The Bot Framework token service (user-token REST API) exactly as botbuilder's UserTokenClientImpl
// calls it ("no token" is 404 with an
// EMPTY body), and the sign-in link it hands out: a page where a person picks or types a dev
// identity and gets a 6-digit code. Tokens are never logged.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DEV_IDENTITIES, DEV_TENANTS, findIdentityById, identityForEmail, type DevIdentity } from './dev-identities';
import { escapeHtml, codePage, notFoundPage, signInPage } from './sign-in-pages';
import {
  html,
  isEmailAddress,
  json,
  parseJson,
  type StandInReply,
  type StandInRequest,
  type StandInService,
} from './stand-in-http';
import type { TokenMinter } from './token-minter';

const CODE_LIFETIME_MS = 10 * 60 * 1000;

interface PendingSignIn {
  connectionName: string;
  userId: string;
  channelId: string;
  msAppId: string;
  expiresAt: number;
}

export interface TokenServiceOptions {
  tokens: TokenMinter;
  /** Connections that offer Teams SSO (a tokenExchangeResource); also shown as "work account" on the page. */
  ssoConnections: string[];
  /** The stand-in's own base URL (sign-in links point back to it). */
  baseUrl: () => string;
  log: (line: string) => void;
}

export class TokenServiceStandIn implements StandInService {
  private readonly stored = new Map<string, { token: string; identity: DevIdentity }>();
  private readonly codes = new Map<string, { code: string; token: string; identity: DevIdentity; expiresAt: number }>();
  private readonly signIns = new Map<string, PendingSignIn>();

  constructor(private readonly options: TokenServiceOptions) {}

  handle(request: StandInRequest): StandInReply | undefined {
    const { method, path, query, body } = request;
    const key = tokenKey(query.userId ?? '', query.connectionName ?? '', query.channelId ?? '');
    if (method === 'GET' && path === '/api/usertoken/GetToken') return this.getToken(key, query);
    if (method === 'GET' && path === '/api/botsignin/GetSignInResource') return this.signInResource(query.state);
    if (method === 'DELETE' && path === '/api/usertoken/SignOut') {
      this.stored.delete(key);
      return json(200, {});
    }
    if (method === 'GET' && path === '/api/usertoken/GetTokenStatus') return this.tokenStatus(query);
    if (method === 'POST' && path === '/api/usertoken/GetAadTokens') {
      const entry = this.stored.get(key);
      if (!entry) return json(404, { error: { code: 'NotFound', message: 'no token' } });
      const resources = (parseJson(body) as { resourceUrls?: unknown } | undefined)?.resourceUrls;
      const urls = Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
      return json(
        200,
        Object.fromEntries(urls.map((u) => [u, this.tokenResponse(query, this.options.tokens.mint(entry.identity))])),
      );
    }
    if (method === 'POST' && path === '/api/usertoken/exchange') return this.exchange(key, query, body);
    if (path === '/api/oauth/signin') return this.signInPageRoute(method, query.signin ?? '', body);
    return undefined;
  }

  private getToken(key: string, query: Record<string, string>): StandInReply {
    if (query.code !== undefined) {
      const pending = this.codes.get(key);
      if (!pending || pending.code !== query.code || pending.expiresAt < Date.now()) return json(404);
      this.codes.delete(key);
      this.stored.set(key, { token: pending.token, identity: pending.identity });
      return json(200, this.tokenResponse(query, pending.token));
    }
    const entry = this.stored.get(key);
    if (!entry || !this.options.tokens.holder(entry.token)) return json(404); // empty body: see the reference, §5.2
    return json(200, this.tokenResponse(query, entry.token));
  }

  private tokenStatus(query: Record<string, string>): StandInReply {
    const { ssoConnections } = this.options;
    const include = query.include ? query.include.split(',') : [...new Set([...ssoConnections, 'PersonalAccount'])];
    return json(
      200,
      include.map((connectionName) => ({
        channelId: query.channelId,
        connectionName,
        hasToken: this.stored.has(tokenKey(query.userId ?? '', connectionName, query.channelId ?? '')),
        serviceProviderDisplayName: ssoConnections.includes(connectionName)
          ? 'Azure Active Directory v2 (stand-in)'
          : 'Microsoft Account (stand-in)',
      })),
    );
  }

  private signInResource(state: string | undefined): StandInReply {
    const decoded = parseJson(Buffer.from(state ?? '', 'base64').toString('utf8')) as
      | { connectionName?: unknown; msAppId?: unknown; conversation?: { user?: { id?: unknown }; channelId?: unknown } }
      | undefined;
    const connectionName = decoded?.connectionName;
    const userId = decoded?.conversation?.user?.id;
    const channelId = decoded?.conversation?.channelId;
    if (typeof connectionName !== 'string' || typeof userId !== 'string' || typeof channelId !== 'string') {
      return json(400, { error: { code: 'BadRequest', message: 'state is not a TokenExchangeState' } });
    }
    const msAppId =
      typeof decoded?.msAppId === 'string' && decoded.msAppId
        ? decoded.msAppId
        : '00000000-0000-0000-0000-000000000000';
    const id = randomBytes(16).toString('base64url');
    this.signIns.set(id, { connectionName, userId, channelId, msAppId, expiresAt: Date.now() + CODE_LIFETIME_MS });
    const baseUrl = this.options.baseUrl();
    const resource: Record<string, unknown> = { signInLink: `${baseUrl}/api/oauth/signin?signin=${id}` };
    if (this.options.ssoConnections.includes(connectionName)) {
      resource.tokenExchangeResource = {
        id: randomUUID(),
        uri: `api://botid-${msAppId}`,
        providerId: 'aadv2-stand-in',
      };
    }
    resource.tokenPostResource = { sasUrl: `${baseUrl}/api/usertoken/post?signin=${id}` };
    return json(200, resource);
  }

  private exchange(key: string, query: Record<string, string>, body: string): StandInReply {
    const { tokens } = this.options;
    const token = (parseJson(body) as { token?: unknown } | undefined)?.token;
    const claims = typeof token === 'string' ? tokens.verifyJwt(token) : undefined;
    const identity = claims && typeof claims.oid === 'string' ? findIdentityById(claims.oid) : undefined;
    const audienceOk = typeof claims?.aud === 'string' && claims.aud.startsWith('api://');
    const fresh = typeof claims?.exp === 'number' && claims.exp * 1000 > Date.now();
    if (!identity || !audienceOk || !fresh) {
      return json(400, {
        error: {
          code: 'BadRequest',
          message: 'The token could not be exchanged: not an SSO token from this sign-in service.',
        },
      });
    }
    const graphToken = tokens.mint(identity);
    this.stored.set(key, { token: graphToken, identity });
    return json(200, this.tokenResponse(query, graphToken));
  }

  private signInPageRoute(method: string, id: string, body: string): StandInReply {
    const signIn = this.signIns.get(id);
    if (!signIn || signIn.expiresAt < Date.now()) return html(404, notFoundPage());
    const view = {
      isWork: this.options.ssoConnections.includes(signIn.connectionName),
      connectionName: signIn.connectionName,
      tenants: DEV_TENANTS,
      identities: DEV_IDENTITIES,
    };
    if (method === 'GET') return html(200, signInPage(view));
    if (method !== 'POST') return html(405, notFoundPage());
    const email = new URLSearchParams(body).get('email')?.trim() ?? '';
    if (!isEmailAddress(email))
      return html(400, signInPage({ ...view, error: `"${escapeHtml(email)}" is not an email address.` }));
    const identity = identityForEmail(email);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.codes.set(tokenKey(signIn.userId, signIn.connectionName, signIn.channelId), {
      code,
      token: this.options.tokens.mint(identity),
      identity,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    this.signIns.delete(id);
    this.options.log(
      `[sign-in stand-in] ${signIn.connectionName} sign-in completed as ${identity.kind} ${identity.displayName}; code issued`,
    );
    return html(200, codePage(code, identity));
  }

  private tokenResponse(query: Record<string, string>, token: string) {
    return {
      channelId: query.channelId,
      connectionName: query.connectionName,
      token,
      expiration: new Date(this.options.tokens.expiresAt(token) ?? Date.now()).toISOString(),
    };
  }
}

function tokenKey(userId: string, connectionName: string, channelId: string): string {
  return `${userId}\n${connectionName}\n${channelId}`;
}
