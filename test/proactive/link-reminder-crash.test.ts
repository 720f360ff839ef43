// a 500-person "remind the unlinked" run killed (SIGKILL, in a child process) in the middle
// and restarted ends with every reachable person reminded exactly once: killed before the "sending"
// record, between it and the POST, and after the POST before "sent". Half the people have no saved
// 1:1 chat, so the run also creates conversations. Real SQLite file, the channel stand-in over HTTP.
import assert from 'node:assert/strict';
import { linkReminderProgress, queueLinkReminders } from '../../src/team-status/link-reminders';
import { DEFAULT_WORKER_POLICY } from '../../src/proactive/worker-policy';
import { CONTOSO } from '../support/dev-people';
import { proactiveHarness } from './support/proactive-harness';
import { crashingWorker } from './support/crashing-worker';

const PEOPLE = 500;
const oid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

describe('a 500-person reminder run killed in the middle and restarted reminds every reachable person exactly once', function () {
  this.timeout(120_000);

  for (const [point, inDoubt] of [
    ['claimed', 0],
    ['sending-recorded', 1],
    ['posted', 1],
  ] as const) {
    it(`killed at "${point}": sent once or reported in doubt, never twice`, async () => {
      const h = await proactiveHarness().start();
      try {
        const serviceUrl = `${h.channelUrl}/amer/`;
        const now = h.clock.now();
        for (let i = 0; i < PEOPLE; i += 2) {
          const chat = h.chat({ name: `Person ${i}`, tenantId: CONTOSO, aadObjectId: oid(i) });
          await h.app.proactive.references.saveReference(
            { tenantId: CONTOSO, aadObjectId: oid(i) },
            {
              channelId: 'msteams',
              serviceUrl,
              conversationId: chat.conversationId,
              botId: '28:partner-link-bot',
              userId: chat.userId,
            },
            now,
          );
        }
        const people = Array.from({ length: PEOPLE }, (_, i) => ({ tenantId: CONTOSO, aadObjectId: oid(i) }));
        const run = await queueLinkReminders(
          h.app.proactive.queue,
          people,
          'crash-batch',
          { serviceUrl, botId: '28:partner-link-bot' },
          now,
        );
        assert.equal(run.queued, PEOPLE);
        const exit = await crashingWorker(h, point, 20);
        assert.equal(exit.signal, 'SIGKILL');
        assert.ok(h.channel.activities().length < PEOPLE, 'the run died in the middle');
        await h.restartBot();
        h.clock.advanceMs(DEFAULT_WORKER_POLICY.leaseMs + 1_000);
        for (let i = 0; i < 100; i++) {
          await h.app.proactive.worker.runOnce();
          const progress = await linkReminderProgress(h.app.proactive.queue, 'crash-batch');
          if (progress.waiting === 0) break;
          h.clock.advanceMs(2_000);
        }
        const progress = await linkReminderProgress(h.app.proactive.queue, 'crash-batch');
        assert.deepEqual(
          {
            sent: progress.sent,
            inDoubt: progress.inDoubt,
            waiting: progress.waiting,
            refused: progress.refused,
            notInstalled: progress.notInstalled,
          },
          { sent: PEOPLE - inDoubt, inDoubt, waiting: 0, refused: 0, notInstalled: 0 },
        );
        const perConversation = new Map<string, number>();
        for (const activity of h.channel.activities())
          perConversation.set(activity.conversationId, (perConversation.get(activity.conversationId) ?? 0) + 1);
        assert.ok(
          [...perConversation.values()].every((n) => n === 1),
          'nobody got the reminder twice',
        );
        // Delivered: everyone, except the one whose POST never left (killed between "sending" and the POST).
        assert.equal(perConversation.size, point === 'sending-recorded' ? PEOPLE - 1 : PEOPLE);
      } finally {
        await h.stop();
      }
    });
  }
});
