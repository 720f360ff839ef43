// Opens the SQLite file (creating it and its folder), and brings its schema up to date. A database
// written by a newer Partner Link is refused rather than guessed at. The file holds personal data and
// the key that seals share ids, so it is readable by its owner only (0600) whatever the umask; SQLite
// gives the -wal and -shm files the main file's mode when it creates them, and they are set to 0600
// here as well once they exist.
import fs from 'node:fs';
import path from 'node:path';
import { Database } from './sqlite';
import { schemaVersion, type Migration } from './migration';
import { MIGRATIONS } from './migrations';

export { Database, schemaVersion };

export class DatabaseVersionError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `The database ${file} has schema version ${found}, but this Partner Link knows versions up to ${known}. ` +
        'It was written by a newer release: run that release (or newer), or point SQLITE_PATH at another file.',
    );
    this.name = 'DatabaseVersionError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables every Partner Link database has had since its first version. */
const OWN_TABLES = ['associations', 'audit_log'];

/** A SQLite file holding Partner Link's tables (what `npm start -- --fresh` may remove). */
export function isPartnerLinkDatabase(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, header.length, 0) !== header.length || header.toString('latin1') !== SQLITE_HEADER)
      return false;
  } finally {
    fs.closeSync(fd);
  }
  const db = new Database(file, { readonly: true });
  try {
    const tables = new Set(
      db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => r.name),
    );
    return OWN_TABLES.every((t) => tables.has(t));
  } finally {
    db.close();
  }
}

/** Owner read and write, nobody else. */
export const DATABASE_FILE_MODE = 0o600;

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  const onDisk = file !== ':memory:' && !file.startsWith('file:');
  if (onDisk) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    createPrivately(file);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten, not left readable in free pages ("delete my data").
    db.pragma('secure_delete = ON');
    migrate(db, file, migrations);
    // Written to by now: the WAL and shared-memory files exist.
    if (onDisk) for (const companion of [`${file}-wal`, `${file}-shm`]) restrict(companion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Creates the file with mode 0600 before SQLite opens it (the mode given to open() is cut by the
 * umask, so it is set again explicitly). A file an older release created more openly is narrowed too.
 */
function createPrivately(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', DATABASE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    restrict(file);
    return;
  }
  try {
    fs.fchmodSync(fd, DATABASE_FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/** chmod 0600 where the file exists and this process owns it (a file owned by someone else is left as it is). */
function restrict(file: string): void {
  try {
    fs.chmodSync(file, DATABASE_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
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
