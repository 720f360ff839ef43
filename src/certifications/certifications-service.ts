// Issue 8.1–8.3: the certification verbs as small handler-friendly calls for the bot router and
// the daily refresh worker: take a pasted link, refresh, show, confirm ownership, forget. Each
// returns an outcome the caller turns into a message (errors.ts) and a card section; none throws
// for anything a person or Learn can cause, and none returns or logs the share id or PII.
import type { Logger } from '../log';
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
}

export interface Shown {
  view: CertificationsView;
  ownership: Ownership;
}

export type ReadResult =
  /** Read and saved; `ownership` 'different' means: tell the person (errors.ts transcript-email-differs). */
  | ({ kind: 'read' } & Shown)
  /** 404: say how to share again; what was read before (if anything) is still shown, with its age. */
  | ({ kind: 'not-shared' } & Shown)
  /** Learn down, slow or odd: show the cache with its age. */
  | ({ kind: 'unavailable' } & Shown)
  /** The link changed or was deleted while Learn was being read: nothing was saved. */
  | { kind: 'stale' }
  /** No link stored (or it belongs to a removed association): ask for one. */
  | { kind: 'no-link' };

export type PasteResult =
  /** The message holds no link-like text: not for us. */
  | { kind: 'none' }
  /** Looks like a Learn link but is not a valid share link: say what one looks like. */
  | { kind: 'invalid' }
  | ReadResult;

export class CertificationsService {
  constructor(private readonly deps: CertificationsDeps) {}

  /**
   * A chat message or the card's input from a person with a Learning association. The link already
   * saved, pasted again, is read again (nothing is dropped). A new link replaces the saved one; once
   * certifications were read, only when Learn answers it: a link Learn says is not shared (404)
   * changes nothing, so what was read stays on the card with its age, as the answer says.
   */
  async pasteLink(person: PersonKey, association: LearningAssociation, message: string, now: Date): Promise<PasteResult> {
    const found = findTranscriptLink(message);
    if (found.kind !== 'found') return { kind: found.kind };
    const shareId = found.link.shareId;
    const saved = await this.deps.store.shareLink(person);
    if (saved?.associationId === association.id && saved.shareId === shareId) return this.refresh(person, association, now);
    const before = await this.show(person, association, now);
    if (!before?.view.fetchedAt) {
      await this.setLink(person, association, shareId, now);
      return this.refresh(person, association, now);
    }
    const outcome = await this.deps.learn.fetchTranscript(shareId, association.maskedEmail);
    if (outcome.kind === 'not-shared') return { kind: 'not-shared', ...before };
    const { linkId } = await this.setLink(person, association, shareId, now);
    if (outcome.kind === 'ok' && (await this.deps.store.saveCertifications(person, linkId, outcome.record, now, outcome.contactEmail)) === 'stale') return { kind: 'stale' };
    const shown = await this.show(person, association, now);
    if (!shown) return { kind: 'stale' };
    return { kind: outcome.kind === 'ok' ? 'read' : outcome.kind, ...shown };
  }

  private async setLink(person: PersonKey, association: LearningAssociation, shareId: string, now: Date): Promise<{ linkId: string }> {
    const set = await this.deps.store.setShareLink(person, association.id, shareId, now);
    this.deps.log.info({ event: 'certifications.link-set', shareRef: shareRef(shareId) }, 'transcript share link saved');
    return set;
  }

  /** "refresh" (typed or a button), and the daily worker. */
  async refresh(person: PersonKey, association: LearningAssociation, now: Date): Promise<ReadResult> {
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
  ): Promise<Record<ReadResult['kind'] | 'forgotten', number>> {
    const counts: Record<ReadResult['kind'] | 'forgotten', number> = { read: 0, 'not-shared': 0, unavailable: 0, stale: 0, 'no-link': 0, forgotten: 0 };
    for (const person of await this.deps.store.dueForRefresh(new Date(now.getTime() - maxAgeMs), limit)) {
      const association = await associationOf(person);
      const link = await this.deps.store.shareLink(person);
      if (!association || (link && link.associationId !== association.id)) {
        await this.forget(person);
        counts.forgotten += 1;
        continue;
      }
      const result = await this.refresh(person, association, now);
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
