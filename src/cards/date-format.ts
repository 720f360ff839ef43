// The one way Partner Link writes a date for a person, in chat and in the tab: Intl's medium date
// ("Nov 25, 2026", "25.11.2026") in the reader's locale and time zone. Both come from outside (Teams'
// activity.locale / localTimezone, the tab page's query) and are hostile until checked: bounded,
// shaped like a BCP 47 tag or an IANA zone, and known to Intl; anything else falls back to en-US/UTC.

export const FALLBACK_LOCALE = 'en-US';
export const FALLBACK_TIME_ZONE = 'UTC';

/** Where the reader is: as Teams or the tab page says it; missing or bad values fall back. */
export interface DateLocale {
  locale?: unknown;
  timeZone?: unknown;
}

const LOCALE_SHAPE = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,6}$/;
const TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** A locale Intl supports, or en-US. Never throws. */
export function safeLocale(value: unknown): string {
  if (typeof value !== 'string' || value.length > 35 || !LOCALE_SHAPE.test(value)) return FALLBACK_LOCALE;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([value.replace(/_/g, '-')])[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE; // RangeError: not a well-formed language tag
  }
}

/** An IANA time zone Intl knows, or UTC. Never throws. */
export function safeTimeZone(value: unknown): string {
  if (typeof value !== 'string' || !TIME_ZONE_SHAPE.test(value)) return FALLBACK_TIME_ZONE;
  try {
    return new Intl.DateTimeFormat(FALLBACK_LOCALE, { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return FALLBACK_TIME_ZONE; // RangeError: unknown time zone
  }
}

/**
 * "Nov 25, 2026" (en-US), "25.11.2026" (de-DE)… Every date on a card and in the tab is written this way;
 * `long` ("November 25, 2026") only inside Partner Center's own sentences (the 30-day and yearly rules).
 */
export function formatDate(date: Date, where: DateLocale = {}, style: 'medium' | 'long' = 'medium'): string {
  return formatterFor(where, style).format(date);
}

/**
 * Making a formatter (and checking locale and zone) costs far more than formatting: the one for each
 * reader's locale and zone is kept, at most MAX_FORMATTERS of them, all dropped when full (outside
 * values vary freely); values too long to be valid are never kept.
 */
const MAX_FORMATTERS = 200;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(where: DateLocale, style: 'medium' | 'long'): Intl.DateTimeFormat {
  const { locale, timeZone } = where;
  const short = (value: unknown, max: number) =>
    value === undefined || (typeof value === 'string' && value.length <= max);
  const key =
    short(locale, 35) && short(timeZone, 64) ? JSON.stringify([style, locale ?? null, timeZone ?? null]) : undefined;
  const kept = key === undefined ? undefined : formatters.get(key);
  if (kept) return kept;
  const made = new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: style, timeZone: safeTimeZone(timeZone) });
  if (key !== undefined) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

/** The reader's locale and time zone as a Teams activity carries them. */
export function activityDateLocale(activity: {
  locale?: string | undefined;
  localTimezone?: string | undefined;
}): DateLocale {
  return { locale: activity.locale, timeZone: activity.localTimezone };
}
