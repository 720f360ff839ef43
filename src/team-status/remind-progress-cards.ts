// The reminder progress cards being updated in place, kept in the store so a restart in the middle
// of a run keeps updating the manager's card. One record per press (its batch): where the card is
// (conversation reference, activity id), whose it is (the viewer), and what it says besides the
// counts (the intro sentence and its "Back to the team" action).
// Updating a card is a leased duty: one instance holds it (`lease_holder` until `lease_until`) and
// renews it while it runs; a lease not renewed in time (its instance died, was scaled in, or stopped
// and released it) is taken by any live instance (`claim`), one at a time (a compare-and-set on the
// lease read), so every card keeps moving to its final counts.
// What names the manager (the reference, the viewer's ids, the action's managerOid) is kept sealed
// (AES-256-GCM under an installation secret, the batch as associated data); the record is found by
// the keyed hash of the viewer's work account (storage/pseudonyms.ts), and "delete my data" erases
// the viewer's records (`forget`). A stored record that no longer parses or opens is dropped,
// never rendered. The port and the engine-neutral sealing; the adapters are
// src/storage/sqlite/sqlite-remind-progress-cards.ts and src/storage/azure/azure-remind-progress-cards.ts.
import type { ConversationReference } from '../channel/wire';
import { z } from 'zod';
import { openShareId, sealShareId } from '../certifications/share-id-seal';
import { personKey } from '../storage/pseudonyms';
import { teamActionSchema, type TeamAction } from './team-actions';

export interface ProgressCardRecord {
  batch: string;
  viewer: { tenantId: string; oid: string };
  reference: Partial<ConversationReference>;
  /** The card to update (the pressed team card, replaced by the progress card). */
  activityId: string;
  intro: string;
  back: TeamAction;
  createdAt: Date;
}

/** Who updates a card, until when. */
export interface CardLease {
  holder: string;
  until: Date;
}

/** The port; its adapters are in src/storage/sqlite/ and src/storage/azure/. */
export interface RemindProgressCards {
  /** Saves (or replaces) the record of one press's card; with `lease`, held by that instance from now on. */
  save(card: ProgressCardRecord, lease?: CardLease): Promise<void>;
  /**
   * The cards `holder` updates from now on, oldest first, at most `limit`: those it holds (the lease
   * renewed once half of it has gone) and those nobody holds any more (taken, each by one instance).
   */
  claim(holder: string, now: Date, leaseMs: number, limit: number): Promise<ProgressCardRecord[]>;
  /** A graceful stop: the holder's cards are free at once for another instance (or the restarted one). */
  release(holder: string): Promise<void>;
  /** The cards still being updated, oldest first, at most `limit`. Records that no longer parse are left out. */
  active(limit: number): Promise<ProgressCardRecord[]>;
  /** The run is over (or the card given up): its record goes. */
  finish(batch: string): Promise<void>;
  /** "Delete my data": every card record of this viewer goes; returns how many. */
  forget(viewer: { tenantId: string; oid: string }): Promise<number>;
}

export type LeaseStep = 'keep' | 'renew' | 'take' | 'skip';

/** What `holder` does with a card whose lease is `current` (as stored: holder and ISO time, or none). */
export function leaseStep(
  current: { holder?: string | null; until?: string | null },
  holder: string,
  now: Date,
  leaseMs: number,
): LeaseStep {
  const until = current.until ? Date.parse(current.until) : Number.NaN;
  const left = Number.isFinite(until) ? until - now.getTime() : 0;
  if (current.holder === holder) return left > leaseMs / 2 ? 'keep' : 'renew';
  return current.holder && left > 0 ? 'skip' : 'take';
}

/** Cards a claim looks at, at most (the updater keeps far fewer). */
export const CLAIM_READ_MAX = 1_000;

/** The installation secret the records are sealed with. */
export const PROGRESS_SEAL_SECRET = 'remind-progress-seal';
/** A stored reference is at most this long (a real one is well under 2 KB). */
export const REFERENCE_MAX_CHARS = 8_000;
const TEXT_MAX = 1_000;

const referenceSchema = z.looseObject({
  serviceUrl: z.string().min(1).max(2_000),
  channelId: z.string().max(100).optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(1_000) }),
});

/** The stored fields as text, for any engine; undefined when the record cannot be kept. */
export function recordFields(card: ProgressCardRecord): { reference: string; back: string; intro: string } | undefined {
  const reference = JSON.stringify(card.reference);
  if (reference.length > REFERENCE_MAX_CHARS || !referenceSchema.safeParse(card.reference).success) return undefined;
  return { reference, back: JSON.stringify(card.back), intro: card.intro.slice(0, TEXT_MAX) };
}

type RawRecord = {
  batch: string;
  tenantId: string;
  viewerOid: string;
  reference: string;
  activityId: string;
  intro: string;
  back: string;
  createdAt: string;
};

/** A record read back from a store, checked; undefined when any part no longer parses. */
export function readRecord(raw: RawRecord): ProgressCardRecord | undefined {
  try {
    const reference = referenceSchema.safeParse(JSON.parse(raw.reference));
    const back = teamActionSchema.safeParse(JSON.parse(raw.back));
    const createdAt = new Date(raw.createdAt);
    if (
      !reference.success ||
      !back.success ||
      Number.isNaN(createdAt.getTime()) ||
      !raw.activityId ||
      !raw.tenantId ||
      !raw.viewerOid
    )
      return undefined;
    return {
      batch: raw.batch,
      viewer: { tenantId: raw.tenantId, oid: raw.viewerOid },
      reference: reference.data as unknown as Partial<ConversationReference>,
      activityId: raw.activityId,
      intro: raw.intro,
      back: back.data,
      createdAt,
    };
  } catch {
    return undefined;
  }
}

/** The secrets a store seals and keys with: one to seal, and the pseudonyms' audit secret. */
export interface CardSecrets {
  seal: Buffer;
  audit: Buffer;
}

/** What a store keeps of one record: found by the viewer's key, the rest sealed. */
export interface SealedCard {
  batch: string;
  viewerKey: string;
  sealed: Buffer;
  activityId: string;
  createdAt: string;
}

const sealedSchema = z.object({
  tenantId: z.string().max(100),
  viewerOid: z.string().max(100),
  reference: z.string(),
  intro: z.string(),
  back: z.string(),
});

export function sealCard(secrets: CardSecrets, card: ProgressCardRecord): SealedCard | undefined {
  const fields = recordFields(card);
  if (!fields) return undefined;
  const secret = JSON.stringify({ tenantId: card.viewer.tenantId, viewerOid: card.viewer.oid, ...fields });
  return {
    batch: card.batch,
    viewerKey: personKey(secrets.audit, card.viewer.tenantId, card.viewer.oid),
    sealed: sealShareId(secrets.seal, secret, card.batch),
    activityId: card.activityId.slice(0, 500),
    createdAt: card.createdAt.toISOString(),
  };
}

/** The record, or undefined when it does not open with this installation's secret or no longer parses. */
export function openCard(secrets: CardSecrets, stored: SealedCard): ProgressCardRecord | undefined {
  const opened = openShareId(secrets.seal, stored.sealed, stored.batch);
  if (opened === undefined) return undefined;
  try {
    const parsed = sealedSchema.safeParse(JSON.parse(opened));
    return parsed.success
      ? readRecord({ batch: stored.batch, activityId: stored.activityId, createdAt: stored.createdAt, ...parsed.data })
      : undefined;
  } catch {
    return undefined;
  }
}
