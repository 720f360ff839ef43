// The send worker's tuning (WorkerPolicy) and what one job's handling comes to (JobOutcome): shared
// by the worker (proactive-worker.ts) and the conversation creation it hands jobs to.

export interface WorkerPolicy {
  /** Jobs in flight at once per instance. */
  concurrency: number;
  /** How long a claim or a 'sending' mark holds; must exceed the send timeout. */
  leaseMs: number;
  /** POSTs per job before a retryable failure becomes permanent. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Added (randomly, 0..this) to a Retry-After wait. */
  retryAfterJitterMs: number;
  /** A Retry-After longer than this is cut to it. */
  maxRetryAfterMs: number;
  /** No retry sooner than this, even after "Retry-After: 0". */
  minRetryDelayMs: number;
  /** Longest sleep between passes when nothing is due. */
  idleMs: number;
}

export const DEFAULT_WORKER_POLICY: WorkerPolicy = {
  concurrency: 8,
  leaseMs: 120_000,
  maxAttempts: 5,
  backoffBaseMs: 2_000,
  backoffMaxMs: 60_000,
  retryAfterJitterMs: 1_000,
  maxRetryAfterMs: 3_600_000,
  minRetryDelayMs: 1_000,
  idleMs: 5_000,
};

export type JobOutcome =
  | 'sent'
  | 'conversation-created'
  | 'retry'
  | 'deferred'
  | 'failed-permanent'
  | 'waiting-install'
  | 'tenant-stopped'
  | 'in-doubt'
  | 'expired'
  | 'cancelled'
  | 'skipped';
