// The claim protocol that gives the Azure association store SQLite's one-transaction guarantees
// across partitions (and so across tenants). A link or move runs in steps, each one conditional
// (createEntity answers 409 when a row exists, an ETag update 412 when it changed):
//   1. reserve: the person's purpose slot becomes `claiming` (holds the new association's details);
//   2. commit:  the claim row of the personal account names the new holder, with the move's origin
//               and the Learning start row, in one entity-group transaction. This is the point of no
//               return: whoever reads a claim with an open operation rolls it forward;
//   3. activate: the slot becomes `active`, with its audit entry (one transaction);
//   4. move out: the old holder's slot is emptied, with its `move-out` audit entry (one transaction);
//   5. close:   the claim's operation is marked done.
// A crash leaves a state the next operation on that account or person repairs: a committed claim is
// rolled forward (steps 3-5); a reservation never committed is undone once its lease is over; a
// claim whose holder's slot no longer holds it (a remove stopped half-way) is released; an old
// holder's slot that the claim has moved away from is emptied.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Purpose } from '../../associations/model';
import { expiresAfterRetention } from '../audit-retention';
import {
  CLAIM_ROW,
  START_PREFIX,
  auditRow,
  claimPartition,
  emptySlot,
  orderedRow,
  slotRow,
  userPartition,
  type ClaimEntity,
  type SlotEntity,
  type StartEntity,
  type Stored,
  type UserKey,
} from './azure-association-rows';
import { isConcurrencyConflict, isNotFound } from './table-errors';
import { entityFields } from './entity-fields';

/** The points between steps, where a test may simulate a crash. */
export type ClaimStep = 'reserved' | 'committed' | 'activated' | 'moved-out' | 'slot-emptied';

export interface ClaimOptions {
  /** How long a reservation that was never committed is left to its writer (wall-clock ms). */
  leaseMs: number;
  afterStep?: (step: ClaimStep) => Promise<void>;
}

const ATTEMPTS = 5;

export function ignoreConflict(error: unknown): void {
  if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
}

const SLOT_FIELDS = [
  'state',
  'id',
  'purpose',
  'accountId',
  'accountKey',
  'displayName',
  'maskedEmail',
  'emailKey',
  'linkedAt',
  'workDisplayName',
  'reservedAt',
] as const satisfies readonly (keyof SlotEntity)[];

export function slotFields(slot: SlotEntity): SlotEntity {
  return entityFields(slot, SLOT_FIELDS, { definedOnly: true });
}

export const holderOf = (claim: ClaimEntity): UserKey => ({
  tenantId: claim.holderTenant,
  objectId: claim.holderObject,
});

export class ClaimSteps {
  constructor(
    private readonly table: TableClient,
    private readonly options: ClaimOptions,
  ) {}

  async step(step: ClaimStep): Promise<void> {
    await this.options.afterStep?.(step);
  }

  async slot(user: UserKey, purpose: Purpose): Promise<Stored<SlotEntity> | undefined> {
    return this.point<SlotEntity>(userPartition(user), slotRow(purpose));
  }

  async claim(partitionKey: string): Promise<Stored<ClaimEntity> | undefined> {
    return this.point<ClaimEntity>(partitionKey, CLAIM_ROW);
  }

  /** Does the claim's holder still hold it (their slot names it)? */
  async holderLive(claim: ClaimEntity): Promise<boolean> {
    if (claim.holderId === '') return false;
    const slot = await this.slot(holderOf(claim), claim.purpose);
    return slot?.id === claim.holderId && slot.state !== 'empty';
  }

  /** Frees the claim if it is still as read (a lost race means someone else already changed it). */
  async release(claim: Stored<ClaimEntity>): Promise<void> {
    const free: ClaimEntity = {
      purpose: claim.purpose,
      holderTenant: '',
      holderObject: '',
      holderId: '',
      opOpen: false,
    };
    await this.table
      .updateEntity({ partitionKey: claim.partitionKey, rowKey: CLAIM_ROW, ...free }, 'Replace', { etag: claim.etag })
      .catch(ignoreConflict);
  }

