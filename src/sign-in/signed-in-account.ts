// Who signed in: read from Microsoft Graph `/v1.0/me` with the token the token service gave us.
// The tenant comes from the token's `tid` claim when the token is a JWT. Graph has just accepted
// the token, so reading the claim without verifying the signature is safe here; the token itself is
// never stored or logged. What kind of account it is, is decided by account-checks.ts from these
// facts, positively: a token we cannot read (opaque, encrypted) proves nothing either way.
import { createGraphClient, GRAPH_PATIENCE, GraphCallError } from '../graph/graph-client';
import { readMe, type GraphMe } from '../graph/graph-me';

export interface SignedInAccount {
  /**
   * The token's `tid` claim, as text; null when the token carries none (opaque or encrypted tokens,
   * JWTs without `tid`).
   */
  tenantId: string | null;
  /** Graph `id`: the Entra object id (a GUID) for work accounts, the MSA id (hex) for personal ones. */
  objectId: string;
  /** Graph `displayName`; null when the account has none. */
  displayName: string | null;
  /** `mail` or `userPrincipalName`; kept in memory only to mask it. */
  email: string | null;
}

export class IdentityUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`Microsoft Graph /me failed: ${reason}`);
    this.name = 'IdentityUnavailableError';
  }
}

/** The payload of a JWT, or null when the token is not one. No signature check (see header). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The person the token belongs to: Graph's /me (one try; the person is told to try again) and the token's `tid`. */
export async function readSignedInAccount(
  graphUrl: string,
  token: string,
  timeoutMs: number = GRAPH_PATIENCE.once.timeoutMs,
): Promise<SignedInAccount> {
  let me: GraphMe;
  try {
    me = await readMe(createGraphClient({ graphUrl, token, ...GRAPH_PATIENCE.once, timeoutMs }));
  } catch (error) {
    if (!(error instanceof GraphCallError)) throw error;
    throw new IdentityUnavailableError(error.status ? `${error.reason} (HTTP ${error.status})` : error.reason);
  }
  const tid = jwtClaims(token)?.tid;
  // A `tid` that is not a string is still a tid: kept as text, so no check mistakes it for "none".
  const tenantId = tid === undefined || tid === null ? null : typeof tid === 'string' ? tid : JSON.stringify(tid);
  const displayName = me.displayName?.trim();
  return {
    tenantId,
    objectId: me.id,
    displayName: displayName ? displayName : null,
    email: me.mail ?? me.userPrincipalName ?? null,
  };
}
