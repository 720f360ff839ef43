// CertificationStore on the SQLite database (table certification_links, migrations 3 and 7). The
// share id is sealed with the installation secret "learn-share-id-key" before it is written. One
// transcript per organization is the unique index (tenant_id, transcript_key); every change that
// moves a transcript between people runs in one IMMEDIATE transaction. Partner admins' decisions
// and their audit entries (credit_decisions) are written together.
import { randomUUID } from 'node:crypto';
import type { Database } from './sqlite';
import { installationSecret } from './sqlite-installation-secret';
import {
  claimGoesTo,
  DECISION_RETENTION_DAYS,
  ownershipAfterRead,
  type CachedCertifications,
  type CertificationStore,
  type Decision,
  type DecisionEntry,
  type Ownership,
  type PersonKey,
  type ShareLink,
  type TranscriptRead,
} from '../../certifications/certification-store';
import { recordFromJson, recordToJson } from '../../certifications/record-json';
import { openShareId, sealShareId, SHARE_ID_KEY_NAME } from '../../certifications/share-id-seal';

interface Row {
  tenant_id: string;
  work_object_id: string;
  link_id: string;
  association_id: string;
  share_id_sealed: Buffer;
  linked_at: string;
  fetched_at: string | null;
  certifications: string | null;
  ownership: Ownership;
  transcript_key: string | null;
  declared_name: string | null;
}

interface DecisionRow {
  at: string;
  tenant_id: string;
  subject_oid: string | null;
  admin_oid: string | null;
  decision: Decision;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const aad = (person: PersonKey, linkId: string) => `${person.tenantId}\n${person.objectId}\n${linkId}`;

function toCached(row: Row): CachedCertifications {
  return {
    linkId: row.link_id,
    associationId: row.association_id,
    linkedAt: new Date(row.linked_at),
    fetchedAt: row.fetched_at === null ? null : new Date(row.fetched_at),
    record: recordFromJson(row.certifications),
    ownership: row.ownership,
    transcriptKey: row.transcript_key,
    declaredName: row.declared_name,
  };
}

export class SqliteCertificationStore implements CertificationStore {
  private readonly key: Buffer;

  constructor(private readonly db: Database) {
    this.key = installationSecret(db, SHARE_ID_KEY_NAME);
  }

  private row(person: PersonKey): Row | undefined {
    return this.db
      .prepare<[string, string], Row>('SELECT * FROM certification_links WHERE tenant_id = ? AND work_object_id = ?')
      .get(person.tenantId, person.objectId);
  }

  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Inside a transaction: may `person` hold `read`'s transcript? A colleague's unverified hold that
   * gives way is cleared here (their cache goes; their next read finds the transcript taken).
   */
  private claim(person: PersonKey, read: TranscriptRead): 'ok' | 'taken' {
    const holder = this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM certification_links WHERE tenant_id = ? AND transcript_key = ? AND work_object_id != ?',
      )
      .get(person.tenantId, read.transcriptKey, person.objectId);
    if (!holder) return 'ok';
    if (claimGoesTo(toCached(holder), read) === 'holder') return 'taken';
    this.db
      .prepare(
        `UPDATE certification_links SET transcript_key = NULL, fetched_at = NULL, certifications = NULL, ownership = 'unchecked', declared_name = NULL
         WHERE tenant_id = ? AND work_object_id = ?`,
      )
      .run(holder.tenant_id, holder.work_object_id);
    return 'ok';
  }

  setShareLink(
    person: PersonKey,
    associationId: string,
    shareId: string,
    now: Date,
    read?: TranscriptRead,
  ): Promise<{ linkId: string } | 'taken'> {
    return this.run(() => {
      if (read && this.claim(person, read) === 'taken') return 'taken';
      const before = this.row(person);
      // A decision on this very transcript stays with the person when they share it again.
      const ownership = read ? ownershipAfterRead(before ? toCached(before) : undefined, read) : 'unchecked';
      const declaredName =
        ownership === 'self-declared' || ownership === 'approved' || ownership === 'declined'
          ? (before?.declared_name ?? null)
          : null;
      const linkId = randomUUID();
      this.db
        .prepare(
          `INSERT INTO certification_links (tenant_id, work_object_id, link_id, association_id, share_id_sealed, linked_at, fetched_at, certifications, ownership, transcript_key, declared_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (tenant_id, work_object_id) DO UPDATE SET link_id = excluded.link_id, association_id = excluded.association_id,
             share_id_sealed = excluded.share_id_sealed, linked_at = excluded.linked_at, fetched_at = excluded.fetched_at,
             certifications = excluded.certifications, ownership = excluded.ownership, transcript_key = excluded.transcript_key, declared_name = excluded.declared_name`,
        )
        .run(
          person.tenantId,
          person.objectId,
          linkId,
          associationId,
          sealShareId(this.key, shareId, aad(person, linkId)),
          now.toISOString(),
          read ? read.fetchedAt.toISOString() : null,
          read ? recordToJson(read.record) : null,
          ownership,
          read ? read.transcriptKey : null,
          declaredName,
        );
      return { linkId };
    });
  }

