// The send queue's records in Table Storage, the record of truth for every proactive job.
// Table SendJobs: one entity per job, partitioned by person (tenant + Entra object id), so a
// person's jobs (cancel, park, requeue, erase) are one partition query; RowKey = the id, padded.
// Table SendJobKeys: small immutable look-ups in their own partitions:
//   id-NN / <id>          where the job lives (the id is all a queue message carries);
//   dedupe-XX / sha256    the dedupe key's one job (createEntity: 409 = exists);
//   sending / <id>        a job marked 'sending' (recoverInDoubt reads this partition, not the table);
//   tenant-stop / tenant  BotDisabledByAdmin stops.
// Every state change is a read + Replace with the ETag it read (transition): a 412 means someone
// else changed the job first; it is re-read and the change re-decided on the current state.
import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { JobState, PersonKey } from '../../proactive/proactive-store';
import {
  iso,
  ownProperties,
  personPartition,
  rowKeyOf,
  type Change,
  type JobEntity,
  type StoredJob,
} from './azure-job-entity';
import { isConcurrencyConflict, isNotFound, odata, tableKey } from './table-errors';

interface IdRow {
  partitionKey: string;
  rowKey: string;
  jobPk: string;
}

interface MarkerRow {
  partitionKey: string;
  rowKey: string;
  jobPk: string;
  leaseUntil: string;
}

const SENDING = 'sending';
const TENANT_STOP = 'tenant-stop';

function idPartition(id: number): string {
  return `id-${String(id % 16).padStart(2, '0')}`;
}

function dedupeRow(dedupeKey: string): { partitionKey: string; rowKey: string } {
  const hash = createHash('sha256').update(dedupeKey, 'utf8').digest('hex');
  return { partitionKey: `dedupe-${hash.slice(0, 2)}`, rowKey: hash };
}

const MAX_CONFLICTS = 8;

export class JobRecords {
  /** id → partition: immutable (an id is never reused), so a bounded cache saves the look-up on the hot path; every instance may keep its own. */
  private readonly partitions = new Map<number, string>();

  constructor(
    readonly jobs: TableClient,
    readonly keys: TableClient,
  ) {}

