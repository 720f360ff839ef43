// The durable send queue on SQLite. Each transition is one conditional UPDATE (node:sqlite is
// synchronous and each statement commits), guarded by the lease owner and the expected state, so two
// instances, a cancel racing a send, or a crashed worker's leftovers resolve to one outcome.
// At most once: 'sending' is committed before the POST; a 'sending' row whose lease ran out is
// 'in-doubt' and is never sent again.
import type { Database } from './sqlite';
import {
  FINISHED_STATES,
  JOB_STATES,
  type EnqueueResult,
  type FinalState,
  type Job,
  type JobFilter,
  type JobKind,
  type JobPayload,
  type JobState,
  type NewJob,
  type OutcomeCount,
  type PersonKey,
  type SendQueue,
} from '../../proactive/proactive-store';

interface JobRow {
  id: number;
  dedupe_key: string;
  kind: JobKind;
  tenant_id: string;
  aad_object_id: string;
  payload: string;
  batch: string | null;
  state: JobState;
  attempts: number;
  next_attempt_at: number;
  not_after: number | null;
  last_code: string | null;
  activity_id: string | null;
  updated_at: number;
}

/** States a job can still leave on its own (cancel, tenant stop and uninstall act on these). */
const PENDING = `('queued', 'waiting-install', 'tenant-stopped')`;

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    kind: row.kind,
    person: { tenantId: row.tenant_id, aadObjectId: row.aad_object_id },
    payload: JSON.parse(row.payload) as JobPayload,
    batch: row.batch ?? undefined,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    notAfter: row.not_after === null ? undefined : new Date(row.not_after),
    lastCode: row.last_code ?? undefined,
    activityId: row.activity_id ?? undefined,
    updatedAt: new Date(row.updated_at),
  };
}

export class SqliteSendQueue implements SendQueue {
  constructor(private readonly db: Database) {}

  enqueue(job: NewJob, now: Date): Promise<EnqueueResult> {
    const at = now.getTime();
    const run = this.db.transaction((): EnqueueResult => {
      const stopped =
        this.db.prepare('SELECT 1 FROM proactive_tenant_stops WHERE tenant_id = ?').get(job.person.tenantId) !==
        undefined;
      const state: JobState = job.finished ? 'expired' : stopped ? 'tenant-stopped' : 'queued';
      const inserted = this.db
        .prepare(
          `INSERT INTO proactive_jobs (dedupe_key, kind, tenant_id, aad_object_id, payload, batch, state, next_attempt_at, not_after, last_code, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
        )
        .run(
          job.dedupeKey,
          job.kind,
          job.person.tenantId,
          job.person.aadObjectId,
          JSON.stringify(job.payload),
          job.batch ?? null,
          state,
          job.notBefore?.getTime() ?? at,
          job.notAfter?.getTime() ?? null,
          job.finished?.code ?? null,
          at,
          at,
        );
      if (inserted.changes === 0 && !job.finished) {
        // A cancelled job (reminders were turned off, then on again) comes back; nothing else does.
        this.db
          .prepare(
            `UPDATE proactive_jobs SET state = ?, next_attempt_at = MAX(?, ?), last_code = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE dedupe_key = ? AND state = 'cancelled'`,
          )
          .run(state, job.notBefore?.getTime() ?? at, at, at, job.dedupeKey);
      }
      const row = this.db.prepare('SELECT id, state FROM proactive_jobs WHERE dedupe_key = ?').get(job.dedupeKey) as {
        id: number;
        state: JobState;
      };
      return { id: row.id, created: inserted.changes > 0, state: row.state };
    });
    return Promise.resolve(run.immediate());
  }

  claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<Job[]> {
    const at = now.getTime();
    const run = this.db.transaction((): Job[] => {
      const rows = this.db
        .prepare(
          `SELECT * FROM proactive_jobs WHERE state = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           AND tenant_id NOT IN (SELECT tenant_id FROM proactive_tenant_stops) ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(at, at, limit) as JobRow[];
      const lease = this.db.prepare(
        'UPDATE proactive_jobs SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?',
      );
      for (const row of rows) lease.run(owner, at + leaseMs, at, row.id);
      return rows.map(toJob);
    });
    return Promise.resolve(run.immediate());
  }

  nextDueAt(): Promise<Date | undefined> {
    const row = this.db
      .prepare(
        `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS at FROM proactive_jobs WHERE state = 'queued' AND tenant_id NOT IN (SELECT tenant_id FROM proactive_tenant_stops)`,
      )
      .get() as { at: number | null };
    return Promise.resolve(row.at === null ? undefined : new Date(row.at));
  }

  markSending(id: number, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const at = now.getTime();
    const result = this.db
      .prepare(
        `UPDATE proactive_jobs SET state = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND lease_owner = ?`,
      )
      .run(at + leaseMs, at, id, owner);
    return Promise.resolve(result.changes === 1);
  }

  markSent(id: number, owner: string, activityId: string | undefined, now: Date): Promise<void> {
    // 'in-doubt' too: if another instance gave up on our lease meanwhile, the answer is the truth.
    this.db
      .prepare(
        `UPDATE proactive_jobs SET state = 'sent', activity_id = ?, last_code = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND state IN ('sending', 'in-doubt')`,
      )
      .run(activityId ?? null, now.getTime(), id, owner);
    return Promise.resolve();
  }

  retryAt(id: number, owner: string, at: Date, code: string, now: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE proactive_jobs SET state = 'queued', next_attempt_at = ?, last_code = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND state IN ('sending', 'in-doubt')`,
      )
      .run(at.getTime(), code, now.getTime(), id, owner);
    return Promise.resolve();
  }

  release(id: number, owner: string, at: Date, now: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE proactive_jobs SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'queued'`,
      )
      .run(at.getTime(), now.getTime(), id, owner);
    return Promise.resolve();
  }

