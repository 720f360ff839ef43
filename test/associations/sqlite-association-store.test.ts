import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/storage/sqlite/sqlite';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { DatabaseVersionError, openDatabase, schemaVersion } from '../../src/storage/sqlite/database';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { describeAssociationStoreContract } from './association-store.contract';
import { allRows, dumpText } from '../support/sqlite-rows';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-01-10T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const adele = { tenantId: 'tenant-contoso', objectId: 'adele-oid', displayName: 'Adele Vance' };
const megan = { accountId: '00a1b2c3d4e5f603', displayName: 'Megan Bowen', maskedEmail: 'm***@outlook.com' };

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
    await store.link(
      {
        user: { tenantId: 't', objectId: 'u', displayName: 'U' },
        purpose: 'training',
        personal: { accountId: 'p', displayName: 'P', maskedEmail: 'p***@x.com' },
      },
      new Date(),
    );
    assert.throws(() => db.prepare("UPDATE audit_log SET action = 'remove'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    store.close();
  });

  it('refuses a database written by a newer release, saying what to do', () => {
    const raw = new Database(path.join(dir, 'newer.db'));
    raw.pragma('user_version = 99');
    raw.close();
    assert.throws(
      () => openDatabase(path.join(dir, 'newer.db')),
      (error: unknown) =>
        error instanceof DatabaseVersionError &&
        /newer release/.test(error.message) &&
        /SQLITE_PATH/.test(error.message),
    );
  });

  it('reports unhealthy once the database is closed', async () => {
    const store = new SqliteAssociationStore(openDatabase(file));
    store.close();
    assert.equal((await store.health()).ok, false);
  });

  it('after "delete my data" no table holds the personal id, the masked address or the name, nor does the file', async () => {
    const store = new SqliteAssociationStore(openDatabase(file));
    await store.link({ user: adele, purpose: 'learning', personal: megan }, at(0));
    await store.link({ user: adele, purpose: 'training', personal: megan }, at(0));
    const before = dumpText(allRows(file));
    assert.ok(
      before.includes('m***@outlook.com') && before.includes(megan.accountId),
      'the test looks for what was there',
    );
    await store.deleteUserData(adele, at(1));
    const rows = allRows(file);
    const text = dumpText(rows);
    for (const secret of [megan.accountId, 'a1b2c3d4e5f603', 'm***@outlook.com', 'megan bowen'])
      assert.ok(!text.includes(secret), `no row holds ${secret}`);
    const kept = rows.audit_log ?? [];
    assert.deepEqual(
      kept.map((r) => [r.action, r.purpose, r.tenant_id, r.personal_masked_email]),
      [
        ['link', 'learning', null, null],
        ['delete-data', null, 'tenant-contoso', null],
      ],
    );
    assert.match(
      String(kept[0]?.personal_account_key),
      /^[0-9a-f]{64}$/,
      'the Learning start is kept under a keyed hash',
    );
    assert.deepEqual(
      kept.map((r) => r.expires_at),
      [at(365).toISOString(), at(366).toISOString()],
      'each with an end date',
    );
    store.close();
    for (const name of fs.readdirSync(path.dirname(file))) {
      const bytes = fs.readFileSync(path.join(path.dirname(file), name));
      for (const secret of [megan.accountId, 'm***@outlook.com', 'Megan Bowen'])
        assert.equal(bytes.includes(secret), false, `${name} holds no ${secret}`);
    }
  });

  it('purges audit entries of deleted people once 365 days have passed, at start-up', async () => {
    let store = new SqliteAssociationStore(openDatabase(file));
    await store.link({ user: adele, purpose: 'learning', personal: megan }, at(0));
    await store.link(
      {
        user: { ...adele, objectId: 'alex-oid' },
        purpose: 'training',
        personal: { ...megan, accountId: '00a1b2c3d4e5f602' },
      },
      at(0),
    );
    await store.deleteUserData(adele, at(5));
    store.close();
    store = new SqliteAssociationStore(openDatabase(file));
    assert.deepEqual(await store.purgeExpiredAudit(at(364)), { purged: 0 });
    assert.deepEqual(
      await store.purgeExpiredAudit(at(365)),
      { purged: 1 },
      'the Learning start, a year after it happened',
    );
    assert.deepEqual(
      await store.purgeExpiredAudit(at(370)),
      { purged: 1 },
      'the record of the deletion, a year after it',
    );
    assert.deepEqual(
      (allRows(file).audit_log ?? []).map((r) => [r.work_object_id, r.action]),
      [['alex-oid', 'link']],
      'a person who kept their data keeps their log',
    );
    store.close();
  });

  it('an erased audit entry cannot be made readable again, and only expiring entries can be deleted', async () => {
    const db = openDatabase(file);
    const store = new SqliteAssociationStore(db);
    await store.link({ user: adele, purpose: 'learning', personal: megan }, at(0));
    await store.deleteUserData(adele, at(1));
    assert.throws(
      () =>
        db
          .prepare(
            "UPDATE audit_log SET tenant_id = 'tenant-contoso', work_object_id = 'adele-oid' WHERE action = 'link'",
          )
          .run(),
      /append-only/,
    );
    assert.throws(
      () => db.prepare("UPDATE audit_log SET expires_at = NULL WHERE action = 'link'").run(),
      /append-only/,
    );
    await store.link({ user: { ...adele, objectId: 'alex-oid' }, purpose: 'training', personal: megan }, at(2));
    assert.throws(() => db.prepare("DELETE FROM audit_log WHERE work_object_id = 'alex-oid'").run(), /append-only/);
    store.close();
  });

  it('migrates a v1 database without losing a row: ids become keyed hashes, earlier deletions are erased and name the work account by key', async () => {
    const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
    const insert = v1.prepare(
      'INSERT INTO audit_log (at, tenant_id, work_object_id, action, purpose, personal_account_id, personal_masked_email) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(at(0).toISOString(), 't', 'gone', 'link', 'learning', 'BEEF1234CAFE', 'g***@outlook.com');
    insert.run(at(0).toISOString(), 't', 'gone', 'link', 'training', 'BEEF1234CAFE', 'g***@outlook.com');
    insert.run(at(1).toISOString(), 't', 'gone', 'delete-data', null, null, null);
    insert.run(at(2).toISOString(), 't', 'stays', 'link', 'training', '00a1b2c3d4e5f602', 'a***@hotmail.com');
    v1.prepare(
      'INSERT INTO associations (id, tenant_id, work_object_id, work_display_name, purpose, personal_account_id, personal_display_name, personal_masked_email, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run('a1', 't', 'stays', 'Alex', 'training', '0A1B2C3D4E5F602', 'Alex', 'a***@hotmail.com', at(2).toISOString());
    v1.close();
    const store = new SqliteAssociationStore(openDatabase(file));
    const rows = allRows(file);
    assert.deepEqual(
      (rows.audit_log ?? []).map((r) => [
        r.seq,
        /^[0-9a-f]{64}$/.test(String(r.work_object_id)) ? 'keyed' : r.work_object_id,
        r.action,
        r.purpose,
        r.personal_masked_email,
        typeof r.personal_account_key,
      ]),
      [
        [1, null, 'link', 'learning', null, 'string'],
        [2, null, 'link', 'training', null, 'string'],
        [3, 'keyed', 'delete-data', null, null, 'object'],
        [4, 'stays', 'link', 'training', 'a***@hotmail.com', 'string'],
      ],
    );
    assert.ok(!dumpText(rows).includes('beef1234cafe'), 'no account id in clear');
    assert.equal(rows.associations?.[0]?.personal_account_id, '00a1b2c3d4e5f602', 'one spelling of the id');
    // The erased Learning start still counts for the 30-day rule, under the new spelling too.
    expectCoolOff(
      await store.link(
        { user: adele, purpose: 'learning', personal: { ...megan, accountId: '0000beef1234cafe' } },
        at(3),
      ),
    );
    assert.deepEqual(
      await store.purgeExpiredAudit(at(3)),
      { purged: 1 },
      'the erased training row went at the deletion',
    );
    store.close();
  });

  it('a migration that would merge two links of one account in two spellings stops, changes nothing, and says what to do', () => {
    const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
    const insert = v1.prepare(
      'INSERT INTO associations (id, tenant_id, work_object_id, work_display_name, purpose, personal_account_id, personal_display_name, personal_masked_email, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('a1', 't1', 'u1', 'U1', 'learning', 'A1B2C3D4E5F6', 'P', 'p***@outlook.com', at(0).toISOString());
    insert.run('a2', 't2', 'u2', 'U2', 'learning', '0000a1b2c3d4e5f6', 'P', 'p***@outlook.com', at(0).toISOString());
    v1.close();
    assert.throws(() => openDatabase(file), /same Microsoft account in different spellings.*Remove one of them/s);
    const raw = new Database(file);
    assert.equal(schemaVersion(raw), 1, 'still version 1');
    assert.equal(
      raw.prepare<[], { n: number }>('SELECT count(*) AS n FROM associations').get()?.n,
      2,
      'both links kept',
    );
    raw.close();
  });
});

function expectCoolOff(outcome: { kind: string }): void {
  assert.equal(outcome.kind, 'cool-off', JSON.stringify(outcome));
}
