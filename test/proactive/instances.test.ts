import assert from 'node:assert/strict';
import { connectorSender } from '../../src/channel/bot-channel';
import { REMINDER_RENDERERS } from '../../src/reminder-kinds';
import { RenewalReminders } from '../../src/certifications/renewal-reminders';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createProactiveMessaging } from '../../src/proactive/proactive-messaging';
import { openDatabase } from '../../src/storage/sqlite/database';
import { sqliteProactiveStores } from '../../src/storage/sqlite/sqlite-stores';
import { AzureRateLimiter } from '../../src/storage/azure/azure-rate-limiter';
import { AzureSendQueue } from '../../src/storage/azure/azure-send-queue';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import type { Job, NewJob } from '../../src/proactive/proactive-store';
import type { CrashPoint } from '../../src/proactive/proactive-worker';
import type { WorkerPolicy } from '../../src/proactive/worker-policy';
import type { AzureStorageAuth } from '../../src/storage/storage-config';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { CONTOSO } from '../support/dev-people';
import { Harness } from '../support/harness';
import type { TeamsChat } from '../support/teams-chat';
import { WAIT_BOUND_MS, waitFor } from '../support/wait-for';
import {
  EXPIRES_SOON,
  installedChat,
  personOf,
  proactiveHarness,
  queueReminder,
  remindersShown,
} from './support/proactive-harness';

/**
 * One instance's proactive messaging on Azure Storage: its own queue and limiter objects over the
 * shared prefix; the conversation references are the ones the harness bot saved at install.
 */
/** The i-th job of one reminder run ("run-1"), for `chat`'s person. */
function runJob(chat: TeamsChat, i: number): NewJob {
  return {
    dedupeKey: `link:${CONTOSO}:${i}:2026-W48`,
    kind: 'renewal-reminder',
    person: personOf(chat),
    batch: 'run-1',
    payload: {
      name: 'Azure Administrator',
      number: 'AZ-104',
      expires: '2026-12-14T00:00:00.000Z',
      stage: 'last-30-days',
    },
  };
}

function azureInstance(
  h: Harness,
  auth: AzureStorageAuth,
  prefix: string,
  instanceId: string,
  policy: Partial<WorkerPolicy>,
  hooks?: { at?: (point: CrashPoint, job: Job) => void },
) {
  return createProactiveMessaging({
    renderers: REMINDER_RENDERERS,
    stores: {
      references: h.app.proactive.references,
      preferences: h.app.proactive.preferences,
      queue: new AzureSendQueue(createAzureStorage(auth, prefix)),
      limiter: new AzureRateLimiter(createAzureStorage(auth, prefix), { ratePerSecond: 40 }),
    },
    log: createLogger('silent'),
    now: h.clock.now,
    sender: connectorSender(loadConfig({ SQLITE_PATH: h.sqlitePath })),
    worker: { instanceId, policy, ...(hooks ? { hooks } : {}) },
  });
}

