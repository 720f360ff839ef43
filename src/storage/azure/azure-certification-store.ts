// CertificationStore on Azure Table Storage (STORE=azure). Table CertificationLinks: PartitionKey =
// escaped tenant id, RowKey = escaped object id, one entity per person holding the sealed share id
// (AES-GCM under the installation secret, as on SQLite), the link's ids and dates, ownership and the
// certification record (JSON, deflated and chunked over binary properties: 1,000 entries of the
// longest names Learn may send still fit one entity). Partition per tenant because the one
// multi-row read, cachedInTenant (the managers' view and the credit totals), is then one partition
// query; every other call is a point read. dueForRefresh reads the index in azure-certification-due.ts.
// Saves and confirmations are conditional on the ETag of the row they read: a 412 means someone
// else changed the row, so it is read again, and a replaced or deleted link answers 'stale'.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { CachedCertifications, CertificationStore, Ownership, PersonKey, ShareLink } from '../../certifications/certification-store';
import { recordFromJson, recordToJson } from '../../certifications/record-json';
import { openShareId, sealShareId } from '../../certifications/share-id-seal';
import { SHARE_ID_KEY_NAME } from '../../certifications/sqlite-certification-store';
import type { CertificationRecord, ContactEmailCheck } from '../../certifications/transcript';
import type { AzureStorage } from './azure-storage';
import { azureInstallationSecret } from './azure-installation-secret';
import { CertificationDueIndex, neverReadKey, readKey } from './azure-certification-due';
import { fromChunks, toChunks } from './chunked-text';
import { isNotFound, odata, statusOf, tableKey } from './table-errors';

interface LinkFields {
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
}

type LinkEntity = LinkFields & { partitionKey: string; rowKey: string; etag: string } & Record<string, unknown>;

const MAX_ATTEMPTS = 8;
const aad = (person: PersonKey, linkId: string) => `${person.tenantId}\n${person.objectId}\n${linkId}`;
const keysOf = (person: PersonKey) => ({ partitionKey: tableKey(person.tenantId), rowKey: tableKey(person.objectId) });

function toCached(row: LinkEntity): CachedCertifications {
  return {
    linkId: row.linkId,
    associationId: row.associationId,
    linkedAt: new Date(row.linkedAt),
    fetchedAt: row.fetchedAt ? new Date(row.fetchedAt) : null,
    record: row.fetchedAt ? recordFromJson(fromChunks('record', row) ?? null) : null,
    ownership: row.ownership,
  };
}

/** The row's fields for a Replace write: the record chunks are passed whole, or none. */
function entityOf(person: PersonKey, fields: LinkFields, recordJson: string | undefined): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return { ...keysOf(person), ...fields, ...(recordJson === undefined ? {} : toChunks('record', recordJson, { deflate: true })) };
}

function fieldsOf(row: LinkEntity): LinkFields {
  const { tenantId, objectId, linkId, associationId, shareIdSealed, linkedAt, fetchedAt, ownership, dueKey } = row;
  return { tenantId, objectId, linkId, associationId, shareIdSealed, linkedAt, fetchedAt, ownership, dueKey };
}

export class AzureCertificationStore implements CertificationStore {
  private key: Promise<Buffer> | undefined;
  private readonly due: CertificationDueIndex;

  /** `now`: the clock that ages left-over index rows (tests move it). */
  constructor(
    private readonly storage: AzureStorage,
    private readonly options: { now?: () => Date } = {},
  ) {
    this.due = new CertificationDueIndex(storage);
  }

  private sealKey(): Promise<Buffer> {
    const key = (this.key ??= azureInstallationSecret(this.storage, SHARE_ID_KEY_NAME));
    key.catch(() => (this.key = undefined));
    return key;
  }

  private table(): Promise<TableClient> {
    return this.storage.table('CertificationLinks');
  }

