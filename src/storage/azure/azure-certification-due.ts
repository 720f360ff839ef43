// The daily-refresh index of the Azure CertificationStore: one row per person in table
// CertificationDue, partition 'due', RowKey = dueKey | escaped tenant | escaped object id, where
// dueKey is '0' + linkedAt (never read) or '1' + fetchedAt (ISO, fixed width). A range query on
// RowKey therefore lists who is due, never-read first then oldest, and stops after `limit`: no scan
// of the links table. The index is written BEFORE the link row changes and the old index row removed
// AFTER, so a crash leaves at most an extra row (never a missing one). A row whose dueKey is not the
// link row's current dueKey is skipped, and removed once older than a grace period (younger ones may
// belong to a write still in flight).
import type { TableClient } from '@azure/data-tables';
import type { PersonKey } from '../../certifications/certification-store';
import type { AzureStorage } from './azure-storage';
import { isNotFound, odata, tableKey } from './table-errors';

const PARTITION = 'due';
/** An index row older than this that matches no link row is left over from a crash: removed. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

export const neverReadKey = (linkedAt: Date) => `0${linkedAt.toISOString()}`;
export const readKey = (fetchedAt: Date) => `1${fetchedAt.toISOString()}`;

interface DueEntity {
  tenantId: string;
  objectId: string;
  dueKey: string;
}

export class CertificationDueIndex {
  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('CertificationDue');
  }

  private static rowKey(person: PersonKey, dueKey: string): string {
    return `${dueKey}|${tableKey(person.tenantId, person.objectId)}`;
  }

  async put(person: PersonKey, dueKey: string): Promise<void> {
    const entity = {
      partitionKey: PARTITION,
      rowKey: CertificationDueIndex.rowKey(person, dueKey),
      tenantId: person.tenantId,
      objectId: person.objectId,
      dueKey,
    };
    await (await this.table()).upsertEntity(entity, 'Replace');
  }

  async drop(person: PersonKey, dueKey: string): Promise<void> {
    await (
      await this.table()
    )
      .deleteEntity(PARTITION, CertificationDueIndex.rowKey(person, dueKey))
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
  }

  /**
   * Up to `limit` people due before `before`, in index order, each confirmed by `currentDueKey`
   * (the link row's dueKey now, or undefined when the person has no link).
   */
  async due(
    before: Date,
    limit: number,
    currentDueKey: (person: PersonKey) => Promise<string | undefined>,
    now = new Date(),
  ): Promise<PersonKey[]> {
    const found: PersonKey[] = [];
    if (limit <= 0) return found;
    const table = await this.table();
    const rows = table.listEntities<DueEntity>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and RowKey lt ${readKey(before)}` },
    });
    for await (const row of rows) {
      const person = { tenantId: row.tenantId, objectId: row.objectId };
      if ((await currentDueKey(person)) === row.dueKey) {
        found.push(person);
        if (found.length >= limit) break;
      } else if (row.timestamp && Date.parse(row.timestamp) < now.getTime() - ORPHAN_GRACE_MS) {
        await table.deleteEntity(PARTITION, row.rowKey ?? '', { etag: row.etag }).catch(() => undefined);
      }
    }
    return found;
  }
}
