// The view model of a person's certifications, pure: which are active, which expire
// within 6 months (the free renewal is open), which expired or retired; and how old the cache is.
import type { CertificationRecord } from './transcript';

export interface CertificationLine {
  name: string;
  number: string | null;
  earnedOn: Date | null;
  /** Null: no expiry (Fundamentals). */
  expiresOn: Date | null;
}

export interface CertificationsView {
  /** Active and not expiring within 6 months (Fundamentals included), by name. */
  active: CertificationLine[];
  /** Active, expiring within 6 months: soonest first. */
  expiringSoon: CertificationLine[];
  /** Expired or retired, most recent first. */
  expiredOrRetired: CertificationLine[];
  fetchedAt: Date | null;
  /** "Read from Microsoft Learn 3 hours ago." */
  age: string | undefined;
}

export const RENEWAL_WINDOW_MONTHS = 6;
/** Names are cut here for display (Learn's are far shorter; a hostile transcript might not be). */
export const MAX_NAME_CHARS = 120;

/** `date` plus `months` calendar months (the renewal window opens 6 months before expiry). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function line(c: CertificationRecord['certifications'][number]): CertificationLine {
  const name = c.name.length > MAX_NAME_CHARS ? `${c.name.slice(0, MAX_NAME_CHARS - 1)}…` : c.name;
  return { name, number: c.number, earnedOn: c.earnedOn, expiresOn: c.expiresOn };
}

const time = (d: Date | null, missing: number) => (d ? d.getTime() : missing);

export function certificationsView(
  record: CertificationRecord | null,
  fetchedAt: Date | null,
  now: Date,
): CertificationsView {
  const windowEnd = addMonths(now, RENEWAL_WINDOW_MONTHS).getTime();
  const view: CertificationsView = {
    active: [],
    expiringSoon: [],
    expiredOrRetired: [],
    fetchedAt,
    age: fetchedAt ? cacheAgeText(fetchedAt, now) : undefined,
  };
  for (const c of record?.certifications ?? []) {
    const retired = /retired|expired|revoked/i.test(c.status);
    const expired = c.expiresOn !== null && c.expiresOn.getTime() <= now.getTime();
    if (c.historical || retired || expired) view.expiredOrRetired.push(line(c));
    else if (c.expiresOn !== null && c.expiresOn.getTime() <= windowEnd) view.expiringSoon.push(line(c));
    else view.active.push(line(c));
  }
  view.active.sort((a, b) => a.name.localeCompare(b.name));
  view.expiringSoon.sort((a, b) => time(a.expiresOn, Infinity) - time(b.expiresOn, Infinity));
  view.expiredOrRetired.sort((a, b) => time(b.expiresOn, -Infinity) - time(a.expiresOn, -Infinity));
  return view;
}

/** "Read from Microsoft Learn just now / 5 minutes ago / 3 hours ago / 2 days ago." */
export function cacheAgeText(fetchedAt: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - fetchedAt.getTime()) / 60_000));
  const ago =
    minutes < 1
      ? 'just now'
      : minutes < 60
        ? `${minutes} minute${minutes === 1 ? '' : 's'} ago`
        : minutes < 48 * 60
          ? `${Math.floor(minutes / 60)} hour${Math.floor(minutes / 60) === 1 ? '' : 's'} ago`
          : `${Math.floor(minutes / 1440)} days ago`;
  return `Read from Microsoft Learn ${ago}.`;
}
