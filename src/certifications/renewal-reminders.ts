// Renewal reminders: what comes *later*. A certification's renewal window (6 months before expiry)
// and its last 30 days are each a stage, reminded at most once: every stage is a dedupe key in the
// durable queue, written finished (nothing is sent for the key itself) the first time it is due.
//  - 'shown': the person sees their certifications now (a transcript read or re-read in the chat or
//    the tab, the reminders switch): the stages due now are on that answer, so they are only recorded.
//  - 'send': the daily background run. The stages newly due go into ONE reminder card, at most one a
//    day per person (its own dedupe key carries the day; a day already taken moves it to the next).
// The key carries the expiry date, so a renewed certification gets its own reminders next cycle;
// Fundamentals (no expiry) never. Reminders are on unless the person turns them off; off cancels
// what is queued and records nothing.
import type { Job, PersonKey, ReminderPreferences, SendQueue } from '../proactive/proactive-store';
import { MAX_ITEMS_PER_CARD, parseDigestItems, type ReminderItem } from './renewal-reminder-card';

export { renderRenewalReminder, RENEW_BUTTON_TITLE, RENEWAL_URL } from './renewal-reminder-card';
export type { RenewalStage } from './renewal-reminder-card';

export const RENEWAL_KIND = 'renewal-reminder' as const;

/** A certification as plain data; `expires` is an ISO date, absent for Fundamentals. */
export interface CertificationFact {
  name: string;
  number: string;
  expires?: string;
}

/** 'shown': the person sees these certifications now (record only); 'send': later, one card a day. */
export type ScheduleMode = 'shown' | 'send';

export interface ScheduleResult {
  /** Dedupe keys of the reminder cards newly queued by this run (at most one). */
  enqueued: string[];
  /** Stages due now that this run recorded (in the card it queued, or as shown). */
  recorded: number;
  /** Stages due now that were already recorded (a rerun). */
  already: number;
  /** Queued reminder cards no longer right (a certification renewed or gone, a stage superseded). */
  cancelled: number;
  remindersOff: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A day already holding a reminder card moves the next one on, at most this many days. */
const DAYS_AHEAD = 7;
const DIGEST_PREFIX = 'renewal-day:';
/** The code a stage's key is held with: shown to the person, or named in a reminder card. */
export const HELD_CODES: Readonly<Record<ScheduleMode, string>> = { shown: 'ShownToPerson', send: 'InReminderCard' };

/** Expiry minus `months` calendar months (UTC), the day clamped to the shorter month. */
export function monthsBefore(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes()),
  );
}