  private async row(person: PersonKey): Promise<LinkEntity | undefined> {
    const { partitionKey, rowKey } = keysOf(person);
    try {
      const row = await (await this.table()).getEntity<LinkEntity>(partitionKey, rowKey);
      // Keys are escaped ids; the ids themselves are kept too, and must agree.
      return row.tenantId === person.tenantId && row.objectId === person.objectId ? row : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async setShareLink(person: PersonKey, associationId: string, shareId: string, now: Date): Promise<{ linkId: string }> {
    const linkId = randomUUID();
    const sealed = sealShareId(await this.sealKey(), shareId, aad(person, linkId));
    const dueKey = neverReadKey(now);
    const previous = await this.row(person);
    await this.due.put(person, dueKey);
    const fields: LinkFields = { tenantId: person.tenantId, objectId: person.objectId, linkId, associationId, shareIdSealed: new Uint8Array(sealed), linkedAt: now.toISOString(), fetchedAt: '', ownership: 'unchecked', dueKey };
    await (await this.table()).upsertEntity(entityOf(person, fields, undefined), 'Replace');
    if (previous && previous.dueKey !== dueKey) await this.due.drop(person, previous.dueKey);
    return { linkId };
  }

  async shareLink(person: PersonKey): Promise<ShareLink | undefined> {
    const row = await this.row(person);
    if (!row || !(row.shareIdSealed instanceof Uint8Array)) return undefined;
    const shareId = openShareId(await this.sealKey(), Buffer.from(row.shareIdSealed), aad(person, row.linkId));
    return shareId === undefined ? undefined : { linkId: row.linkId, associationId: row.associationId, shareId, linkedAt: new Date(row.linkedAt) };
  }

  /** Replaces the row read as `row` (If-Match its ETag); false when someone changed it first. */
  private async replaceIfUnchanged(person: PersonKey, row: LinkEntity, fields: LinkFields, recordJson: string | undefined): Promise<boolean | 'gone'> {
    try {
      await (await this.table()).updateEntity(entityOf(person, fields, recordJson), 'Replace', { etag: row.etag });
      return true;
    } catch (error) {
      if (statusOf(error) === 412) return false;
      if (isNotFound(error)) return 'gone';
      throw error;
    }
  }

  async saveCertifications(person: PersonKey, linkId: string, record: CertificationRecord, fetchedAt: Date, contactEmail: ContactEmailCheck): Promise<'saved' | 'stale'> {
    const dueKey = readKey(fetchedAt);
    const json = recordToJson(record);
    let indexed = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(person);
      if (!row || row.linkId !== linkId) {
        if (indexed && row?.dueKey !== dueKey) await this.due.drop(person, dueKey);
        return 'stale';
      }
      if (!indexed) await this.due.put(person, dueKey);
      indexed = true;
      const ownership: Ownership = row.ownership === 'confirmed' ? 'confirmed' : contactEmail;
      const outcome = await this.replaceIfUnchanged(person, row, { ...fieldsOf(row), fetchedAt: fetchedAt.toISOString(), ownership, dueKey }, json);
      if (outcome === true) {
        if (row.dueKey !== dueKey) await this.due.drop(person, row.dueKey);
        return 'saved';
      }
    }
    throw new Error('certification cache: the row kept changing while saving; try again');
  }

  async confirmOwnership(person: PersonKey, linkId: string): Promise<'confirmed' | 'stale'> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(person);
      if (!row || row.linkId !== linkId) return 'stale';
      const outcome = await this.replaceIfUnchanged(person, row, { ...fieldsOf(row), ownership: 'confirmed' }, fromChunks('record', row));
      if (outcome === true) return 'confirmed';
    }
    throw new Error('certification cache: the row kept changing while confirming; try again');
  }

  async cached(person: PersonKey): Promise<CachedCertifications | undefined> {
    const row = await this.row(person);
    return row ? toCached(row) : undefined;
  }

  async deletePerson(person: PersonKey): Promise<{ removed: boolean }> {
    const row = await this.row(person);
    if (!row) return { removed: false };
    const { partitionKey, rowKey } = keysOf(person);
    const removed = await (await this.table()).deleteEntity(partitionKey, rowKey).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
    await this.due.drop(person, row.dueKey);
    return { removed };
  }

  dueForRefresh(before: Date, limit: number): Promise<PersonKey[]> {
    return this.due.due(before, Math.max(0, Math.floor(limit)), async (person) => (await this.row(person))?.dueKey, this.options.now?.() ?? new Date());
  }

  async cachedInTenant(tenantId: string): Promise<{ objectId: string; cached: CachedCertifications }[]> {
    const rows = (await this.table()).listEntities<LinkEntity>({ queryOptions: { filter: odata`PartitionKey eq ${tableKey(tenantId)}` } });
    const found: { objectId: string; cached: CachedCertifications }[] = [];
    for await (const row of rows) if (row.tenantId === tenantId) found.push({ objectId: row.objectId, cached: toCached(row) });
    return found.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
  }
}
