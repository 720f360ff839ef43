// Who signed in: read from Microsoft Graph `/v1.0/me` with the token the token service gave us.
// The tenant comes from the token's `tid` claim when the token is a JWT. Graph has just accepted
// the token, so reading the claim without verifying the signature is safe here; the token itself is
// never stored or logged. What kind of account it is, is decided by account-checks.ts from these
// facts, positively: a token we cannot read (opaque, encrypted) proves nothing either way.
import { z } from 'zod';

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

const graphMe = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(1000).nullish(),
  userPrincipalName: z.string().max(1000).nullish(),
  mail: z.string().max(1000).nullish(),
});

/** The payload of a JWT, or null when the token is not one. No signature check (see header). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function readSignedInAccount(graphUrl: string, token: string, timeoutMs = 10_000): Promise<SignedInAccount> {
  let response: Response;
  try {
    response = await fetch(`${graphUrl}/v1.0/me`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new IdentityUnavailableError(error instanceof Error ? error.message : 'network error');
  }
  if (!response.ok) throw new IdentityUnavailableError(`HTTP ${response.status}`);
  const parsed = graphMe.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new IdentityUnavailableError('unexpected response shape');
  const me = parsed.data;
  const tid = jwtClaims(token)?.tid;
  // A `tid` that is not a string is still a tid: kept as text, so no check mistakes it for "none".
  const tenantId = tid === undefined || tid === null ? null : typeof tid === 'string' ? tid : JSON.stringify(tid);
  const displayName = me.displayName?.trim();
  return { tenantId, objectId: me.id, displayName: displayName ? displayName : null, email: me.mail ?? me.userPrincipalName ?? null };
}
