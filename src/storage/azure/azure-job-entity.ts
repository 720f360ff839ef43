// One proactive job as a Table Storage entity (table SendJobs), and its translation to the port's
// Job. Times are ISO strings: they compare as strings and stay clear of Table Storage's number
// rules (Int32 unless typed); the payload is JSON of ids and small facts, well under 32K characters.
import type { Job, JobKind, JobPayload, JobState, PersonKey } from '../../proactive/proactive-store';
import { tableKey } from './table-errors';
import { entityFields } from './entity-fields';

export interface JobEntity {
  partitionKey: string;
  rowKey: string;
  dedupeKey: string;
  kind: JobKind;
  tenantId: string;
  aadObjectId: string;
  /** JSON of the job's payload (ids and small facts). */
  payload: string;
  batch?: string;
  state: JobState;
  attempts: number;
  /** ISO times: they compare as strings and survive every Table Storage number rule. */
  nextAttemptAt: string;
  notAfter?: string;
  lastCode?: string;
  activityId?: string;
  leaseOwner?: string;
  leaseUntil?: string;
  createdAt: string;
  updatedAt: string;
}

export type StoredJob = JobEntity & { etag: string };

/** States a job can still leave on its own (cancel, tenant stop and uninstall act on these). */
export const PENDING_STATES: readonly JobState[] = ['queued', 'waiting-install', 'tenant-stopped'];
/** A payload larger than this is refused: a string property holds at most 32K UTF-16 characters. */
const MAX_PAYLOAD_CHARS = 30_000;

export function rowKeyOf(id: number): string {
  return String(id).padStart(16, '0');
}

export function personPartition(person: PersonKey): string {
  return tableKey(person.tenantId, person.aadObjectId);
}

export function iso(at: Date | number): string {
  return new Date(at).toISOString();
}

/** Epoch ms of a stored time; 0 when absent (a lease never taken is long over). */
export function time(value: string | undefined): number {
  return value === undefined ? 0 : Date.parse(value);
}

/** Spread into a record to clear its lease. */
export const NO_LEASE = { leaseOwner: undefined, leaseUntil: undefined } as const;

export function payloadJson(payload: JobPayload): string {
  const json = JSON.stringify(payload);
  if (json.length > MAX_PAYLOAD_CHARS)
    throw new Error(`a job payload holds ids and small facts only (${json.length} characters is too many)`);
  return json;
}

export function toJob(entity: JobEntity): Job {
  return {
    id: Number(entity.rowKey),
    dedupeKey: entity.dedupeKey,
    kind: entity.kind,
    person: { tenantId: entity.tenantId, aadObjectId: entity.aadObjectId },
    payload: JSON.parse(entity.payload) as JobPayload,
    batch: entity.batch,
    state: entity.state,
    attempts: entity.attempts,
    nextAttemptAt: new Date(entity.nextAttemptAt),
    notAfter: entity.notAfter === undefined ? undefined : new Date(entity.notAfter),
    lastCode: entity.lastCode,
    activityId: entity.activityId,
    updatedAt: new Date(entity.updatedAt),
  };
}

const JOB_FIELDS = [
  'partitionKey',
  'rowKey',
  'dedupeKey',
  'kind',
  'tenantId',
  'aadObjectId',
  'payload',
  'batch',
  'state',
  'attempts',
  'nextAttemptAt',
  'notAfter',
  'lastCode',
  'activityId',
  'leaseOwner',
  'leaseUntil',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof JobEntity)[];

/** Only the job's own properties (drops etag, timestamp and OData metadata before a Replace). */
export function ownProperties(entity: JobEntity): JobEntity {
  return entityFields(entity, JOB_FIELDS);
}

/** A change decided on the current record: the new record, or undefined to leave it as it is. */
export type Change = (current: StoredJob) => JobEntity | undefined;
