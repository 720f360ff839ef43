// The installation secrets on SQLite (table installation_secrets, storage/installation-secret.ts),
// and what is made from them here: the audit key and the keyed hashes of work accounts.
import { randomBytes } from 'node:crypto';
import { SECRET_BYTES } from '../installation-secret';
import { PSEUDONYM_SECRET, pseudonymsFrom, type Pseudonyms } from '../pseudonyms';
import type { Database } from './sqlite';

/** v2: the installation secrets. */
export const INSTALLATION_SECRETS_V2 = `
      -- Named per-installation secrets (32 random bytes each), created on first use (installation-secret.ts).
      CREATE TABLE IF NOT EXISTS installation_secrets (
        name TEXT PRIMARY KEY,
        secret BLOB NOT NULL CHECK (length(secret) = 32),
        created_at TEXT NOT NULL
      );
`;

/** The secret called `name`, created at random on first use (atomically: concurrent callers agree). */
export function installationSecret(db: Database, name: string): Buffer {
  return db
    .transaction(() => {
      db.prepare('INSERT OR IGNORE INTO installation_secrets (name, secret, created_at) VALUES (?, ?, ?)').run(
        name,
        randomBytes(SECRET_BYTES),
        new Date().toISOString(),
      );
      const row = db
        .prepare<[string], { secret: Buffer }>('SELECT secret FROM installation_secrets WHERE name = ?')
        .get(name);
      if (!row || row.secret.length !== SECRET_BYTES)
        throw new Error(`installation secret "${name}" is missing or damaged`);
      return row.secret;
    })
    .immediate();
}

/** The audit key: this installation's secret for keyed account ids (created on first use). */
export function readAuditKey(db: Database): Buffer {
  return installationSecret(db, PSEUDONYM_SECRET);
}

export function sqlitePseudonyms(db: Database): Pseudonyms {
  return pseudonymsFrom(() => Promise.resolve(readAuditKey(db)));
}
