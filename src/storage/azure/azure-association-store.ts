// The AssociationStore on Azure Table Storage: the same contract as SQLite, with every rule that
// SQLite gets from one transaction held by partition design and conditional writes (rows in
// azure-association-rows.ts, the cross-partition claim protocol and its repair step in
// azure-association-claims.ts). Each use case reads, decides, then writes conditionally; a 409/412
// means someone else changed it first, so it starts again from a fresh read (a bounded number of
// times) and answers with the state it finds.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type {
  AssociationStore,
  LinkOutcome,
  LinkRequest,
  RemoveOutcome,
  StoreHealth,
  UserDataExport,
} from '../../associations/association-store';
import type { Association, Purpose, WorkUser } from '../../associations/model';
import { PURPOSES } from '../../associations/model';
import { canonicalMsaId, checkLearningLimits } from '../../associations/rules';
import { accountKey, expiresAfterRetention } from '../audit-retention';
import { personKey } from '../pseudonyms';
import { ClaimSteps, holderOf, ignoreConflict, type ClaimOptions } from './azure-association-claims';
import {
  AUDIT_PREFIX,
  CLAIM_ROW,
  PENDING_PREFIX,
  pendingRow,
  START_PREFIX,
  auditRow,
  claimPartition,
  deletionPartition,
  deletionRow,
  emptySlot,
  toAssociation,
  toAuditEntry,
  userPartition,
  type AuditEntity,
  type ClaimEntity,
  type PendingEntity,
  type SlotEntity,
  type StartEntity,
  type Stored,
  type UserKey,
} from './azure-association-rows';
import {
  eraseUserRows,
  keyEarlierDeletions,
  partitionRows,
  purgeAzureAudit,
  replacePendingMove,
  userRows,
} from './azure-association-person';
import { AssociationReads } from './azure-association-reads';
import { azureInstallationSecret } from './azure-installation-secret';
import type { AzureStorage } from './azure-storage';
import { isConcurrencyConflict, isNotFound, odata, statusOf } from './table-errors';
import { within } from '../../within';

const PENDING_MOVE_MS = 15 * 60 * 1000;
const ATTEMPTS = 8;
const HEALTH_TIMEOUT_MS = 3_000;
/** The audit key's name: the same secret name as SQLite's (one per installation). */
const AUDIT_KEY_SECRET = 'audit-account-key';

export interface AzureAssociationStoreOptions extends Partial<ClaimOptions> {
  newId?: () => string;
}

const RETRY = Symbol('retry');

function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}
type Attempt<T> = T | typeof RETRY;
type Opened = { table: TableClient; steps: ClaimSteps; key: Buffer; reads: AssociationReads };

export function createAzureAssociationStore(
  storage: AzureStorage,
  options: AzureAssociationStoreOptions = {},
): AssociationStore {
  return new AzureAssociationStore(storage, options);
}

export class AzureAssociationStore implements AssociationStore {
  private ready: Promise<Opened> | undefined;
  private readonly newId: () => string;

  constructor(
    private readonly storage: AzureStorage,
    private readonly options: AzureAssociationStoreOptions = {},
  ) {
    this.newId = options.newId ?? randomUUID;
  }

  async list(user: UserKey): Promise<Association[]> {
    // Both slots in one query, with their claims when this process has seen them (azure-association-reads.ts).
    return (await this.open()).reads.list(user);
  }

  async link(request: LinkRequest, now: Date): Promise<LinkOutcome> {
    const personal = { ...request.personal, accountId: canonicalMsaId(request.personal.accountId) };
    return this.retry(() => this.linkNow({ ...request, personal }, now, false));
  }

  async confirmMove(user: WorkUser, pendingId: string, now: Date): Promise<LinkOutcome> {
    const { table } = await this.open();
    const rowKey = pendingRow(pendingId);
    if (!rowKey) return { kind: 'move-expired' };
    let pending: Stored<PendingEntity>;
    try {
      pending = (await table.getEntity<PendingEntity>(userPartition(user), rowKey)) as Stored<PendingEntity>;
      // A confirmation is used once: of two clicks, only one deletes it.
      await table.deleteEntity(userPartition(user), rowKey, { etag: pending.etag });
    } catch (error) {
      ignoreConflict(error);
      return { kind: 'move-expired' };
    }
    if (new Date(pending.expiresAt) <= now) return { kind: 'move-expired' };
    const personal = {
      accountId: pending.accountId,
      displayName: pending.displayName,
      maskedEmail: pending.maskedEmail,
      ...(pending.emailKey ? { emailKey: pending.emailKey } : {}),
    };
    return this.retry(() => this.linkNow({ user, purpose: 'learning', personal }, now, true));
  }

