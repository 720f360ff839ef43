// CertificationStore on Azure Table Storage (STORE=azure). Table CertificationLinks: PartitionKey =
// escaped tenant id, RowKey = escaped object id, one entity per person holding the sealed share id
// (AES-GCM under the installation secret, as on SQLite), the link's ids and dates, ownership, the
// transcript's keyed identity and the certification record (JSON, deflated and chunked over binary
// properties). The same partition holds the transcript claims and the partner admins' decisions
// (azure-certification-claims.ts), so a link row changes in one entity-group transaction with the
// claims and the audit entry that go with it. cachedInTenant (the managers' view) is one partition
// query; every other read is a point read. dueForRefresh reads the index in azure-certification-due.ts.
// Every write is conditional on the ETags of the rows it read: a 409/412 means someone else changed
// one first, so it reads again and decides again; a replaced or deleted link answers 'stale'.
import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import {
  claimGoesTo,
  ownershipAfterRead,
  type CachedCertifications,
  type CertificationStore,
  type Decision,
  type DecisionEntry,
  type PersonKey,
  type ShareLink,
  type TranscriptRead,
} from '../../certifications/certification-store';
import { recordToJson } from '../../certifications/record-json';
import { openShareId, sealShareId, SHARE_ID_KEY_NAME } from '../../certifications/share-id-seal';
import type { AzureStorage } from './azure-storage';
import { azureInstallationSecret } from './azure-installation-secret';
import { CertificationDueIndex, neverReadKey, readKey } from './azure-certification-due';
import {
  claimRow,
  commit,
  decisionRow,
  deleteReleased,
  eraseDecisions,
  listDecisions,
  point,
  releaseClaim,
  takeClaim,
  type ClaimEntity,
} from './azure-certification-claims';
import { fromChunks } from './chunked-text';
import {
  decided,
  entityOf,
  fieldsOf,
  keysOf,
  toCached,
  type LinkEntity,
  type LinkFields,
} from './azure-certification-rows';
import { isNotFound, odata, statusOf, tableKey } from './table-errors';

const MAX_ATTEMPTS = 8;
const aad = (person: PersonKey, linkId: string) => `${person.tenantId}\n${person.objectId}\n${linkId}`;