describe('the worker runs in the background and across instances', function () {
  // Harnesses start and stop in each test, and background work is awaited: generous on a busy machine.
  this.timeout(120_000);
  it('the running app deletes finished reminder jobs past the 200-day retention at start-up, and keeps newer ones', async () => {
    const h = await new Harness().start();
    try {
      const person = { tenantId: CONTOSO.toLowerCase(), aadObjectId: '0a0a0a0a-0000-0000-0000-0000000000ab' };
      const queue = h.app.proactive.queue;
      const at = (daysAgo: number) => new Date(h.clock.now().getTime() - daysAgo * 86_400_000);
      await queue.enqueue(
        { dedupeKey: 'old', kind: 'renewal-reminder', person, payload: { number: 'AZ-104' } },
        at(260),
      );
      await queue.cancelPending(person, 'renewal-reminder', at(201));
      await queue.enqueue(
        { dedupeKey: 'newer', kind: 'renewal-reminder', person, payload: { number: 'AZ-900' } },
        at(199),
      );
      await queue.cancelPending(person, 'renewal-reminder', at(199));
      await h.restartBot();
      let left = await h.app.proactive.queue.list({ person });
      await waitFor(
        'the start-up purge',
        async () => (left = await h.app.proactive.queue.list({ person })).length <= 1,
      );
      assert.deepEqual(
        left.map((j) => j.dedupeKey),
        ['newer'],
      );
    } finally {
      await h.stop();
    }
  });

  it('in the running app a scheduled reminder arrives without anyone driving the worker', async () => {
    const h = await new Harness().start();
    try {
      const adele = h.chat({
        name: 'Adele Vance',
        tenantId: CONTOSO,
        aadObjectId: '0a0a0a0a-0000-0000-0000-0000000000aa',
      });
      await adele.install();
      await queueReminder(h, adele);
      await h.channel.waitForActivities(adele.conversationId, 2, WAIT_BOUND_MS);
      assert.equal(remindersShown(h, adele).length, 1);
    } finally {
      await h.stop();
    }
  });

  it('two instances on one database share the queue: 12 reminders, each sent exactly once', async () => {
    const h = await proactiveHarness({ concurrency: 3 }).start();
    const db = openDatabase(h.sqlitePath);
    try {
      const chats: TeamsChat[] = [];
      for (let i = 0; i < 12; i += 1) {
        const chat = h.chat({
          name: `Person ${i}`,
          tenantId: CONTOSO,
          aadObjectId: `0b0b0b0b-0000-0000-0000-${String(i).padStart(12, '0')}`,
        });
        await chat.install();
        // Jobs of one run, as a manager's "remind the unlinked" press would enqueue them.
        await h.app.proactive.queue.enqueue(runJob(chat, i), h.clock.now());
        chats.push(chat);
      }
      h.channel.faults.clear();
      const other = createProactiveMessaging({
        stores: sqliteProactiveStores(db, 40),
        renderers: REMINDER_RENDERERS,
        log: createLogger('silent'),
        now: h.clock.now,
        sender: connectorSender(loadConfig({ SQLITE_PATH: h.sqlitePath })),
        worker: { policy: { concurrency: 3 } },
      });
      const [a, b] = await Promise.all([h.app.proactive.worker.runOnce(), other.worker.runOnce()]);
      assert.equal(a.sent + b.sent, 12);
      assert.deepEqual(
        chats.map((c) => remindersShown(h, c).length),
        new Array<number>(12).fill(1),
      );
      assert.equal(h.channel.faults.posts().length, 12);
      assert.equal((await other.queue.counts({ person: personOf(chats[0] as TeamsChat) })).sent, 1);
      assert.equal((await other.queue.counts({ batch: 'run-1' })).sent, 12, "a run's progress, counted by batch");
    } finally {
      db.close();
      await h.stop();
    }
  });

  it('two workers draining one Azure Storage queue (Azurite): 12 reminders, each sent exactly once', async function () {
    this.timeout(60_000);
    const h = await proactiveHarness({ concurrency: 3 }).start();
    try {
      const { auth } = await sharedAzurite();
      const prefix = uniquePrefix();
      // A short lease: a message taken by the instance that then lost the race for the job is seen
      // again on the queue (real time, as Azure Storage counts it) two seconds later.
      const instance = (instanceId: string) =>
        azureInstance(h, auth, prefix, instanceId, { concurrency: 3, leaseMs: 2_000 });
      const [one, two] = [instance('instance-1'), instance('instance-2')];
      const chats: TeamsChat[] = [];
      for (let i = 0; i < 12; i += 1) {
        const chat = h.chat({
          name: `Person ${i}`,
          tenantId: CONTOSO,
          aadObjectId: `0c0c0c0c-0000-0000-0000-${String(i).padStart(12, '0')}`,
        });
        await chat.install();
        await (i % 2 ? one : two).queue.enqueue(runJob(chat, i), h.clock.now());
        chats.push(chat);
      }
      h.channel.faults.clear();
      // Both instances at once on one tenant's send-rate bucket: a lost ETag race steps a job back
      // (or leaves its queue message hidden until the lease ends; more often on a busy machine), and
      // a later pass, on the clock moved a second at a time, sends it. Passes go on until all are
      // sent or 40 s have gone by, however slow the machine.
      let sent = 0;
      const deadline = Date.now() + 40_000;
      while (sent < 12 && Date.now() < deadline) {
        const [a, b] = await Promise.all([one.worker.runOnce(), two.worker.runOnce()]);
        sent += a.sent + b.sent;
        h.clock.advanceMs(1_000);
        if (a.sent + b.sent === 0) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(sent, 12);
      assert.deepEqual(
        chats.map((c) => remindersShown(h, c).length),
        new Array<number>(12).fill(1),
      );
      assert.equal(h.channel.faults.posts().length, 12);
      const again = await Promise.all([one.worker.runOnce(), two.worker.runOnce()]);
      assert.equal(again[0].sent + again[1].sent, 0, 'a second pass sends nothing again');
      assert.equal((await two.queue.counts({ batch: 'run-1' })).sent, 12, "a run's progress, counted by batch");
    } finally {
      await h.stop();
    }
  });

  for (const [point, expectShown, expectInDoubt] of [
    ['claimed', 3, 0],
    ['sending-recorded', 2, 1],
    ['posted', 3, 1],
  ] as const) {
    it(`a worker that dies at "${point}" on the Azure queue (Azurite): the next instance sends the rest, nothing twice, an interrupted send reported in doubt`, async function () {
      this.timeout(60_000);
      const h = await proactiveHarness().start();
      try {
        const { auth } = await sharedAzurite();
        const prefix = uniquePrefix();
        const LEASE_MS = 1_000;
        let reached = 0;
        const dying = azureInstance(
          h,
          auth,
          prefix,
          'dying',
          { concurrency: 1, leaseMs: LEASE_MS },
          {
            at: (at) => {
              if (at === point && (reached += 1) === 2) throw new Error('the process dies here');
            },
          },
        );
        const chats = [
          await installedChat(h, 'adele'),
          await installedChat(h, 'alex'),
          await installedChat(h, 'megan'),
        ];
        for (const chat of chats) {
          await new RenewalReminders({
            queue: dying.queue,
            preferences: dying.preferences,
            onEnqueued: () => dying.worker.wake(),
          }).scheduleRenewalReminders(
            personOf(chat),
            [{ name: 'Microsoft Certified: Azure Administrator Associate', number: 'AZ-104', expires: EXPIRES_SOON }],
            h.clock.now(),
          );
        }
        await assert.rejects(dying.worker.runOnce(), /the process dies here/);
        // The dead instance's lease runs out (its messages reappear in real seconds, its records on the clock).
        await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 300));
        h.clock.advanceMs(2 * LEASE_MS);
        const next = azureInstance(h, auth, prefix, 'next', { concurrency: 1, leaseMs: 60_000 });
        const summary = await next.worker.runOnce();
        await next.worker.runOnce();
        const shown = chats.map((chat) => remindersShown(h, chat).length);
        assert.ok(
          shown.every((n) => n <= 1),
          `nobody reminded twice: ${shown.join(',')}`,
        );
        assert.equal(
          shown.reduce((x, y) => x + y, 0),
          expectShown,
        );
        assert.equal(h.channel.faults.posts().length, expectShown, 'one POST per reminder shown');
        assert.equal(summary.recoveredInDoubt, expectInDoubt, 'the interrupted send is reported');
        const counts = await next.queue.counts();
        assert.deepEqual(
          { sent: counts.sent, inDoubt: counts['in-doubt'], queued: counts.queued },
          { sent: 3 - expectInDoubt, inDoubt: expectInDoubt, queued: 0 },
        );
      } finally {
        await h.stop();
      }
    });
  }
});