  /**
   * Steps 1-5 of a link or move: reserve `slot` in `user`'s partition, commit the claim over `claim`
   * as read (nobody's if undefined; `from` is the holder it moves away from), then roll forward.
   * 'conflict' when someone else got there first (the caller reads again and decides again).
   */
  async reserveAndCommit(
    user: UserKey,
    slot: SlotEntity,
    commit: {
      partitionKey: string;
      claim: Stored<ClaimEntity> | undefined;
      from: (UserKey & { id: string }) | undefined;
      at: Date;
    },
  ): Promise<'done' | 'conflict'> {
    const purpose = slot.purpose ?? 'training';
    const existing = await this.slot(user, purpose);
    if (existing && existing.state !== 'empty') return 'conflict'; // another link of this person got here first
    const slotEntity = { partitionKey: userPartition(user), rowKey: slotRow(purpose), ...slotFields(slot) };
    try {
      if (existing) await this.table.updateEntity(slotEntity, 'Replace', { etag: existing.etag });
      else await this.table.createEntity(slotEntity);
    } catch (error) {
      ignoreConflict(error);
      return 'conflict';
    }
    await this.step('reserved');

    const { partitionKey, claim, from, at } = commit;
    const startRow = purpose === 'learning' ? orderedRow(START_PREFIX) : undefined;
    const committed: ClaimEntity = {
      purpose,
      holderTenant: user.tenantId,
      holderObject: user.objectId,
      holderId: slot.id ?? '',
      opOpen: true,
      opAction: from ? 'move-in' : 'link',
      ...(from ? { fromTenant: from.tenantId, fromObject: from.objectId, fromId: from.id } : {}),
      ...(startRow ? { startRow } : {}),
    };
    const actions: TransactionAction[] = [
      claim
        ? ['update', { partitionKey, rowKey: CLAIM_ROW, ...committed }, 'Replace', { etag: claim.etag }]
        : ['create', { partitionKey, rowKey: CLAIM_ROW, ...committed }],
    ];
    if (startRow)
      actions.push([
        'create',
        {
          partitionKey,
          rowKey: startRow,
          at: at.toISOString(),
          expiresAt: expiresAfterRetention(at).toISOString(),
        } satisfies StartEntity & { partitionKey: string; rowKey: string },
      ]);
    let etag: string | undefined;
    try {
      etag = (await this.table.submitTransaction(actions)).subResponses[0]?.etag;
    } catch (error) {
      ignoreConflict(error);
      // Someone else claimed it first: give the slot back.
      const mine = await this.slot(user, purpose);
      if (mine && mine.id === slot.id)
        await this.table.updateEntity(emptySlot(user, purpose), 'Replace', { etag: mine.etag }).catch(ignoreConflict);
      return 'conflict';
    }
    await this.step('committed');

    const current = etag ? { partitionKey, rowKey: CLAIM_ROW, etag, ...committed } : await this.claim(partitionKey);
    if (!current || current.holderId !== slot.id) return 'conflict';
    return (await this.rollForward(current)) === 'done' ? 'done' : 'conflict';
  }

