// Display names of a few people of the organization, read with the app's own token (graph-directory.ts,
// User.ReadBasic.All as an application permission), for the partner admins' forecast card: only the
// people it names (a handful), at most MAX_NAMES per call, AT_ONCE requests in flight. A person Graph
// cannot answer for is left out (the card says "A colleague's"); nothing is kept.
import type { AppTokenProvider } from './app-token';
import { createGraphClient, GRAPH_PATIENCE } from './graph-client';
import { readDisplayName } from './graph-directory';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names read per card at most. */
export const MAX_NAMES = 40;
/** Requests in flight at once. */
const AT_ONCE = 8;

export interface GraphDisplayNamesDeps {
  graphUrl: string;
  appTokens: AppTokenProvider | undefined;
  fetch?: typeof fetch;
}

export type DisplayNames = (tenantId: string, objectIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

export function graphDisplayNames(deps: GraphDisplayNamesDeps): DisplayNames {
  return async (tenantId, objectIds) => {
    const names = new Map<string, string>();
    const { appTokens } = deps;
    if (!appTokens || !GUID.test(tenantId)) return names;
    const ids = [...new Set(objectIds.map((id) => id.toLowerCase()))].filter((id) => GUID.test(id)).slice(0, MAX_NAMES);
    if (ids.length === 0) return names;
    try {
      const graph = createGraphClient({
        graphUrl: deps.graphUrl,
        token: await appTokens.token(tenantId),
        ...GRAPH_PATIENCE.names,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      const read = async (id: string) => {
        try {
          const name = await readDisplayName(graph, id);
          if (name) names.set(id, name);
        } catch {
          // Gone, or Graph trouble: this person stays unnamed.
        }
      };
      for (let start = 0; start < ids.length; start += AT_ONCE)
        await Promise.all(ids.slice(start, start + AT_ONCE).map(read));
    } catch {
      // No app token: nobody is named.
    }
    return names;
  };
}
