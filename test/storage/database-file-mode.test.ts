// The SQLite file holds personal data and the key that seals share ids: the file, its write-ahead
// log and its shared-memory file are readable and writable by their owner only (0600), whatever the
// process umask. Unix file modes only: skipped on Windows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/storage/sqlite/database';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const companions = (file: string) => [file, `${file}-wal`, `${file}-shm`];

describe('the SQLite files are private to their owner', function () {
  let dir: string;
  let db: Database | undefined;
  let umask: number;
  before(function () {
    if (process.platform === 'win32') this.skip();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-mode-'));
    umask = process.umask();
  });
  afterEach(() => {
    process.umask(umask);
    db?.close();
    db = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const mask of [0o000, 0o022, 0o002]) {
    it(`a new database, its -wal and its -shm are 0600 with umask ${mask.toString(8).padStart(3, '0')}`, () => {
      process.umask(mask);
      const file = path.join(dir, 'data', 'partner-link.db');
      db = openDatabase(file);
      db.exec("CREATE TABLE IF NOT EXISTS probe (x TEXT); INSERT INTO probe VALUES ('written')");
      for (const f of companions(file)) {
        assert.ok(fs.existsSync(f), `${path.basename(f)} exists`);
        assert.equal(modeOf(f).toString(8), '600', path.basename(f));
      }
    });
  }

  it('a database an older release left readable by others is narrowed to 0600 when opened', () => {
    process.umask(0o000);
    const file = path.join(dir, 'partner-link.db');
    openDatabase(file).close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o644);
    db = openDatabase(file);
    db.exec("CREATE TABLE IF NOT EXISTS probe (x TEXT); INSERT INTO probe VALUES ('written')");
    for (const f of companions(file)) assert.equal(modeOf(f).toString(8), '600', path.basename(f));
  });
});