  async cancelMove(user: UserKey, pendingId: string): Promise<void> {
    const { table } = await this.open();
    const rowKey = pendingRow(pendingId);
    if (rowKey) await table.deleteEntity(userPartition(user), rowKey).catch(ignoreConflict);
  }

  async remove(user: UserKey, purpose: Purpose, associationId: string, now: Date): Promise<RemoveOutcome> {
    const { table, steps } = await this.open();
    return this.retry(async (): Promise<Attempt<RemoveOutcome>> => {
      const slot = await steps.settle(user, purpose, await steps.slot(user, purpose));
      // A link in flight (not yet committed) means nothing is linked for this purpose right now.
      if (!slot || slot === 'busy') return { kind: 'already-removed' };
      const current = toAssociation(user, slot);
      if (current.id !== associationId) return { kind: 'stale', current };
      try {
        // The slot and its audit entry change together, and only if nobody changed the slot since.
        await table.submitTransaction([
          ['update', emptySlot(user, purpose), 'Replace', { etag: slot.etag }],
          [
            'create',
            auditRow(user, now, 'remove', { purpose, accountKey: slot.accountKey, maskedEmail: slot.maskedEmail }),
          ],
        ]);
      } catch (error) {
        if (isConcurrencyConflict(error)) return RETRY;
        throw error;
      }
      await steps.step('slot-emptied');
      await this.releaseClaimOf(user, purpose, slot);
      return { kind: 'removed', association: current };
    });
  }

  async exportUserData(user: UserKey): Promise<UserDataExport> {
    const { table, key } = await this.open();
    const associations = await this.list(user);
    const rows = await userRows(table, user);
    const deletions = await partitionRows(
      table,
      deletionPartition(user.tenantId, personKey(key, user.tenantId, user.objectId)),
    );
    const audit = [...rows, ...deletions]
      .filter((row) => row.rowKey.startsWith(AUDIT_PREFIX))
      .map((row) => toAuditEntry(row as unknown as AuditEntity))
      .sort((a, b) => a.seq - b.seq);
    const pendingMoves = rows.filter((row) => row.rowKey.startsWith(PENDING_PREFIX)).length;
    return { associations, audit, pendingMoves };
  }

  async deleteUserData(user: UserKey, now: Date): Promise<{ removed: number }> {
    const { table, key } = await this.open();
    // Finish any committed move into or out of this person first, so nothing half-done is erased.
    await this.list(user);
    const pseudonym = personKey(key, user.tenantId, user.objectId);
    await keyEarlierDeletions(table, user, pseudonym);
    const result = await this.retry(async () => (await eraseUserRows(table, user)) ?? RETRY);
    // The dated record that this happened, once the erasure is done: under the person's key only.
    await table.createEntity(deletionRow(user.tenantId, pseudonym, now, expiresAfterRetention(now)));
    for (const slot of result.released) await this.releaseClaimOf(user, slot.purpose ?? 'training', slot);
    // Empty slots keep nothing readable, but their keys name the work account: gone too (unless a
    // new link has taken the slot since).
    const { steps } = await this.open();
    for (const purpose of PURPOSES) {
      const slot = await steps.slot(user, purpose);
      if (slot?.state === 'empty')
        await table.deleteEntity(slot.partitionKey, slot.rowKey, { etag: slot.etag }).catch(ignoreConflict);
    }
    await this.purgeExpiredAudit(now);
    return { removed: result.removed };
  }

  async purgeExpiredAudit(now: Date): Promise<{ purged: number }> {
    const { table } = await this.open();
    return { purged: await purgeAzureAudit(table, now) };
  }

  async health(): Promise<StoreHealth> {
    // Bounded: a store that does not answer is reported within a few seconds, never waited on.
    const abortSignal = AbortSignal.timeout(HEALTH_TIMEOUT_MS);
    const probe = async () => {
      const { table } = await this.open();
      await table.getEntity('health', 'probe', { abortSignal }).catch(ignoreNotFound);
    };
    // /healthz answers anyone: the detail names no account, identity or URL (the start-up log does).
    try {
      if (!(await within(HEALTH_TIMEOUT_MS, probe())))
        return { ok: false, detail: `azure table unavailable: no answer within ${HEALTH_TIMEOUT_MS / 1000} s` };
      return { ok: true, detail: 'azure table ok' };
    } catch (error) {
      const status = statusOf(error);
      return {
        ok: false,
        detail: `azure table unavailable: ${status === undefined ? 'no connection' : `HTTP ${status}`}`,
      };
    }
  }

  close(): void {
    // Nothing to close: the clients hold no connection of their own.
  }

  // ---- steps --------------------------------------------------------------------------------