function parseExpiry(value: string | undefined): Date | undefined {
  if (value === undefined || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Which reminder is due at `now`, if any (the 30-day one supersedes the window one). */
export function dueStage(expires: Date, now: Date): ReminderItem['stage'] | undefined {
  if (now >= expires) return undefined;
  if (now.getTime() >= expires.getTime() - 30 * DAY_MS) return 'last-30-days';
  if (now >= monthsBefore(expires, 6)) return 'window-open';
  return undefined;
}

export function renewalDedupeKey(
  person: PersonKey,
  number: string,
  expires: Date,
  stage: ReminderItem['stage'],
): string {
  return `renewal:${person.tenantId}:${person.aadObjectId}:${number}:${expires.toISOString().slice(0, 10)}:${stage}`;
}

/** The one reminder card of a person's day (UTC). */
export function reminderCardKey(person: PersonKey, day: Date): string {
  return `${DIGEST_PREFIX}${person.tenantId}:${person.aadObjectId}:${day.toISOString().slice(0, 10)}`;
}

interface DueItem extends ReminderItem {
  key: string;
}

/** The stages due at `now`, soonest expiry first. */
function dueItems(person: PersonKey, certifications: readonly CertificationFact[], now: Date): DueItem[] {
  const items: DueItem[] = [];
  for (const certification of certifications.slice(0, 500)) {
    const expires = parseExpiry(certification.expires);
    if (!expires) continue; // Fundamentals: no expiry, no reminder.
    const stage = dueStage(expires, now);
    if (!stage) continue;
    const number = certification.number.slice(0, 64);
    items.push({
      key: renewalDedupeKey(person, number, expires, stage),
      name: certification.name.slice(0, 200),
      number,
      expires: expires.toISOString(),
      stage,
    });
  }
  return items.sort((a, b) => a.expires.localeCompare(b.expires));
}

const itemOf = ({ name, number, expires, stage }: DueItem): ReminderItem => ({ name, number, expires, stage });

export class RenewalReminders {
  constructor(private readonly deps: { queue: SendQueue; preferences: ReminderPreferences; onEnqueued?: () => void }) {}

  /** Records (and, in 'send' mode, queues one card for) the stages due at `now`; idempotent. */
  async scheduleRenewalReminders(
    person: PersonKey,
    certifications: readonly CertificationFact[],
    now: Date,
    mode: ScheduleMode = 'send',
  ): Promise<ScheduleResult> {
    const result: ScheduleResult = { enqueued: [], recorded: 0, already: 0, cancelled: 0, remindersOff: false };
    if (!(await this.deps.preferences.remindersOn(person))) return { ...result, remindersOff: true };
    const due = dueItems(person, certifications, now);
    // The person's renewal jobs, read once: the days that already have a card, and the cards pending.
    const cards = (await this.deps.queue.list({ person, kind: RENEWAL_KIND, limit: 2000 })).filter((j) =>
      j.dedupeKey.startsWith(DIGEST_PREFIX),
    );
    const fresh: DueItem[] = [];
    for (const item of due) {
      // A card names at most MAX_ITEMS_PER_CARD: the rest stay unrecorded and come the next day.
      if (mode === 'send' && fresh.length >= MAX_ITEMS_PER_CARD) break;
      // The stage's key first: whichever run records it owns it, so no stage is in two cards.
      const held = await this.deps.queue.enqueue(
        {
          dedupeKey: item.key,
          kind: RENEWAL_KIND,
          person,
          payload: { ...itemOf(item) },
          notAfter: new Date(item.expires),
          finished: { code: HELD_CODES[mode] },
        },
        now,
      );
      if (held.created) fresh.push(item);
      else result.already += 1;
    }
    result.recorded = fresh.length;
    const keep = new Set(due.map((d) => d.key));
    if (mode === 'send' && fresh.length > 0) {
      const queued = await this.queueCard(person, fresh, now, new Set(cards.map((c) => c.dedupeKey)));
      if (queued) {
        result.enqueued.push(queued);
        keep.add(queued);
      }
    }
    for (const key of cardsStillRight(person, cards, keep)) keep.add(key);
    result.cancelled = await this.deps.queue.cancelPending(person, RENEWAL_KIND, now, keep);
    if (result.enqueued.length > 0) this.deps.onEnqueued?.();
    return result;
  }

  /** The person's switch on the card. Off cancels queued reminders; on lets the next run record and send. */
  async setReminders(person: PersonKey, on: boolean, now: Date): Promise<{ cancelled: number }> {
    await this.deps.preferences.setRemindersOn(person, on, now);
    return { cancelled: on ? 0 : await this.deps.queue.cancelPending(person, RENEWAL_KIND, now) };
  }

  remindersOn(person: PersonKey): Promise<boolean> {
    return this.deps.preferences.remindersOn(person);
  }

  /**
   * One card for `items` on the first day from today without one (`taken`: a cancelled card keeps its
   * day, so turning reminders off and on never brings it back); its key, or undefined if a week is taken.
   */
  private async queueCard(
    person: PersonKey,
    items: DueItem[],
    now: Date,
    taken: ReadonlySet<string>,
  ): Promise<string | undefined> {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const soonest = Math.min(...items.map((i) => Date.parse(i.expires)));
    for (let ahead = 0; ahead < DAYS_AHEAD; ahead += 1) {
      const day = new Date(today + ahead * DAY_MS);
      const dedupeKey = reminderCardKey(person, day);
      if (taken.has(dedupeKey)) continue;
      const queued = await this.deps.queue.enqueue(
        {
          dedupeKey,
          kind: RENEWAL_KIND,
          person,
          payload: { items: JSON.stringify(items.map(itemOf)) },
          ...(ahead > 0 ? { notBefore: day } : {}),
          // Never sent once a certification it names has expired: it would no longer be true.
          notAfter: new Date(soonest),
        },
        now,
      );
      if (queued.created) return dedupeKey;
    }
    return undefined;
  }
}

/** Pending reminder cards whose every stage is still due (the others are cancelled: never say what is no longer true). */
function cardsStillRight(person: PersonKey, cards: readonly Job[], due: ReadonlySet<string>): string[] {
  return cards
    .filter((card) => {
      if (!isPending(card)) return false;
      const items = parseDigestItems(card.payload);
      return (
        items.length > 0 &&
        items.every((i) => due.has(renewalDedupeKey(person, i.number, new Date(i.expires), i.stage)))
      );
    })
    .map((card) => card.dedupeKey);
}

/** A renewal stage's key held by a finished job of its own (never a message). */
export function isHeldStage(job: Pick<Job, 'state' | 'lastCode'>): boolean {
  return job.state === 'expired' && (job.lastCode === HELD_CODES.shown || job.lastCode === HELD_CODES.send);
}

function isPending(job: Job): boolean {
  return job.state === 'queued' || job.state === 'waiting-install' || job.state === 'tenant-stopped';
}
