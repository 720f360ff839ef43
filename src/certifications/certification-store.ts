// The CertificationStore port: a person's transcript share link (the share id kept sealed), the
// certifications last read through it with the fetch time, and whether they count. Every adapter
// (SQLite, Azure Table) passes test/certifications/certification-store.contract.ts.
// Credit is earned, not claimed:
//  - a transcript counts when its contact email's keyed hash equals the associated account's
//    ('email-matched'), or when a partner admin approved the person's word for it ('approved');
//  - one transcript (its keyed identity) is held by at most one person per organization, atomically.
//    A holder it counts for keeps it; one who declared it theirs gives way only to a colleague whose
//    address matches; one who merely pasted it (or was declined) gives way to the next colleague.
import type { CertificationRecord } from './transcript';

/**
 * Whose transcript it is (the email itself is never kept):
 *  - 'unchecked': not read yet;
 *  - 'email-matched': the contact email is the associated personal account's — counts;
 *  - 'different': another (or no) contact email, or an association made before addresses were
 *    compared — counts for nothing until the person says it is theirs;
 *  - 'self-declared': the person said so; shown as such, counts for nothing until a partner admin decides;
 *  - 'approved' (counts) / 'declined' (does not): a partner admin's decision, in the audit log.
 * A new link starts over at 'unchecked'; a decision stays while the link reads the same transcript.
 */
export type Ownership = 'unchecked' | 'email-matched' | 'different' | 'self-declared' | 'approved' | 'declined';

export const OWNERSHIPS: readonly Ownership[] = [
  'unchecked',
  'email-matched',
  'different',
  'self-declared',
  'approved',
  'declined',
];

/** The ownerships whose certifications count for the organization's credit and advice. */
export function countsForCredit(ownership: Ownership): boolean {
  return ownership === 'email-matched' || ownership === 'approved';
}

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

/** One successful read of a transcript, with its identity and email as keyed hashes only. */
export interface TranscriptRead {
  record: CertificationRecord;
  fetchedAt: Date;
  /** Keyed hash of the transcript's Learn user name (or MCID). */
  transcriptKey: string;
  /** Its contact email's keyed hash equals the associated account's. */
  emailMatched: boolean;
}

export interface CachedCertifications {
  linkId: string;
  associationId: string;
  linkedAt: Date;
  /** Null until the first successful read. */
  fetchedAt: Date | null;
  record: CertificationRecord | null;
  ownership: Ownership;
  /** The transcript read through the link (keyed); null until the first read. */
  transcriptKey: string | null;
  /** The person's name as Teams gave it when they declared the transcript theirs (for the partner admins' card). */
  declaredName: string | null;
}

export type Decision = 'approved' | 'declined';

/** An audit entry of a partner admin's decision. Ids are erased when that person deletes their data. */
export interface DecisionEntry {
  at: Date;
  tenantId: string;
  /** Whose transcript; null once they deleted their data. */
  subjectObjectId: string | null;
  /** The partner admin; null once they deleted their data. */
  adminObjectId: string | null;
  decision: Decision;
}

export interface CertificationStore {
  /**
   * Keeps `shareId` as the person's link, replacing an earlier link and dropping its cache. With
   * `read` (the transcript was read before saving), its certifications are kept too, unless the
   * transcript already counts for someone else in the organization: then 'taken', nothing changed.
   */
  setShareLink(
    person: PersonKey,
    associationId: string,
    shareId: string,
    now: Date,
    read?: TranscriptRead,
  ): Promise<{ linkId: string } | 'taken'>;
  shareLink(person: PersonKey): Promise<ShareLink | undefined>;
  /**
   * Stores what was read through link `linkId`. 'stale' (nothing written) if that link was replaced
   * or deleted meanwhile; 'taken' if the transcript counts for someone else in the organization:
   * then the person's link is dropped, nothing of it kept.
   */
  saveCertifications(person: PersonKey, linkId: string, read: TranscriptRead): Promise<'saved' | 'stale' | 'taken'>;
  /**
   * The person says transcript `transcriptKey` (flagged 'different') is theirs: 'self-declared'
   * (also when it already was); 'stale' when their transcript is another one or not in doubt.
   */
  declareOwnership(person: PersonKey, transcriptKey: string, declaredName: string): Promise<'self-declared' | 'stale'>;
  /**
   * A partner admin's decision on a self-declared transcript, with its audit entry (one write):
   * 'stale' when `subject`'s transcript is no longer `transcriptKey` waiting for a decision.
   */
  decide(
    subject: PersonKey,
    transcriptKey: string,
    decision: Decision,
    adminObjectId: string,
    now: Date,
  ): Promise<'decided' | 'stale'>;
  /** The decisions taken in one organization, oldest first (their audit log, kept 365 days). */
  decisions(tenantId: string, now: Date): Promise<DecisionEntry[]>;
  /** "Delete my data": the person's object id is erased from the decisions' audit log (as subject or admin). */
  eraseFromDecisions(person: PersonKey, now: Date): Promise<void>;
  cached(person: PersonKey): Promise<CachedCertifications | undefined>;
  /** "Delete my data" and removing the Learning association: the link, the cache and its transcript claim go. */
  deletePerson(person: PersonKey): Promise<{ removed: boolean }>;
  /** People whose cache was fetched before `before` (or never), oldest first: the daily refresh. */
  dueForRefresh(before: Date, limit: number): Promise<PersonKey[]>;
  /** Every cached record in one organization (the managers' view and the credit totals). */
  cachedInTenant(tenantId: string): Promise<{ objectId: string; cached: CachedCertifications }[]>;
}

/** The ownership after a read: a decision or declaration stays while the link reads the same transcript. */
export function ownershipAfterRead(
  before: Pick<CachedCertifications, 'ownership' | 'transcriptKey'> | undefined,
  read: Pick<TranscriptRead, 'transcriptKey' | 'emailMatched'>,
): Ownership {
  if (read.emailMatched) return 'email-matched';
  const kept =
    before &&
    before.transcriptKey === read.transcriptKey &&
    (before.ownership === 'self-declared' || before.ownership === 'approved' || before.ownership === 'declined');
  return kept ? before.ownership : 'different';
}

/**
 * Who keeps a transcript that `holder` holds when a colleague reads it. A holder it counts for
 * keeps it. A holder who declared it theirs keeps it, unless the reader's address matches. A holder
 * who merely pasted it, or whose declaration a partner admin declined, gives way: pasting someone's
 * link cannot keep its owner out.
 */
export function claimGoesTo(
  holder: Pick<CachedCertifications, 'ownership'>,
  reader: Pick<TranscriptRead, 'emailMatched'>,
): 'holder' | 'reader' {
  if (countsForCredit(holder.ownership)) return 'holder';
  if (holder.ownership === 'self-declared') return reader.emailMatched ? 'reader' : 'holder';
  return 'reader';
}

/** How long a decision's audit entry is kept (as the association audit log). */
export const DECISION_RETENTION_DAYS = 365;

/** The key under which the Learning card's parts share one read of a person's cached certifications. */
export function cachedCertificationsKey(person: PersonKey): string {
  return `certifications-cache:${person.tenantId}|${person.objectId}`;
}
