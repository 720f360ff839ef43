// Microsoft Graph as the bot and the tab read it, for tokens the stand-in issued (anything else is
// 401 InvalidAuthenticationToken, as Graph answers): `/v1.0/me` and its manager; with an
// organization (graph-org-stand-in.ts) the org paths — directReports paged, users/{id}/directReports,
// teams/{id}/members, POST me/checkMemberObjects, users/{id}, POST users/{id}/teamwork/installedApps,
// groups/{id}/transitiveMembers/microsoft.graph.user — answered for the caller the token names, a person
// (delegated token) or the app itself (client-credentials token, {kind:'app'}). Without one, the
// dev identities' direct reports on one page.
import { DEV_IDENTITIES, findIdentityById, type DevIdentity } from './dev-identities';
import { handleGraphOrgRequest, type GraphCaller, type Org } from './graph-org-stand-in';
import { json, parseJson, type StandInReply, type StandInRequest, type StandInService } from './stand-in-http';
import type { TokenMinter } from './token-minter';

const ORG_PATH =
  /^\/v1\.0\/(me\/directReports|me\/checkMemberObjects|users\/[^/]+|users\/[^/]+\/directReports|users\/[^/]+\/teamwork\/installedApps|teams\/[^/]+\/members|groups\/[^/]+\/transitiveMembers\/microsoft\.graph\.user)$/;

export class GraphStandIn implements StandInService {
  constructor(
    private readonly tokens: TokenMinter,
    private readonly org?: Org,
    private readonly baseUrl: () => string = () => 'http://127.0.0.1',
  ) {}

  handle(request: StandInRequest): StandInReply | undefined {
    const isOrgPath = ORG_PATH.test(request.path);
    if (!isOrgPath && (request.method !== 'GET' || !request.path.startsWith('/v1.0/me'))) return undefined;
    const auth = request.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const issued = this.tokens.holder(bearer);
    const app = issued ? undefined : this.tokens.appHolder(bearer);
    if (!issued && !app)
      return json(401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty, expired or unknown.' },
      });
    if (this.org && isOrgPath) {
      const caller: GraphCaller = issued
        ? { kind: 'user', objectId: issued.identity.objectId, tenantId: issued.identity.tenantId }
        : { kind: 'app', appId: app?.appId ?? '', tenantId: app?.tenantId ?? '' };
      const search = new URLSearchParams(request.query).toString();
      const answer = handleGraphOrgRequest(this.org, this.baseUrl(), {
        method: request.method,
        path: `${request.path}${search ? `?${search}` : ''}`,
        body: request.method === 'POST' ? parseJson(request.body) : undefined,
        caller,
      });
      if (answer) return json(answer[0], answer[1]);
    }
    if (!issued)
      return json(400, {
        error: { code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' },
      });
    if (request.method !== 'GET')
      return json(405, {
        error: { code: 'Request_BadRequest', message: `${request.method} is not supported on ${request.path}` },
      });
    const me = issued.identity;
    if (request.path === '/v1.0/me') return json(200, graphUser(me));
    if (request.path === '/v1.0/me/manager') {
      const manager = me.managerId ? findIdentityById(me.managerId) : undefined;
      return manager
        ? json(200, graphUser(manager))
        : json(404, { error: { code: 'Request_ResourceNotFound', message: "Resource 'manager' does not exist." } });
    }
    if (request.path === '/v1.0/me/directReports')
      return json(200, { value: DEV_IDENTITIES.filter((i) => i.managerId === me.objectId).map(graphUser) });
    return json(404, { error: { code: 'Request_ResourceNotFound', message: `No ${request.path}` } });
  }
}

function graphUser(identity: DevIdentity) {
  return {
    id: identity.objectId,
    // Graph leaves out names the account never set.
    ...(identity.noDisplayName
      ? {}
      : { displayName: identity.displayName, givenName: identity.givenName, surname: identity.surname }),
    userPrincipalName: identity.email,
    mail: identity.kind === 'work' ? identity.email : null,
    jobTitle: identity.jobTitle,
  };
}
