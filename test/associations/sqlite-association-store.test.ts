import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteAssociationStore } from '../../src/associations/sqlite-association-store';
import { DatabaseVersionError, openDatabase, schemaVersion } from '../../src/storage/database';
import { MIGRATIONS } from '../../src/storage/migrations';
import { describeAssociationStoreContract } from './association-store.contract';

function tempFile(): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-store-'));
  return { dir, file: path.join(dir, 'nested', 'partner-link.db') };
}

describeAssociationStoreContract('SQLite file', () => {
  const { dir, file } = tempFile();
  let store = new SqliteAssociationStore(openDatabase(file));
  return Promise.resolve({
    store,
    reopen: () => {
      store.close();
      store = new SqliteAssociationStore(openDatabase(file));
      return Promise.resolve(store);
    },
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describe('SQLite database', () => {
  let dir: string;
  let file: string;
  beforeEach(() => ({ dir, file } = tempFile()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file and its folder and migrates to the latest version; reopening is idempotent', () => {
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), MIGRATIONS.at(-1)?.version);
    db.close();
    const again = openDatabase(file);
    assert.equal(schemaVersion(again), MIGRATIONS.at(-1)?.version);
    again.close();
  });

  it('keeps the audit log append-only', async () => {
    const db = openDatabase(file);
    const store = new SqliteAssociationStore(db);
    await store.link({ user: { tenantId: 't', objectId: 'u', displayName: 'U' }, purpose: 'training', personal: { accountId: 'p', displayName: 'P', maskedEmail: 'p***@x.com' } }, new Date());
    assert.throws(() => db.prepare("UPDATE audit_log SET action = 'remove'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    store.close();
  });

  it('refuses a database written by a newer release, saying what to do', () => {
    const raw = new BetterSqlite3(path.join(dir, 'newer.db'));
    raw.pragma('user_version = 99');
    raw.close();
    assert.throws(() => openDatabase(path.join(dir, 'newer.db')), (error: unknown) => error instanceof DatabaseVersionError && /newer release/.test(error.message) && /SQLITE_PATH/.test(error.message));
  });

  it('reports unhealthy once the database is closed', () => {
    const store = new SqliteAssociationStore(openDatabase(file));
    store.close();
    assert.equal(store.health().ok, false);
  });
});
