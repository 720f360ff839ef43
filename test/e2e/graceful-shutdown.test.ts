// App Service stops an instance with SIGTERM (restarts, deployments, scale-in). A turn in
// flight finishes (its reply reaches Teams and Teams gets its 200), no new request is taken, and
// the process exits 0 once the last turn and the last reminder being sent are done.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { openStores } from '../../src/storage/open-stores';
import { BotInstances } from '../support/bot-instances';
import { CONTOSO, work } from '../support/dev-people';
import { replyTexts } from '../support/teams-chat';
import { waitFor } from '../support/wait-for';

describe('SIGTERM drains the instance', function () {
  this.timeout(120_000);
  let dir: string;
  let bots: BotInstances;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-sigterm-'));
    bots = await new BotInstances().start(1, { SQLITE_PATH: path.join(dir, 'p.db') });
  });
  afterEach(async () => {
    await bots.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the turn in flight, refuses new ones, and exits 0', async () => {
    const [instance] = bots.instances;
    assert.ok(instance);
    const adele = bots.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId }, () => 0);
    await adele.say('hi'); // first contact: the welcome, and the conversation is known
    // Teams holds the next reply until the test lets it through: the "help" turn is in flight when SIGTERM comes.
    const before = bots.channel.faults.posts(adele.conversationId).length;
    let letReplyThrough: () => void = () => undefined;
    bots.channel.faults.delayNext(adele.conversationId, new Promise<void>((resolve) => (letReplyThrough = resolve)));
    const inFlight = adele.say('help');
    try {
      await waitFor(
        'Teams to receive the reply',
        () => bots.channel.faults.posts(adele.conversationId).length > before,
      );
      instance.bot.child.kill('SIGTERM');
      await waitFor('the shutdown log line', () => instance.bot.out().includes('"event":"shutdown"'));

      // A new turn after SIGTERM is not taken (the listener is closed).
      const late = await fetch(`${instance.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: '{}',
      }).then(
        (response) => `answered ${response.status}`,
        () => 'refused',
      );
      assert.equal(late, 'refused');
    } finally {
      letReplyThrough();
    }

    const finished = await inFlight;
    assert.equal(finished.status, 200, 'Teams gets its answer for the turn in flight');
    assert.ok(finished.replies.length > 0, 'the reply of the turn in flight reached the chat');
    assert.match(replyTexts(finished.replies) + JSON.stringify(finished.replies), /[Hh]elp|Partner Link/);
    assert.equal(await instance.bot.exited, 0);
    assert.doesNotMatch(instance.bot.err(), /Error|fatal/i);
  });

  it('a reminder being sent when SIGTERM comes still arrives, and no new request is taken meanwhile', async () => {
    const [instance] = bots.instances;
    assert.ok(instance);
    const adele = bots.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId }, () => 0);
    await adele.install(); // the conversation reference the reminder is sent to
    // Teams holds the reminder until the test lets it through: the send is in flight when SIGTERM comes.
    const before = bots.channel.faults.posts(adele.conversationId).length;
    let letReminderThrough: () => void = () => undefined;
    bots.channel.faults.delayNext(adele.conversationId, new Promise<void>((resolve) => (letReminderThrough = resolve)));
    // Queued the way another instance would, in the same database; the background worker sends it.
    const stores = openStores(loadConfig({ SQLITE_PATH: path.join(dir, 'p.db') }).storage, { ratePerSecond: 40 });
    try {
      const person = { tenantId: CONTOSO.toLowerCase(), aadObjectId: work('adele').objectId.toLowerCase() };
      const expires = new Date(Date.now() + 20 * 86_400_000).toISOString();
      await stores.proactive.queue.enqueue(
        {
          dedupeKey: 'renewal:adele:AZ-104',
          kind: 'renewal-reminder',
          person,
          payload: { name: 'Azure Administrator', number: 'AZ-104', expires, stage: 'last-30-days' },
        },
        new Date(),
      );
      await waitFor(
        'Teams to receive the reminder',
        () => bots.channel.faults.posts(adele.conversationId).length > before,
      );
      instance.bot.child.kill('SIGTERM');
      await waitFor('the shutdown log line', () => instance.bot.out().includes('"event":"shutdown"'));
      const late = await fetch(`${instance.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: '{}',
      }).then(
        (response) => `answered ${response.status}`,
        () => 'refused',
      );
      assert.equal(late, 'refused');
    } finally {
      letReminderThrough();
      await stores.close();
    }
    assert.equal(await instance.bot.exited, 0);
    // A reminder is one card with no text beside it.
    const reminders = bots.channel
      .activities(adele.conversationId)
      .filter((a) => JSON.stringify(a.attachments ?? []).includes('Azure Administrator'));
    assert.equal(reminders.length, 1, 'the reminder in flight reached the chat');
  });
});
