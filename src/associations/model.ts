// The domain vocabulary of Partner Link: who a person is at work, which personal Microsoft account
// they linked, and for what. Shared by the store, the sign-in flow and the cards.

/** What a personal Microsoft account is associated for. */
export type Purpose = 'training' | 'learning';
export const PURPOSES: readonly Purpose[] = ['training', 'learning'];

/** The personal Microsoft account's consumer tenant: every MSA token carries this `tid`. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** A person inside a partner organization, keyed by Entra tenant id + object id. */
export interface WorkUser {
  tenantId: string;
  objectId: string;
  displayName: string;
}

/** What the bot keeps of a personal Microsoft account: identity, never access. */
export interface PersonalAccount {
  /** Graph `id` of the MSA (stable). */
  accountId: string;
  displayName: string;
  /** e.g. `j***@outlook.com`; the full address is never stored. */
  maskedEmail: string;
  /**
   * The full address (trimmed, lower case) as a keyed hash (storage/identity-keys.ts), taken when
   * the account is associated: a transcript counts as email-matched only when its contact email
   * hashes to it. Absent for associations made before addresses were compared.
   */
  emailKey?: string;
}

export interface Association {
  /** Opaque id; cards carry it so a stale card can be told from a current one. */
  id: string;
  tenantId: string;
  workObjectId: string;
  purpose: Purpose;
  personal: PersonalAccount;
  linkedAt: Date;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  tenantId: string;
  workObjectId: string;
  action: 'link' | 'move-in' | 'move-out' | 'remove' | 'delete-data';
  purpose: Purpose | null;
  personalMaskedEmail: string | null;
}
