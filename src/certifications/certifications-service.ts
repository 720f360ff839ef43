// Issue 8.1–8.3: the certification verbs as small handler-friendly calls for the bot router and
// the daily refresh worker: take a pasted link, refresh, show, confirm ownership, forget. Each
// returns an outcome the caller turns into a message (errors.ts) and a card section; none throws
// for anything a person or Learn can cause, and none returns or logs the share id or PII. A person
// reads each link from Learn at most once a minute, and pastes a few new links at a time (limits/).
import { LIMITS, waitText, type PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { Pseudonyms } from '../storage/pseudonyms';
import type { CachedCertifications, CertificationStore, Ownership, PersonKey } from './certification-store';
import { certificationsView, type CertificationsView } from './certifications-view';
import { shareRef, type TranscriptOutcome } from './learn-client';
import { findTranscriptLink } from './transcript-link';

/** The person's current Learning association: certifications belong to it. */
export interface LearningAssociation {
  id: string;
  /** e.g. `a***@outlook.com`, for the contact-email check. */
  maskedEmail: string;
}

export interface CertificationsDeps {
  store: CertificationStore;
  learn: { fetchTranscript(shareId: string, maskedEmail: string): Promise<TranscriptOutcome> };
  log: Logger;
  /** Per-person limits: one Learn read per link a minute, a few new links at a time. Without them, none. */
  limits?: { limiter: PersonLimiter; pseudonyms: Pseudonyms };
}

export interface Shown {
  view: CertificationsView;
  ownership: Ownership;
}

export type ReadResult =
  /** Read and saved; `ownership` 'different' means: tell the person (errors.ts transcript-email-differs). */
  | ({ kind: 'read' } & Shown)
  /** 404: say how to share again; the cache (if any) is still shown. */
  | ({ kind: 'not-shared' } & Shown)
  /** Learn down, slow or odd: show the cache with its age. */
  | ({ kind: 'unavailable' } & Shown)
  /** The link changed or was deleted while Learn was being read: nothing was saved. */
  | { kind: 'stale' }
  /** No link stored (or it belongs to a removed association): ask for one. */
  | { kind: 'no-link' }
  /** The person's limit is reached: Learn was not read and nothing changed; `code` says which, `wait` when to try again. */
  | { kind: 'limited'; code: 'learn-read-limited' | 'transcript-paste-limited'; wait: string };

export type PasteResult =
  /** The message holds no link-like text: not for us. */
  | { kind: 'none' }
  /** Looks like a Learn link but is not a valid share link: say what one looks like. */
  | { kind: 'invalid' }
  | ReadResult;

export class CertificationsService {
  constructor(private readonly deps: CertificationsDeps) {}

  /** A chat message or the card's input from a person with a Learning association. */
  async pasteLink(person: PersonKey, association: LearningAssociation, message: string, now: Date): Promise<PasteResult> {
    const found = findTranscriptLink(message);
    if (found.kind !== 'found') return { kind: found.kind };
    const limited = (await this.limited(person, 'transcript-paste', undefined, now)) ?? (await this.limited(person, 'learn-read', found.link.shareId, now));
    if (limited) return limited;
    await this.deps.store.setShareLink(person, association.id, found.link.shareId, now);
    this.deps.log.info({ event: 'certifications.link-set', shareRef: shareRef(found.link.shareId) }, 'transcript share link saved');
    return this.read(person, association, now);
  }

  /** "refresh" (typed, a button, the tab): one Learn read per link a minute. */
  async refresh(person: PersonKey, association: LearningAssociation, now: Date): Promise<ReadResult> {
    const link = await this.deps.store.shareLink(person);
    if (!link || link.associationId !== association.id) return { kind: 'no-link' };
    return (await this.limited(person, 'learn-read', link.shareId, now)) ?? this.read(person, association, now);
  }

  /** The person's limit for a paste, or for reading `shareId`, taken once; undefined while within it. */
  private async limited(person: PersonKey, what: 'transcript-paste' | 'learn-read', shareId: string | undefined, now: Date): Promise<Extract<ReadResult, { kind: 'limited' }> | undefined> {
    const limits = this.deps.limits;
    if (!limits) return undefined;
    const key = what === 'learn-read' ? await limits.pseudonyms.of('learn-link', person.tenantId.toLowerCase(), person.objectId.toLowerCase(), shareId ?? '') : await limits.pseudonyms.person(person.tenantId, person.objectId);
    const decision = await limits.limiter.take(`${what}:${key}`, what === 'learn-read' ? LIMITS.learnRead : LIMITS.transcriptPaste, now);
    if (decision.ok) return undefined;
    this.deps.log.info({ event: 'certifications.limited', what }, 'a person reached a transcript limit');
    return { kind: 'limited', code: what === 'learn-read' ? 'learn-read-limited' : 'transcript-paste-limited', wait: waitText(decision.retryAt, now) };
  }

  /** Reads the stored link from Learn and saves what it says (the daily worker calls this directly). */
  private async read(person: PersonKey, association: LearningAssociation, now: Date): Promise<Exclude<ReadResult, { kind: 'limited' }>> {
    const link = await this.deps.store.shareLink(person);
    if (!link || link.associationId !== association.id) return { kind: 'no-link' };
    const outcome = await this.deps.learn.fetchTranscript(link.shareId, association.maskedEmail);
    if (outcome.kind === 'ok') {
      const saved = await this.deps.store.saveCertifications(person, link.linkId, outcome.record, now, outcome.contactEmail);
      if (saved === 'stale') return { kind: 'stale' };
    }
    const shown = await this.show(person, association, now);
    if (!shown) return { kind: 'stale' };
    return { kind: outcome.kind === 'ok' ? 'read' : outcome.kind, ...shown };
  }

  /** What the card and the tab show; undefined when there is no link for this association. */
  async show(person: PersonKey, association: LearningAssociation, now: Date): Promise<Shown | undefined> {
    const cached = await this.deps.store.cached(person);
    if (!cached || cached.associationId !== association.id) return undefined;
    return { view: certificationsView(cached.record, cached.fetchedAt, now), ownership: cached.ownership };
  }

  /** The person says a transcript flagged 'different' is theirs. */
  async confirmOwnership(person: PersonKey, association: LearningAssociation): Promise<'confirmed' | 'stale'> {
    const cached = await this.deps.store.cached(person);
    if (!cached || cached.associationId !== association.id) return 'stale';
    return this.deps.store.confirmOwnership(person, cached.linkId);
  }

  /** "Delete my data" and removing the Learning association. */
  async forget(person: PersonKey): Promise<void> {
    await this.deps.store.deletePerson(person);
  }

  /**
   * The daily refresh: people whose cache is older than `maxAgeMs`, at most `limit` per run. A
   * person whose Learning association is gone (removed in the tab, say) is forgotten instead.
   */
  async refreshDue(
    now: Date,
    maxAgeMs: number,
    limit: number,
    associationOf: (person: PersonKey) => Promise<LearningAssociation | undefined>,
    /** After each person's refresh (read, not shared or unavailable): the renewal schedule runs here. */
    onRefreshed?: (person: PersonKey, result: ReadResult) => Promise<void>,
  ): Promise<Record<Exclude<ReadResult['kind'], 'limited'> | 'forgotten', number>> {
    // Not limited: one read a day per person, by the bot itself.
    const counts: Record<Exclude<ReadResult['kind'], 'limited'> | 'forgotten', number> = { read: 0, 'not-shared': 0, unavailable: 0, stale: 0, 'no-link': 0, forgotten: 0 };
    for (const person of await this.deps.store.dueForRefresh(new Date(now.getTime() - maxAgeMs), limit)) {
      const association = await associationOf(person);
      const link = await this.deps.store.shareLink(person);
      if (!association || (link && link.associationId !== association.id)) {
        await this.forget(person);
        counts.forgotten += 1;
        continue;
      }
      const result = await this.read(person, association, now);
      counts[result.kind] += 1;
      if (onRefreshed && (result.kind === 'read' || result.kind === 'not-shared' || result.kind === 'unavailable')) await onRefreshed(person, result);
    }
    this.deps.log.info({ event: 'certifications.daily-refresh', ...counts }, 'daily certification refresh');
    return counts;
  }

  /** The certifications that count for credit: none while ownership is 'different'. */
  static creditable(cached: CachedCertifications | undefined): CachedCertifications['record'] {
    return cached && cached.ownership !== 'different' ? cached.record : null;
  }
}
