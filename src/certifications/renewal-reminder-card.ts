// The message a queued renewal reminder becomes: ONE Adaptive Card and no text beside it (a text
// and a card would be two bubbles saying the same). One certification: its sentence; several: one
// line each, the first few shown and the rest behind "Show N more". Each sentence is said once.
import type { OutgoingActivity } from '../channel/wire';
import {
  actionSet,
  card,
  cardAttachment,
  plain,
  showCard,
  text,
  type Element,
  type FactSet,
} from '../cards/card-elements';
import { userMessage } from '../errors';
import type { Job, JobPayload } from '../proactive/proactive-store';

export const RENEWAL_URL = 'https://learn.microsoft.com/en-us/certifications/renew-your-microsoft-certification';
export const RENEW_BUTTON_TITLE = 'Renew on Microsoft Learn';

export type RenewalStage = 'window-open' | 'last-30-days';

/** One certification stage a card names. */
export interface ReminderItem {
  name: string;
  number: string;
  /** ISO date. */
  expires: string;
  stage: RenewalStage;
}

/** Most stages one card names (a longer list waits for the next day's card). */
export const MAX_ITEMS_PER_CARD = 40;
/** Lines shown before "Show N more". */
const LINES_SHOWN = 5;

function isItem(value: unknown): value is ReminderItem {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.number === 'string' &&
    typeof v.expires === 'string' &&
    Number.isFinite(Date.parse(v.expires)) &&
    (v.stage === 'window-open' || v.stage === 'last-30-days')
  );
}

/** The stages a reminder card's payload names (a card of several, or one stage queued on its own). */
export function parseDigestItems(payload: JobPayload): ReminderItem[] {
  if (typeof payload.items === 'string') {
    try {
      const parsed: unknown = JSON.parse(payload.items);
      return Array.isArray(parsed) ? parsed.filter(isItem).slice(0, MAX_ITEMS_PER_CARD) : [];
    } catch {
      return [];
    }
  }
  const single = { ...payload, stage: payload.stage === 'last-30-days' ? 'last-30-days' : 'window-open' };
  return isItem(single) ? [single] : [];
}

const longDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function oneCertification(item: ReminderItem): Element[] {
  const values = { name: plain(item.name), number: plain(item.number), date: longDate(item.expires) };
  return [
    text(userMessage(item.stage === 'last-30-days' ? 'renewal-last-30-days' : 'renewal-window-open', values)),
    text(userMessage('renewal-how'), { isSubtle: true }),
  ];
}

function severalCertifications(items: ReminderItem[]): Element[] {
  const facts = (list: ReminderItem[]): FactSet => ({
    type: 'FactSet',
    facts: list.map((i) => ({
      title: plain(`${i.name} (${i.number})`),
      value: userMessage(i.stage === 'last-30-days' ? 'renewal-line-last-30-days' : 'renewal-line-window-open', {
        date: longDate(i.expires),
      }),
    })),
  });
  const shown = items.slice(0, LINES_SHOWN);
  const rest = items.slice(LINES_SHOWN);
  return [
    text(userMessage('renewal-several', { count: String(items.length) })),
    facts(shown),
    ...(rest.length ? [actionSet(showCard(`Show ${rest.length} more`, [facts(rest)]))] : []),
    text(userMessage('renewal-how-several'), { isSubtle: true }),
  ];
}

/** The message for a queued renewal reminder; undefined when its payload names nothing (cancelled). */
export function renderRenewalReminder(job: Job): OutgoingActivity | undefined {
  const items = parseDigestItems(job.payload);
  const first = items[0];
  if (!first) return undefined;
  const body = items.length === 1 ? oneCertification(first) : severalCertifications(items);
  const reminder = card(
    [...body, text(userMessage('renewal-turn-off'), { isSubtle: true, size: 'small' })],
    [{ type: 'Action.OpenUrl', title: RENEW_BUTTON_TITLE, url: RENEWAL_URL }],
  );
  return { type: 'message', attachments: [cardAttachment(reminder)] };
}
