// The calendar of the forecast, all in UTC: month ends, "expected by" dates (Partner Center shows a
// change about 10 days later), the next anniversary and its renewal window (the anniversary month
// and the five months before), when a renewal opens (6 months before expiry) and what it extends
// (a year), and when Partner Center drops someone who left (its next refresh, around the 10th of
// the following month).

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Partner Center's skilling data refreshes within about 10 days of a change. */
export const REFRESH_DAYS = 10;
/** A renewal opens this many months before the certification expires. */
export const RENEWAL_OPENS_MONTHS = 6;
/** The renewal window: the anniversary month and this many months before it. */
export const WINDOW_MONTHS_BEFORE = 5;
/** Partner Center drops a person who left at its refresh around this day of the following month. */
export const LEAVER_REFRESH_DAY = 10;

/** `date` plus `months` calendar months, the day clamped to the month's length (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(y, m, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** The last instant of the month `months` after today's month (0: this month). */
export function monthEnd(today: Date, months: number): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months + 1, 1) - 1);
}

/** This month's end and the next ones: `count` in all. */
export function monthEnds(today: Date, count: number): Date[] {
  return Array.from({ length: count }, (_, i) => monthEnd(today, i));
}

export function plusRefresh(on: Date): Date {
  return new Date(on.getTime() + REFRESH_DAYS * DAY_MS);
}

/** When Partner Center drops someone who left on `on`: around the 10th of the following month. */
export function leaverDrop(on: Date): Date {
  return new Date(Date.UTC(on.getUTCFullYear(), on.getUTCMonth() + 1, LEAVER_REFRESH_DAY));
}

export function renewalOpens(expiresOn: Date): Date {
  return addMonths(expiresOn, -RENEWAL_OPENS_MONTHS);
}

/** A renewal passed before the expiry extends the certification by one year. */
export function renewedExpiry(expiresOn: Date): Date {
  return addMonths(expiresOn, 12);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not), as UTC midnight; undefined otherwise. */
export function parseIsoDate(value: string): Date | undefined {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** The first occurrence of the anniversary's month and day on or after today's date (29 Feb: 28 Feb in other years). */
export function nextAnniversary(anniversary: string, today: Date): Date | undefined {
  const date = parseIsoDate(anniversary);
  if (!date) return undefined;
  const todayStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let year = today.getUTCFullYear(); year <= today.getUTCFullYear() + 1; year++) {
    const lastDay = new Date(Date.UTC(year, date.getUTCMonth() + 1, 0)).getUTCDate();
    const candidate = new Date(Date.UTC(year, date.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)));
    if (candidate.getTime() >= todayStart) return candidate;
  }
  return undefined;
}

/** The renewal window before an anniversary: from the 1st of the month five months before, through the anniversary day. */
export function renewalWindow(anniversary: Date): { opens: Date; anniversary: Date; closes: Date } {
  const opens = new Date(Date.UTC(anniversary.getUTCFullYear(), anniversary.getUTCMonth() - WINDOW_MONTHS_BEFORE, 1));
  return { opens, anniversary, closes: new Date(anniversary.getTime() + DAY_MS - 1) };
}

/** Does the month ending at `end` overlap [opens, closes]? */
export function monthOverlaps(end: Date, window: { opens: Date; closes: Date }): boolean {
  const start = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  return start <= window.closes.getTime() && end.getTime() >= window.opens.getTime();
}
