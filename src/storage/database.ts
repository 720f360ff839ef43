// Opens the SQLite file (creating it and its folder), and brings its schema up to date. A database
// written by a newer Partner Link is refused rather than guessed at.
import fs from 'node:fs';
import path from 'node:path';
import { Database } from './sqlite';
import { MIGRATIONS, type Migration } from './migrations';

export { Database };

export class DatabaseVersionError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `The database ${file} has schema version ${found}, but this Partner Link knows versions up to ${known}. ` +
        'It was written by a newer release: run that release (or newer), or point SQLITE_PATH at another file.',
    );
    this.name = 'DatabaseVersionError';
  }
}

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version'));
}

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten, not left readable in free pages ("delete my data").
    db.pragma('secure_delete = ON');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database, file: string, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseVersionError(file, current, latest);
  // Versions need not be consecutive: each one newer than the file's runs, in order.
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied++;
  }
  // Rows a migration rewrote (ids replaced by keyed hashes) leave no old page image in the write-ahead log.
  if (applied > 0) db.pragma('wal_checkpoint(TRUNCATE)');
}
