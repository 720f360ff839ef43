// The tables of the association store (sqlite-association-store.ts), by the migration that made
// them: associations and pending moves, and the keyed personal address added in v7. The audit log's
// are in sqlite-audit-log.ts. Each statement's text is kept as released, spacing included.

/** v1: one row per association. */
export const ASSOCIATIONS_V1 = `
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
`;

/** v1: Learning moves waiting for the person's confirmation. */
export const PENDING_MOVES_V1 = `
      CREATE TABLE pending_moves (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        work_object_id TEXT NOT NULL,
        personal_account_id TEXT NOT NULL,
        personal_display_name TEXT NOT NULL,
        personal_masked_email TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
`;

/** v7: the keyed personal address. */
export const ASSOCIATIONS_V7 = `
      -- The personal account's full address as a keyed hash (identity-keys.ts), taken at association
      -- time; NULL for associations made before: their transcripts are not email-matched.
      ALTER TABLE associations ADD COLUMN personal_email_key TEXT;
      ALTER TABLE pending_moves ADD COLUMN personal_email_key TEXT;
`;
