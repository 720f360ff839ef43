// `npm run bench -- remind`: 10,000 link reminders through the real proactive worker (SQLite queue,
// shared token bucket, retry-free connector) against the Teams channel stand-in. 1,000 of the people
// have no saved conversation, so their 1:1 is created first (a Teams call, counted like a send).
// The configured rate is set high (500 calls/s, REMIND_BENCH_RATE to change) to keep the run short;
// production is capped at 50/s by PROACTIVE_RATE_PER_SECOND. Prints sent, duplicates (messages to a
// conversation beyond one), lost (jobs not sent), and achieved/configured rate over all Teams calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectorSender } from '../src/channel/bot-channel';
import { REMINDER_RENDERERS } from '../src/reminder-kinds';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { queueLinkReminders } from '../src/team-status/link-reminders';
import { createProactiveMessaging } from '../src/proactive/proactive-messaging';
import { TeamsChannelStandIn } from '../src/stand-ins/teams-channel-stand-in';
import { openDatabase } from '../src/storage/sqlite/database';
import { sqliteProactiveStores } from '../src/storage/sqlite/sqlite-stores';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const PEOPLE = 10_000;
const WITHOUT_CHAT = 1_000;

const oid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export async function runRemindBenchmark(): Promise<void> {
  const rate = Number(process.env.REMIND_BENCH_RATE ?? 500);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-remind-'));
  const channel = new TeamsChannelStandIn();
  const serviceUrl = `${await channel.start()}/amer/`;
  const file = path.join(dir, 'remind.db');
  const db = openDatabase(file);
  const proactive = createProactiveMessaging({
    stores: sqliteProactiveStores(db, rate),
    renderers: REMINDER_RENDERERS,
    log: createLogger('silent'),
    now: () => new Date(),
    sender: connectorSender(loadConfig({ SQLITE_PATH: file }), 10_000),
    worker: { policy: { concurrency: 32, idleMs: 50 } },
  });
  try {
    const now = new Date();
    for (let i = 0; i < PEOPLE - WITHOUT_CHAT; i++) {
      await proactive.references.saveReference(
        { tenantId: TENANT, aadObjectId: oid(i) },
        {
          channelId: 'msteams',
          serviceUrl,
          conversationId: `a:bench-${i}`,
          botId: '28:bench',
          userId: `29:bench-${i}`,
        },
        now,
      );
    }
    const people = Array.from({ length: PEOPLE }, (_, i) => ({ tenantId: TENANT, aadObjectId: oid(i) }));
    const run = await queueLinkReminders(
      proactive.queue,
      people,
      'bench-batch',
      { serviceUrl, botId: '28:bench' },
      now,
    );
    console.log(
      `remind: ${run.queued} reminders queued (${WITHOUT_CHAT} without a saved 1:1 chat); configured rate ${rate} Teams calls/s (set high for a short run; production ≤ 50)`,
    );
    const started = Date.now();
    proactive.worker.start();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const counts = await proactive.queue.counts({ batch: 'bench-batch' });
      if (counts.queued + counts.sending === 0) break;
      if (Date.now() - started > 10 * 60_000) throw new Error('the run did not finish in 10 minutes');
    }
    await proactive.worker.stop();
    // Every Teams call: the activities the channel received (sends) and the conversation creations.
    const sends = channel.activities();
    const creations = channel.createConversationRequests().length;
    const calls = sends.length + creations;
    const perConversation = new Map<string, number>();
    for (const a of sends) perConversation.set(a.conversationId, (perConversation.get(a.conversationId) ?? 0) + 1);
    const duplicates = [...perConversation.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    const counts = await proactive.queue.counts({ batch: 'bench-batch' });
    const lost = PEOPLE - counts.sent;
    // Calls spread from the first to the last: the log has no times, so the run's wall clock is used
    // from the worker's start to the last state change (polled every 250 ms: a slight underestimate of the rate).
    const last = (await proactive.queue.list({ batch: 'bench-batch', state: 'sent', limit: 100_000 })).reduce(
      (max, job) => Math.max(max, job.updatedAt.getTime()),
      started,
    );
    const seconds = (last - started) / 1000;
    const achieved = calls / seconds;
    console.log(
      `remind: ${calls} Teams calls (${creations} conversation creations, ${sends.length} sends) in ${seconds.toFixed(1)} s = ${achieved.toFixed(1)}/s`,
    );
    console.log(
      `remind: sent=${counts.sent} duplicates=${duplicates} lost=${lost} rate=${(achieved / rate).toFixed(3)}`,
    );
  } finally {
    db.close();
    await channel.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
