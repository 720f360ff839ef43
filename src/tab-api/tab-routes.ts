// The personal tab on the bot's server: the page and its assets (GET /tab), what the page needs to
// start (GET /api/tab/config), the person's learning state (GET /api/tab/learning) and removal
// (POST /api/tab/remove). The acting user comes only from the validated SSO token (tid + oid),
// never from a body. Every token problem is a 401 with a plain sentence; nothing here crashes.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type restify from 'restify';
import { z } from 'zod';
import type { AssociationStore } from '../associations/association-store';
import type { DateLocale } from '../cards/date-format';
import { removedText, type Notice } from '../associations/learning-card';
import type { TabConfig } from '../config';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import { jsonBody } from '../server/json-body';
import { OnBehalfOfGraph } from '../graph/graph-on-behalf-of';
import { TabAuthError, TabTokenValidator, type TabAuthProblem, type TabUser } from './tab-token-validator';
import type { TeamStatusService } from '../team-status/team-status-service';
import { registerTabCertificationRoutes } from './tab-certification-routes';
import { registerTabForecastRoutes, type TabForecastDeps } from './tab-forecast-routes';
import { registerTabTeamRoutes } from './tab-team-routes';
import { tabLearningView, type TabLearningView } from './tab-view';
import { fetchTrusting } from '../http/trusted-https';
import type { CertificationsTab } from '../certifications/certifications-tab';

export interface TabRoutesDeps {
  /** Undefined: the tab API is off (the page says so). */
  tab: TabConfig | undefined;
  store: AssociationStore;
  graphUrl: string;
  trainingUrl: string;
  /** The bot's Microsoft App ID, for the deep link to the 1:1 chat in Teams. */
  botAppId: string | undefined;
  /** "My team" for managers (tab-team-routes.ts); undefined = off. */
  teamStatus?: TeamStatusService;
  /** The skilling forecast for partner admins and managers (tab-forecast-routes.ts); undefined = off. */
  forecast?: TabForecastDeps;
  now: () => Date;
  log: Logger;
  /** The certifications part of the Learning section, and its actions (tab-certification-routes.ts). */
  certifications?: Pick<CertificationsTab, 'view' | 'refresh' | 'paste' | 'setReminders'>;
  /** After the Learning association is removed from the tab (its certifications and reminders go too). */
  onLearningRemoved?: (user: TabUser) => Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..', '..');

/** The tab's compiled modules (src/tab/*.ts, imported by tab.js); tab-wire.ts holds types only. */
const TAB_SCRIPTS = [
  'tab.js',
  'tab-api.js',
  'tab-certifications.js',
  'tab-dom.js',
  'tab-forecast.js',
  'tab-forecast-section.js',
  'tab-page.js',
  'tab-sign-in.js',
  'tab-team.js',
  'tab-team-section.js',
  'tab-theme.js',
] as const;

/** The only files /tab serves: a fixed list, no paths from the request. */
/** A Map, not an object literal: names like `constructor` or `__proto__` must not find anything. */
const ASSETS: ReadonlyMap<string, { file: () => string; type: string }> = new Map([
  ['', { file: () => path.join(ROOT, 'src', 'tab', 'public', 'index.html'), type: 'text/html; charset=utf-8' }],
  ['tab.css', { file: () => path.join(ROOT, 'src', 'tab', 'public', 'tab.css'), type: 'text/css; charset=utf-8' }],
  ...TAB_SCRIPTS.map(
    (name) =>
      [name, { file: () => path.join(ROOT, 'dist', 'tab', name), type: 'text/javascript; charset=utf-8' }] as const,
  ),
  ['teams-js.js', { file: () => require.resolve('@microsoft/teams-js'), type: 'text/javascript; charset=utf-8' }],
]);

const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.cloud.microsoft',
];

