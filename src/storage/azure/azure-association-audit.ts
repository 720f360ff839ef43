// Reading a person's rows and forgetting expired audit data in the Azure association store.
// What is kept mirrors storage/audit-retention.ts: a person's audit entries live in their own
// partition and go with "delete my data"; the record of a deletion carries an end date; the
// Learning starts the 365-day rule counts are kept apart, under the account's keyed hash with
// nothing readable, and end 365 days after they happened.
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { userPartition, type UserKey } from './azure-association-rows';
import { ignoreConflict } from './azure-association-claims';
import { odata } from './table-errors';

export type Row = TableEntityResult<Record<string, unknown>> & { partitionKey: string; rowKey: string; etag: string };

/** Every row of one person's partition (slots, pending moves, audit entries), in key order. */
export async function userRows(table: TableClient, user: UserKey): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${userPartition(user)}` } })) {
    rows.push(row as Row);
  }
  return rows;
}

/** Deletes every row whose end date has come (audit records of deletions, Learning starts). */
export async function purgeAzureAudit(table: TableClient, now: Date): Promise<number> {
  let purged = 0;
  const expired = table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`expiresAt le ${now.toISOString()}`, select: ['PartitionKey', 'RowKey'] } });
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
