// The progress of one "remind the unlinked" press (its batch), as the manager's card shows it: how
// many were sent or are waiting, and, for those who could not be reached, WHY — each reason with what
// the manager can do about it. Read from the queue in one grouped query (state and last outcome code).
//  - not installed for them: Teams would not open a 1:1 (403) or the bot is not in it; the reminder
//    goes out by itself once they add the app (the install re-queues it), within its week;
//  - left the organization: Graph no longer knows them, or they were removed from the team (as people
//    who leave are): nothing was sent and nothing needs doing;
//  - Teams refused: blocked by the person, Partner Link turned off by the tenant's admin, or another
//    refusal Teams gave no reason for (e.g. 500), or never accepted within the reminder's week;
//  - in doubt: the send was interrupted after it may have left; it is never sent again.
import type { OutcomeCount, SendQueue } from '../proactive/proactive-store';

export const LINK_REMINDER_KIND = 'link-reminder' as const;

/** Teams' codes for a person who blocked the bot (or whose chat takes no more messages). */
const BLOCKED_CODES = new Set(['ConversationBlockedByUser', 'MessageWritesBlocked']);

export interface RemindProgress {
  sent: number;
  /** Queued or being sent (includes retries after 429). */
  waiting: number;
  /** Teams would not open a chat with them, or the bot is not in it: the app is not installed for them. */
  notInstalled: number;
  /** They left the organization (or were removed from the team): their reminders stopped. */
  left: number;
  /** Teams refused for good, or the tenant's admin turned Partner Link off; `refusedBy` says how. */
  refused: number;
  refusedBy: { blocked: number; admin: number; other: number };
  /** A send interrupted after it was marked "sending": maybe delivered, never repeated. */
  inDoubt: number;
  total: number;
  /** Nothing left waiting: these are the final counts. */
  done: boolean;
}

export function progressFromOutcomes(outcomes: readonly OutcomeCount[]): RemindProgress {
  const progress: RemindProgress = {
    sent: 0,
    waiting: 0,
    notInstalled: 0,
    left: 0,
    refused: 0,
    refusedBy: { blocked: 0, admin: 0, other: 0 },
    inDoubt: 0,
    total: 0,
    done: false,
  };
  for (const { state, code, count } of outcomes) {
    switch (state) {
      case 'sent':
        progress.sent += count;
        break;
      case 'queued':
      case 'sending':
        progress.waiting += count;
        break;
      case 'waiting-install':
        progress.notInstalled += count;
        break;
      case 'cancelled':
        // Cancelled only when the person left (the directory's 404, or removed from the team).
        progress.left += count;
        break;
      case 'in-doubt':
        progress.inDoubt += count;
        break;
      case 'tenant-stopped':
        progress.refused += count;
        progress.refusedBy.admin += count;
        break;
      case 'failed-permanent':
      case 'expired':
        progress.refused += count;
        if (state === 'failed-permanent' && code !== undefined && BLOCKED_CODES.has(code))
          progress.refusedBy.blocked += count;
        else progress.refusedBy.other += count;
        break;
    }
  }
  progress.total =
    progress.sent + progress.waiting + progress.notInstalled + progress.left + progress.refused + progress.inDoubt;
  progress.done = progress.waiting === 0;
  return progress;
}

/** The progress of one press (its batch), read from the queue: one grouped query. */
export async function linkReminderProgress(queue: SendQueue, batch: string): Promise<RemindProgress> {
  return progressFromOutcomes(await queue.outcomes({ batch, kind: LINK_REMINDER_KIND }));
}
