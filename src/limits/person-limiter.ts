// Per-person limits on what one person can make the bot do for them: read Microsoft Learn, walk the
// organization in Graph, queue reminders. A token bucket per key (at most `max` uses, refilled
// evenly over `perMs`), kept in the store so every instance of one installation draws from the
// same bucket; the keys name nobody (keyed hashes, storage/pseudonyms.ts). A refused use says when
// the next one is allowed, and the caller tells the person in plain words (waitText).
// The port and the limits themselves; the adapters are src/storage/sqlite/sqlite-person-limiter.ts
// and src/storage/azure/azure-person-limiter.ts.

export interface Limit {
  /** Uses allowed at once (the bucket's size). */
  max: number;
  /** Time over which `max` uses come back. */
  perMs: number;
}

export type LimitDecision = { ok: true } | { ok: false; retryAt: Date };

/** The port; its adapters are in src/storage/sqlite/ and src/storage/azure/. */
export interface PersonLimiter {
  /** One use of `key` at `now` if `limit` allows it; otherwise when the next use will be allowed. */
  take(key: string, limit: Limit, now: Date): Promise<LimitDecision>;
  /** Deletes buckets untouched since `before` (full again by then); says how many. */
  purge(before: Date): Promise<number>;
}

const MINUTE_MS = 60_000;

/** What one person may do, and how often. */
export const LIMITS = {
  /** Reading one transcript link from Microsoft Learn (refresh, paste, the tab's Refresh). */
  learnRead: { max: 1, perMs: MINUTE_MS },
  /** Pasting transcript links (each new link is one more Learn read). */
  transcriptPaste: { max: 5, perMs: 10 * MINUTE_MS },
  /** Team status views, pages and exports (chat and tab). */
  teamView: { max: 60, perMs: MINUTE_MS },
  /** "Remind unlinked" presses. */
  teamRemind: { max: 5, perMs: 10 * MINUTE_MS },
  /** "team status" in a team channel. */
  teamChannel: { max: 10, perMs: 10 * MINUTE_MS },
} as const satisfies Record<string, Limit>;

/** Buckets untouched for this long are full again whatever the limit: safe to delete. */
export const BUCKET_IDLE_MS = 24 * 60 * MINUTE_MS;

/** The bucket after `elapsedMs`: refilled evenly, never above `max`. */
export function refill(tokens: number, elapsedMs: number, limit: Limit): number {
  return Math.min(limit.max, tokens + (Math.max(0, elapsedMs) * limit.max) / limit.perMs);
}

/** When a bucket holding `tokens` (< 1) has one again. */
export function nextUse(tokens: number, at: number, limit: Limit): Date {
  // Whole milliseconds, rounding float noise down (a third of a minute is 20,000 ms, not 20,001).
  return new Date(at + Math.ceil(((1 - tokens) * limit.perMs) / limit.max - 1e-6));
}

/** "in 40 seconds", "in 3 minutes": when to try again, for the catalogue's sentences. */
export function waitText(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
