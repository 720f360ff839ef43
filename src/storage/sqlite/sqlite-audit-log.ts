// The audit log on SQLite (table audit_log, storage/audit-retention.ts says what it keeps and for how
// long): erasing a person's rows, purging expired ones, and the table by version: as first released
// (v1), and since v2, when it began to forget.
// The triggers keep everything else append-only: a row can only be erased (once) and only an erased
// or expiring row deleted.
import { AUDIT_RETENTION_DAYS, accountKey, expiresAfterRetention } from '../audit-retention';
import type { Database } from './sqlite';
import { readAuditKey } from './sqlite-installation-secret';

/**
 * Erases a person's audit rows written up to `upToSeq` (all by default): no work account, no masked
 * address; Learning starts expire 365 days after they happened, the rest at `now`.
 */
export function eraseAuditRows(
  db: Database,
  user: { tenantId: string; objectId: string },
  now: Date,
  upToSeq = Number.MAX_SAFE_INTEGER,
): void {
  db.prepare(
    `UPDATE audit_log SET tenant_id = NULL, work_object_id = NULL, personal_masked_email = NULL,
       expires_at = CASE WHEN purpose = 'learning' AND action IN ('link', 'move-in') AND personal_account_key IS NOT NULL
                         THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+${AUDIT_RETENTION_DAYS} days') ELSE @now END
     WHERE tenant_id = @tenantId AND work_object_id = @objectId AND expires_at IS NULL AND seq <= @upToSeq`,
  ).run({ tenantId: user.tenantId, objectId: user.objectId, now: now.toISOString(), upToSeq });
}

/** Deletes every audit row whose time is up; returns how many. */
export function purgeExpiredAudit(db: Database, now: Date): number {
  return db.prepare('DELETE FROM audit_log WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now.toISOString())
    .changes;
}

/** The audit log's table, indexes and triggers (schema v2). */
export const AUDIT_LOG_SCHEMA = `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    tenant_id TEXT,
    work_object_id TEXT,
    action TEXT NOT NULL CHECK (action IN ('link', 'move-in', 'move-out', 'remove', 'delete-data')),
    purpose TEXT CHECK (purpose IN ('training', 'learning')),
    personal_account_key TEXT,
    personal_masked_email TEXT,
    expires_at TEXT,
    CHECK ((tenant_id IS NULL) = (work_object_id IS NULL)),
    CHECK (tenant_id IS NOT NULL OR (expires_at IS NOT NULL AND personal_masked_email IS NULL))
  );`;

export const AUDIT_LOG_INDEXES_AND_TRIGGERS = `
  CREATE INDEX audit_log_user ON audit_log (tenant_id, work_object_id);
  CREATE INDEX audit_log_learning_starts ON audit_log (personal_account_key, at) WHERE purpose = 'learning' AND action IN ('link', 'move-in');
  CREATE INDEX audit_log_expiry ON audit_log (expires_at) WHERE expires_at IS NOT NULL;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT (OLD.expires_at IS NULL AND NEW.expires_at IS NOT NULL AND NEW.seq = OLD.seq AND NEW.at = OLD.at
              AND NEW.action = OLD.action AND NEW.purpose IS OLD.purpose AND NEW.personal_account_key IS OLD.personal_account_key
              AND NEW.tenant_id IS NULL AND NEW.work_object_id IS NULL AND NEW.personal_masked_email IS NULL)
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: a row can only be erased, once'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN OLD.expires_at IS NULL
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: only expired rows are purged'); END;`;

/** v1: the audit log as first released (ids in clear; replaced in v2). */
export const AUDIT_LOG_V1 = `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('link', 'move-in', 'move-out', 'remove', 'delete-data')),
        purpose TEXT CHECK (purpose IN ('training', 'learning')),
        personal_account_id TEXT,
        personal_masked_email TEXT
      );
      CREATE INDEX audit_log_user ON audit_log (tenant_id, work_object_id);
      CREATE INDEX audit_log_learning_starts ON audit_log (personal_account_id, at) WHERE purpose = 'learning' AND action IN ('link', 'move-in');
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

const CANONICAL_ID = (table: string) => `
  UPDATE ${table} SET personal_account_id = lower(substr('0000000000000000' || personal_account_id, -16))
  WHERE length(personal_account_id) BETWEEN 1 AND 16 AND personal_account_id NOT GLOB '*[^0-9a-fA-F]*';`;

/**
 * v2: the audit log keeps keyed hashes of personal account ids, never the ids; rows of
 * people who deleted their data are erased and expire. Every row is copied; none is dropped here.
 */
export function auditLogForgets(db: Database): void {
  const secret = readAuditKey(db);
  db.function('partner_link_account_key', (id: unknown) => (typeof id === 'string' ? accountKey(secret, id) : null));
  db.exec(`
    ${AUDIT_LOG_SCHEMA.replace('CREATE TABLE audit_log (', 'CREATE TABLE audit_log_v2 (')}
    INSERT INTO audit_log_v2 (seq, at, tenant_id, work_object_id, action, purpose, personal_account_key, personal_masked_email)
      SELECT seq, at, tenant_id, work_object_id, action, purpose, partner_link_account_key(personal_account_id), personal_masked_email FROM audit_log ORDER BY seq;
    DROP TABLE audit_log;
    ALTER TABLE audit_log_v2 RENAME TO audit_log;
  `);
  try {
    db.exec(CANONICAL_ID('associations') + CANONICAL_ID('pending_moves'));
  } catch (error) {
    // Two links name one Microsoft account in two spellings: which one stays is a person's call.
    throw new Error(
      'Migration 2 stopped, nothing was changed: two associations name the same Microsoft account in different spellings ' +
        `(${error instanceof Error ? error.message : String(error)}). Remove one of them with the previous release, then start this one again.`,
    );
  }
  // Deletions made before this release left the person's rows readable: erase them now, as a
  // deletion today would have, and give each "data deleted" record its end date.
  const deletions = db
    .prepare<[], { seq: number; at: string; tenant_id: string; work_object_id: string }>(
      "SELECT seq, at, tenant_id, work_object_id FROM audit_log WHERE action = 'delete-data' ORDER BY seq",
    )
    .all();
  for (const d of deletions) {
    eraseAuditRows(db, { tenantId: d.tenant_id, objectId: d.work_object_id }, new Date(d.at), d.seq - 1);
    db.prepare('UPDATE audit_log SET expires_at = ? WHERE seq = ?').run(
      expiresAfterRetention(new Date(d.at)).toISOString(),
      d.seq,
    );
  }
  db.exec(AUDIT_LOG_INDEXES_AND_TRIGGERS);
}
