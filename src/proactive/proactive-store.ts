// The proactive-messaging ports: where a person can be reached (conversation references), the
// durable send queue, the shared rate limiter and the reminder preference. Their adapters are in
// src/storage/sqlite/ and src/storage/azure/; the worker and the schedulers only see these interfaces.

/** A person in Teams: tenant + Entra object id. */
export interface PersonKey {
  tenantId: string;
  aadObjectId: string;
}

/** The ids needed to post into a person's 1:1 chat with the bot (no names, no addresses). */
export interface ProactiveReference {
  channelId: string;
  serviceUrl: string;
  conversationId: string;
  botId: string;
  userId: string;
}

export interface ConversationReferenceStore {
  getReference(person: PersonKey): Promise<ProactiveReference | undefined>;
  /** Writes only when missing or changed; says which. */
  saveReference(person: PersonKey, reference: ProactiveReference, now: Date): Promise<'saved' | 'unchanged'>;
  dropReference(person: PersonKey): Promise<boolean>;
}

export const JOB_STATES = [
  'queued',
  'sending',
  'sent',
  'failed-permanent',
  'waiting-install',
  'in-doubt',
  'tenant-stopped',
  'cancelled',
  'expired',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States a job never leaves (a revived cancelled job aside): what retention may delete. */
export const FINISHED_STATES: readonly JobState[] = ['sent', 'failed-permanent', 'in-doubt', 'cancelled', 'expired'];

/**
 * How long finished jobs are kept: their dedupe keys are what stop a second reminder, and a renewal
 * reminder's stage lasts up to 180 days (the renewal window), so 200 days; then they go (their
 * payload names certifications).
 */
export const FINISHED_JOB_RETENTION_MS = 200 * 24 * 60 * 60 * 1000;

/** Job kinds: one queue and one worker for every proactive feature. */
export type JobKind = 'renewal-reminder' | 'link-reminder' | 'credit-approval' | 'forecast-alert';

/** Ids and small facts only; the renderer of the kind turns them into a message at send time. */
export type JobPayload = Record<string, string | number | boolean>;

export interface NewJob {
  /** Inserting the same key twice is a no-op (a cancelled job with the key is revived). */
  dedupeKey: string;
  kind: JobKind;
  person: PersonKey;
  payload: JobPayload;
  /** Groups the jobs of one run (e.g. a manager's reminder press) so its progress can be counted. */
  batch?: string;
  /** Not sent before this time (default: now). */
  notBefore?: Date;
  /** Not sent after this time: the job expires instead. */
  notAfter?: Date;
  /**
   * Holds the key without sending anything: the job is written finished ('expired', with this code)
   * and never revived. A key that already exists is left as it is.
   */
  finished?: { code: string };
}

export interface Job {
  id: number;
  dedupeKey: string;
  kind: JobKind;
  person: PersonKey;
  payload: JobPayload;
  batch: string | undefined;
  state: JobState;
  /** POSTs made for this job so far. */
  attempts: number;
  nextAttemptAt: Date;
  notAfter: Date | undefined;
  /** The Teams error code (or our own reason) of the last outcome. */
  lastCode: string | undefined;
  /** The Teams activity id, once sent. */
  activityId: string | undefined;
  updatedAt: Date;
}

export interface EnqueueResult {
  id: number;
  /** False when the dedupe key already existed (nothing changed, unless a cancelled job was revived). */
  created: boolean;
  state: JobState;
}

export type FinalState = 'failed-permanent' | 'waiting-install' | 'in-doubt' | 'expired' | 'cancelled';

export interface JobFilter {
  state?: JobState;
  kind?: JobKind;
  person?: PersonKey;
  batch?: string;
  limit?: number;
}

/** How many jobs are in one state with one last outcome code (why they ended where they did). */
export interface OutcomeCount {
  state: JobState;
  code: string | undefined;
  count: number;
}

export interface SendQueue {
  enqueue(job: NewJob, now: Date): Promise<EnqueueResult>;
  /** Leases up to `limit` due queued jobs (tenant not stopped) to `owner` until now + leaseMs. */
  claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<Job[]>;
  /** The earliest time a queued job becomes due, if any. */
  nextDueAt(): Promise<Date | undefined>;
  /** Commits 'sending' (attempts + 1) BEFORE the POST; false if the job was cancelled or taken meanwhile. */
  markSending(id: number, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  markSent(id: number, owner: string, activityId: string | undefined, now: Date): Promise<void>;
  /** Back to 'queued' for another attempt at `at` (the POST was answered with an error, so nothing was delivered). */
  retryAt(id: number, owner: string, at: Date, code: string, now: Date): Promise<void>;
  /** Gives a claimed, not yet sent job back (e.g. rate limited) without counting an attempt. */
  release(id: number, owner: string, at: Date, now: Date): Promise<void>;
  settle(id: number, owner: string, state: FinalState, code: string, now: Date): Promise<void>;
  /** Jobs still 'sending' after their lease (a crash mid-send): marked 'in-doubt' and returned. */
  recoverInDoubt(now: Date): Promise<Job[]>;
  /** BotDisabledByAdmin: records the stop and parks every pending job of the tenant. */
  stopTenant(tenantId: string, code: string, now: Date): Promise<number>;
  /** The bot is heard from in the tenant again: lifts the stop and re-queues the parked jobs. */
  resumeTenant(tenantId: string, now: Date): Promise<number>;
  isTenantStopped(tenantId: string): Promise<boolean>;
  /** Uninstall: the person's pending jobs wait for the next install. */
  parkForInstall(person: PersonKey, code: string, now: Date): Promise<number>;
  /** Install: jobs waiting for it are due now. */
  requeueWaitingInstall(person: PersonKey, now: Date): Promise<number>;
  /** Cancels the person's pending jobs of `kind`, except those whose key is in `keep`. */
  cancelPending(person: PersonKey, kind: JobKind, now: Date, keep?: ReadonlySet<string>): Promise<number>;
  counts(filter?: Omit<JobFilter, 'state' | 'limit'>): Promise<Record<JobState, number>>;
  /** The counts per state and last outcome code (e.g. a run's jobs that Teams refused, by Teams' code). */
  outcomes(filter?: Omit<JobFilter, 'state' | 'limit'>): Promise<OutcomeCount[]>;
  /** Retention: deletes finished jobs (FINISHED_STATES) last changed before `before`, with their keys; says how many. */
  purgeFinished(before: Date): Promise<number>;
  /** "Delete my data": every job whose batch starts with `from` gets `to` instead of that start; says how many. */
  renameBatches(from: string, to: string): Promise<number>;
  /**
   * "Delete my data" for jobs sent to others about a person (a partner admin's approval request names
   * its subject): deletes the jobs of `kind` in the subject's tenant whose payload's `subject` is them,
   * with their keys, except one being sent right now; says how many.
   */
  eraseAbout(subject: PersonKey, kind: JobKind): Promise<number>;
  list(filter?: JobFilter): Promise<Job[]>;
}

export type RateDecision =
  { ok: true } | { ok: false; retryAt: Date; reason: 'tenant-rate' | 'conversation-rate' | 'throttled' };

/** Every call to Teams takes a token first: creating a conversation, sending, updating. */
export interface RateLimiter {
  acquire(tenantId: string, conversationId: string | undefined, now: Date): Promise<RateDecision>;
  /** A 429: nobody sends to this tenant before `until` (shared by all instances). */
  holdTenant(tenantId: string, until: Date): Promise<void>;
}

/** Per bot per thread (Teams' rate limits for "Send to conversation"): calls allowed per window. */
export const CONVERSATION_LIMITS: readonly { windowMs: number; max: number }[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

export interface RateLimiterOptions {
  /** Tokens per second per tenant (PROACTIVE_RATE_PER_SECOND). */
  ratePerSecond: number;
  /** Bucket size; one second's worth by default. */
  burst?: number;
}

export interface ReminderPreferences {
  /** Reminders are on unless the person turned them off. */
  remindersOn(person: PersonKey): Promise<boolean>;
  setRemindersOn(person: PersonKey, on: boolean, now: Date): Promise<void>;
}

/** Every store the proactive capability needs, from one engine (SQLite or Azure Storage). */
export interface ProactiveStores {
  references: ConversationReferenceStore;
  queue: SendQueue;
  limiter: RateLimiter;
  preferences: ReminderPreferences;
}
