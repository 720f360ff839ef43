// The certifications in the personal tab: the same as the chat card, from the same view model
// (certifications-view.ts) and with dates from the same formatDate, with the same words about whose
// transcript it is; and the card's actions through the same service calls and words: Refresh, the
// link box, the reminders switch. The tab lists every certification (the card folds and caps its
// lists; the tab is where the rest are seen). Declaring a transcript one's own happens on the card.
import type { AssociationStore } from '../associations/association-store';
import { TRANSCRIPT_INPUT_MAX_CHARS } from '../cards/card-actions';
import { formatDate, type DateLocale } from '../cards/date-format';
import type { Notice } from '../associations/learning-card';
import { userMessage } from '../errors';
import type { TabCertificationLine, TabCertifications } from '../tab/tab-wire';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import type { CertificationStore, PersonKey } from './certification-store';
import type { CertificationLine } from './certifications-view';
import { countsForCredit, type Ownership } from './certification-store';
import {
  CertificationsService,
  learningAssociationOf,
  type LearningAssociation,
  type PasteResult,
} from './certifications-service';
import { readNotice } from './read-notice';
import {
  LINK_INPUT,
  NEW_LINK_TITLE,
  READ_TRANSCRIPT_TITLE,
  REMINDERS_OFF_TITLE,
  REMINDERS_ON_TITLE,
} from './certifications-card';
import { contributionText, personContribution } from './credit-advice';
import { heldCertifications } from './credit';

/** "What do you store about me": how the transcript was checked (its email and identity are kept only as keyed hashes). */
const WHOSE: Record<Ownership, string> = {
  unchecked: 'not checked yet',
  'email-matched': 'its contact email is your associated account (compared as keyed hashes)',
  different: 'its contact email is not your associated account',
  'self-declared': 'self-declared by you, waiting for a partner admin',
  approved: 'self-declared by you, approved by a partner admin',
  declined: 'self-declared by you, declined by a partner admin',
};

/** A hostile transcript cannot make the page huge: Learn's real lists are far shorter. */
const MAX_LINES = 300;

export interface CertificationsTabDeps {
  associations: AssociationStore;
  service: CertificationsService;
  store: CertificationStore;
  reminders: CertificationReminders;
  catalogue: Catalogue;
  now: () => Date;
}

export class CertificationsTab {
  constructor(private readonly deps: CertificationsTabDeps) {}

  /** Null when no Learning account is associated (the section shows its "associate" text). */
  async view(person: PersonKey, dates: DateLocale): Promise<TabCertifications | null> {
    const learning = (await this.deps.associations.list(person)).find((a) => a.purpose === 'learning');
    if (!learning) return null;
    const now = this.deps.now();
    const shown = await this.deps.service.show(person, learningAssociationOf(learning), now);
    const linkBox = {
      label: LINK_INPUT.label,
      placeholder: LINK_INPUT.placeholder,
      button: READ_TRANSCRIPT_TITLE,
      maxLength: TRANSCRIPT_INPUT_MAX_CHARS,
      newLinkTitle: NEW_LINK_TITLE,
    };
    const on = await this.deps.reminders.isOn(person);
    const empty: TabCertifications = {
      ask: null,
      ownershipWarning: null,
      notRead: null,
      active: [],
      expiringSoon: [],
      expiredOrRetired: [],
      age: null,
      contributions: [],
      linkBox,
      reminders: { on, toggleTitle: on ? REMINDERS_OFF_TITLE : REMINDERS_ON_TITLE },
    };
    if (!shown) return { ...empty, ask: userMessage('transcript-link-ask'), reminders: null };
    const date = (d: Date) => formatDate(d, dates);
    const lines = (list: CertificationLine[], detail: (l: CertificationLine) => string): TabCertificationLine[] =>
      list.slice(0, MAX_LINES).map((l) => ({ name: l.name, detail: detail(l) }));
    const counts = countsForCredit(shown.ownership);
    const contributions = counts
      ? personContribution(
          this.deps.catalogue,
          heldCertifications(CertificationsService.creditable(await this.deps.store.cached(person))),
          now,
        ).map(contributionText)
      : [];
    return {
      ...empty,
      // The tab shows plain text: the card's bold marks go.
      ownershipWarning:
        ownershipText(
          shown.ownership,
          learning.personal.maskedEmail,
          learning.personal.emailKey !== undefined,
        )?.replace(/\*\*/g, '') ?? null,
      notRead:
        shown.view.fetchedAt === null ? 'Your certifications have not been read from Microsoft Learn yet.' : null,
      active: lines(shown.view.active, (l) => (l.expiresOn ? `expires ${date(l.expiresOn)}` : 'no expiry')),
      expiringSoon: lines(
        shown.view.expiringSoon,
        (l) => `renewal open, expires ${l.expiresOn ? date(l.expiresOn) : ''}`,
      ),
      expiredOrRetired: lines(shown.view.expiredOrRetired, (l) =>
        l.expiresOn ? `ended ${date(l.expiresOn)}` : 'retired',
      ),
      age: shown.view.age ?? null,
      contributions,
    };
  }

