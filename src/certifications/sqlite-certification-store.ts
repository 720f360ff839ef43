// CertificationStore on the SQLite database (table certification_links, migration 2). The share
// id is sealed with the installation secret "learn-share-id-key" before it is written.
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database';
import { installationSecret } from '../storage/installation-secret';
import type { CachedCertifications, CertificationStore, Ownership, PersonKey, ShareLink } from './certification-store';
import { recordFromJson, recordToJson } from './record-json';
import { openShareId, sealShareId } from './share-id-seal';
import type { CertificationRecord, ContactEmailCheck } from './transcript';

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
}

export const SHARE_ID_KEY_NAME = 'learn-share-id-key';

const aad = (person: PersonKey, linkId: string) => `${person.tenantId}\n${person.objectId}\n${linkId}`;

function toCached(row: Row): CachedCertifications {
  return {
    linkId: row.link_id,
    associationId: row.association_id,
    linkedAt: new Date(row.linked_at),
    fetchedAt: row.fetched_at === null ? null : new Date(row.fetched_at),
    record: recordFromJson(row.certifications),
    ownership: row.ownership,
  };
}

export class SqliteCertificationStore implements CertificationStore {
  private readonly key: Buffer;

  constructor(private readonly db: Database) {
    this.key = installationSecret(db, SHARE_ID_KEY_NAME);
  }

  private row(person: PersonKey): Row | undefined {
    return this.db.prepare<[string, string], Row>('SELECT * FROM certification_links WHERE tenant_id = ? AND work_object_id = ?').get(person.tenantId, person.objectId);
  }

  setShareLink(person: PersonKey, associationId: string, shareId: string, now: Date): Promise<{ linkId: string }> {
    const linkId = randomUUID();
    this.db
      .prepare(
        `INSERT INTO certification_links (tenant_id, work_object_id, link_id, association_id, share_id_sealed, linked_at, fetched_at, certifications, ownership)
         VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 'unchecked')
         ON CONFLICT (tenant_id, work_object_id) DO UPDATE SET link_id = excluded.link_id, association_id = excluded.association_id,
           share_id_sealed = excluded.share_id_sealed, linked_at = excluded.linked_at, fetched_at = NULL, certifications = NULL, ownership = 'unchecked'`,
      )
      .run(person.tenantId, person.objectId, linkId, associationId, sealShareId(this.key, shareId, aad(person, linkId)), now.toISOString());
    return Promise.resolve({ linkId });
  }

  shareLink(person: PersonKey): Promise<ShareLink | undefined> {
    const row = this.row(person);
    const shareId = row ? openShareId(this.key, row.share_id_sealed, aad(person, row.link_id)) : undefined;
    if (!row || shareId === undefined) return Promise.resolve(undefined);
    return Promise.resolve({ linkId: row.link_id, associationId: row.association_id, shareId, linkedAt: new Date(row.linked_at) });
  }

  saveCertifications(person: PersonKey, linkId: string, record: CertificationRecord, fetchedAt: Date, contactEmail: ContactEmailCheck): Promise<'saved' | 'stale'> {
    const result = this.db
      .prepare(
        `UPDATE certification_links SET fetched_at = ?, certifications = ?, ownership = CASE WHEN ownership = 'confirmed' THEN 'confirmed' ELSE ? END
         WHERE tenant_id = ? AND work_object_id = ? AND link_id = ?`,
      )
      .run(fetchedAt.toISOString(), recordToJson(record), contactEmail, person.tenantId, person.objectId, linkId);
    return Promise.resolve(result.changes === 1 ? 'saved' : 'stale');
  }

  confirmOwnership(person: PersonKey, linkId: string): Promise<'confirmed' | 'stale'> {
    const result = this.db
      .prepare("UPDATE certification_links SET ownership = 'confirmed' WHERE tenant_id = ? AND work_object_id = ? AND link_id = ?")
      .run(person.tenantId, person.objectId, linkId);
    return Promise.resolve(result.changes === 1 ? 'confirmed' : 'stale');
  }

  cached(person: PersonKey): Promise<CachedCertifications | undefined> {
    const row = this.row(person);
    return Promise.resolve(row ? toCached(row) : undefined);
  }

  deletePerson(person: PersonKey): Promise<{ removed: boolean }> {
    const result = this.db.prepare('DELETE FROM certification_links WHERE tenant_id = ? AND work_object_id = ?').run(person.tenantId, person.objectId);
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
    const rows = this.db.prepare<[string], Row>('SELECT * FROM certification_links WHERE tenant_id = ? ORDER BY work_object_id').all(tenantId);
    return Promise.resolve(rows.map((row) => ({ objectId: row.work_object_id, cached: toCached(row) })));
  }
}
