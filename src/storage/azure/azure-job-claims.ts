// What one received queue message means, decided from its job's record in Table Storage: lease the
// job to the receiver (a conditional update with the record's ETag, so of two receivers of spare
// messages only one wins), or put the message out of sight until the job's time, or drop it (the job
// is finished, stopped or parked), or dead-letter it once it was taken too often without finishing.
import type { DequeuedMessageItem } from '@azure/storage-queue';
import type { Logger } from '../../log';
import type { Job } from '../../proactive/proactive-store';
import type { JobMessages } from './azure-job-messages';
import { NO_LEASE, iso, time, toJob } from './azure-job-entity';
import type { JobRecords } from './azure-job-records';

export interface ClaimContext {
  records: JobRecords;
  messages: JobMessages;
  maxDequeueCount: number;
  orphanGraceMs: number;
  log: Logger | undefined;
}

/** Returns the job if it is now leased to `owner`; `stops` maps stopped tenants to their code. */
export async function claimFromMessage(
  ctx: ClaimContext,
  message: DequeuedMessageItem,
  owner: string,
  now: Date,
  leaseMs: number,
  stops: Map<string, string>,
): Promise<Job | undefined> {
  const { messages, records } = ctx;
  const id = Number(message.messageText);
  const poisoned = message.dequeueCount > ctx.maxDequeueCount;
  const record = Number.isSafeInteger(id) && id > 0 ? await records.read(id) : undefined;
  if (!record) {
    if (poisoned) return deadLetter(ctx, message, id, now, 'no record');
    // An enqueue may still be writing the record; after the grace the message is an orphan.
    if (Date.now() - message.insertedOn.getTime() < ctx.orphanGraceMs) await messages.hide(message, 5_000);
    else await messages.remove(message);
    return undefined;
  }
  const at = now.getTime();
  if (record.state === 'sending') {
    // Someone is sending it; if their lease ran out, recoverInDoubt reports it.
    await messages.hide(message, Math.max(time(record.leaseUntil) - at, 0) + 5_000);
    return undefined;
  }
  if (record.state !== 'queued') {
    await messages.remove(message);
    return undefined;
  }
  const stopCode = stops.get(record.tenantId);
  if (stopCode !== undefined) {
    // Queued while the tenant was being stopped: it waits with the rest (resumeTenant sends a new message).
    await records.transition(
      id,
      (r) =>
        r.state === 'queued'
          ? { ...r, ...NO_LEASE, state: 'tenant-stopped', lastCode: stopCode, updatedAt: iso(now) }
          : undefined,
      record,
    );
    await messages.remove(message);
    return undefined;
  }
  const dueAt = time(record.nextAttemptAt);
  if (dueAt > at) {
    // Early (a wait longer than the queue's 7 days, or a spare message): a fresh message for its time.
    await messages.replace(message, id, dueAt - at);
    return undefined;
  }
  if (time(record.leaseUntil) > at) {
    await messages.hide(message, time(record.leaseUntil) - at);
    return undefined;
  }
  if (poisoned) return deadLetter(ctx, message, id, now, 'dequeue limit');
  const taken = await records.transition(
    id,
    (r) =>
      r.state === 'queued' && time(r.nextAttemptAt) <= at && time(r.leaseUntil) <= at
        ? { ...r, leaseOwner: owner, leaseUntil: iso(at + leaseMs), updatedAt: iso(now) }
        : undefined,
    record,
  );
  // Someone else changed it first: this message comes back after the lease and is decided again.
  if (!taken) return undefined;
  messages.hold(id, message);
  return toJob(taken);
}

async function deadLetter(
  ctx: ClaimContext,
  message: DequeuedMessageItem,
  id: number,
  now: Date,
  reason: string,
): Promise<undefined> {
  await ctx.messages.deadLetter(message);
  if (Number.isSafeInteger(id) && id > 0) {
    await ctx.records.transition(id, (r) =>
      r.state === 'queued'
        ? { ...r, ...NO_LEASE, state: 'failed-permanent', lastCode: 'DeadLettered', updatedAt: iso(now) }
        : undefined,
    );
  }
  ctx.log?.warn(
    { event: 'proactive.dead-lettered', jobId: id, dequeueCount: message.dequeueCount, reason },
    'a send job was taken too often without finishing: its message moved to the dead-letter queue and the job is failed',
  );
  return undefined;
}
