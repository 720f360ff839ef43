// The durable send queue on Azure Storage, shared by every instance. The job records in Table
// Storage (azure-job-records.ts) are the truth; queue messages carrying job ids
// (azure-job-messages.ts) spread the work across instances. claimDue leases a job by a conditional
// update of its record (ETag), so two owners that see the same message never both get the job. At
// most once to the person: 'sending' is committed before the POST and 'sent' after it; a job still
// 'sending' past its lease is 'in-doubt', reported and never repeated. A message always goes out
// before the record change that needs it, so a crash leaves a spare message, never a lost job.
import type { Logger } from '../../log';
import {
  type EnqueueResult,
  type FinalState,
  type Job,
  type JobFilter,
  type JobKind,
  type JobState,
  type NewJob,
  type OutcomeCount,
  type PersonKey,
  type SendQueue,
} from '../../proactive/proactive-store';
import type { AzureStorage } from './azure-storage';
import { JobMessages } from './azure-job-messages';
import {
  NO_LEASE,
  PENDING_STATES,
  iso,
  payloadJson,
  personPartition,
  rowKeyOf,
  time,
  toJob,
  type Change,
  type JobEntity,
  type StoredJob,
} from './azure-job-entity';
import { JobRecords, stateIn } from './azure-job-records';
import { claimFromMessage, type ClaimContext } from './azure-job-claims';
import {
  changeEach,
  countJobs,
  countOutcomes,
  eraseJobsAbout,
  eraseJobsOf,
  listJobs,
  purgeFinishedJobs,
} from './azure-job-queries';
import { odata } from './table-errors';
import { TenantStopSnapshot } from './azure-tenant-stops';

export interface AzureSendQueueOptions {
  /** Receipts of one message without the job being finished, before it is dead-lettered. */
  maxDequeueCount?: number;
  /** How long a message may wait for its record (an enqueue in progress) before it is dropped. */
  orphanGraceMs?: number;
  log?: Logger;
}

const TABLES = { jobs: 'SendJobs', keys: 'SendJobKeys' } as const;
export const SEND_QUEUE_NAMES = { work: 'send-jobs', dead: 'send-jobs-dead' } as const;

const isOwner = (record: JobEntity, owner: string, states: readonly JobState[]) =>
  record.leaseOwner === owner && states.includes(record.state);

export class AzureSendQueue implements SendQueue {
  private readonly ready: Promise<{ records: JobRecords; messages: JobMessages }>;
  private readonly maxDequeueCount: number;
  private readonly orphanGraceMs: number;
  /** The per-turn question "is this tenant stopped", from a snapshot (azure-tenant-stops.ts). */
  private readonly stops = new TenantStopSnapshot(async () => (await this.ready).records.tenantStops());

