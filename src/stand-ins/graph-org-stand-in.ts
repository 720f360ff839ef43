// Microsoft Graph's organization endpoints for the local stand-in, as a pure request handler the Graph
// stand-in delegates to (it resolves the caller from the bearer token first):
//  - GET  /v1.0/me/directReports, /v1.0/users/{id}/directReports: users and orgContacts, paged with
//    @odata.nextLink carrying a $skiptoken; $top is honoured up to 100 (Graph's default page);
//  - GET  /v1.0/teams/{group-id}/members: aadUserConversationMember with roles (owner / guest);
//    (`nextLinkLoops` makes every list's last page link back to its first, as a broken Graph might);
//  - POST /v1.0/me/checkMemberObjects: which of the given group ids the caller belongs to, transitively;
//  - GET  /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user (app token): the group's users,
//    through nested groups, each once, paged as directReports are;
//  - POST /v1.0/users/{id}/teamwork/installedApps (app token, `teamsApp@odata.bind`): 201, or 409
//    when the app is installed for them already;
//  - GET  /v1.0/users/{id}: one user of the caller's tenant, or 404 once `deleteUser` removed them
//    (a person who left the organization).
// The organization is generated from a seed, so every run has the same people and ids: Adele Vance's
// four real reports (dev-identities) with generated people under them, several levels deep, some
// guests, external members, disabled accounts and contacts, and ONE cycle deep down (Adele's manager
// is one of her own deep reports). `generateOrg({ size: 10_000 })` makes a big one for benchmarks.
import { createHash } from 'node:crypto';
import { CONTOSO, DEV_IDENTITIES, type DevIdentity } from './dev-identities';

export interface OrgUser {
  kind: 'user';
  id: string;
  tenantId: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  managerId: string | null;
}

export interface OrgContact {
  kind: 'contact';
  id: string;
  tenantId: string;
  displayName: string;
  mail: string;
  managerId: string;
}

export type OrgEntry = OrgUser | OrgContact;

export interface OrgTeam {
  id: string;
  tenantId: string;
  displayName: string;
  members: { userId: string; roles: ('owner' | 'guest')[] }[];
}

export interface Org {
  entries: Map<string, OrgEntry>;
  /** manager id -> ids of direct reports, in Graph's (stable) order. */
  reports: Map<string, string[]>;
  /** group id -> member ids (users or groups: nesting is allowed). */
  groups: Map<string, string[]>;
  teams: Map<string, OrgTeam>;
  /** user id -> Teams app ids installed for them through Graph (POST users/{id}/teamwork/installedApps). */
  installedApps?: Map<string, Set<string>>;
  /** Told when an app is installed for a person (a test lets the Teams channel stand-in open their 1:1 then). */
  onAppInstalled?: (userId: string, teamsAppId: string) => void;
  /** Graph misbehaving, for tests: the last page of every list links back to the first page. */
  nextLinkLoops?: boolean;
}

export type GraphCaller =
  { kind: 'user'; objectId: string; tenantId: string } | { kind: 'app'; appId: string; tenantId: string };

export interface GraphOrgRequest {
  method: string;
  /** Path with its query string, as received (e.g. `/v1.0/me/directReports?$top=5`). */
  path: string;
  body?: unknown;
  caller: GraphCaller;
}

export type GraphOrgResponse = [status: number, body: unknown];

export interface OrgOptions {
  seed?: number;
  /** Generated members below Adele's four real reports (guests, contacts come on top). */
  size?: number;
  /** Reports per generated manager: a complete tree, so depth grows with log(size). */
  branching?: number;
}

export const ADELE_ID = DEV_IDENTITIES.find((i) => i.givenName === 'Adele' && i.kind === 'work')?.objectId ?? '';
const PATTI_ID = DEV_IDENTITIES.find((i) => i.givenName === 'Patti' && i.kind === 'work')?.objectId ?? '';
/** The Entra group PARTNER_ADMIN_GROUP_ID points at locally. Patti is in it through a nested group. */
export const DEV_PARTNER_ADMIN_GROUP_ID = 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e01';
export const DEV_PARTNER_ADMIN_NESTED_GROUP_ID = 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e02';
/**
 * A team (its aadGroupId) owned by Adele and Megan, with Alex, Lee, Nestor, Patti, generated people and
 * a guest: the Agents Playground's team (.m365agentsplayground.yml names the same id and name).
 */
