// Every delegated Graph token team status uses is bound to the person asking: whatever hands it over
// (the token service after an SSO exchange, the sign-in card or a typed code; the tab's on-behalf-of
// grant), `GET /v1.0/me` with that token must name the same tenant and the same object id as the
// person Teams (or the tab's validated SSO token) says is asking. The same checks as the link flow
// (account-checks.ts), so the same sentences. Only the verified id is used afterwards: it is
// the root of the roster, the viewer in the audit entry and the owner of a reminder batch.
import type { UserMessageCode } from '../errors';
import { checkWorkAccount } from './account-checks';
import { jwtClaims, type SignedInAccount } from './signed-in-account';
import type { GraphClient } from '../graph/graph-client';
import { readMe } from '../graph/graph-me';

export interface Viewer {
  tenantId: string;
  oid: string;
}

/** Who holds `token`, as Graph says (`id`) and as the token says (`tid`). No name or address is kept. */
async function tokenHolder(userGraph: GraphClient, token: string): Promise<SignedInAccount> {
  const me = await readMe(userGraph, ['id', 'displayName']);
  const tid = jwtClaims(token)?.tid;
  // A `tid` that is not a string is still a tid: kept as text, so it can never pass for "none".
  const tenantId = tid === undefined || tid === null ? null : typeof tid === 'string' ? tid : JSON.stringify(tid);
  return { tenantId, objectId: me.id, displayName: me.displayName?.trim() || null, email: null };
}

/** The link flow's refusals, said for team status (nothing was saved there; here nothing was shown). */
const TEAM_SENTENCE: Partial<Record<UserMessageCode, UserMessageCode>> = {
  'work-user-mismatch': 'team-wrong-work-account',
  'work-tenant-mismatch': 'team-wrong-organization',
  'work-expected-got-personal': 'team-personal-account',
};

export type Binding = { ok: true; viewer: Viewer } | { ok: false; code: UserMessageCode };

/**
 * The viewer as verified through the token: same tenant and same object id as `asking`, else the
 * link flow's refusal code. Graph failures propagate (the caller says "couldn't read", not "no").
 */
export async function bindTokenToViewer(userGraph: GraphClient, token: string, asking: Viewer): Promise<Binding> {
  if (!asking.oid) return { ok: false, code: 'team-wrong-work-account' };
  const account = await tokenHolder(userGraph, token);
  const check = checkWorkAccount(account, { tenantId: asking.tenantId, aadObjectId: asking.oid });
  if (!check.ok) return { ok: false, code: TEAM_SENTENCE[check.code] ?? 'team-wrong-work-account' };
  return { ok: true, viewer: { tenantId: check.value.tenantId, oid: check.value.objectId } };
}
