// The read side of the Azure send queue, and bulk changes: counts and lists by batch, person,
// kind and state (a person is one partition; a batch or a state is a filtered scan the service
// does, keeping only the page in memory), changes applied to many records a few at a time, and
// "delete my data" for a person's jobs and for jobs about them.
import {
  FINISHED_STATES,
  JOB_STATES,
  type Job,
  type JobFilter,
  type JobKind,
  type JobState,
  type OutcomeCount,
  type PersonKey,
} from '../../proactive/proactive-store';
import type { JobMessages } from './azure-job-messages';
import { iso, personPartition, toJob, type Change, type StoredJob } from './azure-job-entity';
import { stateIn, type JobRecords } from './azure-job-records';
import { odata } from './table-errors';

function find(records: JobRecords, filter: JobFilter, select?: string[]): AsyncGenerator<StoredJob> {
  const parts: string[] = [];
  if (filter.person) parts.push(odata`PartitionKey eq ${personPartition(filter.person)}`);
  if (filter.state) parts.push(odata`state eq ${filter.state}`);
  if (filter.kind) parts.push(odata`kind eq ${filter.kind}`);
  if (filter.batch) parts.push(odata`batch eq ${filter.batch}`);
  return records.query(parts.length ? parts.join(' and ') : undefined, select);
}

export async function countJobs(
  records: JobRecords,
  filter: Omit<JobFilter, 'state' | 'limit'>,
): Promise<Record<JobState, number>> {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for await (const record of find(records, filter, ['state'])) counts[record.state] += 1;
  return counts;
}

export async function countOutcomes(
  records: JobRecords,
  filter: Omit<JobFilter, 'state' | 'limit'>,
): Promise<OutcomeCount[]> {
  const counts = new Map<string, OutcomeCount>();
  for await (const record of find(records, filter, ['state', 'lastCode'])) {
    const key = `${record.state}\u0000${record.lastCode ?? ''}`;
    const found = counts.get(key);
    if (found) found.count += 1;
    else counts.set(key, { state: record.state, code: record.lastCode ?? undefined, count: 1 });
  }
  return [...counts.values()];
}

export async function listJobs(records: JobRecords, filter: JobFilter): Promise<Job[]> {
  const limit = Math.min(Math.max(filter.limit ?? 1000, 1), 10_000);
  // The lowest ids, holding at most twice the limit in memory however many records match.
  let kept: Job[] = [];
  for await (const record of find(records, filter)) {
    kept.push(toJob(record));
    if (kept.length >= 2 * limit) kept = kept.sort((a, b) => a.id - b.id).slice(0, limit);
  }
  return kept.sort((a, b) => a.id - b.id).slice(0, limit);
}

/**
 * Applies `change` to each record found, 16 at a time. With `delayMs`, the job is queued again and
 * gets its message (invisible for that long) before its record changes.
 */
export async function changeEach(
  records: JobRecords,
  messages: JobMessages,
  found: AsyncGenerator<StoredJob>,
  change: Change,
  delayMs?: (r: StoredJob) => number,
): Promise<number> {
  let changed = 0;
  await sixteenAtATime(found, async (record) => {
    const id = Number(record.rowKey);
    if (delayMs) await messages.send(id, delayMs(record));
    if (await records.transition(id, change, record)) changed += 1;
  });
  return changed;
}

/** Runs `work` on each record found, at most 16 at a time. */
async function sixteenAtATime(
  found: AsyncGenerator<StoredJob>,
  work: (record: StoredJob) => Promise<void>,
): Promise<void> {
  let batch: Promise<void>[] = [];
  for await (const record of found) {
    batch.push(work(record));
    if (batch.length >= 16) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
}

/** Deletes one job record (if unchanged since it was read) and then its keys; false if it changed meanwhile. */
async function deleteJob(records: JobRecords, record: StoredJob): Promise<boolean> {
  if (!(await records.delete(record))) return false;
  await records.dropDedupe(record.dedupeKey);
  await records.dropId(Number(record.rowKey));
  return true;
}

/** Deletes the person's job records and their keys, except a job being sent right now. */
export async function eraseJobsOf(records: JobRecords, person: PersonKey): Promise<number> {
  let erased = 0;
  for await (const record of records.ofPerson(person)) {
    if (record.state !== 'sending' && (await deleteJob(records, record))) erased += 1;
  }
  return erased;
}

/** Deletes the jobs of `kind` in the subject's tenant whose payload names them as `subject`, except one being sent. */
export async function eraseJobsAbout(records: JobRecords, subject: PersonKey, kind: JobKind): Promise<number> {
  const id = subject.aadObjectId.toLowerCase();
  let erased = 0;
  for await (const record of records.ofTenant(subject.tenantId, odata`kind eq ${kind}`)) {
    if (record.state === 'sending' || subjectOf(record) !== id) continue;
    if (await deleteJob(records, record)) erased += 1;
  }
  return erased;
}

function subjectOf(record: StoredJob): string | undefined {
  try {
    const subject = (JSON.parse(record.payload) as { subject?: unknown }).subject;
    return typeof subject === 'string' ? subject.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Retention: finished jobs last changed before `before`, with their dedupe and id rows (a filtered scan, 16 at a time). */
export async function purgeFinishedJobs(records: JobRecords, before: Date): Promise<number> {
  let purged = 0;
  await sixteenAtATime(
    records.query(`(${stateIn(FINISHED_STATES)}) and ${odata`updatedAt lt ${iso(before)}`}`),
    async (record) => {
      if (await deleteJob(records, record)) purged += 1;
    },
  );
  return purged;
}
