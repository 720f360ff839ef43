// The SQLite CertificationStore: the contract, plus what only SQLite can show — the share id is
// nowhere in the database file in clear, and the key is one per installation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { SqliteCertificationStore } from '../../src/storage/sqlite/sqlite-certification-store';
import { SHARE_ID_KEY_NAME, sealShareId } from '../../src/certifications/share-id-seal';
import { openDatabase } from '../../src/storage/sqlite/database';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { installationSecret } from '../../src/storage/sqlite/sqlite-installation-secret';
import { describeCertificationStoreContract } from './certification-store.contract';

function tempFile(): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-certs-'));
  return { dir, file: path.join(dir, 'partner-link.db') };
}

describeCertificationStoreContract('SQLite file', () => {
  const { dir, file } = tempFile();
  let db = openDatabase(file);
  return Promise.resolve({
    store: new SqliteCertificationStore(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(new SqliteCertificationStore(db));
    },
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describe('SQLite certification store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => ({ dir, file } = tempFile()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the share id is stored encrypted — not in the database file, its WAL, nor any column', async () => {
    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    const shareId = 'secretshare8u6awert43q1plo';
    await store.setShareLink({ tenantId: 't', objectId: 'u' }, 'a', shareId, new Date());
    const rows = JSON.stringify(db.prepare('SELECT * FROM certification_links').all(), (_k, v: unknown) =>
      Buffer.isBuffer(v) ? v.toString('latin1') : v,
    );
    assert.ok(!rows.includes(shareId));
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of [file, `${file}-wal`])
      if (fs.existsSync(f))
        assert.ok(!fs.readFileSync(f).includes(Buffer.from(shareId)), `${path.basename(f)} holds the share id`);
    assert.equal((await store.shareLink({ tenantId: 't', objectId: 'u' }))?.shareId, shareId);
    db.close();
  });

  it("a sealed share id copied to another person's row does not open", async () => {
    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    await store.setShareLink({ tenantId: 't', objectId: 'victim' }, 'a', 'victimsharelink1', new Date());
    await store.setShareLink({ tenantId: 't', objectId: 'thief' }, 'b', 'thiefsharelink2', new Date());
    db.prepare(
      "UPDATE certification_links SET share_id_sealed = (SELECT share_id_sealed FROM certification_links WHERE work_object_id = 'victim') WHERE work_object_id = 'thief'",
    ).run();
    assert.equal(await store.shareLink({ tenantId: 't', objectId: 'thief' }), undefined);
    db.close();
  });

  it('the installation secret is created once, kept across restarts, and differs per name and per installation', () => {
    const db = openDatabase(file);
    const key = installationSecret(db, 'learn-share-id-key');
    assert.equal(key.length, 32);
    assert.ok(installationSecret(db, 'learn-share-id-key').equals(key));
    assert.ok(!installationSecret(db, 'audit-pseudonym').equals(key));
    db.close();
    const again = openDatabase(file);
    assert.ok(installationSecret(again, 'learn-share-id-key').equals(key));
    again.close();
    const other = openDatabase(path.join(dir, 'other.db'));
    assert.ok(!installationSecret(other, 'learn-share-id-key').equals(key));
    other.close();
  });
});

describe('SQLite certification store: upgrading to verified credit (migration 7)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => ({ dir, file } = tempFile()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every link but reads each transcript again before it counts; associations made before compare no address', async () => {
    const v6 = openDatabase(file, MIGRATIONS.slice(0, 6));
    // As the previous release wrote them: a confirmed transcript with its cache.
    const sealed = sealShareId(installationSecret(v6, SHARE_ID_KEY_NAME), 'leegu2transcript04', 't\nlee\nlink-1');
    v6.prepare(
      "INSERT INTO certification_links (tenant_id, work_object_id, link_id, association_id, share_id_sealed, linked_at, fetched_at, certifications, ownership) VALUES ('t', 'lee', 'link-1', 'assoc-lee', ?, '2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00.000Z', '{\"certifications\":[],\"exams\":[]}', 'confirmed')",
    ).run(sealed);
    v6.prepare(
      "INSERT INTO associations (id, tenant_id, work_object_id, work_display_name, purpose, personal_account_id, personal_display_name, personal_masked_email, linked_at) VALUES ('assoc-lee', 't', 'lee', 'Lee Gu', 'learning', '00a1b2c3d4e5f604', 'Lee Gu', 'g***@live.com', '2026-11-01T00:00:00.000Z')",
    ).run();
    v6.close();

    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    const cached = await store.cached({ tenantId: 't', objectId: 'lee' });
    assert.deepEqual(
      [cached?.ownership, cached?.record, cached?.fetchedAt, cached?.transcriptKey],
      ['unchecked', null, null, null],
    );
    assert.equal((await store.shareLink({ tenantId: 't', objectId: 'lee' }))?.shareId, 'leegu2transcript04');
    assert.deepEqual(
      await store.dueForRefresh(new Date('2026-11-20T09:30:00Z'), 10),
      [{ tenantId: 't', objectId: 'lee' }],
      'first in line for the refresh',
    );
    const [learning] = await new SqliteAssociationStore(db).list({ tenantId: 't', objectId: 'lee' });
    assert.equal(learning?.personal.emailKey, undefined);
    db.close();
  });

  it('the database itself refuses a second holder of one transcript in an organization', async () => {
    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    await store.setShareLink({ tenantId: 't', objectId: 'alex' }, 'a', 'link1', new Date());
    await store.setShareLink({ tenantId: 't', objectId: 'megan' }, 'b', 'link2', new Date());
    db.prepare("UPDATE certification_links SET transcript_key = 'k' WHERE work_object_id = 'alex'").run();
    assert.throws(
      () => db.prepare("UPDATE certification_links SET transcript_key = 'k' WHERE work_object_id = 'megan'").run(),
      /UNIQUE/,
    );
    db.close();
  });
});
