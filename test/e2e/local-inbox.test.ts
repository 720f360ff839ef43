// Locally every reminder reaches someone: the Agents Playground shows only its current user's chats
// and answers a send to anyone else with 500 UserNotFound, so with the local stand-ins those messages
// go to the sign-in stand-in's inbox page, by person, once each. Over real HTTP: the Graph
// organization, token service and app-token issuer, the Teams channel stand-in answering as the
// Playground does, and the bot on its SQLite file (npm start's configuration: no MicrosoftAppId,
// the token service on this machine), the worker run one pass at a time.
import assert from 'node:assert/strict';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText } from '../support/teams-chat';

const REMINDER = 'Your manager asked me to remind you';

describe("locally, reminders the Agents Playground cannot show go to the sign-in stand-in's inbox", function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 0 }), { proactive: { background: false } });
  before(() => h.start());
  after(() => h.stop());

  it('every reminder reaches someone: those the Playground refuses are on the inbox page under their names, once each, and counted as sent', async () => {
    const tenant = work('adele').tenantId;
    // The Playground answers sends to Alex's and Megan's chats with 500 UserNotFound (it cannot show them).
    for (const who of ['alex', 'megan'] as const) {
      const conversation = `a:1playground${who}`;
      h.channel.registerPersonalChat(tenant, work(who).objectId, conversation);
      h.channel.faults.failNext(conversation, { status: 500, code: 'UserNotFound', message: 'User not found' }, 5);
    }
    const { chat, cardId } = await h.teamCardChat(work('adele'));
    await chat.press(cardId, 'Remind unlinked');
    for (let pass = 0; pass < 6; pass++) {
      await h.app.proactive.worker.runOnce();
      h.clock.advanceMs(90_000);
    }

    const page = await (await fetch(`${h.signIn.url}/inbox`)).text();
    for (const who of ['alex', 'megan'] as const) {
      const section = page
        .split('<section>')
        .find((s) => s.includes(`<h2>${work(who).displayName} <small>${work(who).email}</small></h2>`));
      assert.ok(section, `${work(who).displayName} has a place on the inbox page`);
      assert.equal(section.split('<li>').length - 1, 1, 'one reminder, once');
      assert.match(section, new RegExp(REMINDER));
      assert.match(section, /\[Get Partner University access\]/);
    }
    assert.doesNotMatch(page, /Lee Gu|Nestor Wilke/, 'those the chat could show are not in the inbox');
    const inChats = h.channel.activities().filter((a) => (a.text ?? '').startsWith(REMINDER));
    assert.equal(inChats.length, 2, 'Lee and Nestor in their chats');
    assert.equal(
      h.channel.faults.posts().filter((p) => p.outcome === 500).length,
      2,
      'one refused send each: nothing sent twice',
    );

    await h.app.remindProgress.tick();
    const final = cardText(
      adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}),
    );
    assert.match(final, /Sent\n4\nWaiting\n0\nNot installed for them\n0\nLeft the organization\n0\nTeams refused\n0/);
  });
});
