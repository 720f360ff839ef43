// Versioned schema migrations, applied in order at start-up. Append new ones; never edit or drop a
// shipped one, and never drop user data silently.

export interface Migration {
  version: number;
  description: string;
  sql: string;
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
      -- A Learning account credits one organization at a time (DESIGN.md rule 5).
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
    description: 'installation secrets; Learn transcript share ids (encrypted) and the certification cache',
    sql: `
      -- Named per-installation secrets (32 random bytes each), created on first use.
      CREATE TABLE IF NOT EXISTS installation_secrets (
        name TEXT PRIMARY KEY,
        secret BLOB NOT NULL CHECK (length(secret) = 32),
        created_at TEXT NOT NULL
      );
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
];