  /**
   * Completes a committed link or move (steps 3-5); safe to run by several instances at once.
   * 'undone' when the reservation it commits is gone (the claim is put back as it was).
   */
  async rollForward(claim: Stored<ClaimEntity>): Promise<'done' | 'undone'> {
    const holder = holderOf(claim);
    let movedAt: Date | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && !movedAt; attempt++) {
      const slot = await this.slot(holder, claim.purpose);
      if (slot?.id !== claim.holderId || slot.state === 'empty') {
        await this.undo(claim);
        return 'undone';
      }
      if (slot.state === 'active') {
        movedAt = new Date(slot.linkedAt ?? 0);
        break;
      }
      const activated: SlotEntity = { ...slotFields(slot), state: 'active' };
      delete activated.reservedAt;
      try {
        await this.table.submitTransaction([
          [
            'update',
            { partitionKey: slot.partitionKey, rowKey: slot.rowKey, ...activated },
            'Replace',
            { etag: slot.etag },
          ],
          [
            'create',
            auditRow(holder, new Date(slot.linkedAt ?? 0), claim.opAction ?? 'link', {
              purpose: claim.purpose,
              accountKey: slot.accountKey,
              maskedEmail: slot.maskedEmail,
            }),
          ],
        ]);
        movedAt = new Date(slot.linkedAt ?? 0);
      } catch (error) {
        ignoreConflict(error);
      }
    }
    if (!movedAt) throw new Error('association store: too many concurrent changes to one account, try again');
    await this.step('activated');
    if (claim.fromId && claim.fromTenant !== undefined && claim.fromObject !== undefined) {
      await this.moveOut({ tenantId: claim.fromTenant, objectId: claim.fromObject }, claim.fromId, movedAt);
    }
    await this.step('moved-out');
    const closed: ClaimEntity = {
      purpose: claim.purpose,
      holderTenant: claim.holderTenant,
      holderObject: claim.holderObject,
      holderId: claim.holderId,
      opOpen: false,
    };
    await this.table
      .updateEntity({ partitionKey: claim.partitionKey, rowKey: CLAIM_ROW, ...closed }, 'Replace', { etag: claim.etag })
      .catch(ignoreConflict);
    return 'done';
  }

  /** Empties the old holder's Learning slot if it still holds `associationId`, with its audit entry. */
  async moveOut(from: UserKey, associationId: string, at: Date): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const old = await this.slot(from, 'learning');
      if (old?.id !== associationId || old.state === 'empty') return;
      try {
        await this.table.submitTransaction([
          ['update', emptySlot(from, 'learning'), 'Replace', { etag: old.etag }],
          [
            'create',
            auditRow(from, at, 'move-out', {
              purpose: 'learning',
              accountKey: old.accountKey,
              maskedEmail: old.maskedEmail,
            }),
          ],
        ]);
        return;
      } catch (error) {
        ignoreConflict(error);
      }
    }
  }

  /**
   * The person's own slot, repaired if a step was left undone: a committed reservation is rolled
   * forward, an abandoned one undone; an active Learning slot the account has moved away from is
   * emptied. 'busy' while another writer's reservation is within its lease.
   */
  async settle(
    user: UserKey,
    purpose: Purpose,
    slot: Stored<SlotEntity> | undefined,
  ): Promise<Stored<SlotEntity> | undefined | 'busy'> {
    if (!slot || slot.state === 'empty' || !slot.accountKey) return undefined;
    const claim = await this.claim(claimPartition(purpose, user.tenantId, slot.accountKey));
    if (slot.state === 'claiming') {
      if (claim && claim.holderId === slot.id) {
        await this.rollForward(claim);
        return this.activeSlot(user, purpose);
      }
      if (Date.now() - (slot.reservedAt ?? 0) < this.options.leaseMs) return 'busy';
      try {
        await this.table.updateEntity(emptySlot(user, purpose), 'Replace', { etag: slot.etag });
        return undefined;
      } catch (error) {
        ignoreConflict(error);
        return 'busy';
      }
    }
    if (!claim || claim.holderId === '') return slot;
    if (claim.opOpen) {
      // Finish whatever was committed (a move away from this slot empties it).
      await this.rollForward(claim);
      return this.activeSlot(user, purpose);
    }
    if (purpose === 'learning' && claim.holderId !== slot.id) {
      // The Learning account belongs elsewhere now and the move's last step never ran here.
      await this.moveOut(user, slot.id ?? '', new Date());
      return this.activeSlot(user, purpose);
    }
    return slot;
  }

  private async activeSlot(user: UserKey, purpose: Purpose): Promise<Stored<SlotEntity> | undefined | 'busy'> {
    const slot = await this.slot(user, purpose);
    if (!slot || slot.state === 'empty') return undefined;
    return slot.state === 'active' ? slot : 'busy';
  }

  /** Puts a claim back as it was before a commit whose reservation is gone. */
  private async undo(claim: Stored<ClaimEntity>): Promise<void> {
    const before: ClaimEntity =
      claim.fromId && claim.fromTenant !== undefined && claim.fromObject !== undefined
        ? {
            purpose: claim.purpose,
            holderTenant: claim.fromTenant,
            holderObject: claim.fromObject,
            holderId: claim.fromId,
            opOpen: false,
          }
        : { purpose: claim.purpose, holderTenant: '', holderObject: '', holderId: '', opOpen: false };
    const actions: TransactionAction[] = [
      ['update', { partitionKey: claim.partitionKey, rowKey: CLAIM_ROW, ...before }, 'Replace', { etag: claim.etag }],
    ];
    if (claim.startRow) actions.push(['delete', { partitionKey: claim.partitionKey, rowKey: claim.startRow }]);
    try {
      await this.table.submitTransaction(actions);
    } catch (error) {
      if (isNotFound(error) && actions.length > 1) {
        // The start row is already gone: put the claim back alone.
        await this.table.submitTransaction(actions.slice(0, 1)).catch(ignoreConflict);
        return;
      }
      ignoreConflict(error);
    }
  }

  private async point<T extends object>(partitionKey: string, rowKey: string): Promise<Stored<T> | undefined> {
    try {
      return (await this.table.getEntity<T>(partitionKey, rowKey)) as Stored<T>;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
