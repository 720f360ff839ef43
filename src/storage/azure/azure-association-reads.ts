// Reading a person's associations in as few requests and round trips as the rows allow. Both
// purpose slots are one partition query (RowKeys `a|learning` and `a|training` of the person's
// partition). What else a slot needs depends on its purpose:
//  - an active training slot is the answer as it stands. Its claim names it and can name nobody
//    else while it is active (a colleague's link frees a claim only from a holder whose slot no
//    longer holds it, and a training account never moves between organizations); an operation
//    still open on it can only be the close of this very link, which the next link or remove of
//    that account finishes (ClaimSteps.rollForward);
//  - a Learning slot is checked against its account's claim (ClaimSteps.settle): the account may
//    have moved to another organization. The claim lives in another partition, named by the
//    account key the slot holds, so by itself it is a second round trip after the slots. This
//    process therefore remembers, per person, the Learning account key their slot held when last
//    read, and reads that claim together with the slots;
//  - a slot being claimed (a link in flight) is settled as it always was.
//
// Safe with several instances: a remembered key is only a guess at which claim to read, never an
// answer. A claim read alongside the slots is used only when it confirms the steady state: the
// slot is active, holds the guessed account, and the claim names that slot with no operation open.
// That was true when the claim was read (a claim names a slot only after the slot was reserved, and
// its operation closes only after the slot was activated), so the answer is the state at one
// moment, as a read after the slots would give. Anything else (no guess, a slot that now holds
// another account because it changed on another instance, a claim that names someone else or has
// an operation open) reads the claim after the slots and decides as before. A stale guess costs
// one round trip, never a wrong answer. At most MAX_GUESSES people are remembered (the oldest
// forgotten first); a guess is an account key, a keyed hash.
import type { TableClient } from '@azure/data-tables';
import type { Association, Purpose } from '../../associations/model';
import { PURPOSES } from '../../associations/model';
import type { ClaimSteps } from './azure-association-claims';
import {
  claimPartition,
  slotRow,
  toAssociation,
  userPartition,
  type ClaimEntity,
  type SlotEntity,
  type Stored,
  type UserKey,
} from './azure-association-rows';
import { odata } from './table-errors';

const MAX_GUESSES = 10_000;
const SLOT_PREFIX = 'a|';
/** The character after '|': every slot row sorts below it. */
const AFTER_SLOTS = 'a}';

/** An active slot, and a claim that names it with nothing left to finish. */
function steady(slot: Stored<SlotEntity>, claim: Stored<ClaimEntity> | undefined): boolean {
  return (
    slot.state === 'active' &&
    claim !== undefined &&
    claim.holderId !== '' &&
    claim.holderId === slot.id &&
    !claim.opOpen
  );
}

export class AssociationReads {
  /** Person's partition → the Learning account key their slot held when last read here. */
  private readonly guesses = new Map<string, string>();

  constructor(
    private readonly table: TableClient,
    private readonly steps: ClaimSteps,
  ) {}

  async list(user: UserKey): Promise<Association[]> {
    const partition = userPartition(user);
    const guess = this.guesses.get(partition);
    const [slots, guessedClaim] = await Promise.all([
      this.slots(partition),
      guess ? this.steps.claim(claimPartition('learning', user.tenantId, guess)) : Promise.resolve(undefined),
    ]);
    this.remember(partition, slots.get('learning'));
    // Training first, as SQLite orders them (purpose DESC).
    const settled = await Promise.all(
      PURPOSES.map(async (purpose) => {
        const slot = slots.get(purpose);
        if (purpose === 'training' && slot?.state === 'active') return slot;
        if (
          purpose === 'learning' &&
          slot?.accountKey !== undefined &&
          slot.accountKey === guess &&
          steady(slot, guessedClaim)
        )
          return slot;
        return this.steps.settle(user, purpose, slot);
      }),
    );
    return settled.flatMap((slot) => (slot && slot !== 'busy' ? [toAssociation(user, slot)] : []));
  }

  /** The person's purpose slots, in one query. */
  private async slots(partition: string): Promise<Map<Purpose, Stored<SlotEntity>>> {
    const found = new Map<Purpose, Stored<SlotEntity>>();
    const rows = this.table.listEntities<SlotEntity>({
      queryOptions: {
        filter: odata`PartitionKey eq ${partition} and RowKey ge ${SLOT_PREFIX} and RowKey lt ${AFTER_SLOTS}`,
      },
    });
    for await (const row of rows) {
      const purpose = PURPOSES.find((p) => slotRow(p) === row.rowKey);
      if (purpose) found.set(purpose, row as Stored<SlotEntity>);
    }
    return found;
  }

  private remember(partition: string, learning: Stored<SlotEntity> | undefined): void {
    this.guesses.delete(partition);
    if (!learning?.accountKey || learning.state === 'empty') return;
    if (this.guesses.size >= MAX_GUESSES) this.guesses.delete(this.guesses.keys().next().value as string);
    this.guesses.set(partition, learning.accountKey);
  }
}