  /** "What do you store about me?": the transcript link (never the id itself), the cache, the reminders switch. */
  async storedFacts(person: PersonKey, dates: DateLocale): Promise<{ title: string; value: string }[]> {
    const cached = await this.deps.store.cached(person);
    if (!cached) return [];
    const count = cached.record?.certifications.length ?? 0;
    return [
      { title: 'Transcript share link', value: `saved ${formatDate(cached.linkedAt, dates)} (encrypted; not shown)` },
      {
        title: 'Certifications read',
        value: cached.fetchedAt ? `${count}, read ${formatDate(cached.fetchedAt, dates)}` : 'not read yet',
      },
      { title: 'Whose transcript', value: WHOSE[cached.ownership] },
      { title: 'Renewal reminders', value: (await this.deps.reminders.isOn(person)) ? 'on' : 'off' },
    ];
  }

  /** The tab's Refresh: reads Learn again and says how it went, in the chat's words. */
  refresh(person: PersonKey): Promise<Notice> {
    return this.read(person, (learning, now) => this.deps.service.refresh(person, learning, now), true);
  }

  /** The tab's link box: the same as a link pasted in the chat (the service decides, the chat's words say how it went). */
  paste(person: PersonKey, link: string): Promise<Notice> {
    if (!link.trim()) return Promise.resolve({ tone: 'warning', text: userMessage('transcript-input-empty') });
    return this.read(person, (learning, now) => this.deps.service.pasteLink(person, learning, link, now), false);
  }

  /** The tab's reminders switch: the chat's switch, with its words. */
  async setReminders(person: PersonKey, on: boolean): Promise<Notice> {
    await this.deps.reminders.set(person, on, this.deps.now());
    return { tone: 'good', text: userMessage(on ? 'reminders-on' : 'reminders-off') };
  }

  private async read(
    person: PersonKey,
    read: (learning: LearningAssociation, now: Date) => Promise<PasteResult>,
    refreshed: boolean,
  ): Promise<Notice> {
    const learning = (await this.deps.associations.list(person)).find((a) => a.purpose === 'learning');
    if (!learning) return { tone: 'warning', text: userMessage('transcript-link-needs-learning') };
    const result = await read(learningAssociationOf(learning), this.deps.now());
    // What is due now is on the page the person is looking at: recorded, not sent.
    if (
      result.kind === 'read' ||
      result.kind === 'unavailable' ||
      result.kind === 'not-shared' ||
      result.kind === 'taken'
    )
      await this.deps.reminders.schedule(person, this.deps.now(), 'shown');
    return readNotice(result, { refreshed, stale: userMessage('tab-stale') });
  }
}

/** The card's words about whose transcript it is (null when it simply counts, or was not read yet). */
function ownershipText(ownership: Ownership, masked: string, emailCompared: boolean): string | null {
  switch (ownership) {
    case 'different':
      return emailCompared
        ? userMessage('transcript-email-differs', { masked })
        : userMessage('transcript-email-not-compared');
    case 'self-declared':
      return userMessage('transcript-self-declared');
    case 'approved':
      return userMessage('transcript-approved');
    case 'declined':
      return userMessage('transcript-declined');
    default:
      return null;
  }
}
