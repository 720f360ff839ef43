// The certifications side of renewal reminders: turns what the cache holds into the plain facts the
// proactive schedule takes (only a transcript the person stands behind: matched by email, declared
// theirs, or approved; Fundamentals have no expiry and so no reminder). Called after every read the
// person sees (a paste or refresh in the chat or the tab: what is due is on that answer, so nothing is
// sent for it), and by the daily refresh worker (what falls due later: one reminder card a day).
import type { PersonKey } from './certification-store';
import { CertificationsService } from './certifications-service';
import type { CachedCertifications } from './certification-store';

export interface CertificationFact {
  name: string;
  number: string;
  expires?: string;
}

/** 'shown': the person sees their certifications now (nothing is sent for what is due); 'send': later, in the background. */
export type ReminderMode = 'shown' | 'send';

/** The proactive side (renewal-reminders.ts), keyed by Teams' aadObjectId. */
export interface RenewalSchedule {
  scheduleRenewalReminders(
    person: { tenantId: string; aadObjectId: string },
    certifications: readonly CertificationFact[],
    now: Date,
    mode: ReminderMode,
  ): Promise<unknown>;
  setReminders(person: { tenantId: string; aadObjectId: string }, on: boolean, now: Date): Promise<unknown>;
  remindersOn(person: { tenantId: string; aadObjectId: string }): Promise<boolean>;
}

export function proactivePerson(person: PersonKey): { tenantId: string; aadObjectId: string } {
  return { tenantId: person.tenantId, aadObjectId: person.objectId };
}

/** The active certifications of a transcript the person stands behind, as reminder facts. */
export function reminderFacts(cached: CachedCertifications | undefined): CertificationFact[] {
  const record = CertificationsService.theirs(cached);
  const facts: CertificationFact[] = [];
  for (const c of record?.certifications ?? []) {
    if (c.historical || /expired|retired|revoked/i.test(c.status)) continue;
    facts.push({
      name: c.name,
      number: c.number ?? c.name.slice(0, 64),
      ...(c.expiresOn ? { expires: c.expiresOn.toISOString() } : {}),
    });
  }
  return facts;
}

export class CertificationReminders {
  constructor(
    private readonly deps: {
      renewals: RenewalSchedule;
      cached: (person: PersonKey) => Promise<CachedCertifications | undefined>;
    },
  ) {}

  /** Records (or, with 'send', queues) what is due from the person's cache; idempotent: reruns add nothing. */
  async schedule(person: PersonKey, now: Date, mode: ReminderMode): Promise<void> {
    await this.deps.renewals.scheduleRenewalReminders(
      proactivePerson(person),
      reminderFacts(await this.deps.cached(person)),
      now,
      mode,
    );
  }

  /** The switch, pressed where the person sees their certifications: what is due now is not sent. */
  async set(person: PersonKey, on: boolean, now: Date): Promise<void> {
    await this.deps.renewals.setReminders(proactivePerson(person), on, now);
    if (on) await this.schedule(person, now, 'shown');
  }

  isOn(person: PersonKey): Promise<boolean> {
    return this.deps.renewals.remindersOn(proactivePerson(person));
  }
}
