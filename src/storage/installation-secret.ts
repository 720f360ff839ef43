// Per-installation secrets: 32 random bytes per name, created the first time they are asked for
// and kept in the database (table installation_secrets), so every process of one installation
// agrees on them and another installation's data cannot be read with them. Used for the key that
// seals Learn share ids, and for pseudonymising audit data.
import { randomBytes } from 'node:crypto';
import type { Database } from './sqlite/sqlite';

export const SECRET_BYTES = 32;

/** The secret called `name`, created at random on first use (atomically: concurrent callers agree). */
export function installationSecret(db: Database, name: string): Buffer {
  return db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO installation_secrets (name, secret, created_at) VALUES (?, ?, ?)').run(name, randomBytes(SECRET_BYTES), new Date().toISOString());
    const row = db.prepare<[string], { secret: Buffer }>('SELECT secret FROM installation_secrets WHERE name = ?').get(name);
    if (!row || row.secret.length !== SECRET_BYTES) throw new Error(`installation secret "${name}" is missing or damaged`);
    return row.secret;
  }).immediate();
}