/** What a write that gives `person` a transcript must do besides writing their own row. */
interface ClaimPlan {
  actions: TransactionAction[];
  /** Claim rows emptied by the transaction, deleted after it. */
  released: string[];
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
    const row = await point<LinkEntity>(await this.table(), partitionKey, rowKey);
    // Keys are escaped ids; the ids themselves are kept too, and must agree.
    return row && row.tenantId === person.tenantId && row.objectId === person.objectId ? row : undefined;
  }

  /**
   * Reads what giving `person` the transcript of `read` involves: its claim taken (a colleague's
   * unverified hold that gives way is cleared in the same transaction), and the claim of the
   * transcript their row held before released. 'taken' when a colleague keeps it.
   */
  private async plan(
    person: PersonKey,
    before: LinkEntity | undefined,
    read: TranscriptRead | undefined,
  ): Promise<ClaimPlan | 'taken'> {
    const table = await this.table();
    const partitionKey = tableKey(person.tenantId);
    const oldKey = before ? (toCached(before).transcriptKey ?? '') : '';
    const newKey = read?.transcriptKey ?? '';
    const plan: ClaimPlan = { actions: [], released: [] };
    if (read && newKey !== oldKey) {
      const claim = await point<ClaimEntity>(table, partitionKey, claimRow(newKey));
      if (claim && claim.holderObject && claim.holderObject !== person.objectId) {
        const holder = await this.row({ tenantId: person.tenantId, objectId: claim.holderObject });
        if (holder && toCached(holder).transcriptKey === newKey) {
          if (claimGoesTo(toCached(holder), read) === 'holder') return 'taken';
          const cleared: LinkFields = {
            ...fieldsOf(holder),
            fetchedAt: '',
            ownership: 'unchecked',
            transcriptKey: '',
            declaredName: '',
          };
          plan.actions.push([
            'update',
            entityOf({ tenantId: holder.tenantId, objectId: holder.objectId }, cleared, undefined),
            'Replace',
            { etag: holder.etag },
          ]);
        }
      }
      plan.actions.push(takeClaim(person, newKey, claim));
    }
    if (oldKey && oldKey !== newKey) {
      const old = await point<ClaimEntity>(table, partitionKey, claimRow(oldKey));
      if (old && old.holderObject === person.objectId) {
        plan.actions.push(releaseClaim(old));
        plan.released.push(old.rowKey);
      }
    }
    return plan;
  }

  async setShareLink(
    person: PersonKey,
    associationId: string,
    shareId: string,
    now: Date,
    read?: TranscriptRead,
  ): Promise<{ linkId: string } | 'taken'> {
    const linkId = randomUUID();
    const sealed = new Uint8Array(sealShareId(await this.sealKey(), shareId, aad(person, linkId)));
    const dueKey = read ? readKey(read.fetchedAt) : neverReadKey(now);
    const table = await this.table();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const before = await this.row(person);
      const plan = await this.plan(person, before, read);
      if (plan === 'taken') return 'taken';
      // A decision on this very transcript stays with the person when they share it again.
      const ownership = read ? ownershipAfterRead(before ? toCached(before) : undefined, read) : 'unchecked';
      const fields: LinkFields = {
        tenantId: person.tenantId,
        objectId: person.objectId,
        linkId,
        associationId,
        shareIdSealed: sealed,
        linkedAt: now.toISOString(),
        fetchedAt: read ? read.fetchedAt.toISOString() : '',
        ownership,
        dueKey,
        transcriptKey: read?.transcriptKey ?? '',
        declaredName: decided(ownership) && before ? (toCached(before).declaredName ?? '') : '',
      };
      const entity = entityOf(person, fields, read ? recordToJson(read.record) : undefined);
      await this.due.put(person, dueKey);
      const write: TransactionAction = before
        ? ['update', entity, 'Replace', { etag: before.etag }]
        : ['create', entity];
      if (await commit(table, [...plan.actions, write])) {
        if (before && before.dueKey !== dueKey) await this.due.drop(person, before.dueKey);
        await deleteReleased(table, tableKey(person.tenantId), plan.released);
        return { linkId };
      }
    }
    throw new Error('certification cache: the link kept changing while saving; try again');
  }

  async shareLink(person: PersonKey): Promise<ShareLink | undefined> {
    const row = await this.row(person);
    if (!row || !(row.shareIdSealed instanceof Uint8Array)) return undefined;
    const shareId = openShareId(await this.sealKey(), Buffer.from(row.shareIdSealed), aad(person, row.linkId));
    return shareId === undefined
      ? undefined
      : { linkId: row.linkId, associationId: row.associationId, shareId, linkedAt: new Date(row.linkedAt) };
  }

  async saveCertifications(
    person: PersonKey,
    linkId: string,
    read: TranscriptRead,
  ): Promise<'saved' | 'stale' | 'taken'> {
    const dueKey = readKey(read.fetchedAt);
    const json = recordToJson(read.record);
    const table = await this.table();
    let indexed = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(person);
      if (!row || row.linkId !== linkId) {
        if (indexed && row?.dueKey !== dueKey) await this.due.drop(person, dueKey);
        return 'stale';
      }
      const plan = await this.plan(person, row, read);
      if (plan === 'taken') {
        const dropped = await this.dropLink(person, row);
        if (dropped === 'changed') continue;
        if (indexed && dueKey !== row.dueKey) await this.due.drop(person, dueKey);
        return dropped === 'gone' ? 'stale' : 'taken';
      }
      if (!indexed) await this.due.put(person, dueKey);
      indexed = true;
      const ownership = ownershipAfterRead(toCached(row), read);
      const fields: LinkFields = {
        ...fieldsOf(row),
        fetchedAt: read.fetchedAt.toISOString(),
        ownership,
        dueKey,
        transcriptKey: read.transcriptKey,
        declaredName: decided(ownership) ? (toCached(row).declaredName ?? '') : '',
      };
      if (
        await commit(table, [
          ...plan.actions,
          ['update', entityOf(person, fields, json), 'Replace', { etag: row.etag }],
        ])
      ) {
        if (row.dueKey !== dueKey) await this.due.drop(person, row.dueKey);
        await deleteReleased(table, tableKey(person.tenantId), plan.released);
        return 'saved';
      }
    }
    throw new Error('certification cache: the row kept changing while saving; try again');
  }

  /** Deletes the person's link row as read, then frees its claim: 'changed' if the row changed first. */
  private async dropLink(person: PersonKey, row: LinkEntity): Promise<'dropped' | 'changed' | 'gone'> {
    const table = await this.table();
    const { partitionKey, rowKey } = keysOf(person);
    try {
      await table.deleteEntity(partitionKey, rowKey, { etag: row.etag });
    } catch (error) {
      if (isNotFound(error)) return 'gone';
      if (statusOf(error) === 412) return 'changed';
      throw error;
    }
    await this.due.drop(person, row.dueKey);
    const held = toCached(row).transcriptKey;
    const claim = held ? await point<ClaimEntity>(table, partitionKey, claimRow(held)) : undefined;
    // A crash before this leaves a claim whose holder no longer carries the key: the next claimer takes it over.
    if (claim && claim.holderObject === person.objectId)
      await table.deleteEntity(partitionKey, claim.rowKey, { etag: claim.etag }).catch(() => undefined);
    return 'dropped';
  }

  /** Replaces the row read as `row` (If-Match its ETag), keeping its record; false when someone changed it first. */
  private async replaceIfUnchanged(
    person: PersonKey,
    row: LinkEntity,
    fields: LinkFields,
    extra: TransactionAction[] = [],
  ): Promise<boolean> {
    const recordJson = toCached(row).fetchedAt ? fromChunks('record', row) : undefined;
    return commit(await this.table(), [
      ['update', entityOf(person, fields, recordJson), 'Replace', { etag: row.etag }],
      ...extra,
    ]);
  }

  async declareOwnership(
    person: PersonKey,
    transcriptKey: string,
    declaredName: string,
  ): Promise<'self-declared' | 'stale'> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(person);
      const cached = row && toCached(row);
      if (!row || !cached || cached.transcriptKey !== transcriptKey) return 'stale';
      if (cached.ownership === 'self-declared') return 'self-declared';
      if (cached.ownership !== 'different') return 'stale';
      if (
        await this.replaceIfUnchanged(person, row, {
          ...fieldsOf(row),
          ownership: 'self-declared',
          declaredName: declaredName.slice(0, 200),
        })
      )
        return 'self-declared';
    }
    throw new Error('certification cache: the row kept changing while confirming; try again');
  }

  async decide(
    subject: PersonKey,
    transcriptKey: string,
    decision: Decision,
    adminObjectId: string,
    now: Date,
  ): Promise<'decided' | 'stale'> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(subject);
      const cached = row && toCached(row);
      if (!row || !cached || cached.transcriptKey !== transcriptKey || cached.ownership !== 'self-declared')
        return 'stale';
      if (
        await this.replaceIfUnchanged(subject, row, { ...fieldsOf(row), ownership: decision }, [
          decisionRow(subject, decision, adminObjectId, now),
        ])
      )
        return 'decided';
    }
    throw new Error('certification cache: the row kept changing while deciding; try again');
  }

  async decisions(tenantId: string, now: Date): Promise<DecisionEntry[]> {
    return listDecisions(await this.table(), tenantId, now);
  }

  async eraseFromDecisions(person: PersonKey, now: Date): Promise<void> {
    await eraseDecisions(await this.table(), person, now);
  }

  async cached(person: PersonKey): Promise<CachedCertifications | undefined> {
    const row = await this.row(person);
    return row ? toCached(row) : undefined;
  }

  async deletePerson(person: PersonKey): Promise<{ removed: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.row(person);
      if (!row) return { removed: false };
      const dropped = await this.dropLink(person, row);
      if (dropped !== 'changed') return { removed: dropped === 'dropped' };
    }
    throw new Error('certification cache: the row kept changing while deleting; try again');
  }

  dueForRefresh(before: Date, limit: number): Promise<PersonKey[]> {
    return this.due.due(
      before,
      Math.max(0, Math.floor(limit)),
      async (person) => (await this.row(person))?.dueKey,
      this.options.now?.() ?? new Date(),
    );
  }

  async cachedInTenant(tenantId: string): Promise<{ objectId: string; cached: CachedCertifications }[]> {
    const rows = (await this.table()).listEntities<LinkEntity>({
      queryOptions: { filter: odata`PartitionKey eq ${tableKey(tenantId)}` },
    });
    const found: { objectId: string; cached: CachedCertifications }[] = [];
    // Claims and decisions share the partition: only link rows (they carry a link id) are people.
    for await (const row of rows)
      if (row.tenantId === tenantId && typeof row.linkId === 'string')
        found.push({ objectId: row.objectId, cached: toCached(row) });
    return found.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
  }
}
