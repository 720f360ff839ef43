// The reminder progress cards (RemindProgressCards, issue 9.4) in Azure Table Storage: one table,
// one partition (the updater keeps at most a few hundred cards), the row key the escaped batch id.
// The same checks as the SQLite adapter (recordFields / readRecord): a record that no longer parses
// is left out of `active`, never rendered.
import type { TableClient } from '@azure/data-tables';
import { readRecord, recordFields, type ProgressCardRecord, type RemindProgressCards } from '../../team-status/remind-progress-cards';
import type { AzureStorage } from './azure-storage';
import { isNotFound, odata, tableKey } from './table-errors';

const PARTITION = 'cards';
/** Entities read at most by `active` (the updater keeps far fewer). */
const READ_MAX = 1_000;

interface CardEntity {
  partitionKey: string;
  rowKey: string;
  batch: string;
  tenantId: string;
  viewerOid: string;
  reference: string;
  activityId: string;
  intro: string;
  back: string;
  createdAt: string;
}

export class AzureRemindProgressCards implements RemindProgressCards {
  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('RemindProgressCards');
  }

  async save(card: ProgressCardRecord): Promise<void> {
    const fields = recordFields(card);
    if (!fields) throw new Error('progress card reference not kept: malformed or too long');
    const entity: CardEntity = {
      partitionKey: PARTITION,
      rowKey: tableKey(card.batch),
      batch: card.batch,
      tenantId: card.viewer.tenantId,
      viewerOid: card.viewer.oid,
      reference: fields.reference,
      activityId: card.activityId.slice(0, 500),
      intro: fields.intro,
      back: fields.back,
      createdAt: card.createdAt.toISOString(),
    };
    await (await this.table()).upsertEntity(entity, 'Replace');
  }

  async active(limit: number): Promise<ProgressCardRecord[]> {
    const table = await this.table();
    const entities: CardEntity[] = [];
    for await (const entity of table.listEntities<CardEntity>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` } })) {
      entities.push(entity);
      if (entities.length >= READ_MAX) break;
    }
    entities.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.batch.localeCompare(b.batch));
    const records: ProgressCardRecord[] = [];
    for (const e of entities) {
      const record = readRecord(e);
      if (record) records.push(record);
      if (records.length >= limit) break;
    }
    return records;
  }

  async finish(batch: string): Promise<void> {
    try {
      await (await this.table()).deleteEntity(PARTITION, tableKey(batch));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