  constructor(
    storage: AzureStorage,
    private readonly options: AzureSendQueueOptions = {},
  ) {
    this.maxDequeueCount = options.maxDequeueCount ?? 5;
    this.orphanGraceMs = options.orphanGraceMs ?? 60_000;
    this.ready = Promise.all([
      storage.table(TABLES.jobs),
      storage.table(TABLES.keys),
      storage.queue(SEND_QUEUE_NAMES.work),
      storage.queue(SEND_QUEUE_NAMES.dead),
    ]).then(([jobs, keys, work, dead]) => ({
      records: new JobRecords(jobs, keys),
      messages: new JobMessages(work, dead),
    }));
    // A failed start is reported by the first call that needs the stores, not as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  async enqueue(job: NewJob, now: Date): Promise<EnqueueResult> {
    const { records, messages } = await this.ready;
    const jobPk = personPartition(job.person);
    const [stopCode, found] = await Promise.all([
      records.tenantStop(job.person.tenantId),
      records.findDedupe(job.dedupeKey),
    ]);
    const state: JobState = job.finished ? 'expired' : stopCode === undefined ? 'queued' : 'tenant-stopped';
    const notBefore = Math.max(job.notBefore?.getTime() ?? now.getTime(), 0);
    let holder = found;
    let created = false;
    if (!holder) {
      const id = await records.newId(jobPk);
      const claim = await records.claimDedupe(job.dedupeKey, id, jobPk);
      if (!claim.created) await records.dropId(id);
      holder = claim;
      created = claim.created;
    }
    // A key just claimed has no record yet (its id is new); a key found may (or may be half-done).
    const current = created ? undefined : await records.readAt(holder.jobPk, rowKeyOf(holder.id));
    if (!current) {
      // New, or an enqueue that stopped half-way (its dedupe row and no record): finish it now.
      if (state === 'queued') await messages.send(holder.id, notBefore - now.getTime());
      const entity: JobEntity = {
        partitionKey: holder.jobPk,
        rowKey: rowKeyOf(holder.id),
        dedupeKey: job.dedupeKey,
        kind: job.kind,
        tenantId: job.person.tenantId,
        aadObjectId: job.person.aadObjectId,
        payload: payloadJson(job.payload),
        batch: job.batch,
        state,
        attempts: 0,
        nextAttemptAt: iso(notBefore),
        notAfter: job.notAfter ? iso(job.notAfter) : undefined,
        lastCode: job.finished?.code,
        createdAt: iso(now),
        updatedAt: iso(now),
      };
      // `created` is the dedupe key's answer: of two racing enqueues, only the one that claimed it.
      if (await records.create(entity)) return { id: holder.id, created, state };
      const raced = await records.readAt(holder.jobPk, rowKeyOf(holder.id));
      return { id: holder.id, created, state: raced?.state ?? state };
    }
    if (current.state !== 'cancelled' || job.finished) return { id: holder.id, created: false, state: current.state };
    // A cancelled job (reminders were turned off, then on again) comes back; nothing else does.
    const due = Math.max(notBefore, now.getTime());
    if (state === 'queued') await messages.send(holder.id, due - now.getTime());
    const revived = await records.transition(
      holder.id,
      (r) =>
        r.state === 'cancelled'
          ? { ...r, ...NO_LEASE, state, nextAttemptAt: iso(due), lastCode: undefined, updatedAt: iso(now) }
          : undefined,
      current,
    );
    return {
      id: holder.id,
      created: false,
      state: revived?.state ?? (await records.readAt(holder.jobPk, rowKeyOf(holder.id)))?.state ?? state,
    };
  }

  async claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<Job[]> {
    const { messages, records } = await this.ready;
    const stops = await records.tenantStops();
    const claimed: Job[] = [];
    for (let round = 0; round < 4 && claimed.length < limit; round += 1) {
      const received = await messages.receive(limit - claimed.length, leaseMs);
      if (received.length === 0) break;
      const jobs = await Promise.all(
        received.map((message) =>
          claimFromMessage(this.claimContext(records, messages), message, owner, now, leaseMs, stops),
        ),
      );
      for (const job of jobs) if (job) claimed.push(job);
    }
    return claimed;
  }

  private claimContext(records: JobRecords, messages: JobMessages): ClaimContext {
    return {
      records,
      messages,
      maxDequeueCount: this.maxDequeueCount,
      orphanGraceMs: this.orphanGraceMs,
      log: this.options.log,
    };
  }

  /** How many messages the dead-letter queue holds (for the operator; approximate). */
  async deadLettered(): Promise<number> {
    return (await this.ready).messages.deadLettered();
  }

  /**
   * Known only by scanning the table, so not asked: a visible message means a job is due already
   * (answered as the epoch, "earlier than now" on any clock); none, and the worker's idle wait decides.
   */
  async nextDueAt(): Promise<Date | undefined> {
    const { messages } = await this.ready;
    return (await messages.peek()) ? new Date(0) : undefined;
  }

