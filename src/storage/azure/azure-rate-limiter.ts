// The shared send-rate limiter on Table Storage: one token-bucket entity per tenant and one entity
// per conversation (its recent call times, for Teams' 7/s, 8/2s, 60/30s and 1,800/h limits), each
// updated with If-Match on the ETag it read, so every instance draws from the same bucket. A
// conflict means another instance took a token first: re-read and decide again, a few times; past
// that the answer is "not now, try again shortly" rather than spinning against a busy bucket.
import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import {
  CONVERSATION_LIMITS,
  type RateDecision,
  type RateLimiter,
  type RateLimiterOptions,
} from '../../proactive/proactive-store';
import type { AzureStorage } from './azure-storage';
import { isNotFound, tableKey, writeOverRead } from './table-errors';

interface BucketEntity {
  partitionKey: string;
  rowKey: string;
  tokens: number;
  /** Epoch ms, stored as Edm.Double (beyond Int32). */
  refilledAt: number;
  /** A 429's hold: nothing is sent to the tenant before this (epoch ms). */
  holdUntil: number;
}

interface CallsEntity {
  partitionKey: string;
  rowKey: string;
  /** Call times within the last hour, epoch ms, comma-separated (at most 1,800: < 32K characters). */
  calls: string;
}

const TABLE = 'SendRates';
const ROW = 'bucket';
const HOUR_MS = 3_600_000;
const MAX_CONFLICTS = 5;

const double = (value: number) => ({ value, type: 'Double' as const });

export class AzureRateLimiter implements RateLimiter {
  private readonly table: Promise<TableClient>;
  private readonly burst: number;

  constructor(
    storage: AzureStorage,
    private readonly options: RateLimiterOptions,
  ) {
    this.table = storage.table(TABLE);
    this.table.catch(() => undefined);
    this.burst = Math.max(1, options.burst ?? options.ratePerSecond);
  }

  async acquire(tenantId: string, conversationId: string | undefined, now: Date): Promise<RateDecision> {
    const at = now.getTime();
    const table = await this.table;
    if (conversationId !== undefined) {
      const wait = conversationWait(parseCalls((await this.readCalls(table, conversationId))?.calls), at);
      if (wait !== undefined) return { ok: false, retryAt: new Date(wait), reason: 'conversation-rate' };
    }
    const tenant = await this.takeToken(table, tenantId, at);
    if (!tenant.ok || conversationId === undefined) return tenant;
    return this.recordCall(table, conversationId, at);
  }

  async holdTenant(tenantId: string, until: Date): Promise<void> {
    const table = await this.table;
    const key = { partitionKey: tableKey('tenant', tenantId), rowKey: ROW };
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const row = await table.getEntity<BucketEntity>(key.partitionKey, key.rowKey).catch(absent);
      const holdUntil = Math.max(row?.holdUntil ?? 0, until.getTime());
      // After the hold the bucket starts empty, as after a second of sending at full rate.
      const entity = {
        ...key,
        tokens: double(0),
        refilledAt: double(Math.max(row?.refilledAt ?? 0, holdUntil)),
        holdUntil: double(holdUntil),
      };
      if (await writeOverRead(table, entity, row)) return;
    }
    throw new Error('the send-rate bucket is too busy to record a hold; try again');
  }

  private async takeToken(table: TableClient, tenantId: string, at: number): Promise<RateDecision> {
    const key = { partitionKey: tableKey('tenant', tenantId), rowKey: ROW };
    const rate = this.options.ratePerSecond;
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt += 1) {
      const row = await table.getEntity<BucketEntity>(key.partitionKey, key.rowKey).catch(absent);
      if (row && row.holdUntil > at) return { ok: false, retryAt: new Date(row.holdUntil), reason: 'throttled' };
      // Another instance's clock may run a little ahead: never count negative time.
      const tokens = row
        ? Math.min(this.burst, row.tokens + (Math.max(0, at - row.refilledAt) / 1000) * rate)
        : this.burst;
      if (tokens < 1)
        return { ok: false, retryAt: new Date(at + Math.ceil(((1 - tokens) / rate) * 1000)), reason: 'tenant-rate' };
      const entity = {
        ...key,
        tokens: double(tokens - 1),
        refilledAt: double(Math.max(at, row?.refilledAt ?? 0)),
        holdUntil: double(row?.holdUntil ?? 0),
      };
      if (await writeOverRead(table, entity, row)) return { ok: true };
    }
    // Many instances at once on one bucket: step back for about one token's time.
    return { ok: false, retryAt: new Date(at + Math.ceil(1000 / rate)), reason: 'tenant-rate' };
  }

  /** Adds this call to the conversation's record, re-checking its limits on every conflict. */
  private async recordCall(table: TableClient, conversationId: string, at: number): Promise<RateDecision> {
    const key = { partitionKey: conversationPartition(conversationId), rowKey: ROW };
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt += 1) {
      const row = await this.readCalls(table, conversationId);
      const calls = parseCalls(row?.calls).filter((t) => t > at - HOUR_MS);
      const wait = conversationWait(calls, at);
      // The tenant token is spent; it is not given back (the safe side of the limit).
      if (wait !== undefined) return { ok: false, retryAt: new Date(wait), reason: 'conversation-rate' };
      calls.push(at);
      const entity: CallsEntity = { ...key, calls: calls.join(',') };
      if (await writeOverRead(table, entity, row)) return { ok: true };
    }
    return { ok: false, retryAt: new Date(at + 200), reason: 'conversation-rate' };
  }

  private async readCalls(
    table: TableClient,
    conversationId: string,
  ): Promise<(CallsEntity & { etag: string }) | undefined> {
    return table.getEntity<CallsEntity>(conversationPartition(conversationId), ROW).catch(absent);
  }
}

/** Teams conversation ids can be long and carry any character: hashed to a fixed-size key. */
function conversationPartition(conversationId: string): string {
  return `conversation-${createHash('sha256').update(conversationId, 'utf8').digest('hex')}`;
}

function absent(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

function parseCalls(calls: string | undefined): number[] {
  if (!calls) return [];
  return calls
    .split(',')
    .map(Number)
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
}

/** When the conversation may take another call (as SqliteRateLimiter counts it), or undefined if now. */
function conversationWait(sortedCalls: readonly number[], at: number): number | undefined {
  let until: number | undefined;
  for (const { windowMs, max } of CONVERSATION_LIMITS) {
    const inWindow = sortedCalls.filter((t) => t > at - windowMs);
    // The max-th most recent call in the window: the next one may go when it leaves the window.
    const nth = inWindow[inWindow.length - max];
    if (inWindow.length >= max && nth !== undefined) until = Math.max(until ?? 0, nth + windowMs + 1);
  }
  return until;
}