export const DEV_TEAM_ID = 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e10';
export const DEV_TEAM_NAME = 'Contoso Partner Practice';

export const GRAPH_PAGE_SIZE = 100;
const FIRST = [
  'Avery',
  'Blake',
  'Casey',
  'Dana',
  'Emery',
  'Finley',
  'Gray',
  'Harper',
  'Indigo',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noel',
  'Oakley',
  'Parker',
  'Quinn',
  'Riley',
  'Sage',
  'Taylor',
];
const LAST = [
  'Abbott',
  'Baker',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quispe',
  'Rossi',
  'Schmidt',
  'Tanaka',
];

/** Deterministic object id from the seed and a label (UUID v4 layout). */
export function seededId(seed: number, label: string): string {
  const h = createHash('sha256').update(`graph-org:${seed}:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function fromIdentity(identity: DevIdentity): OrgUser {
  return {
    kind: 'user',
    id: identity.objectId,
    tenantId: identity.tenantId,
    displayName: identity.displayName,
    userPrincipalName: identity.email,
    mail: identity.email,
    userType: 'Member',
    accountEnabled: true,
    managerId: identity.managerId,
  };
}

export function generateOrg(options: OrgOptions = {}): Org {
  const seed = options.seed ?? 9;
  const size = Math.max(0, Math.floor(options.size ?? 320));
  const branching = Math.max(2, Math.floor(options.branching ?? 4));
  const org: Org = { entries: new Map(), reports: new Map(), groups: new Map(), teams: new Map() };
  const add = (entry: OrgEntry) => {
    org.entries.set(entry.id, entry);
    if (entry.managerId) org.reports.set(entry.managerId, [...(org.reports.get(entry.managerId) ?? []), entry.id]);
  };
  for (const identity of DEV_IDENTITIES) if (identity.kind === 'work') add(fromIdentity(identity));
  // A complete `branching`-ary tree under Adele: her real reports first, then generated members.
  const tree = (org.reports.get(ADELE_ID) ?? []).slice();
  const firstGenerated = tree.length;
  const domain = CONTOSO.domain;
  for (let i = 0; i < size; i++) {
    const position = firstGenerated + i;
    const managerId = tree[Math.floor((position - firstGenerated) / branching)] ?? ADELE_ID;
    const first = FIRST[i % FIRST.length] ?? 'Sam';
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Doe';
    const name = `${first} ${last} ${i + 1}`;
    const upn = `${first}.${last}.${i + 1}@${domain}`.toLowerCase();
    const user: OrgUser = {
      kind: 'user',
      id: seededId(seed, `member:${i}`),
      tenantId: CONTOSO.id,
      displayName: name,
      userPrincipalName: upn,
      mail: upn,
      userType: 'Member',
      accountEnabled: i % 53 !== 52,
      managerId,
    };
    add(user);
    tree.push(user.id);
    // Leaves that a team view must leave out: guests, external members, contacts.
    if (i % 23 === 5) {
      const guestUpn = `guest${i}_fabrikam.example#EXT#@${domain}`;
      add({
        kind: 'user',
        id: seededId(seed, `guest:${i}`),
        tenantId: CONTOSO.id,
        displayName: `Guest ${last} ${i}`,
        userPrincipalName: guestUpn,
        mail: `guest${i}@fabrikam.example`,
        userType: 'Guest',
        accountEnabled: true,
        managerId,
      });
    }
    if (i % 37 === 11) {
      const externalUpn = `partner${i}_northwind.example#EXT#@${domain}`;
      add({
        kind: 'user',
        id: seededId(seed, `external:${i}`),
        tenantId: CONTOSO.id,
        displayName: `External ${first} ${i}`,
        userPrincipalName: externalUpn,
        mail: null,
        userType: 'Member',
        accountEnabled: true,
        managerId,
      });
    }
    if (i % 41 === 7)
      add({
        kind: 'contact',
        id: seededId(seed, `contact:${i}`),
        tenantId: CONTOSO.id,
        displayName: `Supplier ${last}`,
        mail: `contact${i}@supplier.example`,
        managerId,
      });
  }
  // The one cycle: Adele's manager is the deepest generated member, so her chain comes back to her.
  const deepest = size > 0 ? tree[tree.length - 1] : undefined;
  const adele = org.entries.get(ADELE_ID);
  if (deepest && adele?.kind === 'user') {
    adele.managerId = deepest;
    org.reports.set(deepest, [...(org.reports.get(deepest) ?? []), ADELE_ID]);
  }
  org.groups.set(DEV_PARTNER_ADMIN_NESTED_GROUP_ID, [PATTI_ID]);
  org.groups.set(DEV_PARTNER_ADMIN_GROUP_ID, [DEV_PARTNER_ADMIN_NESTED_GROUP_ID]);
  const reportIds = org.reports.get(ADELE_ID) ?? [];
  const teamMembers: OrgTeam['members'] = [
    { userId: ADELE_ID, roles: ['owner'] },
    ...reportIds
      .filter((id) => id !== ADELE_ID)
      .slice(0, 4)
      .map((userId, index) => ({ userId, roles: index === 1 ? ['owner' as const] : [] })),
    { userId: PATTI_ID, roles: [] },
    ...tree.slice(firstGenerated, firstGenerated + 150).map((userId) => ({ userId, roles: [] })),
  ];
  const guest = [...org.entries.values()].find((e) => e.kind === 'user' && e.userType === 'Guest');
  if (guest) teamMembers.push({ userId: guest.id, roles: ['guest'] });
  org.teams.set(DEV_TEAM_ID, {
    id: DEV_TEAM_ID,
    tenantId: CONTOSO.id,
    displayName: DEV_TEAM_NAME,
    members: teamMembers,
  });
  return org;
}