  async markSending(id: number, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const { records } = await this.ready;
    const current = await records.read(id);
    if (!current || !isOwner(current, owner, ['queued'])) return false;
    const leaseUntil = iso(now.getTime() + leaseMs);
    // The marker first: a crash right after the record turns 'sending' is still found and reported.
    const marker = await records.markSendingRow(id, current.partitionKey, leaseUntil);
    const sending = await records.transition(
      id,
      (r) =>
        isOwner(r, owner, ['queued'])
          ? { ...r, state: 'sending', attempts: r.attempts + 1, leaseUntil, updatedAt: iso(now) }
          : undefined,
      current,
    );
    if (!sending) await records.dropSendingRow(id, marker);
    return sending !== undefined;
  }

  async markSent(id: number, owner: string, activityId: string | undefined, now: Date): Promise<void> {
    // 'in-doubt' too: if another instance gave up on our lease meanwhile, the answer is the truth.
    await this.finish(id, (r) =>
      isOwner(r, owner, ['sending', 'in-doubt'])
        ? { ...r, state: 'sent', activityId, lastCode: undefined, leaseUntil: undefined, updatedAt: iso(now) }
        : undefined,
    );
  }

  async retryAt(id: number, owner: string, at: Date, code: string, now: Date): Promise<void> {
    await this.giveBack(id, at, now, (r) =>
      isOwner(r, owner, ['sending', 'in-doubt'])
        ? { ...r, ...NO_LEASE, state: 'queued', nextAttemptAt: iso(at), lastCode: code, updatedAt: iso(now) }
        : undefined,
    );
  }

  async release(id: number, owner: string, at: Date, now: Date): Promise<void> {
    await this.giveBack(id, at, now, (r) =>
      isOwner(r, owner, ['queued']) ? { ...r, ...NO_LEASE, nextAttemptAt: iso(at), updatedAt: iso(now) } : undefined,
    );
  }

  async settle(id: number, owner: string, state: FinalState, code: string, now: Date): Promise<void> {
    await this.finish(id, (r) =>
      isOwner(r, owner, ['queued', 'sending', 'in-doubt'])
        ? { ...r, state, lastCode: code, leaseUntil: undefined, updatedAt: iso(now) }
        : undefined,
    );
  }

  /** A final state: the record changes, then the marker and the message go. */
  private async finish(id: number, change: Change): Promise<void> {
    const { records, messages } = await this.ready;
    if (await records.transition(id, change)) await records.dropSendingRow(id);
    await messages.finish(id);
  }

  /** Back in the queue at `at`: a new message invisible until then goes out before the record changes. */
  private async giveBack(id: number, at: Date, now: Date, change: Change): Promise<void> {
    const { records, messages } = await this.ready;
    await messages.send(id, at.getTime() - now.getTime());
    if (await records.transition(id, change)) await records.dropSendingRow(id);
    await messages.finish(id);
  }

  async recoverInDoubt(now: Date): Promise<Job[]> {
    const { records } = await this.ready;
    const at = now.getTime();
    const recovered: Job[] = [];
    for await (const marker of records.sendingRows()) {
      if (time(marker.leaseUntil) > at) continue;
      const current = await records.readAt(marker.jobPk, rowKeyOf(marker.id));
      if (current?.state === 'sending' && time(current.leaseUntil) > at) continue; // sent again since, on a new lease
      const doubt = current
        ? await records.transition(
            marker.id,
            (r) =>
              r.state === 'sending' && time(r.leaseUntil) <= at
                ? { ...r, state: 'in-doubt', lastCode: 'LeaseExpiredWhileSending', updatedAt: iso(now) }
                : undefined,
            current,
          )
        : undefined;
      if (doubt) recovered.push(toJob(doubt));
      // Conditional on the marker as read: a markSending that rewrote it meanwhile keeps it.
      await records.dropSendingRow(marker.id, marker.etag);
    }
    return recovered;
  }

  async stopTenant(tenantId: string, code: string, now: Date): Promise<number> {
    const { records } = await this.ready;
    await records.addTenantStop(tenantId, code, now);
    this.stops.changed();
    const parkable: readonly JobState[] = ['queued', 'waiting-install'];
    return this.each(records.ofTenant(tenantId, stateIn(parkable)), (r) =>
      parkable.includes(r.state)
        ? { ...r, ...NO_LEASE, state: 'tenant-stopped', lastCode: code, updatedAt: iso(now) }
        : undefined,
    );
  }

