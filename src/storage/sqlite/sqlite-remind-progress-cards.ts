// The reminder progress cards on SQLite (table remind_progress_cards): found by the viewer's key, the
// rest sealed (team-status/remind-progress-cards.ts).
import { personKey } from '../pseudonyms';
import { openCard, PROGRESS_SEAL_SECRET, sealCard, type CardSecrets, type ProgressCardRecord, type RemindProgressCards } from '../../team-status/remind-progress-cards';
import { installationSecret, readAuditKey } from './sqlite-installation-secret';
import type { Database } from './sqlite';

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
}

export class SqliteRemindProgressCards implements RemindProgressCards {
  private secrets: CardSecrets | undefined;

  constructor(private readonly db: Database) {}

  private keys(): CardSecrets {
    this.secrets ??= sqliteCardSecrets(this.db);
    return this.secrets;
  }

  save(card: ProgressCardRecord): Promise<void> {
    const stored = sealCard(this.keys(), card);
    if (!stored) return Promise.reject(new Error('progress card reference not kept: malformed or too long'));
    this.db
      .prepare('INSERT OR REPLACE INTO remind_progress_cards (batch, viewer_key, sealed, activity_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(stored.batch, stored.viewerKey, stored.sealed, stored.activityId, stored.createdAt);
    return Promise.resolve();
  }

  active(limit: number): Promise<ProgressCardRecord[]> {
    const rows = this.db.prepare('SELECT * FROM remind_progress_cards ORDER BY created_at, batch LIMIT ?').all(limit) as Row[];
    const records = rows.map((r) => openCard(this.keys(), { batch: r.batch, viewerKey: r.viewer_key, sealed: r.sealed, activityId: r.activity_id, createdAt: r.created_at }));
    return Promise.resolve(records.filter((r): r is ProgressCardRecord => r !== undefined));
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
