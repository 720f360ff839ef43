// One versioned step of the SQLite schema (migrations.ts), and the version a database is at.
import type { Database } from './sqlite';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Work SQL alone cannot do (e.g. keyed hashes), run after `sql` in the same transaction. */
  run?: (db: Database) => void;
}

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version'));
}
