// The organization's partner admins, read with the app's own token (no person's sign-in is needed
// to send them a card, or to check the one who presses its button): the user members of
// PARTNER_ADMIN_GROUP_ID, directly or through nested groups,
//   GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user?$select=id&$top=100
// following nextLinks on the Graph origin, at most MAX_PAGES pages. Needs the application
// permission GroupMember.Read.All. No group or no app registration configured: nobody.
import { z } from 'zod';
import type { PartnerAdminDirectory } from '../certifications/credit-approvals';
import type { AppTokenProvider } from './app-token';
import { createGraphClient } from './graph-client';

const MAX_PAGES = 10;
const membersPage = z.object({
  value: z.array(z.object({ id: z.string().max(100) })).max(1000),
  '@odata.nextLink': z.string().max(8000).optional(),
});

export interface GraphPartnerAdminsDeps {
  graphUrl: string;
  appTokens: AppTokenProvider | undefined;
  groupId: string | undefined;
  fetch?: typeof fetch;
}

export function graphPartnerAdmins(deps: GraphPartnerAdminsDeps): PartnerAdminDirectory {
  const { appTokens, groupId } = deps;
  const list = async (tenantId: string): Promise<string[]> => {
    if (!appTokens || !groupId) return [];
    const graph = createGraphClient({ graphUrl: deps.graphUrl, token: await appTokens.token(tenantId), maxRetries: 2, maxRetryAfterMs: 5_000, timeoutMs: 10_000, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    const ids = new Set<string>();
    let next: string | undefined = `/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=100`;
    for (let pages = 0; next !== undefined && pages < MAX_PAGES; pages++) {
      const page: z.infer<typeof membersPage> = await graph.get(next, membersPage);
      for (const member of page.value) ids.add(member.id.toLowerCase());
      next = page['@odata.nextLink'];
    }
    return [...ids];
  };
  return {
    configured: appTokens !== undefined && groupId !== undefined,
    list,
    isAdmin: async (tenantId, objectId) => (await list(tenantId)).includes(objectId.toLowerCase()),
  };
}
