// Reads of the organization's directory through Microsoft Graph, each answer parsed and bounded here;
// what they mean (a roster, an access decision, a partner admin) is the callers' business.
//  - direct reports:   GET /v1.0/me/directReports, /v1.0/users/{id}/directReports (users and contacts);
//  - a team's members: GET /v1.0/teams/{id}/members (the app's token, TeamMember.Read.Group);
//  - group membership: POST /v1.0/me/checkMemberObjects (transitive, the person's own token);
//  - a group's users:  GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user (nested groups too);
//  - one user:         GET /v1.0/users/{id}?$select=id (present, or 404 when deleted);
//  - one user's name:  GET /v1.0/users/{id}?$select=id,displayName (the app's token, User.ReadBasic.All).
// Lists follow @odata.nextLink through graph-pages.ts: each link once, a page cap, no page of repeats.
import { z } from 'zod';
import type { GraphClient } from './graph-client';
import { listPages } from './graph-pages';

const directoryObject = z.object({
  '@odata.type': z.string().max(200).optional(),
  id: z.string().min(1).max(100),
  displayName: z.string().max(1000).nullish(),
  userPrincipalName: z.string().max(1000).nullish(),
  userType: z.string().max(50).nullish(),
  accountEnabled: z.boolean().nullish(),
  // `mail` may be asked for ($select) to tell users from contacts; it is never kept.
});
export type DirectoryObject = z.infer<typeof directoryObject>;
const reportsPage = z.object({
  value: z.array(directoryObject).max(1000),
  '@odata.nextLink': z.string().max(8000).optional(),
});

export interface ReportsQuery {
  /** The $select list. */
  select: string;
  /** The $top asked (Graph pages directReports at 100 whatever larger is asked). */
  top: number;
  /** At most this many pages, whatever the server sends. */
  maxPages: number;
}

/** Every raw page of one person's direct reports; `managerId` 'me' reads the token's own. */
export function directReportPages(
  graph: GraphClient,
  managerId: string,
  query: ReportsQuery,
): AsyncGenerator<DirectoryObject[]> {
  const base = managerId === 'me' ? '/me/directReports' : `/users/${encodeURIComponent(managerId)}/directReports`;
  return listPages(
    graph,
    `/v1.0${base}?$select=${query.select}&$top=${query.top}`,
    reportsPage,
    query.maxPages,
    (object) => object.id,
  );
}

const teamMember = z.object({
  '@odata.type': z.string().max(200).optional(),
  userId: z.string().max(100).nullish(),
  displayName: z.string().max(1000).nullish(),
  roles: z.array(z.string().max(50)).max(10).default([]),
  // `email` comes with the member; it is not read.
});
export type TeamMember = z.infer<typeof teamMember>;
const membersPage = z.object({
  value: z.array(teamMember).max(1000),
  '@odata.nextLink': z.string().max(8000).optional(),
});

const MAX_MEMBER_PAGES = 200;

/** A team's members, page by page (the app's token). */
export function teamMemberPages(appGraph: GraphClient, teamId: string): AsyncGenerator<TeamMember[]> {
  return listPages(
    appGraph,
    `/v1.0/teams/${encodeURIComponent(teamId)}/members`,
    membersPage,
    MAX_MEMBER_PAGES,
    (member) => member.userId ?? undefined,
  );
}

const memberObjects = z.object({ value: z.array(z.string().max(100)).max(20) });

/** Which of `ids` (groups, at most 20) the token's person belongs to, directly or through nested groups. */
export async function checkMemberObjects(userGraph: GraphClient, ids: readonly string[]): Promise<string[]> {
  const body = await userGraph.post('/v1.0/me/checkMemberObjects', { ids }, memberObjects);
  return body.value;
}

const groupUsersPage = z.object({
  value: z.array(z.object({ id: z.string().max(100) })).max(1000),
  '@odata.nextLink': z.string().max(8000).optional(),
});

/** The object ids (lower case, each once) of a group's users, nested groups included; at most `maxPages` pages. */
export async function groupUserIds(appGraph: GraphClient, groupId: string, maxPages: number): Promise<string[]> {
  const ids = new Set<string>();
  const first = `/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=100`;
  for await (const users of listPages(appGraph, first, groupUsersPage, maxPages, (user) => user.id)) {
    for (const user of users) ids.add(user.id.toLowerCase());
  }
  return [...ids];
}

const userId = z.object({ id: z.string() });

/** Resolves when the user exists in the token's tenant; a deleted one is GraphCallError 'not-found'. */
export async function readUserId(appGraph: GraphClient, objectId: string): Promise<string> {
  return (await appGraph.get(`/v1.0/users/${encodeURIComponent(objectId)}?$select=id`, userId)).id;
}

const userName = z.object({ id: z.string().max(100), displayName: z.string().max(1000).nullish() });

/** The user's display name, trimmed; undefined when they have none. A deleted one is GraphCallError 'not-found'. */
export async function readDisplayName(appGraph: GraphClient, objectId: string): Promise<string | undefined> {
  const user = await appGraph.get(`/v1.0/users/${encodeURIComponent(objectId)}?$select=id,displayName`, userName);
  return user.displayName?.trim() || undefined;
}