  async resumeTenant(tenantId: string, now: Date): Promise<number> {
    const { records } = await this.ready;
    const removed = await records.removeTenantStop(tenantId);
    this.stops.changed();
    if (!removed) return 0;
    const at = now.getTime();
    return this.each(
      records.ofTenant(tenantId, stateIn(['tenant-stopped'])),
      (r) =>
        r.state === 'tenant-stopped'
          ? { ...r, state: 'queued', nextAttemptAt: iso(Math.max(time(r.nextAttemptAt), at)), updatedAt: iso(now) }
          : undefined,
      (r) => Math.max(time(r.nextAttemptAt) - at, 0),
    );
  }

  isTenantStopped(tenantId: string): Promise<boolean> {
    return this.stops.isStopped(tenantId);
  }

  async parkForInstall(person: PersonKey, code: string, now: Date): Promise<number> {
    const { records } = await this.ready;
    return this.each(records.ofPerson(person, stateIn(['queued'])), (r) =>
      r.state === 'queued'
        ? { ...r, ...NO_LEASE, state: 'waiting-install', lastCode: code, updatedAt: iso(now) }
        : undefined,
    );
  }

  async requeueWaitingInstall(person: PersonKey, now: Date): Promise<number> {
    const { records } = await this.ready;
    return this.each(
      records.ofPerson(person, stateIn(['waiting-install'])),
      (r) =>
        r.state === 'waiting-install'
          ? { ...r, state: 'queued', nextAttemptAt: iso(now), updatedAt: iso(now) }
          : undefined,
      () => 0,
    );
  }

  async cancelPending(
    person: PersonKey,
    kind: JobKind,
    now: Date,
    keep: ReadonlySet<string> = new Set(),
  ): Promise<number> {
    const { records } = await this.ready;
    return this.each(records.ofPerson(person, `${odata`kind eq ${kind}`} and (${stateIn(PENDING_STATES)})`), (r) =>
      PENDING_STATES.includes(r.state) && !keep.has(r.dedupeKey)
        ? { ...r, ...NO_LEASE, state: 'cancelled', updatedAt: iso(now) }
        : undefined,
    );
  }

  async counts(filter: Omit<JobFilter, 'state' | 'limit'> = {}): Promise<Record<JobState, number>> {
    return countJobs((await this.ready).records, filter);
  }

  async purgeFinished(before: Date): Promise<number> {
    return purgeFinishedJobs((await this.ready).records, before);
  }

  async outcomes(filter: Omit<JobFilter, 'state' | 'limit'> = {}): Promise<OutcomeCount[]> {
    return countOutcomes((await this.ready).records, filter);
  }

  async list(filter: JobFilter = {}): Promise<Job[]> {
    return listJobs((await this.ready).records, filter);
  }

  async renameBatches(from: string, to: string): Promise<number> {
    if (!from) return 0;
    const starting = (record: StoredJob) => record.batch?.startsWith(from) === true;
    return this.each((await this.ready).records.query(odata`batch ge ${from} and batch lt ${`${from}\uffff`}`), (r) =>
      starting(r) ? { ...r, batch: `${to}${r.batch?.slice(from.length) ?? ''}` } : undefined,
    );
  }

  /** "Delete my data": the person's job records and their keys, except a job being sent right now. */
  async eraseJobs(person: PersonKey): Promise<number> {
    return eraseJobsOf((await this.ready).records, person);
  }

  async eraseAbout(subject: PersonKey, kind: JobKind): Promise<number> {
    return eraseJobsAbout((await this.ready).records, subject, kind);
  }

  private async each(
    found: AsyncGenerator<StoredJob>,
    change: Change,
    delayMs?: (r: StoredJob) => number,
  ): Promise<number> {
    const { records, messages } = await this.ready;
    return changeEach(records, messages, found, change, delayMs);
  }
}
