// Versioned schema migrations, applied in order at start-up. Append new ones; never edit or drop a
// shipped one, and never drop user data silently.
import type { Database } from './sqlite';
import { AUDIT_LOG_INDEXES_AND_TRIGGERS, AUDIT_LOG_SCHEMA, accountKey, readAuditKey, eraseAuditRows, expiresAfterRetention } from './audit-retention';
import { keyWorkAccounts } from './migration-keyed-accounts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Work SQL alone cannot do (e.g. keyed hashes), run after `sql` in the same transaction. */
  run?: (db: Database) => void;
}

// Personal account ids in one spelling: lower case, 16 hex digits (see canonicalMsaId).
const CANONICAL_ID = (table: string) => `
  UPDATE ${table} SET personal_account_id = lower(substr('0000000000000000' || personal_account_id, -16))
  WHERE length(personal_account_id) BETWEEN 1 AND 16 AND personal_account_id NOT GLOB '*[^0-9a-fA-F]*';`;

/**
 * v2: the audit log keeps keyed hashes of personal account ids, never the ids; rows of
 * people who deleted their data are erased and expire. Every row is copied; none is dropped here.
 */
function auditLogForgets(db: Database): void {
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
    .prepare<[], { seq: number; at: string; tenant_id: string; work_object_id: string }>("SELECT seq, at, tenant_id, work_object_id FROM audit_log WHERE action = 'delete-data' ORDER BY seq")
    .all();
  for (const d of deletions) {
    eraseAuditRows(db, { tenantId: d.tenant_id, objectId: d.work_object_id }, new Date(d.at), d.seq - 1);
    db.prepare('UPDATE audit_log SET expires_at = ? WHERE seq = ?').run(expiresAfterRetention(new Date(d.at)).toISOString(), d.seq);
  }
  db.exec(AUDIT_LOG_INDEXES_AND_TRIGGERS);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'associations, audit log, pending moves, bot state',
    sql: `
      CREATE TABLE associations (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        work_display_name TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('training', 'learning')),
        personal_account_id TEXT NOT NULL,
        personal_display_name TEXT NOT NULL,
        personal_masked_email TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        UNIQUE (tenant_id, work_object_id, purpose)
      );
      -- A Learning account credits one organization at a time.
      CREATE UNIQUE INDEX associations_learning_once ON associations (personal_account_id) WHERE purpose = 'learning';
      -- Inside one organization a personal account serves one person per purpose.
      CREATE UNIQUE INDEX associations_personal_per_tenant ON associations (tenant_id, purpose, personal_account_id);

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

      CREATE TABLE pending_moves (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        personal_account_id TEXT NOT NULL,
        personal_display_name TEXT NOT NULL,
        personal_masked_email TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );

      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        document TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'installation secrets (the audit key); audit log with keyed account ids, erasure and expiry',
    sql: `
      -- Named per-installation secrets (32 random bytes each), created on first use (installation-secret.ts).
      CREATE TABLE IF NOT EXISTS installation_secrets (
        name TEXT PRIMARY KEY,
        secret BLOB NOT NULL CHECK (length(secret) = 32),
        created_at TEXT NOT NULL
      );
    `,
    run: auditLogForgets,
  },
  {
    version: 3,
    description: 'Learn transcript share ids (encrypted) and the certification cache',
    sql: `
      -- One transcript share link per person; the share id only sealed (AES-256-GCM), the cache as JSON.
      CREATE TABLE certification_links (
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        link_id TEXT NOT NULL,
        association_id TEXT NOT NULL,
        share_id_sealed BLOB NOT NULL,
        linked_at TEXT NOT NULL,
        fetched_at TEXT,
        certifications TEXT,
        -- What the transcript's contact email said about ownership (never the email itself).
        ownership TEXT NOT NULL DEFAULT 'unchecked' CHECK (ownership IN ('unchecked', 'consistent', 'unknown', 'different', 'confirmed')),
        PRIMARY KEY (tenant_id, work_object_id)
      );
      CREATE INDEX certification_links_fetched ON certification_links (fetched_at);
    `,
  },
  {
    version: 4,
    description: 'proactive messaging: conversation references, send queue, rate buckets, reminder preferences',
    sql: `
      -- Where to reach a person proactively: saved on install or on their first 1:1 message.
      CREATE TABLE conversation_references (
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        service_url TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, aad_object_id)
      );

      -- The durable send queue. At most once: 'sending' is committed before the POST; a row still
      -- 'sending' after its lease is 'in-doubt' and never sent again.
      CREATE TABLE proactive_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        -- Groups jobs of one run (a manager's "remind the unlinked" press) for its progress card.
        batch TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed-permanent', 'waiting-install', 'in-doubt', 'tenant-stopped', 'cancelled', 'expired')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        not_after INTEGER,
        lease_owner TEXT,
        lease_until INTEGER,
        last_code TEXT,
        activity_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX proactive_jobs_due ON proactive_jobs (state, next_attempt_at);
      CREATE INDEX proactive_jobs_person ON proactive_jobs (tenant_id, aad_object_id, state);
      CREATE INDEX proactive_jobs_batch ON proactive_jobs (batch, state) WHERE batch IS NOT NULL;

      -- BotDisabledByAdmin: nothing is sent to the tenant until the bot is heard from there again.
      CREATE TABLE proactive_tenant_stops (
        tenant_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        stopped_at INTEGER NOT NULL
      );

      -- Token buckets shared by every instance (one per tenant: Teams' limit is per app per tenant).
      CREATE TABLE proactive_rate_buckets (
        bucket TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        refilled_at INTEGER NOT NULL
      );
      -- Recent calls per conversation, for Teams' per-thread limits (kept for one hour).
      CREATE TABLE proactive_conversation_calls (
        conversation_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX proactive_conversation_calls_by_conversation ON proactive_conversation_calls (conversation_id, at);

      CREATE TABLE reminder_preferences (
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        reminders_on INTEGER NOT NULL CHECK (reminders_on IN (0, 1)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, aad_object_id)
      );
    `,
  },
  {
    version: 5,
    description: 'team status: who viewed whose status (append-only)',
    sql: `
      -- Each team view, export and reminder press by a manager, team owner or partner admin, and
      -- each refusal: who asked, about whose roster (a manager's object id or a team's group id),
      -- on what grounds, and how many people it covered. No names, no addresses.
      CREATE TABLE team_view_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        viewer_oid TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('view', 'export', 'remind', 'refused')),
        scope TEXT NOT NULL CHECK (scope IN ('direct', 'org', 'team')),
        subject TEXT NOT NULL,
        basis TEXT NOT NULL,
        people INTEGER NOT NULL
      );
      CREATE INDEX team_view_audit_viewer ON team_view_audit (tenant_id, viewer_oid);
      CREATE INDEX team_view_audit_subject ON team_view_audit (tenant_id, subject);
      CREATE TRIGGER team_view_audit_no_update BEFORE UPDATE ON team_view_audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `,
  },
  {
    version: 6,
    description: 'team status: the reminder progress cards being updated in place (kept across restarts)',
    sql: `
      -- One row per "Remind unlinked" press whose card is still updated: where the card is, whose it
      -- is, and its words besides the counts. Deleted when the run is over.
      CREATE TABLE remind_progress_cards (
        batch TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        viewer_oid TEXT NOT NULL,
        reference TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        intro TEXT NOT NULL,
        back TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX remind_progress_cards_age ON remind_progress_cards (created_at);
    `,
  },
  {
    version: 7,
    description: 'verified certification credit: keyed personal addresses, one transcript per organization, partner admin decisions',
    sql: `
      -- The personal account's full address as a keyed hash (identity-keys.ts), taken at association
      -- time; NULL for associations made before: their transcripts are not email-matched.
      ALTER TABLE associations ADD COLUMN personal_email_key TEXT;
      ALTER TABLE pending_moves ADD COLUMN personal_email_key TEXT;

      -- Links stay; every cached read goes (fetched_at NULL: first in line for the daily refresh), so
      -- each transcript is read again and verified under the new rules before it counts.
      CREATE TABLE certification_links_v7 (
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        link_id TEXT NOT NULL,
        association_id TEXT NOT NULL,
        share_id_sealed BLOB NOT NULL,
        linked_at TEXT NOT NULL,
        fetched_at TEXT,
        certifications TEXT,
        -- Whose transcript it is (certification-store.ts); never the email itself.
        ownership TEXT NOT NULL DEFAULT 'unchecked' CHECK (ownership IN ('unchecked', 'email-matched', 'different', 'self-declared', 'approved', 'declined')),
        -- Keyed hash of the transcript's Learn user name (or MCID): one person per organization.
        transcript_key TEXT,
        -- The person's name when they declared the transcript theirs (for the partner admins' card).
        declared_name TEXT,
        PRIMARY KEY (tenant_id, work_object_id)
      );
      INSERT INTO certification_links_v7 (tenant_id, work_object_id, link_id, association_id, share_id_sealed, linked_at)
        SELECT tenant_id, work_object_id, link_id, association_id, share_id_sealed, linked_at FROM certification_links;
      DROP TABLE certification_links;
      ALTER TABLE certification_links_v7 RENAME TO certification_links;
      CREATE INDEX certification_links_fetched ON certification_links (fetched_at);
      CREATE UNIQUE INDEX certification_links_transcript_once ON certification_links (tenant_id, transcript_key) WHERE transcript_key IS NOT NULL;

      -- Partner admins' decisions on self-declared transcripts (append-only; each entry deleted when
      -- its 365 days are up). A person's object id is erased (set NULL) when they delete their data.
      CREATE TABLE credit_decisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        subject_oid TEXT,
        admin_oid TEXT,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'declined')),
        expires_at TEXT NOT NULL
      );
      CREATE INDEX credit_decisions_tenant ON credit_decisions (tenant_id, seq);
      CREATE INDEX credit_decisions_expiry ON credit_decisions (expires_at);
      CREATE TRIGGER credit_decisions_erase_only BEFORE UPDATE ON credit_decisions
        WHEN NOT (NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.tenant_id = OLD.tenant_id AND NEW.decision = OLD.decision AND NEW.expires_at = OLD.expires_at
                  AND (NEW.subject_oid IS OLD.subject_oid OR NEW.subject_oid IS NULL) AND (NEW.admin_oid IS OLD.admin_oid OR NEW.admin_oid IS NULL))
        BEGIN SELECT RAISE(ABORT, 'the decisions audit log is append-only: an id can only be erased'); END;
    `,
  },
  {
    version: 8,
    description: 'work accounts by keyed hash only: team view audit, reminder batch ids and progress cards, records of deletions; per-person limits',
    sql: `
      -- Per-person limits (limits/person-limiter.ts): one token bucket per key (a keyed hash, never an id).
      CREATE TABLE person_limits (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX person_limits_age ON person_limits (at);
    `,
    run: keyWorkAccounts,
  },
  {
    version: 9,
    description: 'skilling forecast: partner-admin settings per organization, and the people who left',
    sql: `
      -- One record per organization (forecast/forecast-settings.ts); each field is written on its own.
      CREATE TABLE forecast_settings (
        tenant_id TEXT PRIMARY KEY,
        -- The designation anniversary, YYYY-MM-DD.
        anniversary TEXT,
        -- Points a metric may lose before it counts as a risk.
        loss_threshold REAL,
        assigned_track TEXT CHECK (assigned_track IN ('enterprise', 'smb')),
        alerts_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (alerts_opt_in IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      -- People the directory says left the organization, with the day Partner Link learned it.
      CREATE TABLE forecast_leavers (
        tenant_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        left_on TEXT NOT NULL,
        PRIMARY KEY (tenant_id, object_id)
      );
    `,
  },
];
