// The SQLite schema an installation already has is the one it keeps. The fixtures were written by the
// release whose schema is version 8: its migrations (statements only), the schema they make, and a
// database of that release with one record of each kind (test/storage/fixtures/released-*).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, schemaVersion } from '../../src/storage/sqlite/database';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { Database } from '../../src/storage/sqlite/sqlite';
import { openSqliteStores } from '../../src/storage/sqlite/sqlite-stores';

const RELEASED = 8;
const fixture = (name: string) =>
  fs.readFileSync(path.join(process.cwd(), 'test', 'storage', 'fixtures', name), 'utf8');
/** Statements as SQLite runs them: comments and spacing do not count. */
const statements = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The released migrations: version → its statements, and the work it runs after them. */
function releasedMigrations(): Map<number, { sql: string; run: string | null }> {
  const released = new Map<number, { sql: string; run: string | null }>();
  for (const part of fixture('released-migrations.sql')
    .split(/^-- version /m)
    .slice(1)) {
    const header = /^(\d+)(?: \(then (\w+)\))?:/.exec(part);
    assert.ok(header, `unreadable fixture part: ${part.slice(0, 40)}`);
    released.set(Number(header[1]), { sql: statements(part.slice(part.indexOf('\n'))), run: header[2] ?? null });
  }
  return released;
}

/** Every table, index and trigger with its SQL, in the order they were made. */
function schemaOf(db: Database): string {
  return db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )
    .all()
    .map((o) => `${o.sql};`)
    .join('\n');
}

describe('SQLite schema across releases', () => {
  let dir = '';
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-released-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the released migrations 1 to 8 run the same statements, in the same order, under the same versions', () => {
    const released = releasedMigrations();
    const shipped = MIGRATIONS.filter((m) => m.version <= RELEASED);
    assert.deepEqual(
      shipped.map((m) => m.version),
      [...released.keys()],
    );
    for (const m of shipped) {
      const was = released.get(m.version);
      assert.equal(statements(m.sql), was?.sql, `migration ${m.version} changed: add a new version instead`);
      assert.equal(m.run?.name ?? null, was?.run, `migration ${m.version} runs other work than it did`);
    }
  });

  it('a new installation gets, up to version 8, exactly the schema the release made', () => {
    const db = openDatabase(
      path.join(dir, 'new.db'),
      MIGRATIONS.filter((m) => m.version <= RELEASED),
    );
    try {
      assert.equal(`${schemaOf(db)}\n`, fixture('released-v8-schema.sql'));
    } finally {
      db.close();
    }
  });

  it('a database written by the release at version 8 opens with every record readable, and ends with the schema of a new installation', async () => {
    const file = path.join(dir, 'partner-link.db');
    const old = new Database(file);
    old.exec(fixture('released-v8-schema.sql'));
    old.exec(fixture('released-v8-rows.sql'));
    old.pragma(`user_version = ${RELEASED}`);
    old.close();

    const stores = openSqliteStores(file, { ratePerSecond: 10 });
    const fresh = openDatabase(path.join(dir, 'fresh.db'));
    const upgraded = new Database(file, { readonly: true });
    try {
      assert.equal(schemaVersion(upgraded), MIGRATIONS.at(-1)?.version);
      assert.equal(schemaOf(upgraded), schemaOf(fresh));

      const tenantId = '11111111-2222-4333-8444-555555555555';
      const adele = { tenantId, objectId: '0a0a0a0a-1111-4222-8333-444455556666' };
      const person = { tenantId, aadObjectId: adele.objectId };
      const links = await stores.associations.list(adele);
      assert.deepEqual(links.map((a) => a.purpose).sort(), ['learning', 'training']);
      const cached = await stores.certifications.cached(adele);
      assert.deepEqual(
        cached?.record?.certifications.map((c) => c.name),
        ['Azure Administrator Associate'],
      );
      assert.equal(
        (await stores.certifications.shareLink(adele))?.shareId,
        'share-id-adele',
        'the sealed share id still opens',
      );
      assert.equal((await stores.proactive.references.getReference(person))?.conversationId, 'a:1adele');
      assert.equal(await stores.proactive.preferences.remindersOn(person), false);
      assert.deepEqual(
        (await stores.proactive.queue.list()).map((j) => [j.kind, j.state]),
        [['renewal-reminder', 'queued']],
      );
      assert.equal(await stores.proactive.queue.isTenantStopped('22222222-2222-4333-8444-555555555555'), true);
      assert.deepEqual(
        (await stores.teamViewAudit.list(tenantId)).map((e) => [e.action, e.people]),
        [['view', 3]],
      );
      assert.deepEqual(
        (await stores.remindProgressCards.active(10)).map((c) => c.intro),
        ['Reminding 1 person.'],
        'the sealed progress card still opens',
      );
      const state = await stores.botState.read(['msteams/conversations/a:1adele/']);
      assert.deepEqual(
        Object.values(state).map((s) => (s as { dialogState: unknown }).dialogState),
        [{ step: 1 }],
      );
      assert.deepEqual(
        await stores.associations.purgeExpiredAudit(new Date('2026-05-05T00:00:00.000Z')),
        { purged: 0 },
        'the audit entries keep their dates',
      );
    } finally {
      upgraded.close();
      fresh.close();
      await stores.close();
    }
  });
});
