// Renewal reminders: a proactive 1:1 message when a certification enters its renewal window (6 months
// before expiry) and another 30 days before it expires; Fundamentals (no expiry) never. Scheduling is
// idempotent by dedupe key, so a rerun never enqueues twice; the key carries the expiry date, so a
// renewed certification gets its own reminders next cycle. Reminders are on unless the person turns
// them off; off cancels what is queued and enqueues nothing new.
import type { Activity } from 'botframework-schema';
import { card, cardAttachment, text } from '../cards/card-elements';
import { userMessage } from '../errors';
import type { Job, PersonKey, ReminderPreferences, SendQueue } from './proactive-store';

export const RENEWAL_KIND = 'renewal-reminder' as const;
export const RENEWAL_URL = 'https://learn.microsoft.com/en-us/certifications/renew-your-microsoft-certification';

/** A certification as plain data; `expires` is an ISO date, absent for Fundamentals. */
export interface CertificationFact {
  name: string;
  number: string;
  expires?: string;
}

export type RenewalStage = 'window-open' | 'last-30-days';

export interface ScheduleResult {
  /** Dedupe keys newly queued by this run. */
  enqueued: string[];
  /** Reminders due now that were already queued or sent (a rerun). */
  already: number;
  /** Queued reminders no longer right (certification renewed or gone, stage superseded). */
  cancelled: number;
  remindersOff: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Expiry minus `months` calendar months (UTC), the day clamped to the shorter month. */
export function monthsBefore(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes()));
}

function parseExpiry(value: string | undefined): Date | undefined {
  if (value === undefined || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Which reminder is due at `now`, if any (the 30-day one supersedes the window one). */
export function dueStage(expires: Date, now: Date): RenewalStage | undefined {
  if (now >= expires) return undefined;
  if (now.getTime() >= expires.getTime() - 30 * DAY_MS) return 'last-30-days';
  if (now >= monthsBefore(expires, 6)) return 'window-open';
  return undefined;
}

export function renewalDedupeKey(person: PersonKey, number: string, expires: Date, stage: RenewalStage): string {
  return `renewal:${person.tenantId}:${person.aadObjectId}:${number}:${expires.toISOString().slice(0, 10)}:${stage}`;
}

export class RenewalReminders {
  constructor(private readonly deps: { queue: SendQueue; preferences: ReminderPreferences; onEnqueued?: () => void }) {}

  /** Enqueues the reminders due at `now` (idempotent); run it daily and after each transcript refresh. */
  async scheduleRenewalReminders(person: PersonKey, certifications: readonly CertificationFact[], now: Date): Promise<ScheduleResult> {
    const result: ScheduleResult = { enqueued: [], already: 0, cancelled: 0, remindersOff: false };
    if (!(await this.deps.preferences.remindersOn(person))) return { ...result, remindersOff: true };
    const keep = new Set<string>();
    for (const certification of certifications.slice(0, 500)) {
      const expires = parseExpiry(certification.expires);
      if (!expires) continue; // Fundamentals: no expiry, no reminder.
      const stage = dueStage(expires, now);
      if (!stage) continue;
      const number = certification.number.slice(0, 64);
      const dedupeKey = renewalDedupeKey(person, number, expires, stage);
      keep.add(dedupeKey);
      const outcome = await this.deps.queue.enqueue(
        {
          dedupeKey,
          kind: RENEWAL_KIND,
          person,
          payload: { name: certification.name.slice(0, 200), number, expires: expires.toISOString(), stage },
          notAfter: expires,
        },
        now,
      );
      if (outcome.created) result.enqueued.push(dedupeKey);
      else result.already += 1;
    }
    result.cancelled = await this.deps.queue.cancelPending(person, RENEWAL_KIND, now, keep);
    if (result.enqueued.length > 0) this.deps.onEnqueued?.();
    return result;
  }

  /** The person's switch on the card. Off cancels queued reminders; on lets the next run enqueue. */
  async setReminders(person: PersonKey, on: boolean, now: Date): Promise<{ cancelled: number }> {
    await this.deps.preferences.setRemindersOn(person, on, now);
    return { cancelled: on ? 0 : await this.deps.queue.cancelPending(person, RENEWAL_KIND, now) };
  }

  remindersOn(person: PersonKey): Promise<boolean> {
    return this.deps.preferences.remindersOn(person);
  }
}

/** The message for a queued renewal reminder: short text plus a tiny card with the renew link. */
export function renderRenewalReminder(job: Job): Partial<Activity> | undefined {
  const { name, number, expires, stage } = job.payload;
  if (typeof name !== 'string' || typeof number !== 'string' || typeof expires !== 'string') return undefined;
  const date = new Date(expires).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const sentence = userMessage(stage === 'last-30-days' ? 'renewal-last-30-days' : 'renewal-window-open', { name, number, date });
  const reminder = card(
    [text(sentence), text(userMessage('renewal-how'), { isSubtle: true }), text(userMessage('renewal-turn-off'), { isSubtle: true, size: 'small' })],
    [{ type: 'Action.OpenUrl', title: userMessage('renewal-button'), url: RENEWAL_URL }],
  );
  return { type: 'message', text: sentence, attachments: [cardAttachment(reminder)] };
}
