// A person's partition in the Azure association store: reading it, their pending move, "delete my
// data", and forgetting expired audit data. What is kept mirrors storage/audit-retention.ts: a person's audit entries live in their own
// partition and go with "delete my data"; the record of a deletion carries an end date and names
// the person by the keyed hash of their work account only (its own partition); the
// Learning starts the 365-day rule counts are kept apart, under the account's keyed hash with
// nothing readable, and end 365 days after they happened.
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import {
  AUDIT_PREFIX,
  PENDING_PREFIX,
  deletionRow,
  pendingRow,
  type PendingEntity,
  emptySlot,
  userPartition,
  type AuditEntity,
  type SlotEntity,
  type Stored,
  type UserKey,
} from './azure-association-rows';
import { ignoreConflict } from './azure-association-claims';
import { isConcurrencyConflict, isNotFound, odata } from './table-errors';

export type Row = TableEntityResult<Record<string, unknown>> & { partitionKey: string; rowKey: string; etag: string };

/** Every row of one person's partition (slots, pending moves, audit entries), in key order. */
export function userRows(table: TableClient, user: UserKey): Promise<Row[]> {
  return partitionRows(table, userPartition(user));
}

/** Every row of one partition, in key order. */
export async function partitionRows(table: TableClient, partitionKey: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>({
    queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` },
  })) {
    rows.push(row as Row);
  }
  return rows;
}

/** Deletes every row whose end date has come (audit records of deletions, Learning starts). */
export async function purgeAzureAudit(table: TableClient, now: Date): Promise<number> {
  let purged = 0;
  const expired = table.listEntities<Record<string, unknown>>({
    queryOptions: { filter: odata`expiresAt le ${now.toISOString()}`, select: ['PartitionKey', 'RowKey'] },
  });
  for await (const row of expired) {
    const { partitionKey, rowKey, etag } = row as Row;
    const gone = await table.deleteEntity(partitionKey, rowKey, { etag }).then(
      () => true,
      (error: unknown) => {
        ignoreConflict(error);
        return false;
      },
    );
    if (gone) purged++;
  }
  return purged;
}

/**
 * Earlier records of a deletion that name the work account (written by releases before deletion
 * records were keyed) are copied, with the same end date, under the person's key, so the erasure
 * that follows can delete them from the person's partition.
 */
export async function keyEarlierDeletions(table: TableClient, user: UserKey, personKey: string): Promise<void> {
  for (const row of await userRows(table, user)) {
    const audit = row as unknown as AuditEntity;
    if (!row.rowKey.startsWith(AUDIT_PREFIX) || audit.action !== 'delete-data' || !audit.expiresAt) continue;
    const copy = deletionRow(audit.tenantId, personKey, new Date(audit.at), new Date(audit.expiresAt), audit.seq);
    await table.createEntity({ ...copy, rowKey: row.rowKey }).catch(ignoreConflict);
  }
}

/**
 * "Delete my data" within the person's partition: their slots are emptied (only if unchanged since
 * read), their pending moves and audit entries deleted. One transaction up to 99 rows (a longer
 * history goes in several, each whole). undefined when someone changed the partition meanwhile.
 * The dated record of the deletion is written by the caller, under the person's key.
 */
export async function eraseUserRows(
  table: TableClient,
  user: UserKey,
): Promise<{ removed: number; released: Stored<SlotEntity>[] } | undefined> {
  const rows = await userRows(table, user);
  const held = (rows.filter((row) => row.rowKey.startsWith('a|')) as unknown as Stored<SlotEntity>[]).filter(
    (slot) => slot.state !== 'empty',
  );
  const doomed = rows.filter((row) => row.rowKey.startsWith(PENDING_PREFIX) || row.rowKey.startsWith(AUDIT_PREFIX));
  const actions: TransactionAction[] = [
    ...held.map((slot): TransactionAction => [
      'update',
      emptySlot(user, slot.purpose ?? 'training'),
      'Replace',
      { etag: slot.etag },
    ]),
    ...doomed.map((row): TransactionAction => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]),
  ];
  try {
    for (let i = 0; i < actions.length; i += 99) await table.submitTransaction(actions.slice(i, i + 99));
  } catch (error) {
    if (isConcurrencyConflict(error) || isNotFound(error)) return undefined;
    throw error;
  }
  return { removed: held.filter((slot) => slot.state === 'active').length, released: held };
}

/** One pending move per person: earlier ones are deleted in the same transaction. false on a race. */
export async function replacePendingMove(
  table: TableClient,
  user: UserKey,
  pendingId: string,
  pending: PendingEntity,
): Promise<boolean> {
  const partitionKey = userPartition(user);
  const earlier: Row[] = [];
  const filter = odata`PartitionKey eq ${partitionKey} and RowKey ge ${PENDING_PREFIX} and RowKey lt ${'m}'}`;
  for await (const row of table.listEntities<Record<string, unknown>>({
    queryOptions: { filter, select: ['PartitionKey', 'RowKey'] },
  }))
    earlier.push(row as Row);
  try {
    await table.submitTransaction([
      ...earlier.slice(0, 98).map((row): TransactionAction => ['delete', { partitionKey, rowKey: row.rowKey }]),
      ['create', { partitionKey, rowKey: pendingRow(pendingId) ?? '', ...pending }],
    ]);
    return true;
  } catch (error) {
    ignoreConflict(error);
    return false;
  }
}
