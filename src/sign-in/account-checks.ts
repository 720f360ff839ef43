// The account rules as pure checks: is the account that signed in the kind we asked for, and
// (for the work account) is it the person and the organization Teams says this chat belongs to?
// Both kinds are identified positively; anything that is not clearly the kind asked for is refused.
// The first guarantee is the personal connection itself: it signs in through the `consumers`
// endpoint, which cannot issue work tokens (deploymentTemplates/azuredeploy.json). These checks are
// the consistency check on top:
//  - work: the token's `tid` is a GUID other than the consumer tenant, and Graph's `id` is a GUID;
//  - personal: the token has no `tid` or the consumer tenant's, and Graph's `id` is an MSA id —
//    opaque hex of up to 16 digits, in either case, sometimes without its leading zeros.
import { canonicalMsaId, maskEmail } from '../associations/rules';
import { CONSUMER_TENANT_ID, type PersonalAccount, type WorkUser } from '../associations/model';
import type { UserMessageCode } from '../errors';
import type { SignedInAccount } from './signed-in-account';

export type Check<T> = { ok: true; value: T } | { ok: false; code: UserMessageCode };

/** What Teams tells us about the person chatting (trusted: the request passed channel authentication). */
export interface TeamsUser {
  tenantId: string;
  /** `from.aadObjectId`; Teams sends it in 1:1 chats, other clients may not. */
  aadObjectId?: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MSA_ID = /^[0-9a-f]{1,16}$/i;

export function isWorkAccount(account: SignedInAccount): boolean {
  const tid = account.tenantId;
  return tid !== null && GUID.test(tid) && tid.toLowerCase() !== CONSUMER_TENANT_ID && GUID.test(account.objectId);
}

export function isPersonalAccount(account: SignedInAccount): boolean {
  const tid = account.tenantId;
  return (tid === null || tid.toLowerCase() === CONSUMER_TENANT_ID) && MSA_ID.test(account.objectId);
}

export function checkWorkAccount(account: SignedInAccount, teams: TeamsUser): Check<WorkUser> {
  if (!isWorkAccount(account) || account.tenantId === null) return { ok: false, code: 'work-expected-got-personal' };
  if (account.tenantId.toLowerCase() !== teams.tenantId.toLowerCase())
    return { ok: false, code: 'work-tenant-mismatch' };
  if (teams.aadObjectId && account.objectId.toLowerCase() !== teams.aadObjectId.toLowerCase()) {
    return { ok: false, code: 'work-user-mismatch' };
  }
  const displayName = account.displayName ?? account.email ?? 'Unknown';
  return {
    ok: true,
    value: { tenantId: teams.tenantId.toLowerCase(), objectId: account.objectId.toLowerCase(), displayName },
  };
}

export function checkPersonalAccount(account: SignedInAccount): Check<PersonalAccount> {
  if (!isPersonalAccount(account)) return { ok: false, code: 'personal-expected-got-work' };
  const maskedEmail = maskEmail(account.email ?? '');
  // Never the full address: without a display name (or with an address as one) the masked one stands in.
  const name = account.displayName;
  const displayName = name === null || name.includes('@') ? maskedEmail : name;
  return { ok: true, value: { accountId: canonicalMsaId(account.objectId), displayName, maskedEmail } };
}
