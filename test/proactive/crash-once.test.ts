import assert from 'node:assert/strict';
import { DEFAULT_WORKER_POLICY } from '../../src/proactive/worker-policy';
import type { Harness } from '../support/harness';
import type { TeamsChat } from '../support/teams-chat';
import { installedChat, jobsOf, proactiveHarness, queueReminder, remindersShown } from './support/proactive-harness';
import { crashingWorker } from './support/crashing-worker';

describe('a reminder run killed in the middle (SIGKILL) sends nothing twice after a restart', () => {
  let h: Harness;
  let chats: TeamsChat[];
  beforeEach(async () => {
    h = await proactiveHarness().start();
    chats = [await installedChat(h, 'adele'), await installedChat(h, 'alex'), await installedChat(h, 'megan')];
    for (const chat of chats) await queueReminder(h, chat);
  });
  afterEach(() => h.stop());

  async function restartAndRun(): Promise<void> {
    await h.restartBot();
    // A lease held by the dead process only runs out with time.
    await h.app.proactive.worker.runOnce();
    h.clock.advanceMs(DEFAULT_WORKER_POLICY.leaseMs + 1_000);
    await h.app.proactive.worker.runOnce();
    h.clock.advanceDays(2);
    await h.app.proactive.worker.runOnce();
  }

  const shownPerPerson = () => chats.map((chat) => remindersShown(h, chat).length);
  const postsPerPerson = () => chats.map((chat) => h.channel.faults.posts(chat.conversationId).length);

  it('killed after claiming the 2nd job, before "sending": that job is sent by the restarted worker, once', async () => {
    const exit = await crashingWorker(h, 'claimed', 2);
    assert.equal(exit.signal, 'SIGKILL');
    assert.deepEqual(shownPerPerson(), [1, 0, 0], 'the run died in the middle');
    await restartAndRun();
    assert.deepEqual(shownPerPerson(), [1, 1, 1], 'everyone reminded once');
    assert.deepEqual(postsPerPerson(), [1, 1, 1], 'one POST each');
    assert.equal((await h.app.proactive.queue.counts())['in-doubt'], 0);
  });

  it('killed between "sending" and the POST: reported in doubt, never sent', async () => {
    const exit = await crashingWorker(h, 'sending-recorded', 2);
    assert.equal(exit.signal, 'SIGKILL');
    await restartAndRun();
    assert.deepEqual(shownPerPerson(), [1, 0, 1]);
    assert.deepEqual(postsPerPerson(), [1, 0, 1]);
    const [job] = await jobsOf(h, chats[1] as TeamsChat);
    assert.equal(job?.state, 'in-doubt');
    assert.deepEqual(
      (await h.app.proactive.queue.list({ state: 'in-doubt' })).map((j) => j.id),
      [job?.id],
      'visible through the in-doubt query',
    );
  });

  it('killed after the POST, before "sent": delivered once, reported in doubt, never sent again', async () => {
    const exit = await crashingWorker(h, 'posted', 2);
    assert.equal(exit.signal, 'SIGKILL');
    assert.deepEqual(shownPerPerson(), [1, 1, 0], 'the 2nd message reached Teams before the crash');
    await restartAndRun();
    assert.deepEqual(shownPerPerson(), [1, 1, 1], 'never twice');
    assert.deepEqual(postsPerPerson(), [1, 1, 1]);
    assert.equal((await jobsOf(h, chats[1] as TeamsChat))[0]?.state, 'in-doubt');
    assert.equal((await h.app.proactive.queue.counts())['in-doubt'], 1);
  });

  it('a rerun of the schedule after the crash enqueues nothing again', async () => {
    await crashingWorker(h, 'posted', 2);
    await restartAndRun();
    for (const chat of chats) await queueReminder(h, chat);
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(shownPerPerson(), [1, 1, 1]);
  });
});
