// The bot's state storage (state-storage.ts) over the bot_state table, so a sign-in in progress survives a restart.
// eTag semantics follow MemoryStorage/BlobsStorage: a write with a stale eTag is a conflict. A missing
// key is created whatever the eTag, and a stored one never has CREATE_ONLY's (they are UUIDs), so a
// create-only write of an existing key is a conflict too.
import { randomUUID } from 'node:crypto';
import type { StateStorage, StoreItems } from '../state-storage';
import type { Database } from './sqlite';

/** v1: the table behind the bot's state storage. */
export const BOT_STATE_V1 = `
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        document TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
`;

export class SqliteBotStateStorage implements StateStorage {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: Database) {
    this.select = db.prepare<[string], { etag: string; document: string }>(
      'SELECT etag, document FROM bot_state WHERE key = ?',
    );
    this.upsert = db.prepare<[string, string, string, string]>(
      'INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare<[string]>('DELETE FROM bot_state WHERE key = ?');
  }

  read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = { ...(JSON.parse(row.document) as object), eTag: row.etag };
    }
    return Promise.resolve(items);
  }

  write(changes: StoreItems): Promise<void> {
    try {
      this.db.transaction(() => {
        for (const [key, value] of Object.entries(changes)) {
          const item = (value ?? {}) as Record<string, unknown> & { eTag?: string };
          const stored = this.select.get(key);
          if (stored && item.eTag && item.eTag !== '*' && item.eTag !== stored.etag) {
            throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
          }
          const { eTag: _ignored, ...document } = item;
          this.upsert.run(key, randomUUID(), JSON.stringify(document), new Date().toISOString());
        }
      })();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((key) => this.remove.run(key)))();
    return Promise.resolve();
  }
}
