// Reading a person's associations in as few round trips as the rows allow. Both purpose slots are
// one partition query (RowKeys `a|learning` and `a|training` of the person's partition). Each held
// slot is checked against its account's claim (ClaimSteps.settle), and the claim lives in another
// partition, named by the account key the slot holds: by itself a second round trip after the slots.
// So this process remembers, per person, the account keys their slots held when last read, and
// reads those claims together with the slots.
//
// Safe with several instances: a remembered key is only a guess at which claim to read, never an
// answer. A claim read alongside the slots is used only when it confirms the steady state: the
// slot is active, holds the guessed account, and the claim names that slot with no operation open.
// That was true when the claim was read (a claim names a slot only after the slot was reserved, and
// its operation closes only after the slot was activated), so the answer is the state at one
// moment, as a read after the slots would give. Anything else (no guess, a slot that now holds
// another account because it changed on another instance, a link in flight, a claim that names
// someone else or has an operation open) reads the claim after the slots and decides as before. A
// stale guess costs one round trip, never a wrong answer. At most MAX_GUESSES people are
// remembered (the oldest forgotten first); a guess is an account key, a keyed hash.
import type { TableClient } from '@azure/data-tables';
import type { Association, Purpose } from '../../associations/model';
import { PURPOSES } from '../../associations/model';
import type { ClaimSteps } from './azure-association-claims';
import { claimPartition, slotRow, toAssociation, userPartition, type ClaimEntity, type SlotEntity, type Stored, type UserKey } from './azure-association-rows';
import { odata } from './table-errors';

const MAX_GUESSES = 10_000;
const SLOT_PREFIX = 'a|';
/** The character after '|': every slot row sorts below it. */
const AFTER_SLOTS = 'a}';

type Guess = Partial<Record<Purpose, string>>;

/** An active slot, and a claim that names it with nothing left to finish. */
function steady(slot: Stored<SlotEntity>, claim: Stored<ClaimEntity> | undefined): boolean {
  return slot.state === 'active' && claim !== undefined && claim.holderId !== '' && claim.holderId === slot.id && !claim.opOpen;
}

export class AssociationReads {
  private readonly guesses = new Map<string, Guess>();

  constructor(
    private readonly table: TableClient,
    private readonly steps: ClaimSteps,
  ) {}

  async list(user: UserKey): Promise<Association[]> {
    const partition = userPartition(user);
    const guess = this.guesses.get(partition) ?? {};
    const [slots, claims] = await Promise.all([
      this.slots(partition),
      Promise.all(PURPOSES.map((purpose) => (guess[purpose] ? this.steps.claim(claimPartition(purpose, user.tenantId, guess[purpose])) : Promise.resolve(undefined)))),
    ]);
    this.remember(partition, slots);
    // Training first, as SQLite orders them (purpose DESC); a slot the guess did not confirm is settled as it always was.
    const settled = await Promise.all(
      PURPOSES.map(async (purpose, i) => {
        const slot = slots.get(purpose);
        if (slot?.accountKey !== undefined && slot.accountKey === guess[purpose] && steady(slot, claims[i])) return slot;
        return this.steps.settle(user, purpose, slot);
      }),
    );
    return settled.flatMap((slot) => (slot && slot !== 'busy' ? [toAssociation(user, slot)] : []));
  }

  /** The person's purpose slots, in one query. */
  private async slots(partition: string): Promise<Map<Purpose, Stored<SlotEntity>>> {
    const found = new Map<Purpose, Stored<SlotEntity>>();
    const rows = this.table.listEntities<SlotEntity>({ queryOptions: { filter: odata`PartitionKey eq ${partition} and RowKey ge ${SLOT_PREFIX} and RowKey lt ${AFTER_SLOTS}` } });
    for await (const row of rows) {
      const purpose = PURPOSES.find((p) => slotRow(p) === row.rowKey);
      if (purpose) found.set(purpose, row as Stored<SlotEntity>);
    }
    return found;
  }

  private remember(partition: string, slots: Map<Purpose, Stored<SlotEntity>>): void {
    const guess: Guess = {};
    for (const [purpose, slot] of slots) if (slot.state !== 'empty' && slot.accountKey) guess[purpose] = slot.accountKey;
    this.guesses.delete(partition);
    if (Object.keys(guess).length === 0) return;
    if (this.guesses.size >= MAX_GUESSES) this.guesses.delete(this.guesses.keys().next().value as string);
    this.guesses.set(partition, guess);
  }
}
