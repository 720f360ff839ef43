// The rows of the Azure CertificationStore besides each person's link row, all in the tenant's
// partition of table CertificationLinks so that one entity-group transaction can change them with
// the link rows they go with:
//  - `t|<transcript key>`: the claim on a transcript (one person per organization). Created with
//    createEntity in the same transaction as the holder's link row, so a second claimer's
//    transaction fails with 409 and, read again, finds it taken. A claim is live only while its
//    holder's link row carries that transcript key; a claim left over from a crash is taken over.
//    Released claims are emptied in a transaction (conditional), then deleted.
//  - `d|<seq>|<rand>`: a partner admin's decision (audit entry), written with the decision itself;
//    each carries its end date (365 days) and is purged after it.
import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import {
  DECISION_RETENTION_DAYS,
  type Decision,
  type DecisionEntry,
  type PersonKey,
} from '../../certifications/certification-store';
import { isConcurrencyConflict, isNotFound, odata, tableKey } from './table-errors';

export const CLAIM_PREFIX = 't|';
export const DECISION_PREFIX = 'd|';
const DAY_MS = 24 * 60 * 60 * 1000;

export const claimRow = (transcriptKey: string) => `${CLAIM_PREFIX}${transcriptKey}`;

export type ClaimEntity = {
  /** The holder's object id; '' once released. */
  holderObject: string;
};

export type DecisionEntity = {
  at: string;
  tenantId: string;
  /** '' once erased. */
  subjectObjectId: string;
  adminObjectId: string;
  decision: Decision;
  expiresAt: string;
};

type Stored<T> = T & { partitionKey: string; rowKey: string; etag: string };

export async function point<T extends object>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<Stored<T> | undefined> {
  try {
    return (await table.getEntity<T>(partitionKey, rowKey)) as Stored<T>;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Submits one entity-group transaction; false when someone changed a row first (409/412/404). */
export async function commit(table: TableClient, actions: TransactionAction[]): Promise<boolean> {
  try {
    await table.submitTransaction(actions);
    return true;
  } catch (error) {
    if (isConcurrencyConflict(error) || isNotFound(error)) return false;
    throw error;
  }
}

/** `person` takes the claim on `key`: created, or written over a claim read as `existing` (stale or released). */
export function takeClaim(
  person: PersonKey,
  key: string,
  existing: Stored<ClaimEntity> | undefined,
): TransactionAction {
  const entity = { partitionKey: tableKey(person.tenantId), rowKey: claimRow(key), holderObject: person.objectId };
  return existing ? ['update', entity, 'Replace', { etag: existing.etag }] : ['create', entity];
}

/** Empties a claim if it is still as read. */
export function releaseClaim(claim: Stored<ClaimEntity>): TransactionAction {
  return [
    'update',
    { partitionKey: claim.partitionKey, rowKey: claim.rowKey, holderObject: '' },
    'Replace',
    { etag: claim.etag },
  ];
}

/** Deletes released claims that nobody took meanwhile (best effort: a left-over empty claim holds nothing). */
export async function deleteReleased(
  table: TableClient,
  partitionKey: string,
  rowKeys: readonly string[],
): Promise<void> {
  for (const rowKey of rowKeys) {
    const claim = await point<ClaimEntity>(table, partitionKey, rowKey);
    if (claim && claim.holderObject === '')
      await table.deleteEntity(partitionKey, rowKey, { etag: claim.etag }).catch(() => undefined);
  }
}

/** The decision's audit row (a create action for the subject's tenant partition). */
export function decisionRow(
  subject: PersonKey,
  decision: Decision,
  adminObjectId: string,
  now: Date,
): TransactionAction {
  const seq = String(now.getTime() * 1000 + Math.floor(Math.random() * 1000)).padStart(17, '0');
  const entity: DecisionEntity & { partitionKey: string; rowKey: string } = {
    partitionKey: tableKey(subject.tenantId),
    rowKey: `${DECISION_PREFIX}${seq}|${randomBytes(4).toString('hex')}`,
    at: now.toISOString(),
    tenantId: subject.tenantId,
    subjectObjectId: subject.objectId,
    adminObjectId,
    decision,
    expiresAt: new Date(now.getTime() + DECISION_RETENTION_DAYS * DAY_MS).toISOString(),
  };
  return ['create', entity];
}

async function decisionRows(table: TableClient, tenantId: string): Promise<Stored<DecisionEntity>[]> {
  const filter = odata`PartitionKey eq ${tableKey(tenantId)} and RowKey ge ${DECISION_PREFIX} and RowKey lt ${'d}'}`;
  const rows: Stored<DecisionEntity>[] = [];
  for await (const row of table.listEntities<DecisionEntity>({ queryOptions: { filter } }))
    rows.push(row as Stored<DecisionEntity>);
  return rows;
}

/** The organization's decisions still within their retention, oldest first; expired ones are deleted. */
export async function listDecisions(table: TableClient, tenantId: string, now: Date): Promise<DecisionEntry[]> {
  const entries: DecisionEntry[] = [];
  for (const row of await decisionRows(table, tenantId)) {
    if (row.expiresAt <= now.toISOString()) {
      await table.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag }).catch(() => undefined);
      continue;
    }
    entries.push({
      at: new Date(row.at),
      tenantId: row.tenantId,
      subjectObjectId: row.subjectObjectId || null,
      adminObjectId: row.adminObjectId || null,
      decision: row.decision,
    });
  }
  return entries;
}

/** "Delete my data": the person's object id is erased from every decision of their organization. */
export async function eraseDecisions(table: TableClient, person: PersonKey, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const rows = (await decisionRows(table, person.tenantId)).filter(
      (row) => row.subjectObjectId === person.objectId || row.adminObjectId === person.objectId,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const erased: DecisionEntity = {
        at: row.at,
        tenantId: row.tenantId,
        subjectObjectId: row.subjectObjectId === person.objectId ? '' : row.subjectObjectId,
        adminObjectId: row.adminObjectId === person.objectId ? '' : row.adminObjectId,
        decision: row.decision,
        expiresAt: row.expiresAt,
      };
      await table
        .updateEntity({ partitionKey: row.partitionKey, rowKey: row.rowKey, ...erased }, 'Replace', { etag: row.etag })
        .catch((error: unknown) => {
          if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
        });
    }
  }
  await listDecisions(table, person.tenantId, now);
}
