// A partner admin's typed settings for the forecast: "set anniversary 2027-03-31", "set loss
// threshold 5", "set track smb" (and "off" / "unknown" to clear). Read from the message as typed
// (the intent's normalized text has lost the dashes and dots), bounded first; anything else is a
// clear sentence saying what to type, never a guess.
import type { UserMessageCode } from '../errors';
import { parseIsoDate } from './forecast-dates';
import { MAX_LOSS_THRESHOLD, type SettingChange } from './forecast-settings';

/** The settings a partner admin types (the alerts switch is not one of them). */
export type TypedChange = Exclude<SettingChange, { alertsOptIn: boolean }>;
export type SettingCommand = { ok: true; change: TypedChange } | { ok: false; code: UserMessageCode; value: string };

const SCANNED_CHARS = 300;
const SHOWN_VALUE_CHARS = 40;
const CLEAR = /^(off|none|clear|unset|unknown|not set|not assigned)$/;

/** The message without mentions or markup, spaces collapsed. */
function plainText(text: string): string {
  return text
    .slice(0, SCANNED_CHARS)
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What is shown back of a value that could not be read: short and free of Markdown. */
const shown = (value: string) => value.slice(0, SHOWN_VALUE_CHARS).replace(/[\\`*_{}[\]()#+!|<>~"]/g, '');

export function parseSettingCommand(text: string | undefined): SettingCommand {
  const typed = plainText(text ?? '');
  const match =
    /^set (?:the )?(?:designation |assigned |forecast |loss )?(anniversary|track|threshold)(?: date)?(?: to| =|:)?\s*(.*)$/i.exec(
      typed,
    );
  const what = match?.[1]?.toLowerCase();
  const value = (match?.[2] ?? '').trim().replace(/[.!]$/, '');
  const lower = value.toLowerCase();
  if (what === 'anniversary') {
    if (CLEAR.test(lower)) return { ok: true, change: { anniversary: null } };
    const date = parseIsoDate(value);
    return date
      ? { ok: true, change: { anniversary: date.toISOString().slice(0, 10) } }
      : { ok: false, code: 'forecast-bad-anniversary', value: shown(value) };
  }
  if (what === 'threshold') {
    if (CLEAR.test(lower)) return { ok: true, change: { lossThreshold: null } };
    const number = /^(\d{1,3}(?:[.,]\d{1,2})?)(?: ?(?:points?|pts?))?$/.exec(lower)?.[1];
    const points = number === undefined ? Number.NaN : Number(number.replace(',', '.'));
    return points >= 0 && points <= MAX_LOSS_THRESHOLD
      ? { ok: true, change: { lossThreshold: points } }
      : { ok: false, code: 'forecast-bad-threshold', value: shown(value) };
  }
  if (what === 'track') {
    if (CLEAR.test(lower) || lower === 'both') return { ok: true, change: { assignedTrack: null } };
    if (/^(enterprise|ent)( track)?$/.test(lower)) return { ok: true, change: { assignedTrack: 'enterprise' } };
    if (/^(smb|small and medium business|small and midsize business|sme)( track)?$/.test(lower))
      return { ok: true, change: { assignedTrack: 'smb' } };
    return { ok: false, code: 'forecast-bad-track', value: shown(value) };
  }
  return { ok: false, code: 'forecast-bad-anniversary', value: shown(typed) };
}
