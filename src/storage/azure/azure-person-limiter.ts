// Per-person limits (PersonLimiter) on Azure Table Storage: one entity per key (a keyed hash, never
// an id), its token bucket updated with If-Match on the ETag it read, so every instance draws from
// the same bucket. A conflict means another instance took a use first: read and decide again, a few
// times; past that the answer is "not now" (the safe side of a limit), never a spin.
import type { TableClient } from '@azure/data-tables';
import { nextUse, refill, type Limit, type LimitDecision, type PersonLimiter } from '../../limits/person-limiter';
import type { AzureStorage } from './azure-storage';
import { isConcurrencyConflict, isNotFound, odata, tableKey, writeOverRead } from './table-errors';

interface BucketEntity {
  partitionKey: string;
  rowKey: string;
  tokens: number;
  /** Epoch ms (Edm.Double: beyond Int32). */
  at: number;
}

const ROW = 'bucket';
const MAX_CONFLICTS = 5;
const double = (value: number) => ({ value, type: 'Double' as const });

export class AzurePersonLimiter implements PersonLimiter {
  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('PersonLimits');
  }

  async take(key: string, limit: Limit, now: Date): Promise<LimitDecision> {
    const table = await this.table();
    const at = now.getTime();
    const partitionKey = tableKey(key);
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const row = await table.getEntity<BucketEntity>(partitionKey, ROW).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      const since = Math.max(at, row?.at ?? at);
      const tokens = row ? refill(row.tokens, at - row.at, limit) : limit.max;
      if (tokens < 1) return { ok: false, retryAt: nextUse(tokens, since, limit) };
      if (await writeOverRead(table, { partitionKey, rowKey: ROW, tokens: double(tokens - 1), at: double(since) }, row))
        return { ok: true };
    }
    return { ok: false, retryAt: nextUse(0, at, limit) };
  }

  async purge(before: Date): Promise<number> {
    const table = await this.table();
    let purged = 0;
    for await (const row of table.listEntities<BucketEntity>({
      queryOptions: { filter: odata`at lt ${before.getTime()}`, select: ['PartitionKey', 'RowKey'] },
    })) {
      const gone = await table.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '', { etag: row.etag }).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error) || isConcurrencyConflict(error)) return false;
          throw error;
        },
      );
      if (gone) purged++;
    }
    return purged;
  }
}
