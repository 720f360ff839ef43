// The reminder progress cards on SQLite (table remind_progress_cards): found by the viewer's key, the
// rest sealed (team-status/remind-progress-cards.ts).
import { personKey } from '../pseudonyms';
import {
  CLAIM_READ_MAX,
  leaseStep,
  openCard,
  PROGRESS_SEAL_SECRET,
  sealCard,
  type CardLease,
  type CardSecrets,
  type ProgressCardRecord,
  type RemindProgressCards,
} from '../../team-status/remind-progress-cards';
import { installationSecret, readAuditKey } from './sqlite-installation-secret';
import type { Database } from './sqlite';

/** v6: the progress cards as first released (in clear; rebuilt sealed in v8). */
export const REMIND_PROGRESS_CARDS_V6 = `
      -- One row per "Remind unlinked" press whose card is still updated: where the card is, whose it
      -- is, and its words besides the counts. Deleted when the run is over.
      CREATE TABLE remind_progress_cards (
        batch TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        viewer_oid TEXT NOT NULL,
        reference TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        intro TEXT NOT NULL,
        back TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX remind_progress_cards_age ON remind_progress_cards (created_at);
`;

/** v8: the table rebuilt sealed (migration-keyed-accounts.ts). */
export const REMIND_PROGRESS_CARDS_V8 = `
  CREATE TABLE remind_progress_cards_v8 (
    batch TEXT PRIMARY KEY,
    viewer_key TEXT NOT NULL,
    sealed BLOB NOT NULL,
    activity_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );`;

export const REMIND_PROGRESS_CARDS_V8_INDEXES = `
  CREATE INDEX remind_progress_cards_age ON remind_progress_cards (created_at);
  CREATE INDEX remind_progress_cards_viewer ON remind_progress_cards (viewer_key);`;

/** v10: updating a card is a leased duty, taken over by any live instance when its holder stops. */
export const REMIND_PROGRESS_CARDS_V10 = `
      -- Which instance updates the card, until when (ISO 8601 UTC). NULL: nobody; any instance takes it.
      ALTER TABLE remind_progress_cards ADD COLUMN lease_holder TEXT;
      ALTER TABLE remind_progress_cards ADD COLUMN lease_until TEXT;
`;

/** This installation's secrets, from the SQLite file (created on first use). */
export function sqliteCardSecrets(db: Database): CardSecrets {
  return { seal: installationSecret(db, PROGRESS_SEAL_SECRET), audit: readAuditKey(db) };
}

interface Row {
  batch: string;
  viewer_key: string;
  sealed: Buffer;
  activity_id: string;
  created_at: string;
  lease_holder: string | null;
  lease_until: string | null;
}

export class SqliteRemindProgressCards implements RemindProgressCards {
  private secrets: CardSecrets | undefined;

  constructor(private readonly db: Database) {}

  private keys(): CardSecrets {
    this.secrets ??= sqliteCardSecrets(this.db);
    return this.secrets;
  }

  save(card: ProgressCardRecord, lease?: CardLease): Promise<void> {
    const stored = sealCard(this.keys(), card);
    if (!stored) return Promise.reject(new Error('progress card reference not kept: malformed or too long'));
    this.db
      .prepare(
        'INSERT OR REPLACE INTO remind_progress_cards (batch, viewer_key, sealed, activity_id, created_at, lease_holder, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        stored.batch,
        stored.viewerKey,
        stored.sealed,
        stored.activityId,
        stored.createdAt,
        lease?.holder ?? null,
        lease?.until.toISOString() ?? null,
      );
    return Promise.resolve();
  }

  active(limit: number): Promise<ProgressCardRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM remind_progress_cards ORDER BY created_at, batch LIMIT ?')
      .all(limit) as Row[];
    return Promise.resolve(rows.map((r) => this.open(r)).filter((r): r is ProgressCardRecord => r !== undefined));
  }

  claim(holder: string, now: Date, leaseMs: number, limit: number): Promise<ProgressCardRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM remind_progress_cards ORDER BY created_at, batch LIMIT ?')
      .all(CLAIM_READ_MAX) as Row[];
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const compareAndSet = this.db.prepare(
      'UPDATE remind_progress_cards SET lease_holder = ?, lease_until = ? WHERE batch = ? AND lease_holder IS ? AND lease_until IS ?',
    );
    const held: ProgressCardRecord[] = [];
    for (const row of rows) {
      if (held.length >= limit) break;
      const step = leaseStep({ holder: row.lease_holder, until: row.lease_until }, holder, now, leaseMs);
      const record = step === 'skip' ? undefined : this.open(row);
      if (!record) continue;
      if (
        step !== 'keep' &&
        compareAndSet.run(holder, until, row.batch, row.lease_holder, row.lease_until).changes === 0
      )
        continue;
      held.push(record);
    }
    return Promise.resolve(held);
  }

  release(holder: string): Promise<void> {
    this.db
      .prepare('UPDATE remind_progress_cards SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = ?')
      .run(holder);
    return Promise.resolve();
  }

  private open(r: Row): ProgressCardRecord | undefined {
    return openCard(this.keys(), {
      batch: r.batch,
      viewerKey: r.viewer_key,
      sealed: r.sealed,
      activityId: r.activity_id,
      createdAt: r.created_at,
    });
  }

  finish(batch: string): Promise<void> {
    this.db.prepare('DELETE FROM remind_progress_cards WHERE batch = ?').run(batch);
    return Promise.resolve();
  }

  forget(viewer: { tenantId: string; oid: string }): Promise<number> {
    const key = personKey(this.keys().audit, viewer.tenantId, viewer.oid);
    return Promise.resolve(this.db.prepare('DELETE FROM remind_progress_cards WHERE viewer_key = ?').run(key).changes);
  }
}
