// The certification verbs as small handler-friendly calls for the bot router and the daily refresh
// worker: take a pasted link, refresh, show, declare a transcript one's own, a partner admin's
// decision, forget. Each returns an outcome the caller turns into a message (errors.ts) and a card
// section; none throws for anything a person or Learn can cause, and none returns or logs the share
// id or PII. A transcript is email-matched only when its contact email's keyed hash equals the one
// kept with the Learning association; a pasted link is read first and saved only if the transcript
// does not already count for someone else in the organization. A person reads each link from Learn at
// most once a minute, and pastes a few new links at a time (limits/).
import type { AssociationStore } from '../associations/association-store';
import type { Association } from '../associations/model';
import { LIMITS, waitText, type PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { Pseudonyms } from '../storage/pseudonyms';
import {
  countsForCredit,
  type CachedCertifications,
  type CertificationStore,
  type Decision,
  type Ownership,
  type PersonKey,
  type TranscriptRead,
} from './certification-store';
import { certificationsView, type CertificationsView } from './certifications-view';
import { shareRef, type TranscriptOutcome } from './learn-client';
import { findTranscriptLink } from './transcript-link';

/** The person's current Learning association: certifications belong to it. */
export interface LearningAssociation {
  id: string;
  /** e.g. `a***@outlook.com`, for the ownership question. */
  maskedEmail: string;
  /** Keyed hash of the associated account's full address; undefined for associations made before it was kept. */
  emailKey: string | undefined;
}

export function learningAssociationOf(association: Association): LearningAssociation {
  return { id: association.id, maskedEmail: association.personal.maskedEmail, emailKey: association.personal.emailKey };
}

/** The person's Learning association, read from the associations (the refresh worker's lookup). */
export function learningAssociationIn(
  associations: Pick<AssociationStore, 'list'>,
): (person: PersonKey) => Promise<LearningAssociation | undefined> {
  return async (person) => {
    const learning = (await associations.list(person)).find((a) => a.purpose === 'learning');
    return learning ? learningAssociationOf(learning) : undefined;
  };
}

export interface CertificationsDeps {
  store: CertificationStore;
  learn: { fetchTranscript(shareId: string): Promise<TranscriptOutcome> };
  log: Logger;
  /** Per-person limits: one Learn read per link a minute, a few new links at a time. Without them, none. */
  limits?: { limiter: PersonLimiter; pseudonyms: Pseudonyms };
}

export interface Shown {
  view: CertificationsView;
  ownership: Ownership;
  /** The transcript shown (keyed), for the buttons that are about it; null before the first read. */
  transcriptKey: string | null;
}

export type ReadResult =
  /** Read and saved; `ownership` 'different' means: ask the person (errors.ts transcript-email-differs). */
  | ({ kind: 'read' } & Shown)
  /** 404: say how to share again; what was read before (if anything) is still shown, with its age. */
  | ({ kind: 'not-shared' } & Shown)
  /** Learn down, slow or odd: show the cache with its age. */
  | ({ kind: 'unavailable' } & Shown)
  /** The transcript already counts for someone else in the organization: nothing of it is kept for this person. */
  | { kind: 'taken' }
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

  /**
   * A chat message or the card's input from a person with a Learning association. The link already
   * saved, pasted again, is read again (nothing is dropped). A new link replaces the saved one; once
   * certifications were read, only when Learn answers it: a link Learn says is not shared (404)
   * changes nothing, so what was read stays on the card with its age, as the answer says.
   */
  async pasteLink(
    person: PersonKey,
    association: LearningAssociation,
    message: string,
    now: Date,
  ): Promise<PasteResult> {
    const found = findTranscriptLink(message);
    if (found.kind !== 'found') return { kind: found.kind };
    const { shareId } = found.link;
    const current = await this.deps.store.shareLink(person);
    if (current?.associationId === association.id && current.shareId === shareId)
      return this.refresh(person, association, now);
    const limited =
      (await this.limited(person, 'transcript-paste', undefined, now)) ??
      (await this.limited(person, 'learn-read', shareId, now));
    if (limited) return limited;
    const outcome = await this.deps.learn.fetchTranscript(shareId);
    if (outcome.kind === 'not-shared') {
      // A link that does not answer replaces nothing: what was read before stays, shown with its age.
      const before = await this.show(person, association, now);
      if (before?.view.fetchedAt) return { kind: 'not-shared', ...before };
    }
    const read = outcome.kind === 'ok' ? this.readOf(outcome, association, now) : undefined;
    const saved = await this.deps.store.setShareLink(person, association.id, shareId, now, read);
    if (saved === 'taken') {
      this.deps.log.info(
        { event: 'certifications.link-taken', shareRef: shareRef(shareId) },
        'transcript already counts for someone else in the organization; nothing saved',
      );
      return { kind: 'taken' };
    }
    this.deps.log.info(
      { event: 'certifications.link-set', shareRef: shareRef(shareId) },
      'transcript share link saved',
    );
    const shown = await this.show(person, association, now);
    if (!shown) return { kind: 'stale' };
    return { kind: outcome.kind === 'ok' ? 'read' : outcome.kind, ...shown };
  }

  /** "refresh" (typed, a button, the tab): one Learn read per link a minute. */
  async refresh(person: PersonKey, association: LearningAssociation, now: Date): Promise<ReadResult> {
    const link = await this.deps.store.shareLink(person);
    if (!link || link.associationId !== association.id) return { kind: 'no-link' };
    return (await this.limited(person, 'learn-read', link.shareId, now)) ?? this.read(person, association, now);
  }

  /** The person's limit for a paste, or for reading `shareId`, taken once; undefined while within it. */
  private async limited(
    person: PersonKey,
    what: 'transcript-paste' | 'learn-read',
    shareId: string | undefined,
    now: Date,
  ): Promise<Extract<ReadResult, { kind: 'limited' }> | undefined> {
    const limits = this.deps.limits;
    if (!limits) return undefined;
    const key =
      what === 'learn-read'
        ? await limits.pseudonyms.of(
            'learn-link',
            person.tenantId.toLowerCase(),
            person.objectId.toLowerCase(),
            shareId ?? '',
          )
        : await limits.pseudonyms.person(person.tenantId, person.objectId);
    const decision = await limits.limiter.take(
      `${what}:${key}`,
      what === 'learn-read' ? LIMITS.learnRead : LIMITS.transcriptPaste,
      now,
    );
    if (decision.ok) return undefined;
    this.deps.log.info({ event: 'certifications.limited', what }, 'a person reached a transcript limit');
    return {
      kind: 'limited',
      code: what === 'learn-read' ? 'learn-read-limited' : 'transcript-paste-limited',
      wait: waitText(decision.retryAt, now),
    };
  }

  /** Reads the stored link from Learn and saves what it says (the daily worker calls this directly). */
  private async read(
    person: PersonKey,
    association: LearningAssociation,
    now: Date,
  ): Promise<Exclude<ReadResult, { kind: 'limited' }>> {
    const link = await this.deps.store.shareLink(person);
    if (!link || link.associationId !== association.id) return { kind: 'no-link' };
    const outcome = await this.deps.learn.fetchTranscript(link.shareId);
    if (outcome.kind === 'ok') {
      const saved = await this.deps.store.saveCertifications(
        person,
        link.linkId,
        this.readOf(outcome, association, now),
      );
      if (saved !== 'saved') return { kind: saved };
    }
    const shown = await this.show(person, association, now);
    if (!shown) return { kind: 'stale' };
    return { kind: outcome.kind === 'ok' ? 'read' : outcome.kind, ...shown };
  }

  private readOf(
    outcome: Extract<TranscriptOutcome, { kind: 'ok' }>,
    association: LearningAssociation,
    now: Date,
  ): TranscriptRead {
    const emailMatched =
      association.emailKey !== undefined &&
      outcome.contactEmailKey !== null &&
      outcome.contactEmailKey === association.emailKey;
    return { record: outcome.record, fetchedAt: now, transcriptKey: outcome.transcriptKey, emailMatched };
  }

  /** What the card and the tab show; undefined when there is no link for this association. */
  async show(person: PersonKey, association: LearningAssociation, now: Date): Promise<Shown | undefined> {
    return CertificationsService.shown(await this.deps.store.cached(person), association, now);
  }

  /** What `show` answers, from the person's cache as read. */
  static shown(
    cached: CachedCertifications | undefined,
    association: LearningAssociation,
    now: Date,
  ): Shown | undefined {
    if (!cached || cached.associationId !== association.id) return undefined;
    return {
      view: certificationsView(cached.record, cached.fetchedAt, now),
      ownership: cached.ownership,
      transcriptKey: cached.transcriptKey,
    };
  }

  /**
   * The person says transcript `transcriptKey` (the one the pressed card was about) is theirs. A
   * card about another transcript than the current one changes nothing: 'stale'.
   */
  async declareOwnership(
    person: PersonKey,
    association: LearningAssociation,
    transcriptKey: string | undefined,
    name: string,
  ): Promise<{ kind: 'self-declared'; linkId: string } | { kind: 'stale' }> {
    const cached = await this.deps.store.cached(person);
    if (!transcriptKey || !cached || cached.associationId !== association.id || cached.transcriptKey !== transcriptKey)
      return { kind: 'stale' };
    const outcome = await this.deps.store.declareOwnership(person, transcriptKey, name);
    this.deps.log.info({ event: 'certifications.self-declared', outcome }, "transcript declared as the person's own");
    return outcome === 'self-declared' ? { kind: 'self-declared', linkId: cached.linkId } : { kind: 'stale' };
  }

  /** A partner admin's decision on a colleague's self-declared transcript (the caller checked the admin). */
  async decide(
    subject: PersonKey,
    transcriptKey: string,
    decision: Decision,
    adminObjectId: string,
    now: Date,
  ): Promise<'decided' | 'stale'> {
    const outcome = await this.deps.store.decide(subject, transcriptKey, decision, adminObjectId, now);
    this.deps.log.info(
      { event: 'certifications.decision', decision, outcome },
      'partner admin decision on a self-declared transcript',
    );
    return outcome;
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
    /** After each person's refresh (read, not shared, unavailable, or dropped as taken): the renewal schedule runs here. */
    onRefreshed?: (person: PersonKey, result: ReadResult) => Promise<void>,
  ): Promise<Record<Exclude<ReadResult['kind'], 'limited'> | 'forgotten', number>> {
    // Not limited: one read a day per person, by the bot itself.
    const counts: Record<Exclude<ReadResult['kind'], 'limited'> | 'forgotten', number> = {
      read: 0,
      'not-shared': 0,
      unavailable: 0,
      taken: 0,
      stale: 0,
      'no-link': 0,
      forgotten: 0,
    };
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
      if (
        onRefreshed &&
        (result.kind === 'read' ||
          result.kind === 'not-shared' ||
          result.kind === 'unavailable' ||
          result.kind === 'taken')
      )
        await onRefreshed(person, result);
    }
    this.deps.log.info({ event: 'certifications.daily-refresh', ...counts }, 'daily certification refresh');
    return counts;
  }

  /** The certifications that count for the organization's credit and advice: email-matched or approved only. */
  static creditable(cached: CachedCertifications | undefined): CachedCertifications['record'] {
    return cached && countsForCredit(cached.ownership) ? cached.record : null;
  }

  /** The certifications the person stands behind (theirs by email, their word or an admin's): their renewal reminders. */
  static theirs(cached: CachedCertifications | undefined): CachedCertifications['record'] {
    return cached && (countsForCredit(cached.ownership) || cached.ownership === 'self-declared') ? cached.record : null;
  }
}
