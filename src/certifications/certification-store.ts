// The CertificationStore port (issue 8.1/8.3): a person's transcript share link (the share id kept
// sealed) and the certifications last read through it, with the fetch time. Every adapter (SQLite
// now, Azure Table later) passes test/certifications/certification-store.contract.ts.
import type { CertificationRecord, ContactEmailCheck } from './transcript';

/**
 * What the transcript's contact email said about whose it is (the email itself is never kept):
 * 'unchecked' until the first read; 'different' until the person confirms it is theirs
 * ('confirmed', kept until the link changes). Only 'different' withholds credit.
 */
export type Ownership = 'unchecked' | ContactEmailCheck | 'confirmed';

export interface PersonKey {
  tenantId: string;
  objectId: string;
}

export interface ShareLink {
  /** Changes with every new link; saves carry it so a late read never lands on a newer link. */
  linkId: string;
  /** The Learning association the link was given under (a removed association voids it). */
  associationId: string;
  /** The secret. Never log it. */
  shareId: string;
  linkedAt: Date;
}

export interface CachedCertifications {
  linkId: string;
  associationId: string;
  linkedAt: Date;
  /** Null until the first successful read. */
  fetchedAt: Date | null;
  record: CertificationRecord | null;
  ownership: Ownership;
}

export interface CertificationStore {
  /** Keeps `shareId` as the person's link, replacing an earlier link and dropping its cache. */
  setShareLink(person: PersonKey, associationId: string, shareId: string, now: Date): Promise<{ linkId: string }>;
  shareLink(person: PersonKey): Promise<ShareLink | undefined>;
  /** Stores what was read through link `linkId`; 'stale' (nothing written) if that link was replaced or deleted meanwhile. */
  saveCertifications(person: PersonKey, linkId: string, record: CertificationRecord, fetchedAt: Date, contactEmail: ContactEmailCheck): Promise<'saved' | 'stale'>;
  /** The person says a transcript flagged 'different' is theirs. */
  confirmOwnership(person: PersonKey, linkId: string): Promise<'confirmed' | 'stale'>;
  cached(person: PersonKey): Promise<CachedCertifications | undefined>;
  /** "Delete my data" and removing the Learning association: the link and the cache go. */
  deletePerson(person: PersonKey): Promise<{ removed: boolean }>;
  /** People whose cache was fetched before `before` (or never), oldest first: the daily refresh. */
  dueForRefresh(before: Date, limit: number): Promise<PersonKey[]>;
  /** Every cached record in one organization (the managers' view and the credit totals). */
  cachedInTenant(tenantId: string): Promise<{ objectId: string; cached: CachedCertifications }[]>;
}
