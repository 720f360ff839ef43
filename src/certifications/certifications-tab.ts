// Issue 8.4 in the personal tab: the same certifications as the chat card, from the same view model
// (certifications-view.ts) and with dates from the same formatDate; and the tab's Refresh. The tab
// lists every certification (the card caps its lists; the tab is where the rest are seen).
import type { AssociationStore } from '../associations/association-store';
import { formatDate, type DateLocale } from '../cards/date-format';
import type { Notice } from '../cards/learning-card';
import { userMessage } from '../errors';
import type { TabCertificationLine, TabCertifications } from '../tab/tab-wire';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import type { CertificationStore, PersonKey } from './certification-store';
import type { CertificationLine } from './certifications-view';
import { CertificationsService } from './certifications-service';
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
    const empty: TabCertifications = { ask: null, ownershipWarning: null, notRead: null, active: [], expiringSoon: [], expiredOrRetired: [], age: null, contributions: [] };
    if (!shown) return { ...empty, ask: userMessage('transcript-link-ask') };
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
  async refresh(person: PersonKey): Promise<Notice | null> {
    const learning = (await this.deps.associations.list(person)).find((a) => a.purpose === 'learning');
    if (!learning) return { tone: 'warning', text: userMessage('transcript-link-needs-learning') };
    const result = await this.deps.service.refresh(person, { id: learning.id, maskedEmail: learning.personal.maskedEmail }, this.deps.now());
    if (result.kind === 'read' || result.kind === 'unavailable' || result.kind === 'not-shared') await this.deps.reminders.schedule(person, this.deps.now(), 'shown');
    switch (result.kind) {
      case 'read':
        return { tone: 'good', text: userMessage('transcript-refreshed') };
      case 'not-shared':
        return { tone: 'attention', text: userMessage('transcript-not-shared') };
      case 'unavailable':
        return { tone: 'warning', text: userMessage(result.view.fetchedAt ? 'learn-unavailable' : 'learn-unavailable-no-cache') };
      case 'no-link':
        return { tone: 'default', text: userMessage('transcript-link-ask') };
      case 'stale':
        return { tone: 'warning', text: userMessage('tab-stale') };
    }
  }
}
