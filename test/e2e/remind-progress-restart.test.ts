// across a restart: the manager's reminder progress card keeps being updated in place
// after the bot restarts in the middle of a run (the card's place is kept in the SQLite file), and
// reaches its final counts. Over real HTTP: Graph organization and token service stand-ins, the Teams
// channel stand-in (one send answers 503 with Retry-After, so the run is cut in two), the bot
// closed and created again over the same SQLite file.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText } from '../support/teams-chat';

describe('the reminder progress card survives a restart', function () {
  this.timeout(60_000);
  // The worker and the card updater run when the test says (runOnce, tick), so the restart falls mid-run.
  const h = new TabHarness(() => ({}), generateOrg({ size: 600, branching: 150 }), {
    proactive: { background: false },
  });
  before(() => h.start());
  after(() => h.stop());

  it('a restart in the middle of a run keeps updating the same card in place until its final counts', async () => {
    const adele = work('adele');
    const { chat, cardId } = await h.teamCardChat(adele);
    const pressed = await chat.press(cardId, 'Remind unlinked');
    assert.match(cardText(pressed.card), /Sent\n0[\s\S]*Waiting\n4/);
    const shownOnCard = () =>
      cardText(adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}));

    // The worker's passes, the test clock moved between them (creating a chat and sending are two steps).
    const passes = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await h.app.proactive.worker.runOnce();
        h.clock.advanceMs(90_000);
      }
    };
    // First half: Teams answers 503 with "Retry-After: 600" to the send to Megan (one of the four).
    const meganChat = `a:1${randomUUID().replace(/-/g, '')}`;
    h.channel.registerPersonalChat(adele.tenantId, work('megan').objectId, meganChat);
    h.channel.faults.failNext(meganChat, { status: 503, code: 'ServiceUnavailable', retryAfter: 600 });
    await passes(2);
    assert.equal(await h.app.remindProgress.tick(), 1);
    assert.match(shownOnCard(), /Sent\n3[\s\S]*Waiting\n1/);

    await h.restartBot();

    h.clock.advanceMs(15 * 60_000);
    await passes(3);
    assert.equal(await h.app.remindProgress.tick(), 1, 'the restarted bot updates the card it did not draw');
    const final = shownOnCard();
    assert.match(final, /Sent\n4/);
    assert.match(final, /Waiting\n0/);
    assert.equal(
      h.channel.activities(chat.conversationId).filter((a) => cardText(adaptiveCardOf(a)).includes('Reminders')).length,
      1,
      'one progress card, updated in place (no new message)',
    );
    assert.ok(h.channel.updates(cardId).length >= 2);
    // Done: nothing more to update, and nothing left to restore.
    assert.equal(await h.app.remindProgress.tick(), 0);
    assert.deepEqual(await h.app.stores.remindProgressCards.active(10), []);
    const reminders = h.channel
      .activities()
      .filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'));
    assert.equal(reminders.length, 4, 'each unlinked report reminded once');
  });
});