  private open(): Promise<Opened> {
    this.ready ??= Promise.all([
      this.storage.table('Associations'),
      azureInstallationSecret(this.storage, AUDIT_KEY_SECRET),
    ]).then(([table, key]) => {
      const steps = new ClaimSteps(table, {
        leaseMs: this.options.leaseMs ?? 30_000,
        afterStep: this.options.afterStep,
      });
      return { table, key, steps, reads: new AssociationReads(table, steps) };
    });
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async retry<T>(attempt: () => Promise<Attempt<T>>): Promise<T> {
    for (let i = 0; i < ATTEMPTS; i++) {
      const result = await attempt();
      if (result !== RETRY) return result;
      await new Promise((resolve) => setTimeout(resolve, Math.min(400, 10 * 2 ** i) * (0.5 + Math.random())));
    }
    throw new Error('association store: too many concurrent changes to one account, try again');
  }

  /** After a slot was emptied: its claim, if it still names that association, is freed. */
  private async releaseClaimOf(user: UserKey, purpose: Purpose, slot: SlotEntity): Promise<void> {
    const { steps } = await this.open();
    if (!slot.accountKey) return;
    const claim = await steps.claim(claimPartition(purpose, user.tenantId, slot.accountKey));
    if (claim && claim.holderId === slot.id) await steps.release(claim);
  }

  private async linkNow(
    { user, purpose, personal }: LinkRequest,
    now: Date,
    confirmed: boolean,
  ): Promise<Attempt<LinkOutcome>> {
    const { table, steps, key: secret } = await this.open();
    const mine = await steps.settle(user, purpose, await steps.slot(user, purpose));
    if (mine === 'busy') return RETRY;
    if (mine) {
      const association = toAssociation(user, mine);
      return mine.accountId === personal.accountId
        ? { kind: 'already-linked', association }
        : { kind: 'purpose-taken', association };
    }
    const key = accountKey(secret, personal.accountId);
    const partitionKey = claimPartition(purpose, user.tenantId, key);
    const rows = await table
      .listEntities<ClaimEntity | StartEntity>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
      .byPage()
      .next();
    const found = (rows.value ?? []) as unknown as (Stored<ClaimEntity> & Stored<StartEntity>)[];
    const claim = found.find((row) => row.rowKey === CLAIM_ROW) as Stored<ClaimEntity> | undefined;
    if (claim?.opOpen) {
      await steps.rollForward(claim);
      return RETRY;
    }
    let from: (UserKey & { id: string }) | undefined;
    if (claim && claim.holderId !== '') {
      if (!(await steps.holderLive(claim))) {
        // A remove or deletion stopped before freeing the claim: free it now.
        await steps.release(claim);
        return RETRY;
      }
      if (claim.holderTenant === user.tenantId)
        return claim.holderObject === user.objectId ? RETRY : { kind: 'held-by-colleague' };
      from = { ...holderOf(claim), id: claim.holderId };
    }
    if (purpose === 'learning') {
      const starts = found.filter((row) => row.rowKey.startsWith(START_PREFIX)).map((row) => new Date(row.at));
      const limits = checkLearningLimits(starts, now);
      if (limits.kind !== 'ok') return limits;
      if (from && !confirmed) return this.askToMove(table, user, personal, now);
    }

    const association: Association = {
      id: this.newId(),
      tenantId: user.tenantId,
      workObjectId: user.objectId,
      purpose,
      personal,
      linkedAt: now,
    };
    const reserved: SlotEntity = {
      state: 'claiming',
      id: association.id,
      purpose,
      accountId: personal.accountId,
      accountKey: key,
      displayName: personal.displayName,
      maskedEmail: personal.maskedEmail,
      ...(personal.emailKey ? { emailKey: personal.emailKey } : {}),
      linkedAt: now.toISOString(),
      workDisplayName: (user as Partial<WorkUser>).displayName ?? '',
      reservedAt: Date.now(),
    };
    const outcome = await steps.reserveAndCommit(user, reserved, { partitionKey, claim, from, at: now });
    return outcome === 'done' ? { kind: 'linked', association, moved: from !== undefined } : RETRY;
  }

  private async askToMove(
    table: TableClient,
    user: UserKey,
    personal: LinkRequest['personal'],
    now: Date,
  ): Promise<Attempt<LinkOutcome>> {
    const pendingId = this.newId();
    const expiresAt = new Date(now.getTime() + PENDING_MOVE_MS);
    const pending: PendingEntity = {
      accountId: personal.accountId,
      displayName: personal.displayName,
      maskedEmail: personal.maskedEmail,
      ...(personal.emailKey ? { emailKey: personal.emailKey } : {}),
      expiresAt: expiresAt.toISOString(),
    };
    // Another click changed this person's pending moves first: ask again from what is there.
    if (!(await replacePendingMove(table, user, pendingId, pending))) return RETRY;
    return { kind: 'move-needs-confirmation', pendingId, expiresAt };
  }
}
