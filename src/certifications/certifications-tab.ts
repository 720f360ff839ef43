// The certifications in the personal tab: the same as the chat card, from the same view model
// (certifications-view.ts) and with dates from the same formatDate; and the card's actions through the
// same service calls and words: Refresh, the link box, the reminders switch. The tab lists every
// certification (the card folds and caps its lists; the tab is where the rest are seen).
import type { AssociationStore } from '../associations/association-store';
import { TRANSCRIPT_INPUT_MAX_CHARS } from '../cards/card-actions';
import { formatDate, type DateLocale } from '../cards/date-format';
import type { Notice } from '../cards/learning-card';
import { userMessage } from '../errors';
import type { TabCertificationLine, TabCertifications } from '../tab/tab-wire';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import type { CertificationStore, PersonKey } from './certification-store';
import type { CertificationLine } from './certifications-view';
import { CertificationsService, type LearningAssociation, type PasteResult } from './certifications-service';
import { readNotice } from './read-notice';
import { LINK_INPUT, NEW_LINK_TITLE, READ_TRANSCRIPT_TITLE, REMINDERS_OFF_TITLE, REMINDERS_ON_TITLE } from './certifications-card';
import { contributionText, personContribution } from './credit-advice';
import { heldCertifications } from './credit';

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
    const shown = await this.deps.service.show(person, { id: learning.id, maskedEmail: learning.personal.maskedEmail }, now);
    const linkBox = { label: LINK_INPUT.label, placeholder: LINK_INPUT.placeholder, button: READ_TRANSCRIPT_TITLE, maxLength: TRANSCRIPT_INPUT_MAX_CHARS, newLinkTitle: NEW_LINK_TITLE };
    const on = await this.deps.reminders.isOn(person);
    const empty: TabCertifications = {
      ask: null, ownershipWarning: null, notRead: null, active: [], expiringSoon: [], expiredOrRetired: [], age: null, contributions: [],
      linkBox, reminders: { on, toggleTitle: on ? REMINDERS_OFF_TITLE : REMINDERS_ON_TITLE },
    };
    if (!shown) return { ...empty, ask: userMessage('transcript-link-ask'), reminders: null };
    const date = (d: Date) => formatDate(d, dates);
    const lines = (list: CertificationLine[], detail: (l: CertificationLine) => string): TabCertificationLine[] => list.slice(0, MAX_LINES).map((l) => ({ name: l.name, detail: detail(l) }));
    const different = shown.ownership === 'different';
    const contributions = different ? [] : personContribution(this.deps.catalogue, heldCertifications(CertificationsService.creditable(await this.deps.store.cached(person))), now).map(contributionText);
    return {
      ...empty,
      ownershipWarning: different ? userMessage('transcript-email-differs', { masked: learning.personal.maskedEmail }) : null,
      notRead: shown.view.fetchedAt === null ? 'Your certifications have not been read from Microsoft Learn yet.' : null,
      active: lines(shown.view.active, (l) => (l.expiresOn ? `expires ${date(l.expiresOn)}` : 'no expiry')),
      expiringSoon: lines(shown.view.expiringSoon, (l) => `renewal open, expires ${l.expiresOn ? date(l.expiresOn) : ''}`),
      expiredOrRetired: lines(shown.view.expiredOrRetired, (l) => (l.expiresOn ? `ended ${date(l.expiresOn)}` : 'retired')),
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
      { title: 'Certifications read', value: cached.fetchedAt ? `${count}, read ${formatDate(cached.fetchedAt, dates)}` : 'not read yet' },
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

  private async read(person: PersonKey, read: (learning: LearningAssociation, now: Date) => Promise<PasteResult>, refreshed: boolean): Promise<Notice> {
    const learning = (await this.deps.associations.list(person)).find((a) => a.purpose === 'learning');
    if (!learning) return { tone: 'warning', text: userMessage('transcript-link-needs-learning') };
    const result = await read({ id: learning.id, maskedEmail: learning.personal.maskedEmail }, this.deps.now());
    // What is due now is on the page the person is looking at: recorded, not sent.
    if (result.kind === 'read' || result.kind === 'unavailable' || result.kind === 'not-shared') await this.deps.reminders.schedule(person, this.deps.now(), 'shown');
    return readNotice(result, { refreshed, stale: userMessage('tab-stale') });
  }
}
