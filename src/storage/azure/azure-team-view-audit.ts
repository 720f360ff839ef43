// "Who viewed whose status" on Azure Table Storage (STORE=azure): append-only, one entity per team
// view, export, reminder press or refusal, with the same fields (and the same lower-casing and
// truncation) as the SQLite table. PartitionKey = escaped tenant id, because every read is one
// tenant's; RowKey = inverted time | inverted sequence | random, so a partition query returns the
// newest entries first and list() stops after `limit` rows instead of sorting the whole log. Entries
// are only ever inserted (createEntity): an existing entry is never overwritten.
import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { TeamAuditEntry, TeamViewAudit } from '../../team-status/team-view-audit';
import type { AzureStorage } from './azure-storage';
import { odata, tableKey } from './table-errors';

/** Largest Date in milliseconds: inverted times stay positive and fixed-width (16 digits). */
const MAX_MS = 8_640_000_000_000_000;
const MAX_SEQ = 999_999;

/** A TeamAuditEntry as a row: the time as an ISO string. */
type AuditEntity = Omit<TeamAuditEntry, 'at'> & { at: string };

export class AzureTeamViewAudit implements TeamViewAudit {
  /** Orders entries recorded by this process within one millisecond, newest first. */
  private lastMs = Number.NaN;
  private seq = 0;

  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('TeamViewAudit');
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
      viewerOid: entry.viewerOid.toLowerCase(),
      action: entry.action,
      scope: entry.scope,
      subject: entry.subject.toLowerCase().slice(0, 100),
      basis: entry.basis.slice(0, 40),
      people: entry.people,
    };
    await (await this.table()).createEntity({ partitionKey: tableKey(tenantId), rowKey: this.rowKey(entry.at), ...entity });
  }

  async list(tenantId: string, viewerOid?: string, limit = 100): Promise<TeamAuditEntry[]> {
    const take = Math.max(0, Math.floor(limit));
    if (take === 0) return [];
    const partition = tableKey(tenantId.toLowerCase());
    const filter = viewerOid ? odata`PartitionKey eq ${partition} and viewerOid eq ${viewerOid.toLowerCase()}` : odata`PartitionKey eq ${partition}`;
    const found: TeamAuditEntry[] = [];
    const pages = (await this.table()).listEntities<AuditEntity>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(take, 1000) });
    for await (const page of pages) {
      for (const e of page) {
        found.push({ at: new Date(e.at), tenantId: e.tenantId, viewerOid: e.viewerOid, action: e.action, scope: e.scope, subject: e.subject, basis: e.basis, people: e.people });
        if (found.length >= take) return found;
      }
    }
    return found;
  }
}
