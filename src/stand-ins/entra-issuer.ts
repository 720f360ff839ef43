// Microsoft Entra ID as an OpenID issuer: metadata and keys for the tokens the stand-in signs, Teams
// SSO tokens, and for the personal tab an authorize page (implicit grant, loopback redirect URIs
// only) that gives the tab page a signed token for its audience, plus, on the HTTPS listener
// (msal-node talks to https authorities only), a token endpoint with the on-behalf-of grant for
// registered tab apps.
import { timingSafeEqual } from 'node:crypto';
import { isLoopbackUrl } from '../loopback';
import { LOCAL_STAND_IN_CLIENT } from '../tab-api/tab-host-clients';
import { DEV_IDENTITIES, DEV_TENANTS, findIdentityById, identityForEmail } from './dev-identities';
import { clientCredentialsGrant, type AppRegistration } from './graph-org-stand-in';
import { authorizeErrorPage, authorizePage, escapeHtml } from './sign-in-pages';
import {
  html,
  isEmailAddress,
  json,
  parseJson,
  type StandInReply,
  type StandInRequest,
  type StandInService,
} from './stand-in-http';
import { GRAPH_AUDIENCE, TOKEN_LIFETIME_S, type TokenMinter } from './token-minter';

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

export interface EntraIssuerOptions {
  tokens: TokenMinter;
  tabApps: TabAppRegistration[];
  /** Apps that may use the client-credentials grant (the bot's app token); tab apps may too. */
  graphApps?: AppRegistration[];
  /** The plain HTTP listener (authorize page) and the HTTPS one (the tab's issuer; empty without TLS). */
  baseUrl: () => string;
  httpsUrl: () => string;
  log: (line: string) => void;
}

export class EntraIssuerStandIn implements StandInService {
  /** A fault a test may set: the on-behalf-of grant answers with a Graph token for this address instead. */
  private onBehalfOfHolder: string | undefined;

  constructor(private readonly options: EntraIssuerOptions) {}

  /** From now on the on-behalf-of grant hands out a Graph token for `email` (undefined: the assertion's person again). */
  answerOnBehalfOfAs(email: string | undefined): void {
    this.onBehalfOfHolder = email;
  }

  /** What Teams' `authentication.getAuthToken()` would give a work user: a token for `audience` (api://…). */
  ssoToken(email: string, audience: string): string {
    const identity = identityForEmail(email);
    if (identity.kind !== 'work') throw new Error(`${email} is not a work identity; Teams SSO gives work tokens only`);
    return this.options.tokens.workJwt(
      identity,
      audience,
      `https://login.microsoftonline.com/${identity.tenantId}/v2.0`,
    );
  }

  /** A v2 access token for the tab app (`aud` = its client id), issued by the HTTPS issuer. */
  tabToken(email: string, claims: TabTokenClaims = {}, clientId = this.options.tabApps[0]?.clientId): string {
    const identity = identityForEmail(email);
    if (identity.kind !== 'work')
      throw new Error(`${email} is not a work identity; the tab signs in work accounts only`);
    const httpsUrl = this.options.httpsUrl();
    if (!clientId || !httpsUrl)
      throw new Error('tabToken needs a registered tab app and the HTTPS listener (tls option)');
    return this.options.tokens.workJwt(identity, clientId, `${httpsUrl}/${identity.tenantId}/v2.0`, {
      azp: LOCAL_STAND_IN_CLIENT.id,
      scp: 'access_as_user',
      ...claims,
    });
  }

