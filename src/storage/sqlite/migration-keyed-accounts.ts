// Schema v8: records that outlive a person's "delete my data", or belong to other people, name work
// accounts only by keyed hashes (storage/pseudonyms.ts), never by their ids. Every existing row is
// kept, rewritten with keys:
//  - team_view_audit: viewer and subject become viewer_key and subject_key;
//  - proactive_jobs: reminder batch ids `remind:<tenant>:<object id>:<uuid>` become `remind:<key>:<uuid>`;
//  - remind_progress_cards: the viewer becomes viewer_key, and what names them (ids, conversation
//    reference, the card's action) is sealed; the batch id as in proactive_jobs. A record that no
//    longer parses could never be shown again, and is not carried over;
//  - audit_log: the dated records of earlier deletions name the work account by its key.
import { readAuditKey } from './sqlite-installation-secret';
import type { Database } from './sqlite';
import { personKey } from '../pseudonyms';
import { keyedBatch } from '../../team-status/remind-batch';
import { readRecord, sealCard } from '../../team-status/remind-progress-cards';
import {
  REMIND_PROGRESS_CARDS_V8,
  REMIND_PROGRESS_CARDS_V8_INDEXES,
  sqliteCardSecrets,
} from './sqlite-remind-progress-cards';
import { TEAM_VIEW_AUDIT_V8, TEAM_VIEW_AUDIT_V8_INDEXES } from './sqlite-team-view-audit';

interface OldAuditRow {
  seq: number;
  at: string;
  tenant_id: string;
  viewer_oid: string;
  action: string;
  scope: string;
  subject: string;
  basis: string;
  people: number;
}

interface OldCardRow {
  batch: string;
  tenant_id: string;
  viewer_oid: string;
  reference: string;
  activity_id: string;
  intro: string;
  back: string;
  created_at: string;
}

export function keyWorkAccounts(db: Database): void {
  const secret = readAuditKey(db);
  const key = (tenantId: string, objectId: string) => personKey(secret, tenantId, objectId);

  db.exec(TEAM_VIEW_AUDIT_V8);
  const insertAudit = db.prepare(
    'INSERT INTO team_view_audit_v8 (seq, at, tenant_id, viewer_key, action, scope, subject_key, basis, people) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of db.prepare<[], OldAuditRow>('SELECT * FROM team_view_audit ORDER BY seq').all()) {
    insertAudit.run(
      r.seq,
      r.at,
      r.tenant_id,
      key(r.tenant_id, r.viewer_oid),
      r.action,
      r.scope,
      key(r.tenant_id, r.subject),
      r.basis,
      r.people,
    );
  }
  db.exec(
    'DROP TABLE team_view_audit; ALTER TABLE team_view_audit_v8 RENAME TO team_view_audit;' +
      TEAM_VIEW_AUDIT_V8_INDEXES,
  );

  const rename = db.prepare('UPDATE proactive_jobs SET batch = ? WHERE batch = ?');
  for (const { batch } of db
    .prepare<[], { batch: string }>("SELECT DISTINCT batch FROM proactive_jobs WHERE batch LIKE 'remind:%'")
    .all()) {
    const keyed = keyedBatch(batch, key);
    if (keyed !== batch) rename.run(keyed, batch);
  }

  db.exec(REMIND_PROGRESS_CARDS_V8);
  const secrets = sqliteCardSecrets(db);
  const insertCard = db.prepare(
    'INSERT OR REPLACE INTO remind_progress_cards_v8 (batch, viewer_key, sealed, activity_id, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of db.prepare<[], OldCardRow>('SELECT * FROM remind_progress_cards').all()) {
    const record = readRecord({
      batch: keyedBatch(r.batch, key),
      tenantId: r.tenant_id,
      viewerOid: r.viewer_oid,
      reference: r.reference,
      activityId: r.activity_id,
      intro: r.intro,
      back: r.back,
      createdAt: r.created_at,
    });
    const sealed = record && sealCard(secrets, record);
    if (sealed) insertCard.run(sealed.batch, sealed.viewerKey, sealed.sealed, sealed.activityId, sealed.createdAt);
  }
  db.exec(
    'DROP TABLE remind_progress_cards; ALTER TABLE remind_progress_cards_v8 RENAME TO remind_progress_cards;' +
      REMIND_PROGRESS_CARDS_V8_INDEXES,
  );

  // The audit log allows no other update: its guard is lifted for this rewrite only, and put back as it was.
  const deletions = db
    .prepare<[], { seq: number; tenant_id: string; work_object_id: string }>(
      "SELECT seq, tenant_id, work_object_id FROM audit_log WHERE action = 'delete-data' AND tenant_id IS NOT NULL",
    )
    .all();
  const guard = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'",
    )
    .get();
  if (deletions.length > 0 && guard) {
    db.exec('DROP TRIGGER audit_log_no_update');
    const rewrite = db.prepare('UPDATE audit_log SET work_object_id = ? WHERE seq = ?');
    for (const d of deletions) rewrite.run(key(d.tenant_id, d.work_object_id), d.seq);
    db.exec(guard.sql);
  }
}
