// The link rows of the Azure CertificationStore (table CertificationLinks, one per person) and how
// they map to the domain. A row written before transcripts were verified (no transcript key, an
// ownership of the previous release) reads as never read: nothing of it counts until the next read.
import {
  OWNERSHIPS,
  type CachedCertifications,
  type Ownership,
  type PersonKey,
} from '../../certifications/certification-store';
import { recordFromJson } from '../../certifications/record-json';
import { fromChunks, toChunks } from './chunked-text';
import { tableKey } from './table-errors';

export interface LinkFields {
  tenantId: string;
  objectId: string;
  linkId: string;
  associationId: string;
  shareIdSealed: Uint8Array;
  linkedAt: string;
  /** '' until the first successful read. */
  fetchedAt: string;
  ownership: Ownership;
  dueKey: string;
  /** '' until the first successful read. */
  transcriptKey: string;
  /** '' unless the person declared the transcript theirs. */
  declaredName: string;
}

export type LinkEntity = LinkFields & { partitionKey: string; rowKey: string; etag: string } & Record<string, unknown>;

export const keysOf = (person: PersonKey) => ({
  partitionKey: tableKey(person.tenantId),
  rowKey: tableKey(person.objectId),
});
export const decided = (ownership: Ownership) =>
  ownership === 'self-declared' || ownership === 'approved' || ownership === 'declined';

/** A row written before transcripts were verified (no transcript key) counts as never read. */
function current(row: LinkEntity): boolean {
  return OWNERSHIPS.includes(row.ownership) && (row.ownership === 'unchecked' || !!row.transcriptKey);
}

export function toCached(row: LinkEntity): CachedCertifications {
  const read = current(row) && !!row.fetchedAt;
  return {
    linkId: row.linkId,
    associationId: row.associationId,
    linkedAt: new Date(row.linkedAt),
    fetchedAt: read ? new Date(row.fetchedAt) : null,
    record: read ? recordFromJson(fromChunks('record', row) ?? null) : null,
    ownership: current(row) ? row.ownership : 'unchecked',
    transcriptKey: current(row) && row.transcriptKey ? row.transcriptKey : null,
    declaredName: current(row) && row.declaredName ? row.declaredName : null,
  };
}

/** The row's fields for a Replace write: the record chunks are passed whole, or none. */
export function entityOf(
  person: PersonKey,
  fields: LinkFields,
  recordJson: string | undefined,
): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return {
    ...keysOf(person),
    ...fields,
    ...(recordJson === undefined ? {} : toChunks('record', recordJson, { deflate: true })),
  };
}

export function fieldsOf(row: LinkEntity): LinkFields {
  const { tenantId, objectId, linkId, associationId, shareIdSealed, linkedAt, fetchedAt, dueKey } = row;
  const cached = toCached(row);
  return {
    tenantId,
    objectId,
    linkId,
    associationId,
    shareIdSealed,
    linkedAt,
    fetchedAt: cached.fetchedAt ? fetchedAt : '',
    ownership: cached.ownership,
    dueKey,
    transcriptKey: cached.transcriptKey ?? '',
    declaredName: cached.declaredName ?? '',
  };
}
