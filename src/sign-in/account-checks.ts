// DESIGN.md rules 1–3 as pure checks: is the account that signed in the kind we asked for, and
// (for the work account) is it the person and the organization Teams says this chat belongs to?
import { maskEmail } from '../associations/rules';
import type { PersonalAccount, WorkUser } from '../associations/model';
import type { UserMessageCode } from '../errors';
import type { SignedInAccount } from './signed-in-account';

export type Check<T> = { ok: true; value: T } | { ok: false; code: UserMessageCode };

/** What Teams tells us about the person chatting (trusted: the request passed channel authentication). */
export interface TeamsUser {
  tenantId: string;
  /** `from.aadObjectId`; Teams sends it in 1:1 chats, other clients may not. */
  aadObjectId?: string | undefined;
}

export function checkWorkAccount(account: SignedInAccount, teams: TeamsUser): Check<WorkUser> {
  if (account.kind !== 'work' || account.tenantId === null) return { ok: false, code: 'work-expected-got-personal' };
  if (account.tenantId.toLowerCase() !== teams.tenantId.toLowerCase()) return { ok: false, code: 'work-tenant-mismatch' };
  if (teams.aadObjectId && account.objectId.toLowerCase() !== teams.aadObjectId.toLowerCase()) {
    return { ok: false, code: 'work-user-mismatch' };
  }
  return { ok: true, value: { tenantId: teams.tenantId.toLowerCase(), objectId: account.objectId.toLowerCase(), displayName: account.displayName } };
}

export function checkPersonalAccount(account: SignedInAccount): Check<PersonalAccount> {
  if (account.kind !== 'personal') return { ok: false, code: 'personal-expected-got-work' };
  return {
    ok: true,
    value: { accountId: account.objectId, displayName: account.displayName, maskedEmail: maskEmail(account.email ?? '') },
  };
}
