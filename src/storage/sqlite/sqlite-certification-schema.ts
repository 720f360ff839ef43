// The tables of the certification store (sqlite-certification-store.ts), by the migration that made
// them: the share links and cache (v3), rebuilt for verified credit with the partner admins'
// decisions (v7). Each statement's text is kept as released, spacing included.

/** v3: transcript share links and the certification cache (rebuilt in v7). */
export const CERTIFICATION_LINKS_V3 = `
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
`;

/** v7: certification links rebuilt for verified credit, and the partner admins' decisions. */
export const CERTIFICATIONS_V7 = `
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
`;
