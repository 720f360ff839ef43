// Microsoft Graph as the bot and the tab read it: `/v1.0/me`, its manager and direct reports, for
// tokens the stand-in issued (anything else is 401 InvalidAuthenticationToken, as Graph answers).
import { DEV_IDENTITIES, findIdentityById, type DevIdentity } from './dev-identities';
import { json, type StandInReply, type StandInRequest, type StandInService } from './stand-in-http';
import type { TokenMinter } from './token-minter';

export class GraphStandIn implements StandInService {
  constructor(private readonly tokens: TokenMinter) {}

  handle(request: StandInRequest): StandInReply | undefined {
    if (request.method !== 'GET' || !request.path.startsWith('/v1.0/me')) return undefined;
    const auth = request.authorization;
    const issued = this.tokens.holder(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    if (!issued) return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty, expired or unknown.' } });
    const me = issued.identity;
    if (request.path === '/v1.0/me') return json(200, graphUser(me));
    if (request.path === '/v1.0/me/manager') {
      const manager = me.managerId ? findIdentityById(me.managerId) : undefined;
      return manager ? json(200, graphUser(manager)) : json(404, { error: { code: 'Request_ResourceNotFound', message: "Resource 'manager' does not exist." } });
    }
    if (request.path === '/v1.0/me/directReports') return json(200, { value: DEV_IDENTITIES.filter((i) => i.managerId === me.objectId).map(graphUser) });
    return json(404, { error: { code: 'Request_ResourceNotFound', message: `No ${request.path}` } });
  }
}

function graphUser(identity: DevIdentity) {
  return {
    id: identity.objectId,
    // Graph leaves out names the account never set.
    ...(identity.noDisplayName ? {} : { displayName: identity.displayName, givenName: identity.givenName, surname: identity.surname }),
    userPrincipalName: identity.email,
    mail: identity.kind === 'work' ? identity.email : null,
    jobTitle: identity.jobTitle,
  };
}
