// "Who viewed whose status" on Azure Table Storage (STORE=azure): append-only, one entity per team
// view, export, reminder press or refusal, with the same fields as the SQLite table: the viewer and
// the subject only as keyed hashes (storage/pseudonyms.ts, under the installation's audit secret).
// PartitionKey = escaped tenant id, because every read is one tenant's; RowKey = inverted time |
// inverted sequence | random, so a partition query returns the newest entries first and list()
// stops after `limit` rows instead of sorting the whole log. Entries are only ever inserted
// (createEntity), never overwritten, and deleted once past the retention period (purgeExpired).
// Entries written before keys were used (viewerOid / subject in clear) are rewritten with keys by
// purgeExpired, which runs at start-up.
import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import {
  teamAuditCutoff,
  type TeamAuditEntry,
  type TeamAuditRecord,
  type TeamViewAudit,
} from '../../team-status/team-view-audit';
import { personKey, PSEUDONYM_SECRET } from '../pseudonyms';
import { azureInstallationSecret } from './azure-installation-secret';
import type { AzureStorage } from './azure-storage';
import { isConcurrencyConflict, isNotFound, odata, tableKey } from './table-errors';

/** Largest Date in milliseconds: inverted times stay positive and fixed-width (16 digits). */
const MAX_MS = 8_640_000_000_000_000;
const MAX_SEQ = 999_999;

/** A TeamAuditRecord as a row: the time as an ISO string. */
type AuditEntity = Omit<TeamAuditRecord, 'at'> & { at: string };
/** A row written before keys were used. */
type OldAuditEntity = Omit<TeamAuditEntry, 'at'> & { at: string };
type Stored<T> = T & { partitionKey: string; rowKey: string; etag: string };

export class AzureTeamViewAudit implements TeamViewAudit {
  /** Orders entries recorded by this process within one millisecond, newest first. */
  private lastMs = Number.NaN;
  private seq = 0;
  private secret: Promise<Buffer> | undefined;

  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('TeamViewAudit');
  }

  private async key(tenantId: string, id: string): Promise<string> {
    this.secret ??= azureInstallationSecret(this.storage, PSEUDONYM_SECRET);
    this.secret.catch(() => (this.secret = undefined));
    return personKey(await this.secret, tenantId, id);
  }

  private rowKey(at: Date): string {
    const ms = at.getTime();
    this.seq = ms === this.lastMs ? Math.min(this.seq + 1, MAX_SEQ) : 0;
    this.lastMs = ms;
    return `${String(MAX_MS - ms).padStart(16, '0')}-${String(MAX_SEQ - this.seq).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
  }

  async record(entry: TeamAuditEntry): Promise<void> {
    const tenantId = entry.tenantId.toLowerCase();
    const entity: AuditEntity = {
      at: entry.at.toISOString(),
      tenantId,
      viewerKey: await this.key(tenantId, entry.viewerOid),
      action: entry.action,
      scope: entry.scope,
      subjectKey: await this.key(tenantId, entry.subject),
      basis: entry.basis.slice(0, 40),
      people: entry.people,
    };
    await (
      await this.table()
    ).createEntity({ partitionKey: tableKey(tenantId), rowKey: this.rowKey(entry.at), ...entity });
  }

  async list(tenantId: string, viewerOid?: string, limit = 100): Promise<TeamAuditRecord[]> {
    const take = Math.max(0, Math.floor(limit));
    if (take === 0) return [];
    const partition = tableKey(tenantId.toLowerCase());
    const filter = viewerOid
      ? odata`PartitionKey eq ${partition} and viewerKey eq ${await this.key(tenantId, viewerOid)}`
      : odata`PartitionKey eq ${partition}`;
    const found: TeamAuditRecord[] = [];
    const pages = (await this.table())
      .listEntities<AuditEntity>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(take, 1000) });
    for await (const page of pages) {
      for (const e of page) {
        found.push({
          at: new Date(e.at),
          tenantId: e.tenantId,
          viewerKey: e.viewerKey,
          action: e.action,
          scope: e.scope,
          subjectKey: e.subjectKey,
          basis: e.basis,
          people: e.people,
        });
        if (found.length >= take) return found;
      }
    }
    return found;
  }

  async purgeExpired(now: Date): Promise<number> {
    const table = await this.table();
    let purged = 0;
    const expired = table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`at le ${teamAuditCutoff(now).toISOString()}`, select: ['PartitionKey', 'RowKey'] },
    });
    for await (const row of expired) {
      const { partitionKey, rowKey, etag } = row as Stored<Record<string, unknown>>;
      if (await table.deleteEntity(partitionKey, rowKey, { etag }).then(() => true, gone)) purged++;
    }
    await this.keyOldEntries(table);
    return purged;
  }

  /** Entries from before keys were used: the same entry again, with keys instead of ids. */
  private async keyOldEntries(table: TableClient): Promise<void> {
    // `gt ''`: an entity without the property is not listed (by Azure, and by Azurite alike).
    for await (const row of table.listEntities<OldAuditEntity>({ queryOptions: { filter: "viewerOid gt ''" } })) {
      const old = row as Stored<OldAuditEntity>;
      if (typeof old.viewerOid !== 'string' || typeof old.subject !== 'string') continue;
      const entity: AuditEntity = {
        at: old.at,
        tenantId: old.tenantId,
        viewerKey: await this.key(old.tenantId, old.viewerOid),
        action: old.action,
        scope: old.scope,
        subjectKey: await this.key(old.tenantId, old.subject),
        basis: old.basis,
        people: old.people,
      };
      await table
        .updateEntity({ partitionKey: old.partitionKey, rowKey: old.rowKey, ...entity }, 'Replace', { etag: old.etag })
        .catch(gone);
    }
  }
}

/** Someone else deleted or rewrote it first: nothing left to do. */
function gone(error: unknown): false {
  if (isNotFound(error) || isConcurrencyConflict(error)) return false;
  throw error;
}