  /** A fresh id, unique through its look-up row (no shared counter to contend on). */
  async newId(jobPk: string): Promise<number> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const id = Date.now() * 1000 + Math.floor(Math.random() * 1000);
      try {
        await this.keys.createEntity<IdRow>({ partitionKey: idPartition(id), rowKey: rowKeyOf(id), jobPk });
        this.remember(id, jobPk);
        return id;
      } catch (error) {
        if (!isConcurrencyConflict(error)) throw error;
      }
    }
    throw new Error('could not find a free job id');
  }

  async dropId(id: number): Promise<void> {
    this.partitions.delete(id);
    await this.keys.deleteEntity(idPartition(id), rowKeyOf(id)).catch(ignoreNotFound);
  }

  /** Claims the dedupe key for `id`; or answers the id (and partition) that already holds it. */
  async claimDedupe(
    dedupeKey: string,
    id: number,
    jobPk: string,
  ): Promise<{ id: number; jobPk: string; created: boolean }> {
    const keys = dedupeRow(dedupeKey);
    try {
      await this.keys.createEntity({ ...keys, dedupeKey, jobId: String(id), jobPk });
      return { id, jobPk, created: true };
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
      const existing = await this.findDedupe(dedupeKey);
      if (!existing) throw new Error('the dedupe key vanished while it was being claimed; try again');
      return { ...existing, created: false };
    }
  }

  async findDedupe(dedupeKey: string): Promise<{ id: number; jobPk: string } | undefined> {
    const keys = dedupeRow(dedupeKey);
    const row = await this.keys
      .getEntity<{ jobId: string; jobPk: string }>(keys.partitionKey, keys.rowKey)
      .catch(notFoundAsUndefined);
    return row ? { id: Number(row.jobId), jobPk: row.jobPk } : undefined;
  }

  async dropDedupe(dedupeKey: string): Promise<void> {
    const keys = dedupeRow(dedupeKey);
    await this.keys.deleteEntity(keys.partitionKey, keys.rowKey).catch(ignoreNotFound);
  }

  async partitionOf(id: number): Promise<string | undefined> {
    const cached = this.partitions.get(id);
    if (cached !== undefined) return cached;
    const row = await this.keys.getEntity<IdRow>(idPartition(id), rowKeyOf(id)).catch(notFoundAsUndefined);
    if (row) this.remember(id, row.jobPk);
    return row?.jobPk;
  }

  async read(id: number): Promise<StoredJob | undefined> {
    const jobPk = await this.partitionOf(id);
    if (jobPk === undefined) return undefined;
    return this.readAt(jobPk, rowKeyOf(id));
  }

  async readAt(jobPk: string, rowKey: string): Promise<StoredJob | undefined> {
    const entity = await this.jobs.getEntity<JobEntity>(jobPk, rowKey).catch(notFoundAsUndefined);
    return entity ? { ...ownProperties(entity), etag: entity.etag } : undefined;
  }

  /** Inserts a new job record; false if one with its key exists (a finished half-done enqueue). */
  async create(entity: JobEntity): Promise<boolean> {
    try {
      await this.jobs.createEntity<JobEntity>(entity);
      return true;
    } catch (error) {
      if (isConcurrencyConflict(error)) return false;
      throw error;
    }
  }

  /**
   * Applies `change` to the current record with its ETag; on a conflict re-reads and re-decides.
   * Returns the record as written, or undefined when the change no longer applies (or no record).
   */
  async transition(id: number, change: Change, current?: StoredJob): Promise<JobEntity | undefined> {
    let record = current ?? (await this.read(id));
    for (let attempt = 0; attempt < MAX_CONFLICTS && record; attempt += 1) {
      const next = change(record);
      if (!next) return undefined;
      try {
        await this.jobs.updateEntity<JobEntity>(ownProperties(next), 'Replace', { etag: record.etag });
        return next;
      } catch (error) {
        if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
      }
      record = await this.readAt(record.partitionKey, record.rowKey);
    }
    if (record) throw new Error(`job ${id} kept changing under this update; try again`);
    return undefined;
  }

  /** Records of one person (a partition query), optionally narrowed by an OData filter. */
  async *ofPerson(person: PersonKey, extra?: string): AsyncGenerator<StoredJob> {
    const filter = odata`PartitionKey eq ${personPartition(person)}` + (extra ? ` and (${extra})` : '');
    yield* this.query(filter);
  }

  /** Records of every person of one tenant: a PartitionKey range (tableKey joins parts with "|"). */
  async *ofTenant(tenantId: string, extra?: string): AsyncGenerator<StoredJob> {
    const prefix = tableKey(tenantId);
    const filter =
      odata`PartitionKey ge ${`${prefix}|`} and PartitionKey lt ${`${prefix}}`}` + (extra ? ` and (${extra})` : '');
    yield* this.query(filter);
  }

  async *query(filter: string | undefined, select?: string[]): AsyncGenerator<StoredJob> {
    const pages = this.jobs.listEntities<JobEntity>({
      queryOptions: { ...(filter ? { filter } : {}), ...(select ? { select } : {}) },
    });
    for await (const entity of pages) yield { ...ownProperties(entity), etag: entity.etag };
  }

  async delete(record: StoredJob): Promise<boolean> {
    try {
      await this.jobs.deleteEntity(record.partitionKey, record.rowKey, { etag: record.etag });
      return true;
    } catch (error) {
      if (isConcurrencyConflict(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  /** Written before the job turns 'sending': recoverInDoubt finds the job through it. */
  async markSendingRow(id: number, jobPk: string, leaseUntil: string): Promise<string> {
    const written = await this.keys.upsertEntity<MarkerRow>(
      { partitionKey: SENDING, rowKey: rowKeyOf(id), jobPk, leaseUntil },
      'Replace',
    );
    return written.etag ?? '*';
  }

  async dropSendingRow(id: number, etag = '*'): Promise<void> {
    await this.keys.deleteEntity(SENDING, rowKeyOf(id), { etag }).catch((error: unknown) => {
      if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
    });
  }

  async *sendingRows(): AsyncGenerator<{ id: number; jobPk: string; leaseUntil: string; etag: string }> {
    for await (const row of this.keys.listEntities<MarkerRow>({
      queryOptions: { filter: odata`PartitionKey eq ${SENDING}` },
    })) {
      yield { id: Number(row.rowKey), jobPk: row.jobPk, leaseUntil: row.leaseUntil, etag: row.etag };
    }
  }

  /** True if this call stopped the tenant, false if it already was. */
  async addTenantStop(tenantId: string, code: string, now: Date): Promise<boolean> {
    try {
      await this.keys.createEntity({
        partitionKey: TENANT_STOP,
        rowKey: tableKey(tenantId),
        tenantId,
        code,
        stoppedAt: iso(now),
      });
      return true;
    } catch (error) {
      if (isConcurrencyConflict(error)) return false;
      throw error;
    }
  }

  async removeTenantStop(tenantId: string): Promise<boolean> {
    try {
      await this.keys.deleteEntity(TENANT_STOP, tableKey(tenantId));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async tenantStop(tenantId: string): Promise<string | undefined> {
    const row = await this.keys.getEntity<{ code: string }>(TENANT_STOP, tableKey(tenantId)).catch(notFoundAsUndefined);
    return row?.code;
  }

  /** Every stopped tenant and its code (a handful of rows at most). */
  async tenantStops(): Promise<Map<string, string>> {
    const stops = new Map<string, string>();
    for await (const row of this.keys.listEntities<{ tenantId: string; code: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${TENANT_STOP}` },
    })) {
      stops.set(row.tenantId, row.code);
    }
    return stops;
  }

  private remember(id: number, jobPk: string): void {
    if (this.partitions.size >= 20_000) this.partitions.clear();
    this.partitions.set(id, jobPk);
  }
}

export function notFoundAsUndefined(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

export function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

/** `state eq 'a' or state eq 'b'`, quoted. */
export function stateIn(states: readonly JobState[]): string {
  return states.map((state) => odata`state eq ${state}`).join(' or ');
}
