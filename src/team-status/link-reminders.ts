// "Remind the unlinked": a proactive 1:1 message asking a person to link their accounts, with the
// link buttons (Action.Execute verb `link`, purposes training and learning, as on the welcome card).
// One queue and worker with the renewal reminders (job kind 'link-reminder'). At most one reminder
// per person per ISO week, whoever asks: the dedupe key is `link:<tenant>:<oid>:<ISO week>`, so a
// second manager's press (or a double press) finds the job already there and adds nothing. A press's
// jobs share one `batch`, whose progress the manager's card shows (link-reminder-progress.ts). The
// message says who asked: the person's manager, or a partner admin pressing Remind on someone else's
// roster or a team (`asker` in the job's payload).
import type { OutgoingActivity } from '../channel/wire';
import { card, cardAttachment, execute, text } from '../cards/card-elements';
import { LINK_LEARNING_TITLE, LINK_TRAINING_TITLE } from '../help/welcome-card';
import { userMessage } from '../errors';
import { CANNOT_REACH_CODE, CREATE_PAYLOAD, type CreationTarget } from '../proactive/create-conversation';
import type { Job, PersonKey, SendQueue } from '../proactive/proactive-store';
import { LINK_REMINDER_KIND } from './link-reminder-progress';

export { LINK_REMINDER_KIND, linkReminderProgress, type RemindProgress } from './link-reminder-progress';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** ISO 8601 week of `date` (UTC), e.g. 2026-W48. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function linkReminderKey(person: PersonKey, now: Date): string {
  return `link:${person.tenantId.toLowerCase()}:${person.aadObjectId.toLowerCase()}:${isoWeek(now)}`;
}

/** Who pressed Remind, as the reminded person is told: their manager, or one of the organization's partner admins. */
export type ReminderAsker = 'manager' | 'partner-admin';
const ASKER_PAYLOAD = 'asker';

export interface RemindRun {
  batch: string;
  /** People for whom this press queued a reminder. */
  queued: number;
  /** People already reminded (or queued) this week, by anyone. */
  alreadyThisWeek: number;
}

/**
 * Enqueues at most this many at once: an Azure Storage enqueue is a few round trips, so one at a time
 * would keep a 10,000-person press waiting for minutes; SQLite answers each at once either way.
 */
const ENQUEUE_CONCURRENCY = 16;

/**
 * Queues one reminder per person (tenant + object id, lower-cased), all in `batch`. `target` says
 * where to create a 1:1 when the bot has none with someone (the press's service URL and bot id), and
 * whether the app may be installed for them through Graph first (`installViaGraph`, default no).
 * `run` (optional) is counted into as the reminders are queued, so a caller can read it before the end.
 */
export async function queueLinkReminders(
  queue: SendQueue,
  people: Iterable<PersonKey>,
  batch: string,
  target: CreationTarget & { installViaGraph?: boolean; asker?: ReminderAsker },
  now: Date,
  run: RemindRun = { batch, queued: 0, alreadyThisWeek: 0 },
): Promise<RemindRun> {
  const pending = people[Symbol.iterator]();
  const enqueueNext = async (): Promise<void> => {
    for (let next = pending.next(); !next.done; next = pending.next()) await enqueueOne(next.value);
  };
  const enqueueOne = async (raw: PersonKey): Promise<void> => {
    const person = { tenantId: raw.tenantId.toLowerCase(), aadObjectId: raw.aadObjectId.toLowerCase() };
    const result = await queue.enqueue(
      {
        dedupeKey: linkReminderKey(person, now),
        kind: LINK_REMINDER_KIND,
        person,
        batch,
        payload: {
          [CREATE_PAYLOAD.serviceUrl]: target.serviceUrl,
          [CREATE_PAYLOAD.botId]: target.botId,
          ...(target.installViaGraph === true ? { [CREATE_PAYLOAD.installViaGraph]: true } : {}),
          ...(target.asker === 'partner-admin' ? { [ASKER_PAYLOAD]: 'partner-admin' } : {}),
        },
        notAfter: new Date(now.getTime() + WEEK_MS),
      },
      now,
    );
    if (result.created) run.queued += 1;
    else run.alreadyThisWeek += 1;
  };
  await Promise.all(Array.from({ length: ENQUEUE_CONCURRENCY }, enqueueNext));
  return run;
}

/** The message: who asked, what they see, and the two link buttons. */
export function renderLinkReminder(job: Job): OutgoingActivity {
  const byPartnerAdmin = job.payload[ASKER_PAYLOAD] === 'partner-admin';
  const sentence = userMessage(byPartnerAdmin ? 'link-reminder-from-partner-admin' : 'link-reminder');
  const privacy = userMessage(byPartnerAdmin ? 'link-reminder-privacy-partner-admin' : 'link-reminder-privacy');
  const reminder = card(
    [text(sentence), text(privacy, { isSubtle: true, size: 'small' })],
    [
      execute(LINK_TRAINING_TITLE, { verb: 'link', purpose: 'training' }, 'positive'),
      execute(LINK_LEARNING_TITLE, { verb: 'link', purpose: 'learning' }),
    ],
  );
  return { type: 'message', text: sentence, attachments: [cardAttachment(reminder)] };
}

export { CANNOT_REACH_CODE };
