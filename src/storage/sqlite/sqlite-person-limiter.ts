// Per-person limits on SQLite (table person_limits): one token bucket per key, taken in an IMMEDIATE
// transaction so every instance on one database draws from the same bucket (limits/person-limiter.ts).
import { nextUse, refill, type Limit, type LimitDecision, type PersonLimiter } from '../../limits/person-limiter';
import type { Database } from './sqlite';

/** v8: one token bucket per key. */
export const PERSON_LIMITS_V8 = `
      -- Per-person limits (limits/person-limiter.ts): one token bucket per key (a keyed hash, never an id).
      CREATE TABLE person_limits (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX person_limits_age ON person_limits (at);
`;

interface BucketRow {
  tokens: number;
  at: number;
}

export class SqlitePersonLimiter implements PersonLimiter {
  constructor(private readonly db: Database) {}

  take(key: string, limit: Limit, now: Date): Promise<LimitDecision> {
    const at = now.getTime();
    const run = this.db.transaction((): LimitDecision => {
      const row = this.db.prepare<[string], BucketRow>('SELECT tokens, at FROM person_limits WHERE key = ?').get(key);
      const tokens = row ? refill(row.tokens, at - row.at, limit) : limit.max;
      if (tokens < 1) return { ok: false, retryAt: nextUse(tokens, Math.max(at, row?.at ?? at), limit) };
      this.db
        .prepare(
          'INSERT INTO person_limits (key, tokens, at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at',
        )
        .run(key, tokens - 1, Math.max(at, row?.at ?? at));
      return { ok: true };
    });
    return Promise.resolve(run.immediate());
  }

  purge(before: Date): Promise<number> {
    return Promise.resolve(this.db.prepare('DELETE FROM person_limits WHERE at < ?').run(before.getTime()).changes);
  }
}