/** The tab page's Content-Security-Policy: own scripts and styles only, framed by Teams (and this machine locally). */
export function tabContentSecurityPolicy(local: boolean): string {
  const ancestors = local
    ? ["'self'", ...TEAMS_FRAME_ANCESTORS, 'http://localhost:*', 'http://127.0.0.1:*']
    : TEAMS_FRAME_ANCESTORS;
  // teams-js fetches its list of valid host origins from this CDN (and falls back to a built-in list).
  const connect = local ? "'self'" : "'self' https://res.cdn.office.net";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    `frame-ancestors ${ancestors.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

const removeBody = z
  .object({
    purpose: z.enum(['training', 'learning']),
    associationId: z.string().trim().min(1).max(100),
  })
  .strict();

const AUTH_MESSAGES: Record<TabAuthProblem, { status: number; text: () => string }> = {
  missing: { status: 401, text: () => userMessage('tab-sign-in-needed') },
  malformed: { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'malformed token' }) },
  signature: { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'signature' }) },
  issuer: { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'issuer' }) },
  audience: { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'audience' }) },
  scope: { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'scope' }) },
  client: {
    status: 401,
    text: () =>
      userMessage('tab-sign-in-refused', { reason: 'not signed in through Teams, Outlook or the Microsoft 365 app' }),
  },
  'not-yet-valid': { status: 401, text: () => userMessage('tab-sign-in-refused', { reason: 'not yet valid' }) },
  expired: { status: 401, text: () => userMessage('tab-sign-in-expired') },
  tenant: { status: 401, text: () => userMessage('tab-wrong-organization') },
  'personal-account': { status: 401, text: () => userMessage('tab-personal-account') },
  'issuer-unreachable': { status: 503, text: () => userMessage('sign-in-service-unavailable') },
};

export function registerTabRoutes(server: restify.Server, deps: TabRoutesDeps): void {
  const { tab, log } = deps;
  const local = tab?.local ?? false;
  const validator = tab ? new TabTokenValidator(tab) : undefined;
  const graph = tab ? new OnBehalfOfGraph(tab, deps.graphUrl, log) : undefined;
  const csp = tabContentSecurityPolicy(local);
  let authorizeUrl: string | undefined;

  const sendJson = (res: restify.Response, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.sendRaw(status, JSON.stringify(body), {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
  };
  const sendError = (
    res: restify.Response,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => sendJson(res, status, { error: { code, message } }, headers);

  const serveAsset = (name: string, res: restify.Response) => {
    const asset = ASSETS.get(name);
    if (!asset) return sendError(res, 404, 'not-found', 'There is no such page.');
    let body: Buffer;
    try {
      body = fs.readFileSync(asset.file());
    } catch {
      log.error({ event: 'tab.asset.missing', asset: name || 'index.html' }, 'tab asset missing: run npm run build');
      return sendError(
        res,
        503,
        'tab-not-built',
        'The tab page is not available on this server right now. Please try again later.',
      );
    }
    res.sendRaw(200, body, {
      'content-type': asset.type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
  };
  // restify wants async handlers (or callback-style ones taking next).
  server.get('/tab', async (_req, res) => Promise.resolve(serveAsset('', res)));
  server.get('/tab/:asset', async (req, res) => Promise.resolve(serveAsset(assetName(req.params), res)));

  /** The acting user, or undefined after answering 401/503. */
  const authenticate = async (
    req: restify.Request,
    res: restify.Response,
  ): Promise<{ user: TabUser; token: string } | undefined> => {
    if (!validator) {
      sendError(res, 503, 'tab-off', userMessage('tab-off'));
      return undefined;
    }
    const authorization = req.headers.authorization;
    try {
      const user = await validator.validate(authorization);
      return { user, token: (authorization ?? '').trim().slice('Bearer '.length) };
    } catch (error) {
      if (!(error instanceof TabAuthError)) throw error;
      const answer = AUTH_MESSAGES[error.problem];
      log.info({ event: 'tab.auth.refused', problem: error.problem, detail: error.detail }, 'tab request refused');
      sendError(
        res,
        answer.status,
        `token-${error.problem}`,
        answer.text(),
        answer.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
      );
      return undefined;
    }
  };

  const guarded =
    (name: string, handler: (req: restify.Request, res: restify.Response) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response) => {
      try {
        await handler(req, res);
      } catch (error) {
        const ref = randomUUID().slice(0, 8);
        log.error(
          {
            event: 'tab.error',
            route: name,
            ref,
            err: { name: (error as Error)?.name, message: String((error as Error)?.message ?? error).slice(0, 300) },
          },
          'tab request failed',
        );
        if (!res.headersSent) sendError(res, 500, 'internal', userMessage('internal', { ref }));
      }
    };

  const learningView = async (
    user: TabUser,
    token: string,
    notice: Notice | null,
    dates: DateLocale,
  ): Promise<TabLearningView> => {
    const [associations, profile, certifications] = await Promise.all([
      deps.store.list(user),
      graph ? graph.me(token, user.tenantId) : undefined,
      deps.certifications ? deps.certifications.view(user, dates) : null,
    ]);
    return {
      ...tabLearningView(
        associations,
        deps.trainingUrl,
        profile?.ok ? { displayName: profile.profile.displayName } : null,
        notice,
        dates,
      ),
      certifications,
    };
  };

  server.get(
    '/api/tab/config',
    guarded('config', async (_req, res) => {
      if (!tab) return sendJson(res, 200, { enabled: false, message: userMessage('tab-off') });
      let localSignIn: { authorizeUrl: string; clientId: string; scope: string } | null = null;
      if (tab.local && tab.appIdUri) {
        authorizeUrl ??= await discoverAuthorizeUrl(tab).catch((error: unknown) => {
          log.warn(
            { event: 'tab.local-sign-in.unavailable', err: String(error).slice(0, 200) },
            'could not read the local issuer metadata',
          );
          return undefined;
        });
        if (authorizeUrl)
          localSignIn = { authorizeUrl, clientId: tab.clientId, scope: `${tab.appIdUri}/access_as_user` };
      }
      sendJson(res, 200, {
        enabled: true,
        local: tab.local,
        localSignIn,
        chat: {
          teamsDeepLink: deps.botAppId
            ? `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(deps.botAppId)}`
            : null,
          localChatUrl: tab.local ? (tab.localChatUrl ?? null) : null,
        },
        text: {
          notInTeams: userMessage('tab-not-in-teams'),
          linkInTeams: userMessage('tab-link-in-teams'),
          linkLocally: userMessage('tab-link-locally'),
        },
      });
    }),
  );

  server.get(
    '/api/tab/learning',
    guarded('learning', async (req, res) => {
      const acting = await authenticate(req, res);
      if (!acting) return;
      sendJson(res, 200, await learningView(acting.user, acting.token, null, pageDateLocale(req)));
    }),
  );

  server.post(
    '/api/tab/remove',
    jsonBody(16 * 1024),
    guarded('remove', async (req, res) => {
      const acting = await authenticate(req, res);
      if (!acting) return;
      const parsed = removeBody.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'bad-request', userMessage('tab-bad-request'));
      const { purpose, associationId } = parsed.data;
      const outcome = await deps.store.remove(acting.user, purpose, associationId, deps.now());
      log.info({ event: 'tab.remove', purpose, outcome: outcome.kind }, 'remove from the tab');
      if (outcome.kind === 'removed' && purpose === 'learning') await deps.onLearningRemoved?.(acting.user);
      const notice: Notice =
        outcome.kind === 'removed'
          ? { tone: 'good', text: removedText(purpose) }
          : { tone: 'warning', text: userMessage(outcome.kind === 'stale' ? 'tab-stale' : 'already-removed') };
      sendJson(res, 200, {
        outcome: outcome.kind,
        ...(await learningView(acting.user, acting.token, notice, pageDateLocale(req))),
      });
    }),
  );

  registerTabCertificationRoutes(server, {
    certifications: deps.certifications,
    authenticate,
    learningView: (user, token, notice, req) => learningView(user, token, notice, pageDateLocale(req)),
    sendJson,
    sendError,
    guarded,
  });
  registerTabTeamRoutes(server, { service: deps.teamStatus, graph, authenticate, sendJson, sendError, guarded });
  registerTabForecastRoutes(server, {
    team: deps.teamStatus,
    forecast: deps.forecast,
    graph,
    authenticate,
    sendJson,
    sendError,
    guarded,
    dates: pageDateLocale,
    now: deps.now,
    log,
  });
}

/** The page's locale and time zone (`?locale=&timeZone=`), checked by date-format.ts before any use. */
function pageDateLocale(req: restify.Request): DateLocale {
  const query = new URL(req.url ?? '/', 'http://tab').searchParams;
  return { locale: query.get('locale') ?? undefined, timeZone: query.get('timeZone') ?? undefined };
}

function assetName(params: unknown): string {
  const asset = (params as { asset?: unknown } | undefined)?.asset;
  return typeof asset === 'string' ? asset : 'none';
}

/** Local mode: the page's sign-in URL, read from the local issuer's OpenID metadata (as any OIDC client would). */
async function discoverAuthorizeUrl(tab: TabConfig): Promise<string> {
  const url = `${tab.authorityHost}/${tab.tenantId ?? 'organizations'}/v2.0/.well-known/openid-configuration`;
  const response = await (tab.authorityCa ? fetchTrusting(tab.authorityCa)(url) : fetch(url));
  const metadata = (await response.json()) as { authorization_endpoint?: unknown };
  if (!response.ok || typeof metadata.authorization_endpoint !== 'string')
    throw new Error(`no authorization_endpoint (HTTP ${response.status})`);
  return metadata.authorization_endpoint;
}
