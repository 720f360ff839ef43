// The certifications module's answer for a team view: per person, how many certifications are
// active (Learn's current list, not expired at `now`) and how many of those expire within 6 months
// (the renewal window), from the cached transcripts, and whose they are: matched by email,
// self-declared, or self-declared and approved or declined by a partner admin (the views show which;
// the credit counts only email-matched and approved ones). A transcript whose owner is still in doubt
// (not confirmed by the person) counts as unknown.
import type { CertificationStore, Ownership } from '../certifications/certification-store';
import type { CertificationCheck, CertificationSummary } from './model';
import { readEach } from './per-person-reads';
import type { CertificationSummaryPort } from './status-lookup';

function sixMonthsAfter(now: Date): Date {
  const later = new Date(now);
  later.setUTCMonth(later.getUTCMonth() + 6);
  return later;
}

const CHECKS: Partial<Record<Ownership, CertificationCheck>> = {
  'email-matched': 'email',
  'self-declared': 'self-declared',
  approved: 'approved',
  declined: 'declined',
};

export function certificationSummariesFromStore(store: Pick<CertificationStore, 'cached'>): CertificationSummaryPort {
  return {
    async summaries(tenantId, objectIds, now) {
      const summaries = new Map<string, CertificationSummary>();
      const window = sixMonthsAfter(now);
      const read = await readEach(objectIds, (objectId) => store.cached({ tenantId, objectId }));
      for (const [i, objectId] of objectIds.entries()) {
        const cached = read[i];
        const check = cached && CHECKS[cached.ownership];
        if (!cached?.record || !check) continue;
        const active = cached.record.certifications.filter(
          (c) => !c.historical && (c.expiresOn === null || c.expiresOn > now),
        );
        summaries.set(objectId, {
          active: active.length,
          expiringSoon: active.filter((c) => c.expiresOn !== null && c.expiresOn <= window).length,
          check,
        });
      }
      return summaries;
    },
  };
}
