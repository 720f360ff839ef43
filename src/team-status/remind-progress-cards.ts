// Issue 9.4, durable: the reminder progress cards being updated in place, kept in the store so a
// restart in the middle of a run keeps updating the manager's card. One record per press (its batch):
// where the card is (conversation reference, activity id), whose it is (the viewer), and what it says
// besides the counts (the intro sentence and its "Back to the team" action). The port, the record's
// checks (a stored record that no longer parses is dropped, never rendered), and the SQLite adapter
// (migration 6); the Azure Table adapter is src/storage/azure/azure-remind-progress-cards.ts.
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Database } from '../storage/database';
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

/** The port: SQLite here, Azure Table in src/storage/azure/. */
export interface RemindProgressCards {
  /** Saves (or replaces) the record of one press's card. */
  save(card: ProgressCardRecord): Promise<void>;
  /** The cards still being updated, oldest first, at most `limit`. Records that no longer parse are left out. */
  active(limit: number): Promise<ProgressCardRecord[]>;
  /** The run is over (or the card given up): its record goes. */
  finish(batch: string): Promise<void>;
}

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

/** A record read back from a store, checked; undefined when any part no longer parses. */
export function readRecord(raw: { batch: string; tenantId: string; viewerOid: string; reference: string; activityId: string; intro: string; back: string; createdAt: string }): ProgressCardRecord | undefined {
  try {
    const reference = referenceSchema.safeParse(JSON.parse(raw.reference));
    const back = teamActionSchema.safeParse(JSON.parse(raw.back));
    const createdAt = new Date(raw.createdAt);
    if (!reference.success || !back.success || Number.isNaN(createdAt.getTime()) || !raw.activityId) return undefined;
    return { batch: raw.batch, viewer: { tenantId: raw.tenantId, oid: raw.viewerOid }, reference: reference.data as unknown as Partial<ConversationReference>, activityId: raw.activityId, intro: raw.intro, back: back.data, createdAt };
  } catch {
    return undefined;
  }
}

interface Row {
  batch: string;
  tenant_id: string;
  viewer_oid: string;
  reference: string;
  activity_id: string;
  intro: string;
  back: string;
  created_at: string;
}

export class SqliteRemindProgressCards implements RemindProgressCards {
  constructor(private readonly db: Database) {}

  save(card: ProgressCardRecord): Promise<void> {
    const fields = recordFields(card);
    if (!fields) return Promise.reject(new Error('progress card reference not kept: malformed or too long'));
    this.db
      .prepare('INSERT OR REPLACE INTO remind_progress_cards (batch, tenant_id, viewer_oid, reference, activity_id, intro, back, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(card.batch, card.viewer.tenantId, card.viewer.oid, fields.reference, card.activityId.slice(0, 500), fields.intro, fields.back, card.createdAt.toISOString());
    return Promise.resolve();
  }

  active(limit: number): Promise<ProgressCardRecord[]> {
    const rows = this.db.prepare('SELECT * FROM remind_progress_cards ORDER BY created_at, batch LIMIT ?').all(limit) as Row[];
    const records = rows.map((r) => readRecord({ batch: r.batch, tenantId: r.tenant_id, viewerOid: r.viewer_oid, reference: r.reference, activityId: r.activity_id, intro: r.intro, back: r.back, createdAt: r.created_at }));
    return Promise.resolve(records.filter((r): r is ProgressCardRecord => r !== undefined));
  }

  finish(batch: string): Promise<void> {
    this.db.prepare('DELETE FROM remind_progress_cards WHERE batch = ?').run(batch);
    return Promise.resolve();
  }
}
