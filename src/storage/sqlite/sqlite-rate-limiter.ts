// The shared rate limiter: a token bucket per tenant kept in the store (one row, updated in an
// IMMEDIATE transaction, so every instance on the same database draws from the same bucket), plus
// Teams' per-conversation limits counted from the recent calls to that conversation.
// Teams allows 50 requests/s per app per tenant, counting every call; the configured rate stays below.
import type { Database } from './sqlite';
import {
  CONVERSATION_LIMITS,
  type RateDecision,
  type RateLimiter,
  type RateLimiterOptions,
} from '../../proactive/proactive-store';

/** v4: the rate buckets and the recent calls per conversation. */
export const RATE_LIMITER_V4 = `
      -- Token buckets shared by every instance (one per tenant: Teams' limit is per app per tenant).
      CREATE TABLE proactive_rate_buckets (
        bucket TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        refilled_at INTEGER NOT NULL
      );
      -- Recent calls per conversation, for Teams' per-thread limits (kept for one hour).
      CREATE TABLE proactive_conversation_calls (
        conversation_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX proactive_conversation_calls_by_conversation ON proactive_conversation_calls (conversation_id, at);
`;

interface BucketRow {
  tokens: number;
  refilled_at: number;
}

export class SqliteRateLimiter implements RateLimiter {
  private readonly burst: number;

  constructor(
    private readonly db: Database,
    private readonly options: RateLimiterOptions,
  ) {
    this.burst = Math.max(1, options.burst ?? options.ratePerSecond);
  }

  acquire(tenantId: string, conversationId: string | undefined, now: Date): Promise<RateDecision> {
    const at = now.getTime();
    const run = this.db.transaction((): RateDecision => {
      if (conversationId !== undefined) {
        const wait = this.conversationWait(conversationId, at);
        if (wait !== undefined) return { ok: false, retryAt: new Date(wait), reason: 'conversation-rate' };
      }
      const bucket = `tenant:${tenantId}`;
      const row = this.db
        .prepare('SELECT tokens, refilled_at FROM proactive_rate_buckets WHERE bucket = ?')
        .get(bucket) as BucketRow | undefined;
      // A 429 hold puts refilled_at in the future: nothing until then.
      if (row && row.refilled_at > at) return { ok: false, retryAt: new Date(row.refilled_at), reason: 'throttled' };
      const rate = this.options.ratePerSecond;
      const tokens = row ? Math.min(this.burst, row.tokens + ((at - row.refilled_at) / 1000) * rate) : this.burst;
      if (tokens < 1) {
        this.db
          .prepare('UPDATE proactive_rate_buckets SET tokens = ?, refilled_at = ? WHERE bucket = ?')
          .run(tokens, at, bucket);
        return { ok: false, retryAt: new Date(at + Math.ceil(((1 - tokens) / rate) * 1000)), reason: 'tenant-rate' };
      }
      this.db
        .prepare(
          'INSERT INTO proactive_rate_buckets (bucket, tokens, refilled_at) VALUES (?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET tokens = excluded.tokens, refilled_at = excluded.refilled_at',
        )
        .run(bucket, tokens - 1, at);
      if (conversationId !== undefined) {
        this.db
          .prepare('DELETE FROM proactive_conversation_calls WHERE conversation_id = ? AND at <= ?')
          .run(conversationId, at - 3_600_000);
        this.db
          .prepare('INSERT INTO proactive_conversation_calls (conversation_id, at) VALUES (?, ?)')
          .run(conversationId, at);
      }
      return { ok: true };
    });
    return Promise.resolve(run.immediate());
  }

  holdTenant(tenantId: string, until: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO proactive_rate_buckets (bucket, tokens, refilled_at) VALUES (?, 0, ?)
         ON CONFLICT (bucket) DO UPDATE SET tokens = 0, refilled_at = MAX(refilled_at, excluded.refilled_at)`,
      )
      .run(`tenant:${tenantId}`, until.getTime());
    return Promise.resolve();
  }

  /** When the conversation may take another call, or undefined if it may now. */
  private conversationWait(conversationId: string, at: number): number | undefined {
    let until: number | undefined;
    const nth = this.db.prepare(
      'SELECT at FROM proactive_conversation_calls WHERE conversation_id = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?',
    );
    for (const { windowMs, max } of CONVERSATION_LIMITS) {
      const row = nth.get(conversationId, at - windowMs, max - 1) as { at: number } | undefined;
      if (row) until = Math.max(until ?? 0, row.at + windowMs + 1);
    }
    return until;
  }
}
