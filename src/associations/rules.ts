// Pure rules with no I/O: how a personal address is masked, and Partner Center's limits on
// Microsoft Learning associations (domain-facts §2: 30 days between, at most 3 a year).

const DAY_MS = 24 * 60 * 60 * 1000;
export const LEARNING_COOL_OFF_DAYS = 30;
export const LEARNING_MAX_PER_YEAR = 3;
export const LEARNING_YEAR_DAYS = 365;

/** `jane.doe@outlook.com` → `j***@outlook.com`. The full address is never stored. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return '***';
  return `${email[0]}***@${email.slice(at + 1).toLowerCase()}`;
}

/**
 * One spelling per Microsoft account id: lower case, 16 hex digits (Graph sometimes drops the
 * leading zeros, and either case occurs). Anything that is not such an id is returned unchanged.
 */
export function canonicalMsaId(id: string): string {
  return /^[0-9a-f]{1,16}$/i.test(id) ? id.toLowerCase().padStart(16, '0') : id;
}

export type LimitCheck =
  { kind: 'ok' } | { kind: 'cool-off'; nextAllowed: Date } | { kind: 'yearly-limit'; nextAllowed: Date };

/**
 * May a Learning account start another association at `now`? `starts` are the dates it started
 * earlier ones (any organization, including re-linking after a remove), as Partner Center counts them.
 */
export function checkLearningLimits(starts: readonly Date[], now: Date): LimitCheck {
  const sorted = [...starts].sort((a, b) => a.getTime() - b.getTime());
  const latest = sorted.at(-1);
  if (latest) {
    const coolOffEnds = new Date(latest.getTime() + LEARNING_COOL_OFF_DAYS * DAY_MS);
    if (now < coolOffEnds) return { kind: 'cool-off', nextAllowed: coolOffEnds };
  }
  const yearAgo = now.getTime() - LEARNING_YEAR_DAYS * DAY_MS;
  const inLastYear = sorted.filter((d) => d.getTime() > yearAgo);
  if (inLastYear.length >= LEARNING_MAX_PER_YEAR) {
    const oldestCounted = inLastYear[inLastYear.length - LEARNING_MAX_PER_YEAR] as Date;
    return { kind: 'yearly-limit', nextAllowed: new Date(oldestCounted.getTime() + LEARNING_YEAR_DAYS * DAY_MS) };
  }
  return { kind: 'ok' };
}
