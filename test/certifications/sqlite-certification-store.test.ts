// The SQLite CertificationStore: the contract, plus what only SQLite can show — the share id is
// nowhere in the database file in clear, and the key is one per installation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteCertificationStore } from '../../src/certifications/sqlite-certification-store';
import { openDatabase } from '../../src/storage/database';
import { installationSecret } from '../../src/storage/installation-secret';
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

describe('issue 8.3 SQLite certification store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => ({ dir, file } = tempFile()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('issue 8.1: the share id is stored encrypted — not in the database file, its WAL, nor any column', async () => {
    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    const shareId = 'secretshare8u6awert43q1plo';
    await store.setShareLink({ tenantId: 't', objectId: 'u' }, 'a', shareId, new Date());
    const rows = JSON.stringify(db.prepare('SELECT * FROM certification_links').all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
    assert.ok(!rows.includes(shareId));
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes(Buffer.from(shareId)), `${path.basename(f)} holds the share id`);
    assert.equal((await store.shareLink({ tenantId: 't', objectId: 'u' }))?.shareId, shareId);
    db.close();
  });

  it('issue 8.1: a sealed share id copied to another person\'s row does not open', async () => {
    const db = openDatabase(file);
    const store = new SqliteCertificationStore(db);
    await store.setShareLink({ tenantId: 't', objectId: 'victim' }, 'a', 'victimsharelink1', new Date());
    await store.setShareLink({ tenantId: 't', objectId: 'thief' }, 'b', 'thiefsharelink2', new Date());
    db.prepare("UPDATE certification_links SET share_id_sealed = (SELECT share_id_sealed FROM certification_links WHERE work_object_id = 'victim') WHERE work_object_id = 'thief'").run();
    assert.equal(await store.shareLink({ tenantId: 't', objectId: 'thief' }), undefined);
    db.close();
  });

  it('issue 8.3: the installation secret is created once, kept across restarts, and differs per name and per installation', () => {
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
