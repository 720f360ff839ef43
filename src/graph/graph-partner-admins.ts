// The organization's partner admins, read with the app's own token (no person's sign-in is needed
// to send them a card, or to check the one who presses its button): the user members of
// PARTNER_ADMIN_GROUP_ID, directly or through nested groups (graph-directory.ts), at most MAX_PAGES
// pages. Needs the application permission GroupMember.Read.All. No group or no app registration
// configured: nobody.
import type { PartnerAdminDirectory } from '../certifications/credit-approvals';
import type { AppTokenProvider } from './app-token';
import { createGraphClient, GRAPH_PATIENCE } from './graph-client';
import { groupUserIds } from './graph-directory';

const MAX_PAGES = 10;

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
    const graph = createGraphClient({
      graphUrl: deps.graphUrl,
      token: await appTokens.token(tenantId),
      ...GRAPH_PATIENCE.admins,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return groupUserIds(graph, groupId, MAX_PAGES);
  };
  return {
    configured: appTokens !== undefined && groupId !== undefined,
    list,
    isAdmin: async (tenantId, objectId) => (await list(tenantId)).includes(objectId.toLowerCase()),
  };
}