  settle(id: number, owner: string, state: FinalState, code: string, now: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE proactive_jobs SET state = ?, last_code = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND state IN ('queued', 'sending', 'in-doubt')`,
      )
      .run(state, code, now.getTime(), id, owner);
    return Promise.resolve();
  }

  recoverInDoubt(now: Date): Promise<Job[]> {
    const at = now.getTime();
    const run = this.db.transaction((): Job[] => {
      const rows = this.db
        .prepare(`SELECT * FROM proactive_jobs WHERE state = 'sending' AND lease_until <= ?`)
        .all(at) as JobRow[];
      const mark = this.db.prepare(
        `UPDATE proactive_jobs SET state = 'in-doubt', last_code = 'LeaseExpiredWhileSending', updated_at = ? WHERE id = ? AND state = 'sending'`,
      );
      for (const row of rows) mark.run(at, row.id);
      return rows.map((row) =>
        toJob({ ...row, state: 'in-doubt', last_code: 'LeaseExpiredWhileSending', updated_at: at }),
      );
    });
    return Promise.resolve(run.immediate());
  }

  stopTenant(tenantId: string, code: string, now: Date): Promise<number> {
    const at = now.getTime();
    const run = this.db.transaction((): number => {
      this.db
        .prepare(
          'INSERT INTO proactive_tenant_stops (tenant_id, code, stopped_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO NOTHING',
        )
        .run(tenantId, code, at);
      return this.db
        .prepare(
          `UPDATE proactive_jobs SET state = 'tenant-stopped', last_code = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE tenant_id = ? AND state IN ('queued', 'waiting-install')`,
        )
        .run(code, at, tenantId).changes;
    });
    return Promise.resolve(run.immediate());
  }

  resumeTenant(tenantId: string, now: Date): Promise<number> {
    const at = now.getTime();
    const run = this.db.transaction((): number => {
      if (this.db.prepare('DELETE FROM proactive_tenant_stops WHERE tenant_id = ?').run(tenantId).changes === 0)
        return 0;
      return this.db
        .prepare(
          `UPDATE proactive_jobs SET state = 'queued', next_attempt_at = MAX(next_attempt_at, ?), updated_at = ? WHERE tenant_id = ? AND state = 'tenant-stopped'`,
        )
        .run(at, at, tenantId).changes;
    });
    return Promise.resolve(run.immediate());
  }

  isTenantStopped(tenantId: string): Promise<boolean> {
    return Promise.resolve(
      this.db.prepare('SELECT 1 FROM proactive_tenant_stops WHERE tenant_id = ?').get(tenantId) !== undefined,
    );
  }

  parkForInstall(person: PersonKey, code: string, now: Date): Promise<number> {
    const result = this.db
      .prepare(
        `UPDATE proactive_jobs SET state = 'waiting-install', last_code = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE tenant_id = ? AND aad_object_id = ? AND state = 'queued'`,
      )
      .run(code, now.getTime(), person.tenantId, person.aadObjectId);
    return Promise.resolve(result.changes);
  }

  requeueWaitingInstall(person: PersonKey, now: Date): Promise<number> {
    const at = now.getTime();
    const result = this.db
      .prepare(
        `UPDATE proactive_jobs SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE tenant_id = ? AND aad_object_id = ? AND state = 'waiting-install'`,
      )
      .run(at, at, person.tenantId, person.aadObjectId);
    return Promise.resolve(result.changes);
  }

  cancelPending(person: PersonKey, kind: JobKind, now: Date, keep: ReadonlySet<string> = new Set()): Promise<number> {
    const run = this.db.transaction((): number => {
      const rows = this.db
        .prepare(
          `SELECT id, dedupe_key FROM proactive_jobs WHERE tenant_id = ? AND aad_object_id = ? AND kind = ? AND state IN ${PENDING}`,
        )
        .all(person.tenantId, person.aadObjectId, kind) as { id: number; dedupe_key: string }[];
      const cancel = this.db.prepare(
        `UPDATE proactive_jobs SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state IN ${PENDING}`,
      );
      let cancelled = 0;
      for (const row of rows) if (!keep.has(row.dedupe_key)) cancelled += cancel.run(now.getTime(), row.id).changes;
      return cancelled;
    });
    return Promise.resolve(run.immediate());
  }

  eraseAbout(subject: PersonKey, kind: JobKind): Promise<number> {
    return Promise.resolve(
      this.db
        .prepare(
          "DELETE FROM proactive_jobs WHERE tenant_id = ? AND kind = ? AND state <> 'sending' AND lower(json_extract(payload, '$.subject')) = lower(?)",
        )
        .run(subject.tenantId, kind, subject.aadObjectId).changes,
    );
  }

  purgeFinished(before: Date): Promise<number> {
    const finished = FINISHED_STATES.map(() => '?').join(', ');
    return Promise.resolve(
      this.db
        .prepare(`DELETE FROM proactive_jobs WHERE state IN (${finished}) AND updated_at < ?`)
        .run(...FINISHED_STATES, before.getTime()).changes,
    );
  }

  renameBatches(from: string, to: string): Promise<number> {
    if (!from) return Promise.resolve(0);
    return Promise.resolve(
      this.db
        .prepare('UPDATE proactive_jobs SET batch = ? || substr(batch, ?) WHERE substr(batch, 1, ?) = ?')
        .run(to, from.length + 1, from.length, from).changes,
    );
  }

  counts(filter: Omit<JobFilter, 'state' | 'limit'> = {}): Promise<Record<JobState, number>> {
    const { where, params } = whereClause(filter);
    const rows = this.db
      .prepare(`SELECT state, COUNT(*) AS n FROM proactive_jobs ${where} GROUP BY state`)
      .all(...params) as { state: JobState; n: number }[];
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const row of rows) counts[row.state] = row.n;
    return Promise.resolve(counts);
  }

  outcomes(filter: Omit<JobFilter, 'state' | 'limit'> = {}): Promise<OutcomeCount[]> {
    const { where, params } = whereClause(filter);
    const rows = this.db
      .prepare(`SELECT state, last_code AS code, COUNT(*) AS n FROM proactive_jobs ${where} GROUP BY state, last_code`)
      .all(...params) as { state: JobState; code: string | null; n: number }[];
    return Promise.resolve(rows.map((r) => ({ state: r.state, code: r.code ?? undefined, count: r.n })));
  }

  list(filter: JobFilter = {}): Promise<Job[]> {
    const { where, params } = whereClause(filter);
    const limit = Math.min(Math.max(filter.limit ?? 1000, 1), 10_000);
    const rows = this.db
      .prepare(`SELECT * FROM proactive_jobs ${where} ORDER BY id LIMIT ?`)
      .all(...params, limit) as JobRow[];
    return Promise.resolve(rows.map(toJob));
  }
}

function whereClause(filter: JobFilter): { where: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filter.state) {
    parts.push('state = ?');
    params.push(filter.state);
  }
  if (filter.kind) {
    parts.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.batch) {
    parts.push('batch = ?');
    params.push(filter.batch);
  }
  if (filter.person) {
    parts.push('tenant_id = ? AND aad_object_id = ?');
    params.push(filter.person.tenantId, filter.person.aadObjectId);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
