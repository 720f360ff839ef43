// A database written before work accounts were keyed (schema 6) is brought up to date without losing
// a row: the team-view audit, a reminder press in flight (its jobs and its progress card) and the
// record of an earlier deletion keep working, and no object id is left in clear in the file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { openDatabase, schemaVersion } from '../../src/storage/sqlite/database';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { sqlitePseudonyms } from '../../src/storage/sqlite/sqlite-installation-secret';
import { isBatchOf } from '../../src/team-status/remind-batch';
import { SqliteRemindProgressCards } from '../../src/storage/sqlite/sqlite-remind-progress-cards';
import { SqliteTeamViewAudit } from '../../src/storage/sqlite/sqlite-team-view-audit';

const TENANT = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ADELE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';
const GONE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a77';
const MEGAN = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a03';
const PRESS = '0a0b0c0d-1111-4222-8333-444455556666';
const OLD_BATCH = `remind:${TENANT}:${ADELE}:${PRESS}`;

describe('a database from before keyed work accounts is migrated', () => {
  let dir = '';
  let file = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-keyed-'));
    file = path.join(dir, 'partner-link.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every audit entry, the press in flight and the record of a deletion, with keys instead of ids', async () => {
    const old = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 6),
    );
    const view = old.prepare(
      'INSERT INTO team_view_audit (at, tenant_id, viewer_oid, action, scope, subject, basis, people) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    view.run('2026-11-20T09:00:00.000Z', TENANT, ADELE, 'view', 'direct', ADELE, 'manager-of-roster', 4);
    view.run('2026-11-21T09:00:00.000Z', TENANT, ADELE, 'remind', 'direct', ADELE, 'manager-of-roster', 4);
    old
      .prepare(
        "INSERT INTO proactive_jobs (dedupe_key, kind, tenant_id, aad_object_id, payload, batch, state, next_attempt_at, created_at, updated_at) VALUES (?, 'link-reminder', ?, ?, '{}', ?, 'queued', 0, 0, 0)",
      )
      .run(`link:${TENANT}:${MEGAN}:2026-W48`, TENANT, MEGAN, OLD_BATCH);
    const reference = {
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      channelId: 'msteams',
      conversation: { id: 'a:1adele' },
      user: { id: '29:1adele', name: 'Adele Vance', aadObjectId: ADELE },
    };
    const back = { verb: 'teamPage', scope: 'direct', filter: 'all', page: 0, managerOid: ADELE, tenant: TENANT };
    old
      .prepare(
        'INSERT INTO remind_progress_cards (batch, tenant_id, viewer_oid, reference, activity_id, intro, back, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        OLD_BATCH,
        TENANT,
        ADELE,
        JSON.stringify(reference),
        '1:card',
        'Reminding 1 person.',
        JSON.stringify(back),
        '2026-11-21T09:00:00.000Z',
      );
    old
      .prepare(
        "INSERT INTO audit_log (at, tenant_id, work_object_id, action, expires_at) VALUES ('2026-11-01T09:00:00.000Z', ?, ?, 'delete-data', '2027-11-01T09:00:00.000Z')",
      )
      .run(TENANT, GONE);
    old.close();

    const db = openDatabase(file);
    try {
      assert.equal(schemaVersion(db), MIGRATIONS.at(-1)?.version);
      const key = (oid: string) => sqlitePseudonyms(db).person(TENANT, oid);
      const entries = await new SqliteTeamViewAudit(db).list(TENANT, ADELE);
      assert.deepEqual(
        entries.map((e) => [e.action, e.people, e.viewerKey === e.subjectKey]),
        [
          ['remind', 4, true],
          ['view', 4, true],
        ],
      );
      assert.equal(entries[0]?.viewerKey, await key(ADELE));

      const [card, ...more] = await new SqliteRemindProgressCards(db).active(10);
      assert.equal(more.length, 0);
      assert.ok(card && isBatchOf(card.batch, await key(ADELE)), 'the press is named by the key');
      assert.deepEqual(
        [card.viewer, card.back, card.reference, card.intro],
        [{ tenantId: TENANT, oid: ADELE }, back, reference, 'Reminding 1 person.'],
      );
      assert.deepEqual(
        (await new SqliteRemindProgressCards(db).claim('instance-a', new Date(), 15_000, 10)).map((c) => c.batch),
        [card.batch],
        'held by nobody since the upgrade: the first instance takes it',
      );
      const jobs = db.prepare<[], { batch: string }>('SELECT batch FROM proactive_jobs').all();
      assert.deepEqual(
        jobs.map((j) => j.batch),
        [card.batch],
        'its reminders still belong to the press',
      );

      const exported = await new SqliteAssociationStore(db).exportUserData({ tenantId: TENANT, objectId: GONE });
      assert.deepEqual(
        exported.audit.map((e) => [e.action, e.at.toISOString()]),
        [['delete-data', '2026-11-01T09:00:00.000Z']],
        'the earlier deletion is still on record',
      );
    } finally {
      db.close();
    }
    for (const name of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, name));
      for (const id of [ADELE, GONE, 'Adele Vance']) assert.equal(bytes.includes(id), false, `${name} holds no ${id}`);
    }
  });
});
