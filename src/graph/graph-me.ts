// The signed-in person as Microsoft Graph knows them, read with their own delegated token:
// `GET /v1.0/me` (optionally with $select). Application tokens cannot read /me. The answer is parsed
// here once for every caller (the link flow, the team-status token binding, the tab's header).
import { z } from 'zod';
import type { GraphClient } from './graph-client';

const meSchema = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(1000).nullish(),
  userPrincipalName: z.string().max(1000).nullish(),
  mail: z.string().max(1000).nullish(),
});
export type GraphMe = z.infer<typeof meSchema>;

/** The fields /me may be narrowed to; `id` is always among them, as the answer must name the person. */
export type MeField = 'id' | 'displayName' | 'userPrincipalName' | 'mail';

/** The token holder's /me: every default field, or only `select` (which includes `id`). */
export function readMe(userGraph: GraphClient, select?: readonly ['id', ...MeField[]]): Promise<GraphMe> {
  return userGraph.get(select ? `/v1.0/me?$select=${select.join(',')}` : '/v1.0/me', meSchema);
}

const nameSchema = z.object({ displayName: z.string().max(1000).nullish() });

/** Only the token holder's display name (`$select=displayName`); undefined when the account has none. */
export async function readMyDisplayName(userGraph: GraphClient): Promise<string | undefined> {
  const me = await userGraph.get('/v1.0/me?$select=displayName', nameSchema);
  return me.displayName ?? undefined;
}
