// Issue 10.4: App Service stops an instance with SIGTERM (restarts, deployments, scale-in). A turn in
// flight finishes (its reply reaches Teams and Teams gets its 200), no new request is taken, and
// the process exits 0 once the last turn is done.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotInstances } from '../support/bot-instances';
import { CONTOSO, work } from '../support/dev-people';
import { replyTexts } from '../support/teams-chat';

describe('issue 10.4 SIGTERM drains the instance', function () {
  this.timeout(60_000);
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
    // Teams is slow to take the next reply: the "help" turn is still in flight when SIGTERM comes.
    const before = bots.channel.faults.posts(adele.conversationId).length;
    bots.channel.faults.delayNext(adele.conversationId, 1_500);
    const inFlight = adele.say('help');
    await waitFor(() => bots.channel.faults.posts(adele.conversationId).length > before, 10_000);
    instance.bot.child.kill('SIGTERM');
    await waitFor(() => instance.bot.out().includes('"event":"shutdown"'), 5_000);

    // A new turn after SIGTERM is not taken (the listener is closed).
    const late = await fetch(`${instance.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: '{}' }).then(
      (response) => `answered ${response.status}`,
      () => 'refused',
    );
    assert.equal(late, 'refused');

    const finished = await inFlight;
    assert.equal(finished.status, 200, 'Teams gets its answer for the turn in flight');
    assert.ok(finished.replies.length > 0, 'the reply of the turn in flight reached the chat');
    assert.match(replyTexts(finished.replies) + JSON.stringify(finished.replies), /[Hh]elp|Partner Link/);
    assert.equal(await instance.bot.exited, 0);
    assert.doesNotMatch(instance.bot.err(), /Error|fatal/i);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
