// Who may see a roster's per-person detail, decided on the server for every request, page and
// button press. The decision is a pure function of facts; the facts come from Graph only when they
// are needed. The rule: per-person detail (and with it Remind and the export) is only for the people
// the viewer manages, directly or down the chain (Graph directReports with their own token), or for
// a partner admin (`POST /me/checkMemberObjects { ids: [PARTNER_ADMIN_GROUP_ID] }` with the person's
// own token; transitive, so nested groups count, and the group is never read whole). Owning or
// belonging to a team grants nothing beyond the team's counts in its channel: anyone can create a
// team and add colleagues to it without asking them. So a team's 1:1 view is either the whole team
// (partner admin) or only the team's members the viewer manages (`manager-of-members`).
// A Graph failure is not a "no": it propagates, and the caller refuses with "couldn't check".
import { GraphCallError, type GraphClient } from '../graph/graph-client';
import { checkMemberObjects, teamMemberPages } from '../graph/graph-directory';
import type { RosterPage } from './graph-roster';
import type { RosterPerson, TeamScope } from './model';

export type AccessDecision =
  | { allowed: 'manager-of-roster' | 'manager-of-members' | 'partner-admin' }
  | { allowed: 'denied'; reason: 'not-their-roster' | 'other-tenant' };

export interface AccessFacts {
  scope: TeamScope;
  viewerOid: string;
  viewerTenant: string;
  /** Tenant of the roster (the conversation's tenant for a team, the viewer's own for reports). */
  rosterTenant: string;
  /** direct/org: whose reports. */
  rootOid?: string;
  partnerAdmin?: boolean;
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The decision itself, pure: an unknown fact (undefined) is never a yes. */
export function decideTeamAccess(facts: AccessFacts): AccessDecision {
  if (!same(facts.viewerTenant, facts.rosterTenant)) return { allowed: 'denied', reason: 'other-tenant' };
  if (facts.scope !== 'team' && same(facts.rootOid, facts.viewerOid)) return { allowed: 'manager-of-roster' };
  if (facts.partnerAdmin === true) return { allowed: 'partner-admin' };
  // A team's view without the partner-admin fact is never the whole team: only the people one manages.
  return facts.scope === 'team' ? { allowed: 'manager-of-members' } : { allowed: 'denied', reason: 'not-their-roster' };
}

export interface AccessChecks {
  /** Is the person whose token this is a partner admin? (their own token) */
  partnerAdmin(): Promise<boolean>;
}

export interface AccessRequest {
  scope: TeamScope;
  viewerOid: string;
  viewerTenant: string;
  rosterTenant: string;
  rootOid?: string;
}

/** Gathers only the facts the decision needs, in order of cost, then decides. */
export async function authorizeTeamView(request: AccessRequest, checks: AccessChecks): Promise<AccessDecision> {
  const base: AccessFacts = {
    scope: request.scope,
    viewerOid: request.viewerOid,
    viewerTenant: request.viewerTenant,
    rosterTenant: request.rosterTenant,
    ...(request.rootOid ? { rootOid: request.rootOid } : {}),
  };
  const first = decideTeamAccess(base);
  // One's own reports need no further fact; another tenant is refused whatever the roles.
  if (first.allowed === 'manager-of-roster' || (first.allowed === 'denied' && first.reason === 'other-tenant'))
    return first;
  return decideTeamAccess({ ...base, partnerAdmin: await checks.partnerAdmin() });
}

/**
 * Graph answers 404 for the team's members: no team has this id (its Entra group id, aadGroupId) in
 * the tenant. Asking again does not change that, unlike Graph being down.
 */
export class TeamNotFoundError extends Error {
  constructor(readonly teamId: string) {
    super('Microsoft Graph knows no team with this id');
    this.name = 'TeamNotFoundError';
  }
}

/** The team's members as a roster (scope `team`), guests left out. */
export async function* teamMemberRosterPages(appGraph: GraphClient, teamId: string): AsyncGenerator<RosterPage> {
  for await (const members of knownTeam(teamMemberPages(appGraph, teamId), teamId)) {
    const people: RosterPerson[] = [];
    let guests = 0;
    let nonUsers = 0;
    for (const member of members) {
      if (
        !member.userId ||
        (member['@odata.type'] && member['@odata.type'] !== '#microsoft.graph.aadUserConversationMember')
      )
        nonUsers++;
      else if (member.roles.some((role) => role.toLowerCase() === 'guest')) guests++;
      else people.push({ id: member.userId, displayName: member.displayName?.trim() || '(no name)' });
    }
    yield { people, skipped: { guests, disabled: 0, nonUsers } };
  }
}

/** The pages, with Graph's 404 for the first one said as what it means: no such team. */
async function* knownTeam<T>(pages: AsyncGenerator<T>, teamId: string): AsyncGenerator<T> {
  let first = true;
  try {
    for await (const page of pages) {
      first = false;
      yield page;
    }
  } catch (error) {
    if (first && error instanceof GraphCallError && error.reason === 'not-found') throw new TeamNotFoundError(teamId);
    throw error;
  }
}

/** Partner admin: a transitive member of the configured group. No group configured = nobody. */
export async function isPartnerAdmin(userGraph: GraphClient, groupId: string | undefined): Promise<boolean> {
  if (!groupId) return false;
  return (await checkMemberObjects(userGraph, [groupId])).some((id) => same(id, groupId));
}

/** The AccessChecks the bot uses: the person's own token for the partner-admin group. */
export function graphAccessChecks(userGraph: GraphClient, partnerAdminGroupId: string | undefined): AccessChecks {
  return { partnerAdmin: () => isPartnerAdmin(userGraph, partnerAdminGroupId) };
}