function graphError(status: number, code: string, message: string): GraphOrgResponse {
  return [status, { error: { code, message } }];
}

function encodeSkipToken(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64url');
}

function decodeSkipToken(token: string, list: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { l?: unknown; o?: unknown };
    return value.l === list && typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0
      ? value.o
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of a list; `build` turns an id into its JSON. Graph keeps $select/$top on the nextLink.
 * `loops`: the last page's nextLink leads back to the first page (a hostile or broken Graph).
 */
function page(
  url: URL,
  list: string,
  ids: readonly string[],
  build: (id: string) => unknown,
  loops = false,
): GraphOrgResponse {
  const topParam = url.searchParams.get('$top');
  const top = topParam === null ? GRAPH_PAGE_SIZE : Number(topParam);
  if (!Number.isInteger(top) || top < 1 || top > 999)
    return graphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${topParam ?? ''}'. Must be between 1 and 999 inclusive.`,
    );
  const size = Math.min(top, GRAPH_PAGE_SIZE);
  const skip = url.searchParams.get('$skiptoken');
  const offset = skip === null ? 0 : decodeSkipToken(skip, list);
  if (offset === undefined) return graphError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
  const value = ids.slice(offset, offset + size).map(build);
  const body: Record<string, unknown> = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
    value,
  };
  if (offset + size < ids.length) {
    const next = new URL(url.toString());
    next.searchParams.set('$skiptoken', encodeSkipToken(list, offset + size));
    body['@odata.nextLink'] = next.toString();
  } else if (loops) {
    const first = new URL(url.toString());
    first.searchParams.delete('$skiptoken');
    body['@odata.nextLink'] = first.toString();
  }
  return [200, body];
}

function directoryObject(entry: OrgEntry, select: string[] | null): Record<string, unknown> {
  const full: Record<string, unknown> =
    entry.kind === 'user'
      ? {
          id: entry.id,
          displayName: entry.displayName,
          userPrincipalName: entry.userPrincipalName,
          mail: entry.mail,
          userType: entry.userType,
          accountEnabled: entry.accountEnabled,
          givenName: null,
          surname: null,
          jobTitle: null,
        }
      : { id: entry.id, displayName: entry.displayName, mail: entry.mail, companyName: 'Supplier' };
  const shown = select ? Object.fromEntries(Object.entries(full).filter(([key]) => select.includes(key))) : full;
  return { '@odata.type': entry.kind === 'user' ? '#microsoft.graph.user' : '#microsoft.graph.orgContact', ...shown };
}

