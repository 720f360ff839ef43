import assert from 'node:assert/strict';
import { PartnerLinkBotAuthentication } from '../../src/bot/bot-authentication';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createProactiveMessaging } from '../../src/proactive/proactive-messaging';
import { openDatabase } from '../../src/storage/database';
import { CONTOSO } from '../support/dev-people';
import { Harness } from '../support/harness';
import type { TeamsChat } from '../support/teams-chat';
import { personOf, proactiveHarness, queueReminder, remindersShown } from './support/proactive-harness';


describe('issue 8.5: the worker runs in the background and across instances', () => {
  it('issue 8.5: in the running app a scheduled reminder arrives without anyone driving the worker', async () => {
    const h = await new Harness().start();
    try {
      const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: '0a0a0a0a-0000-0000-0000-0000000000aa' });
      await adele.install();
      await queueReminder(h, adele);
      await h.channel.waitForActivities(adele.conversationId, 2, 10_000);
      assert.equal(remindersShown(h, adele).length, 1);
    } finally {
      await h.stop();
    }
  });

  it('issue 8.5: two instances on one database share the queue: 12 reminders, each sent exactly once', async () => {
    const h = await proactiveHarness({ concurrency: 3 }).start();
    const db = openDatabase(h.sqlitePath);
    try {
      const chats: TeamsChat[] = [];
      for (let i = 0; i < 12; i += 1) {
        const chat = h.chat({ name: `Person ${i}`, tenantId: CONTOSO, aadObjectId: `0b0b0b0b-0000-0000-0000-${String(i).padStart(12, '0')}` });
        await chat.install();
        // Jobs of one run, as a manager's "remind the unlinked" press would enqueue them (issue 9 reuses this queue).
        await h.app.proactive.queue.enqueue(
          { dedupeKey: `link:${CONTOSO}:${i}:2026-W48`, kind: 'renewal-reminder', person: personOf(chat), batch: 'run-1', payload: { name: 'Azure Administrator', number: 'AZ-104', expires: '2026-12-14T00:00:00.000Z', stage: 'last-30-days' } },
          h.clock.now(),
        );
        chats.push(chat);
      }
      h.channel.faults.clear();
      const other = createProactiveMessaging({
        db,
        log: createLogger('silent'),
        now: h.clock.now,
        ratePerSecond: 40,
        auth: new PartnerLinkBotAuthentication(loadConfig({ SQLITE_PATH: h.sqlitePath })),
        worker: { policy: { concurrency: 3 } },
      });
      const [a, b] = await Promise.all([h.app.proactive.worker.runOnce(), other.worker.runOnce()]);
      assert.equal(a.sent + b.sent, 12);
      assert.deepEqual(chats.map((c) => remindersShown(h, c).length), new Array<number>(12).fill(1));
      assert.equal(h.channel.faults.posts().length, 12);
      assert.equal((await other.queue.counts({ person: personOf(chats[0] as TeamsChat) })).sent, 1);
      assert.equal((await other.queue.counts({ batch: 'run-1' })).sent, 12, "a run's progress, counted by batch");
    } finally {
      db.close();
      await h.stop();
    }
  });
});