  handle(request: StandInRequest): StandInReply | undefined {
    const { method, path, query, body, secure } = request;
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (method === 'GET' && openId) return this.metadata(openId[1] ?? 'common', secure);
    const oauth = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(path);
    if (oauth && oauth[2] === 'authorize' && (method === 'GET' || method === 'POST')) {
      const [status, page, location] = this.authorize(oauth[1] ?? '', query, method === 'POST' ? body : undefined);
      return location ? { status, headers: { location, 'cache-control': 'no-store' } } : html(status, page);
    }
    if (oauth && oauth[2] === 'token' && method === 'POST') {
      if (!secure)
        return json(400, {
          error: 'invalid_request',
          error_description: 'The token endpoint is served over HTTPS only.',
        });
      if (new URLSearchParams(body).get('grant_type') === 'client_credentials')
        return this.clientCredentials(oauth[1] ?? '', body);
      return this.onBehalfOf(oauth[1] ?? '', body);
    }
    if (method === 'GET' && /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path))
      return json(200, this.options.tokens.jwks());
    if (method === 'POST' && path === '/_dev/sso-token') {
      const asked = parseJson(body) as { email?: unknown; audience?: unknown } | undefined;
      if (typeof asked?.email !== 'string' || typeof asked.audience !== 'string')
        return json(400, { error: 'send {"email": "...", "audience": "api://..."}' });
      try {
        return json(200, { token: this.ssoToken(asked.email, asked.audience) });
      } catch (error) {
        return json(400, { error: String(error) });
      }
    }
    return undefined;
  }

  private metadata(tenant: string, secure: boolean): StandInReply {
    // Over HTTPS it is the tab's issuer (tokens say iss = this origin); the authorize page stays on
    // plain HTTP so a browser shows no certificate warning for the throw-away certificate.
    const plain = this.options.baseUrl();
    const base = secure ? this.options.httpsUrl() : plain;
    const issuerHost = secure ? this.options.httpsUrl() : 'https://login.microsoftonline.com';
    return json(200, {
      issuer: `${issuerHost}/${TENANT_ALIASES.has(tenant) ? '{tenantid}' : tenant}/v2.0`,
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${plain}/${tenant}/oauth2/v2.0/authorize`,
      response_types_supported: ['token'],
    });
  }

  /** The implicit grant for the tab page: pick a work identity, go back to the tab with a token in the fragment. */
  private authorize(
    tenant: string,
    query: Record<string, string>,
    body: string | undefined,
  ): [number, string, string?] {
    const app = this.options.tabApps.find((a) => a.clientId === query.client_id);
    if (!app)
      return [
        400,
        authorizeErrorPage('This app is not registered with the local sign-in stand-in (unknown client_id).'),
      ];
    if (query.response_type !== 'token')
      return [400, authorizeErrorPage('The local sign-in page only supports response_type=token.')];
    const redirect = URL.canParse(query.redirect_uri ?? '') ? new URL(query.redirect_uri ?? '') : undefined;
    if (!redirect || !['http:', 'https:'].includes(redirect.protocol) || !isLoopbackUrl(redirect.href)) {
      return [
        400,
        authorizeErrorPage('The local sign-in page only sends tokens back to this machine (a localhost redirect_uri).'),
      ];
    }
    const scope = `${app.appIdUri}/access_as_user`;
    if (!(query.scope ?? '').split(' ').includes(scope))
      return [400, authorizeErrorPage(`Ask for the scope ${scope}.`)];
    const view = { tenants: DEV_TENANTS, identities: DEV_IDENTITIES };
    if (body === undefined) return [200, authorizePage(view)];
    const email = new URLSearchParams(body).get('email')?.trim() ?? '';
    if (!isEmailAddress(email))
      return [400, authorizePage({ ...view, error: `"${escapeHtml(email)}" is not an email address.` })];
    const identity = identityForEmail(email);
    if (identity.kind !== 'work') {
      return [
        400,
        authorizePage({
          ...view,
          error:
            'That is a personal Microsoft account. The Partner Link tab signs you in with your work account — the one your organization gave you.',
        }),
      ];
    }
    if (!TENANT_ALIASES.has(tenant) && tenant !== identity.tenantId) {
      return [
        400,
        authorizePage({
          ...view,
          error: 'That work account belongs to another organization than the one this app is registered in.',
        }),
      ];
    }
    const token = this.tabToken(identity.email, {}, app.clientId);
    const fragment = new URLSearchParams({
      access_token: token,
      token_type: 'Bearer',
      expires_in: String(TOKEN_LIFETIME_S),
      scope,
      state: query.state ?? '',
    });
    redirect.hash = fragment.toString();
    this.options.log(`[sign-in stand-in] tab sign-in completed as ${identity.displayName}; token sent back to the tab`);
    return [302, '', redirect.toString()];
  }

  /** The client-credentials grant (msal-node acquireTokenByClientCredential): an app-only Graph token. */
  private clientCredentials(tenant: string, body: string): StandInReply {
    const apps: AppRegistration[] = [
      ...(this.options.graphApps ?? []),
      ...this.options.tabApps.map((a) => ({ clientId: a.clientId, clientSecret: a.clientSecret })),
    ];
    const [status, payload] = clientCredentialsGrant(tenant.toLowerCase(), new URLSearchParams(body), apps, (caller) =>
      this.options.tokens.mintApp(caller),
    );
    if (status === 200) this.options.log(`[sign-in stand-in] client credentials: app token for tenant ${tenant}`);
    return json(status, payload);
  }

  /** The on-behalf-of grant as Entra's token endpoint answers msal-node: a Graph token for the assertion's person. */
  private onBehalfOf(tenant: string, body: string): StandInReply {
    const form = new URLSearchParams(body);
    const fail = (status: number, error: string, description: string) =>
      json(status, { error, error_description: description, error_codes: [], timestamp: new Date().toISOString() });
    if (form.get('grant_type') !== OBO_GRANT || form.get('requested_token_use') !== 'on_behalf_of') {
      return fail(400, 'unsupported_grant_type', 'The stand-in token endpoint implements the on-behalf-of grant only.');
    }
    const app = this.options.tabApps.find((a) => a.clientId === form.get('client_id'));
    if (!app || !sameSecret(app.clientSecret, form.get('client_secret') ?? ''))
      return fail(401, 'invalid_client', 'Invalid client id or client secret.');
    const claims = this.options.tokens.verifyJwt(form.get('assertion') ?? '');
    const identity = typeof claims?.oid === 'string' ? findIdentityById(claims.oid) : undefined;
    const tid = claims?.tid;
    const valid =
      identity?.kind === 'work' &&
      typeof tid === 'string' &&
      tid === identity.tenantId &&
      claims?.iss === `${this.options.httpsUrl()}/${tid}/v2.0` &&
      (claims.aud === app.clientId || claims.aud === app.appIdUri) &&
      typeof claims.exp === 'number' &&
      claims.exp * 1000 > Date.now();
    if (!identity || !valid)
      return fail(400, 'invalid_grant', 'The assertion is not a valid, unexpired token for this app from this issuer.');
    if (!TENANT_ALIASES.has(tenant) && tenant !== tid)
      return fail(400, 'invalid_grant', 'The assertion was issued in another tenant.');
    const scopes = (form.get('scope') ?? '').split(' ');
    const graphScope = scopes.find((s) => s.toLowerCase().startsWith(`${GRAPH_AUDIENCE}/`));
    if (!graphScope)
      return fail(400, 'invalid_scope', `Ask for a Microsoft Graph scope (${GRAPH_AUDIENCE}/User.Read).`);
    const holder = this.onBehalfOfHolder ? identityForEmail(this.onBehalfOfHolder) : identity;
    this.options.log(`[sign-in stand-in] on-behalf-of: Graph token for ${holder.displayName}`);
    return json(200, {
      token_type: 'Bearer',
      scope: graphScope,
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: this.options.tokens.mint(holder),
    });
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
