// The reminder progress cards (RemindProgressCards) in Azure Table Storage: one table, one partition
// (the updater keeps at most a few hundred cards), the row key the escaped batch id. The same
// sealing and checks as the SQLite adapter (sealCard / openCard): what names the manager is sealed,
// the viewer is found by the keyed hash of their work account, and a record that no longer parses or
// opens is left out of `active`, never rendered. Entities written before sealing (reference, back,
// viewerOid in clear) are still read, and `forget` finds them by viewerOid. The lease on updating a
// card (leaseHolder, leaseUntil) is taken or renewed with the ETag of the entity read (412: another
// instance was first, it keeps the card).
import type { TableClient } from '@azure/data-tables';
import {
  CLAIM_READ_MAX,
  leaseStep,
  openCard,
  readRecord,
  sealCard,
  PROGRESS_SEAL_SECRET,
  type CardLease,
  type CardSecrets,
  type ProgressCardRecord,
  type RemindProgressCards,
} from '../../team-status/remind-progress-cards';
import { personKey, PSEUDONYM_SECRET } from '../pseudonyms';
import { azureInstallationSecret } from './azure-installation-secret';
import type { AzureStorage } from './azure-storage';
import { isConcurrencyConflict, isNotFound, odata, tableKey } from './table-errors';

const PARTITION = 'cards';
/** Entities read at most by `active` and `claim` (the updater keeps far fewer). */
const READ_MAX = CLAIM_READ_MAX;

interface CardEntity {
  partitionKey: string;
  rowKey: string;
  batch: string;
  viewerKey?: string;
  sealed?: Uint8Array;
  activityId: string;
  createdAt: string;
  leaseHolder?: string;
  leaseUntil?: string;
  etag?: string;
  // Written before sealing:
  tenantId?: string;
  viewerOid?: string;
  reference?: string;
  intro?: string;
  back?: string;
}

export class AzureRemindProgressCards implements RemindProgressCards {
  private secrets: Promise<CardSecrets> | undefined;

  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('RemindProgressCards');
  }

  private keys(): Promise<CardSecrets> {
    this.secrets ??= Promise.all([
      azureInstallationSecret(this.storage, PROGRESS_SEAL_SECRET),
      azureInstallationSecret(this.storage, PSEUDONYM_SECRET),
    ]).then(([seal, audit]) => ({ seal, audit }));
    this.secrets.catch(() => (this.secrets = undefined));
    return this.secrets;
  }

  async save(card: ProgressCardRecord, lease?: CardLease): Promise<void> {
    const stored = sealCard(await this.keys(), card);
    if (!stored) throw new Error('progress card reference not kept: malformed or too long');
    const entity: CardEntity = {
      partitionKey: PARTITION,
      rowKey: tableKey(card.batch),
      ...stored,
      ...(lease ? { leaseHolder: lease.holder, leaseUntil: lease.until.toISOString() } : {}),
    };
    await (await this.table()).upsertEntity(entity, 'Replace');
  }

  async active(limit: number): Promise<ProgressCardRecord[]> {
    const records: ProgressCardRecord[] = [];
    for (const { record } of await this.read()) {
      if (record) records.push(record);
      if (records.length >= limit) break;
    }
    return records;
  }

  async claim(holder: string, now: Date, leaseMs: number, limit: number): Promise<ProgressCardRecord[]> {
    const table = await this.table();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const held: ProgressCardRecord[] = [];
    for (const { entity, record } of await this.read()) {
      if (held.length >= limit) break;
      const step = leaseStep({ holder: entity.leaseHolder, until: entity.leaseUntil }, holder, now, leaseMs);
      if (!record || step === 'skip') continue;
      if (step !== 'keep') {
        try {
          await table.updateEntity(
            { partitionKey: PARTITION, rowKey: entity.rowKey, leaseHolder: holder, leaseUntil },
            'Merge',
            { etag: entity.etag ?? '*' },
          );
        } catch (error) {
          // Another instance took or renewed it first (412), or the run finished meanwhile (404).
          if (isConcurrencyConflict(error) || isNotFound(error)) continue;
          throw error;
        }
      }
      held.push(record);
    }
    return held;
  }

  async release(holder: string): Promise<void> {
    const table = await this.table();
    const filter = odata`PartitionKey eq ${PARTITION} and leaseHolder eq ${holder}`;
    for await (const entity of table.listEntities<CardEntity>({ queryOptions: { filter, select: ['RowKey'] } })) {
      try {
        await table.updateEntity(
          { partitionKey: PARTITION, rowKey: entity.rowKey, leaseHolder: '', leaseUntil: '' },
          'Merge',
          { etag: entity.etag ?? '*' },
        );
      } catch (error) {
        if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
      }
    }
  }

  /** Every card entity (at most READ_MAX), oldest first, each with its record when it opens and parses. */
  private async read(): Promise<{ entity: CardEntity; record: ProgressCardRecord | undefined }[]> {
    const [table, secrets] = await Promise.all([this.table(), this.keys()]);
    const entities: CardEntity[] = [];
    for await (const entity of table.listEntities<CardEntity>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
    })) {
      entities.push(entity);
      if (entities.length >= READ_MAX) break;
    }
    entities.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.batch.localeCompare(b.batch));
    return entities.map((e) => ({
      entity: e,
      record:
        e.sealed && e.viewerKey
          ? openCard(secrets, {
              batch: e.batch,
              viewerKey: e.viewerKey,
              sealed: Buffer.from(e.sealed),
              activityId: e.activityId,
              createdAt: e.createdAt,
            })
          : readOld(e),
    }));
  }

  async finish(batch: string): Promise<void> {
    try {
      await (await this.table()).deleteEntity(PARTITION, tableKey(batch));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async forget(viewer: { tenantId: string; oid: string }): Promise<number> {
    const [table, secrets] = await Promise.all([this.table(), this.keys()]);
    const key = personKey(secrets.audit, viewer.tenantId, viewer.oid);
    const filter = odata`PartitionKey eq ${PARTITION} and (viewerKey eq ${key} or viewerOid eq ${viewer.oid})`;
    let forgotten = 0;
    for await (const entity of table.listEntities<CardEntity>({
      queryOptions: { filter, select: ['RowKey', 'batch'] },
    })) {
      await this.finish(entity.batch);
      forgotten++;
    }
    return forgotten;
  }
}

/** An entity written before sealing. */
function readOld(e: CardEntity): ProgressCardRecord | undefined {
  const { tenantId, viewerOid, reference, intro, back } = e;
  if (
    tenantId === undefined ||
    viewerOid === undefined ||
    reference === undefined ||
    intro === undefined ||
    back === undefined
  )
    return undefined;
  return readRecord({
    batch: e.batch,
    tenantId,
    viewerOid,
    reference,
    activityId: e.activityId,
    intro,
    back,
    createdAt: e.createdAt,
  });
}
