// The certifications module's answer for a team view: per person, how many certifications are
// active (Learn's current list, not expired at `now`) and how many of those expire within 6 months
// (the renewal window), from the cached transcripts. A transcript flagged as someone else's
// (ownership 'different') counts as unknown, as it does for credit.
import type { CertificationStore } from '../certifications/certification-store';
import type { CertificationSummary } from './model';
import type { CertificationSummaryPort } from './status-lookup';

function sixMonthsAfter(now: Date): Date {
  const later = new Date(now);
  later.setUTCMonth(later.getUTCMonth() + 6);
  return later;
}

export function certificationSummariesFromStore(store: Pick<CertificationStore, 'cached'>): CertificationSummaryPort {
  return {
    async summaries(tenantId, objectIds, now) {
      const summaries = new Map<string, CertificationSummary>();
      const window = sixMonthsAfter(now);
      for (const objectId of objectIds) {
        const cached = await store.cached({ tenantId, objectId });
        if (!cached?.record || cached.ownership === 'different') continue;
        const active = cached.record.certifications.filter((c) => !c.historical && (c.expiresOn === null || c.expiresOn > now));
        summaries.set(objectId, { active: active.length, expiringSoon: active.filter((c) => c.expiresOn !== null && c.expiresOn <= window).length });
      }
      return summaries;
    },
  };
}
