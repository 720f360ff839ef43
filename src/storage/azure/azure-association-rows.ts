// The rows of the Azure association store (one table, `Associations`) and how they map to the
// domain. Personal account ids never appear in a key: claims are keyed by the keyed hash that the
// audit log uses (storage/audit-retention.ts), work accounts go through tableKey().
//
//  partition `u|<tenant|object>` (one per work account):
//    `a|training`, `a|learning`  the purpose's slot: empty, claiming (a link in flight) or active
//    `m|<pendingId>`             a pending Learning move waiting for confirmation
//    `z|<seq>|<rand>`            the person's audit entries, in the order written
//  partition `d|<tenant>|<person key>`: `z|<seq>|<rand>` = the dated records of the person's deletions
//                              (the work account only as its keyed hash), each kept 365 days
//  partition `c|<tenant>|<account key>`: `claim` = who in this organization holds the account for training
//  partition `l|<account key>`: `claim` = who holds the Learning account (any organization), and
//    `s|<seq>|<rand>` = each Learning association start, kept (without anything readable) for 365 days
import { randomBytes } from 'node:crypto';
import type { Association, AuditEntry, Purpose, WorkUser } from '../../associations/model';
import { tableKey } from './table-errors';

export type UserKey = Pick<WorkUser, 'tenantId' | 'objectId'>;

export const CLAIM_ROW = 'claim';
export const PENDING_PREFIX = 'm|';
export const AUDIT_PREFIX = 'z|';
export const START_PREFIX = 's|';

export const userPartition = (user: UserKey): string => `u|${tableKey(user.tenantId, user.objectId)}`;
/** The records of a person's deletions: under the keyed hash of their work account (storage/pseudonyms.ts), never its ids. */
export const deletionPartition = (tenantId: string, personKey: string): string =>
  `d|${tableKey(tenantId)}|${personKey}`;
export const slotRow = (purpose: Purpose): string => `a|${purpose}`;
/** The pending move's row; undefined for an id no pending move can have (card data is outside input). */
export function pendingRow(pendingId: string): string | undefined {
  return pendingId.length > 0 && pendingId.length <= 100 ? `${PENDING_PREFIX}${tableKey(pendingId)}` : undefined;
}
export const claimPartition = (purpose: Purpose, tenantId: string, accountKey: string): string =>
  purpose === 'learning' ? `l|${accountKey}` : `c|${tableKey(tenantId)}|${accountKey}`;

export type SlotEntity = {
  state: 'empty' | 'claiming' | 'active';
  id?: string;
  purpose?: Purpose;
  accountId?: string;
  accountKey?: string;
  displayName?: string;
  maskedEmail?: string;
  /** Keyed hash of the full personal address (absent for associations made before it was kept). */
  emailKey?: string;
  linkedAt?: string;
  workDisplayName?: string;
  /** Wall-clock ms when a claiming slot was reserved: after the lease, a stuck reservation is undone. */
  reservedAt?: number;
};

export type ClaimEntity = {
  purpose: Purpose;
  /** Empty when nobody holds the account (released). */
  holderTenant: string;
  holderObject: string;
  holderId: string;
  /** A committed link or move whose other steps may not have run yet (rolled forward by anyone). */
  opOpen: boolean;
  opAction?: 'link' | 'move-in';
  fromTenant?: string;
  fromObject?: string;
  fromId?: string;
  /** The start row written with this commit (removed again if the link is undone). */
  startRow?: string;
};

export type StartEntity = {
  at: string;
  expiresAt: string;
};

export type PendingEntity = {
  accountId: string;
  displayName: string;
  maskedEmail: string;
  emailKey?: string;
  expiresAt: string;
};

export type AuditEntity = {
  seq: number;
  at: string;
  tenantId: string;
  workObjectId: string;
  action: AuditEntry['action'];
  purpose?: Purpose;
  accountKey?: string;
  maskedEmail?: string;
  /** Only rows that outlive their person carry an end date (the record of a deletion). */
  expiresAt?: string;
};

export type Stored<T> = T & { partitionKey: string; rowKey: string; etag: string };

let lastSeq = 0;
/** Increasing within a process, roughly ordered across processes (microseconds of wall clock). */
export function nextSeq(): number {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}

/** A row key that sorts in write order and never collides across instances. */
export function orderedRow(prefix: string, seq = nextSeq()): string {
  return `${prefix}${String(seq).padStart(17, '0')}|${randomBytes(4).toString('hex')}`;
}

export function toAssociation(user: UserKey, slot: SlotEntity): Association {
  return {
    id: slot.id ?? '',
    tenantId: user.tenantId,
    workObjectId: user.objectId,
    purpose: slot.purpose ?? 'training',
    personal: {
      accountId: slot.accountId ?? '',
      displayName: slot.displayName ?? '',
      maskedEmail: slot.maskedEmail ?? '',
      ...(slot.emailKey ? { emailKey: slot.emailKey } : {}),
    },
    linkedAt: new Date(slot.linkedAt ?? 0),
  };
}

export function toAuditEntry(row: AuditEntity): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at),
    tenantId: row.tenantId,
    workObjectId: row.workObjectId,
    action: row.action,
    purpose: row.purpose ?? null,
    personalMaskedEmail: row.maskedEmail ?? null,
  };
}

/** An audit row for `user` (a create action for a transaction in the user's partition). */
export function auditRow(
  user: UserKey,
  now: Date,
  action: AuditEntry['action'],
  detail: { purpose?: Purpose; accountKey?: string; maskedEmail?: string; expiresAt?: Date } = {},
): AuditEntity & { partitionKey: string; rowKey: string } {
  const seq = nextSeq();
  return {
    partitionKey: userPartition(user),
    rowKey: orderedRow(AUDIT_PREFIX, seq),
    seq,
    at: now.toISOString(),
    tenantId: user.tenantId,
    workObjectId: user.objectId,
    action,
    ...(detail.purpose ? { purpose: detail.purpose } : {}),
    ...(detail.accountKey ? { accountKey: detail.accountKey } : {}),
    ...(detail.maskedEmail ? { maskedEmail: detail.maskedEmail } : {}),
    ...(detail.expiresAt ? { expiresAt: detail.expiresAt.toISOString() } : {}),
  };
}

/** The dated record of a deletion, in the person's deletion partition, naming them by key only. */
export function deletionRow(
  tenantId: string,
  personKey: string,
  at: Date,
  expiresAt: Date,
  seq = nextSeq(),
): AuditEntity & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: deletionPartition(tenantId, personKey),
    rowKey: orderedRow(AUDIT_PREFIX, seq),
    seq,
    at: at.toISOString(),
    tenantId,
    workObjectId: personKey,
    action: 'delete-data',
    expiresAt: expiresAt.toISOString(),
  };
}

/** The slot row with only what an empty slot keeps (nothing readable). */
export function emptySlot(user: UserKey, purpose: Purpose): SlotEntity & { partitionKey: string; rowKey: string } {
  return { partitionKey: userPartition(user), rowKey: slotRow(purpose), state: 'empty' };
}