  shareLink(person: PersonKey): Promise<ShareLink | undefined> {
    const row = this.row(person);
    const shareId = row ? openShareId(this.key, row.share_id_sealed, aad(person, row.link_id)) : undefined;
    if (!row || shareId === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      linkId: row.link_id,
      associationId: row.association_id,
      shareId,
      linkedAt: new Date(row.linked_at),
    });
  }

  saveCertifications(person: PersonKey, linkId: string, read: TranscriptRead): Promise<'saved' | 'stale' | 'taken'> {
    return this.run(() => {
      const row = this.row(person);
      if (!row || row.link_id !== linkId) return 'stale';
      if (this.claim(person, read) === 'taken') {
        this.db
          .prepare('DELETE FROM certification_links WHERE tenant_id = ? AND work_object_id = ?')
          .run(person.tenantId, person.objectId);
        return 'taken';
      }
      const ownership = ownershipAfterRead(toCached(row), read);
      this.db
        .prepare(
          `UPDATE certification_links SET fetched_at = ?, certifications = ?, ownership = ?, transcript_key = ?,
             declared_name = CASE WHEN ? IN ('self-declared', 'approved', 'declined') THEN declared_name ELSE NULL END
           WHERE tenant_id = ? AND work_object_id = ?`,
        )
        .run(
          read.fetchedAt.toISOString(),
          recordToJson(read.record),
          ownership,
          read.transcriptKey,
          ownership,
          person.tenantId,
          person.objectId,
        );
      return 'saved';
    });
  }

  declareOwnership(person: PersonKey, transcriptKey: string, declaredName: string): Promise<'self-declared' | 'stale'> {
    return this.run(() => {
      const row = this.row(person);
      if (!row || row.transcript_key !== transcriptKey) return 'stale';
      if (row.ownership === 'self-declared') return 'self-declared';
      if (row.ownership !== 'different') return 'stale';
      this.db
        .prepare(
          "UPDATE certification_links SET ownership = 'self-declared', declared_name = ? WHERE tenant_id = ? AND work_object_id = ?",
        )
        .run(declaredName.slice(0, 200), person.tenantId, person.objectId);
      return 'self-declared';
    });
  }

  decide(
    subject: PersonKey,
    transcriptKey: string,
    decision: Decision,
    adminObjectId: string,
    now: Date,
  ): Promise<'decided' | 'stale'> {
    return this.run(() => {
      const changed = this.db
        .prepare(
          "UPDATE certification_links SET ownership = ? WHERE tenant_id = ? AND work_object_id = ? AND transcript_key = ? AND ownership = 'self-declared'",
        )
        .run(decision, subject.tenantId, subject.objectId, transcriptKey).changes;
      if (changed !== 1) return 'stale';
      this.db
        .prepare(
          'INSERT INTO credit_decisions (at, tenant_id, subject_oid, admin_oid, decision, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          now.toISOString(),
          subject.tenantId,
          subject.objectId,
          adminObjectId,
          decision,
          new Date(now.getTime() + DECISION_RETENTION_DAYS * DAY_MS).toISOString(),
        );
      this.purgeDecisions(now);
      return 'decided';
    });
  }

  decisions(tenantId: string, now: Date): Promise<DecisionEntry[]> {
    const rows = this.db
      .prepare<[string, string], DecisionRow>(
        'SELECT at, tenant_id, subject_oid, admin_oid, decision FROM credit_decisions WHERE tenant_id = ? AND expires_at > ? ORDER BY seq',
      )
      .all(tenantId, now.toISOString());
    return Promise.resolve(
      rows.map((r) => ({
        at: new Date(r.at),
        tenantId: r.tenant_id,
        subjectObjectId: r.subject_oid,
        adminObjectId: r.admin_oid,
        decision: r.decision,
      })),
    );
  }

  eraseFromDecisions(person: PersonKey, now: Date): Promise<void> {
    return this.run(() => {
      this.db
        .prepare('UPDATE credit_decisions SET subject_oid = NULL WHERE tenant_id = ? AND subject_oid = ?')
        .run(person.tenantId, person.objectId);
      this.db
        .prepare('UPDATE credit_decisions SET admin_oid = NULL WHERE tenant_id = ? AND admin_oid = ?')
        .run(person.tenantId, person.objectId);
      this.purgeDecisions(now);
    });
  }

  private purgeDecisions(now: Date): void {
    this.db.prepare('DELETE FROM credit_decisions WHERE expires_at <= ?').run(now.toISOString());
  }

  cached(person: PersonKey): Promise<CachedCertifications | undefined> {
    const row = this.row(person);
    return Promise.resolve(row ? toCached(row) : undefined);
  }

  deletePerson(person: PersonKey): Promise<{ removed: boolean }> {
    const result = this.db
      .prepare('DELETE FROM certification_links WHERE tenant_id = ? AND work_object_id = ?')
      .run(person.tenantId, person.objectId);
    return Promise.resolve({ removed: result.changes > 0 });
  }

  dueForRefresh(before: Date, limit: number): Promise<PersonKey[]> {
    const rows = this.db
      .prepare<[string, number], { tenant_id: string; work_object_id: string }>(
        'SELECT tenant_id, work_object_id FROM certification_links WHERE fetched_at IS NULL OR fetched_at < ? ORDER BY fetched_at IS NOT NULL, fetched_at, linked_at LIMIT ?',
      )
      .all(before.toISOString(), Math.max(0, Math.floor(limit)));
    return Promise.resolve(rows.map((r) => ({ tenantId: r.tenant_id, objectId: r.work_object_id })));
  }

  cachedInTenant(tenantId: string): Promise<{ objectId: string; cached: CachedCertifications }[]> {
    const rows = this.db
      .prepare<[string], Row>('SELECT * FROM certification_links WHERE tenant_id = ? ORDER BY work_object_id')
      .all(tenantId);
    return Promise.resolve(rows.map((row) => ({ objectId: row.work_object_id, cached: toCached(row) })));
  }
}