function isMember(org: Org, groupId: string, userId: string, seen = new Set<string>()): boolean {
  if (seen.has(groupId)) return false;
  seen.add(groupId);
  return (org.groups.get(groupId) ?? []).some(
    (id) => id === userId || (org.groups.has(id) && isMember(org, id, userId, seen)),
  );
}

/** Every user in a group and its nested groups (cycle-safe), in membership order. */
function transitiveUsers(org: Org, groupId: string, seen = new Set<string>()): string[] {
  if (seen.has(groupId)) return [];
  seen.add(groupId);
  return (org.groups.get(groupId) ?? []).flatMap((id) =>
    org.groups.has(id) ? transitiveUsers(org, id, seen) : org.entries.get(id)?.kind === 'user' ? [id] : [],
  );
}

/**
 * Answers one Graph request against `org` as `caller`, in Graph's wire format. `base` is the origin
 * the nextLinks point at (the stand-in's own URL). A path it does not serve gives undefined, so the
 * Graph stand-in falls through to its own routes (`/v1.0/me`, `/v1.0/me/manager`).
 */
export function handleGraphOrgRequest(org: Org, base: string, request: GraphOrgRequest): GraphOrgResponse | undefined {
  const url = new URL(request.path, base);
  const path = url.pathname;
  const { caller } = request;
  const select =
    url.searchParams
      .get('$select')
      ?.split(',')
      .map((s) => s.trim()) ?? null;
  const reportsOf = (managerId: string): GraphOrgResponse => {
    const manager = org.entries.get(managerId);
    if (!manager || manager.tenantId !== caller.tenantId)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${managerId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const ids = org.reports.get(managerId) ?? [];
    return page(
      url,
      `reports:${managerId}`,
      ids,
      (id) => directoryObject(org.entries.get(id) as OrgEntry, select),
      org.nextLinkLoops,
    );
  };
  if (request.method === 'GET' && path === '/v1.0/me/directReports') {
    if (caller.kind !== 'user')
      return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    return reportsOf(caller.objectId);
  }
  const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
  if (request.method === 'POST' && install) {
    if (caller.kind !== 'app')
      return graphError(
        403,
        'Forbidden',
        'Installing the app for a user needs the application permission TeamsAppInstallation.ReadWriteSelfForUser.All.',
      );
    const target = org.entries.get(decodeURIComponent(install[1] ?? '').toLowerCase());
    if (!target || target.kind !== 'user' || target.tenantId !== caller.tenantId)
      return graphError(404, 'NotFound', 'User not found.');
    const bind = (request.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
    const appId =
      typeof bind === 'string'
        ? /\/v1\.0\/appCatalogs\/teamsApps\/([0-9a-f-]{36})$/i.exec(bind)?.[1]?.toLowerCase()
        : undefined;
    if (!appId)
      return graphError(
        400,
        'BadRequest',
        'teamsApp@odata.bind must name an app of the catalogue: https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.',
      );
    org.installedApps ??= new Map();
    const installed = org.installedApps.get(target.id) ?? new Set<string>();
    if (installed.has(appId)) return graphError(409, 'Conflict', 'App is already installed for this user.');
    org.installedApps.set(target.id, installed.add(appId));
    org.onAppInstalled?.(target.id, appId);
    return [201, undefined];
  }
  const user = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && user) {
    const entry = org.entries.get(decodeURIComponent(user[1] ?? '').toLowerCase());
    if (!entry || entry.kind !== 'user' || entry.tenantId !== caller.tenantId)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${user[1] ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return [200, directoryObject(entry, select)];
  }
  const users = /^\/v1\.0\/users\/([^/]+)\/directReports$/.exec(path);
  if (request.method === 'GET' && users) return reportsOf(decodeURIComponent(users[1] ?? ''));
  const teams = /^\/v1\.0\/teams\/([^/]+)\/members$/.exec(path);
  if (request.method === 'GET' && teams) {
    const team = org.teams.get(decodeURIComponent(teams[1] ?? ''));
    if (!team || team.tenantId !== caller.tenantId) return graphError(404, 'NotFound', 'No team found with Group Id');
    if (caller.kind === 'user' && !team.members.some((m) => m.userId === caller.objectId))
      return graphError(403, 'Forbidden', 'The caller is not a member of the team.');
    const byId = new Map(team.members.map((m) => [m.userId, m.roles]));
    return page(
      url,
      `team:${team.id}`,
      team.members.map((m) => m.userId),
      (userId) => {
        const user = org.entries.get(userId);
        return {
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          id: Buffer.from(`${team.id}##${userId}`).toString('base64url'),
          roles: byId.get(userId) ?? [],
          displayName: user?.displayName ?? null,
          visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
          userId,
          email: user?.mail ?? null,
          tenantId: team.tenantId,
        };
      },
      org.nextLinkLoops,
    );
  }
  const groupUsers = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(path);
  if (request.method === 'GET' && groupUsers) {
    if (caller.kind !== 'app')
      return graphError(
        403,
        'Authorization_RequestDenied',
        "Reading a group's members here needs GroupMember.Read.All (application).",
      );
    const groupId = decodeURIComponent(groupUsers[1] ?? '').toLowerCase();
    if (!org.groups.has(groupId))
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${groupId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const users = [...new Set(transitiveUsers(org, groupId))].filter(
      (id) => org.entries.get(id)?.tenantId === caller.tenantId,
    );
    return page(
      url,
      `group:${groupId}`,
      users,
      (id) => directoryObject(org.entries.get(id) as OrgEntry, select),
      org.nextLinkLoops,
    );
  }
  if (request.method === 'POST' && path === '/v1.0/me/checkMemberObjects') {
    if (caller.kind !== 'user')
      return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    const ids = (request.body as { ids?: unknown } | undefined)?.ids;
    if (!Array.isArray(ids) || ids.length > 20 || !ids.every((id) => typeof id === 'string')) {
      return graphError(400, 'Request_BadRequest', 'Provide between 1 and 20 ids in "ids".');
    }
    return [
      200,
      {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
        value: ids.filter((id) => isMember(org, id, caller.objectId)),
      },
    ];
  }
  return undefined;
}

/** The person leaves the organization: deleted from the directory, their manager's reports, teams and groups. */
export function deleteUser(org: Org, userId: string): void {
  org.entries.delete(userId);
  for (const [manager, ids] of org.reports)
    org.reports.set(
      manager,
      ids.filter((id) => id !== userId),
    );
  for (const [group, ids] of org.groups)
    org.groups.set(
      group,
      ids.filter((id) => id !== userId),
    );
  for (const team of org.teams.values()) team.members = team.members.filter((m) => m.userId !== userId);
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
}

/**
 * Entra's token endpoint for the client-credentials grant, as msal-node's
 * acquireTokenByClientCredential calls it: `POST {authority}/oauth2/v2.0/token` with client_id,
 * client_secret, scope `https://graph.microsoft.com/.default` and grant_type client_credentials.
 * `mint` makes the access token for the app caller (the Graph stand-in then resolves it back).
 */
export function clientCredentialsGrant(
  tenant: string,
  form: URLSearchParams,
  apps: readonly AppRegistration[],
  mint: (caller: Extract<GraphCaller, { kind: 'app' }>) => string,
): GraphOrgResponse {
  const fail = (status: number, error: string, description: string): GraphOrgResponse => [
    status,
    { error, error_description: description },
  ];
  if (form.get('grant_type') !== 'client_credentials')
    return fail(400, 'unsupported_grant_type', 'Only client_credentials here.');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant))
    return fail(
      400,
      'invalid_request',
      'The client-credentials grant needs a tenant id in the authority, not common or organizations.',
    );
  const app = apps.find((a) => a.clientId === form.get('client_id'));
  if (!app || app.clientSecret !== form.get('client_secret'))
    return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
  const scope = form.get('scope') ?? '';
  if (!scope.split(' ').includes('https://graph.microsoft.com/.default'))
    return fail(
      400,
      'invalid_scope',
      'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
    );
  const accessToken = mint({ kind: 'app', appId: app.clientId, tenantId: tenant });
  return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken }];
}
