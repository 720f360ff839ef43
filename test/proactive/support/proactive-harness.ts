// The real product (bot + SQLite file + Teams channel stand-in over HTTP) with the proactive worker
// driven by the test: one pass at a time (runOnce), on the harness clock, so waits are checked by
// moving the clock rather than by sleeping.
import type { WorkerPolicy } from '../../../src/proactive/worker-policy';
import { isHeldStage, type CertificationFact } from '../../../src/certifications/renewal-reminders';
import { Harness } from '../../support/harness';
import { replyTexts, type TeamsChat } from '../../support/teams-chat';
import { CONTOSO, work } from '../../support/dev-people';

export function proactiveHarness(policy: Partial<WorkerPolicy> = {}): Harness {
  return new Harness(
    {},
    { proactive: { background: false, sendTimeoutMs: 3_000, worker: { policy: { concurrency: 1, ...policy } } } },
  );
}

export type Who = 'adele' | 'alex' | 'megan';

/** A person who installed the app: their 1:1 chat, with the conversation reference saved by the bot. */
export async function installedChat(h: Harness, who: Who, tenantId = CONTOSO): Promise<TeamsChat> {
  const identity = work(who);
  const chat = h.chat({ name: identity.displayName, tenantId, aadObjectId: identity.objectId });
  await chat.install();
  // The welcome card was a POST too: count only what comes after.
  h.channel.faults.clear();
  return chat;
}

export function personOf(chat: TeamsChat): { tenantId: string; aadObjectId: string } {
  return { tenantId: chat.user.tenantId.toLowerCase(), aadObjectId: (chat.user.aadObjectId ?? '').toLowerCase() };
}

/** A certification that expires `days` days after the harness clock's now. */
export function expiringIn(
  h: Harness,
  days: number,
  number = 'AZ-104',
  name = 'Microsoft Certified: Azure Administrator Associate',
): CertificationFact {
  return { name, number, expires: new Date(h.clock.now().getTime() + days * 86_400_000).toISOString() };
}

/** The harness clock starts on 2026-11-24: these certifications are in their last 30 days. */
export const EXPIRES_SOON = '2026-12-14';

/** Schedules the 30-day reminders of the person in `chat`, whose certifications are `numbers`. */
export async function queueReminder(h: Harness, chat: TeamsChat, ...numbers: string[]): Promise<void> {
  const certifications = (numbers.length ? numbers : ['AZ-104']).map((number) => ({
    name: 'Microsoft Certified: Azure Administrator Associate',
    number,
    expires: EXPIRES_SOON,
  }));
  await h.app.certifications.renewals.scheduleRenewalReminders(personOf(chat), certifications, h.clock.now());
}

/** Reminder messages the person can see in their chat (the welcome card is left out), as their visible text. */
export function remindersShown(h: Harness, chat: TeamsChat): string[] {
  return h.channel
    .activities(chat.conversationId)
    .map((a) => replyTexts([a]))
    .filter((text) => /Your certification|Renewal is open for/.test(text));
}

/** The person's jobs that are messages (a renewal stage's key is held by a finished job of its own). */
export async function jobsOf(h: Harness, chat: TeamsChat) {
  return (await h.app.proactive.queue.list({ person: personOf(chat) })).filter((j) => !isHeldStage(j));
}
