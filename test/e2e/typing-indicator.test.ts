// Teams' typing indicator, at the wire: the Teams channel stand-in keeps, in arrival order, every
// activity the bot POSTs to a conversation, typing included (Teams shows typing for about three
// seconds and keeps none of it, so the chat itself never holds one). Slow work (a Learn read, a
// Graph walk, a reminder run) shows typing first and again while it goes on; a channel never does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { TabHarness } from '../support/tab-harness';
import { replyTexts, TeamsChat, type TurnResult } from '../support/teams-chat';
import { associateLearning } from '../support/associate-learning';

/** What arrived in the conversation during `turn` (typing and messages), in order. */
async function wireOf(
  channel: Harness['channel'],
  conversationId: string,
  turn: () => Promise<TurnResult>,
): Promise<string[]> {
  const before = channel.wire(conversationId).length;
  await turn();
  return channel
    .wire(conversationId)
    .slice(before)
    .map((w) => w.type);
}

describe('the typing indicator while slow work goes on', function () {
  this.timeout(60_000);

  describe('reading Microsoft Learn in the 1:1 chat', () => {
    let h: Harness;
    let learn: LearnStandIn;
    let adele: TeamsChat;
    before(async () => {
      // Learn answers the slow link after about 4.5 s, within the client's timeout: one long read.
      learn = new LearnStandIn({ slowDelayMs: 4_500 });
      h = await new Harness(
        { LEARN_API_URL: await learn.start() },
        {
          proactive: { background: false },
          certifications: { background: false, learn: { timeoutMs: 8_000, attempts: 1 } },
        },
      ).start();
      adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
      await associateLearning(adele);
    });
    after(async () => {
      await h.stop();
      await learn.stop();
    });

    it('a pasted link Learn is slow to answer: typing arrives before the answer and again while Learn is read, none after', async () => {
      const wire = await wireOf(h.channel, adele.conversationId, () =>
        adele.say(`https://learn.microsoft.com/en-us/users/dev/transcript/${DEV_SHARE_IDS.slow}`),
      );
      const answer = wire.indexOf('message');
      assert.ok(answer > 0, `an answer came, after typing: ${wire.join(', ')}`);
      assert.ok(wire.slice(0, answer).every((t) => t === 'typing'));
      assert.ok(answer >= 2, `typing was sent again while Learn was read: ${wire.join(', ')}`);
      assert.deepEqual(
        wire.slice(answer).filter((t) => t === 'typing'),
        [],
        'no typing after the answer',
      );
      assert.equal(
        h.channel.activities(adele.conversationId).filter((a) => a.type === 'typing').length,
        0,
        'typing is not part of the chat',
      );
    });

    it('Refresh, typed or pressed, shows typing first; a quick answer like "help" shows none', async () => {
      learn.slowDelayMs = 0;
      assert.equal((await wireOf(h.channel, adele.conversationId, () => adele.say('refresh')))[0], 'typing');
      const pressed = await wireOf(h.channel, adele.conversationId, () =>
        adele.press(adele.latestCard('Refresh').id, 'Refresh'),
      );
      assert.deepEqual(pressed, ['typing'], 'a press is answered in place; the typing came while Learn was read');
      assert.deepEqual(await wireOf(h.channel, adele.conversationId, () => adele.say('help')), ['message']);
    });
  });

  describe('walking Graph for a manager', () => {
    const org = generateOrg({ size: 200, branching: 40 });
    const h = new TabHarness(() => ({}), org);
    before(() => h.start());
    after(() => h.stop());
    const userId = `29:1${randomUUID().replace(/-/g, '')}`;
    const adele = () => {
      const existing = h.channel.personalChatOf(work('adele').tenantId, userId);
      const chat = new TeamsChat(
        () => h.botUrl,
        h.channel,
        `${h.channelUrl}/amer/`,
        { name: 'Adele Vance', tenantId: work('adele').tenantId, aadObjectId: work('adele').objectId },
        { userId, ...(existing ? { conversationId: existing } : {}) },
      );
      h.channel.registerPersonalChat(work('adele').tenantId, chat.userId, chat.conversationId);
      return chat;
    };

    it('"team status" and Remind unlinked in the 1:1 chat show typing before the answer', async () => {
      const chat = adele();
      await chat.say('team status');
      const signedIn = await wireOf(h.channel, chat.conversationId, () => chat.signInAs(work('adele').email));
      assert.equal(signedIn[0], 'typing', `typing before the team card: ${signedIn.join(', ')}`);
      const asked = await wireOf(h.channel, chat.conversationId, () => chat.say('my team'));
      assert.deepEqual(asked, ['typing', 'message']);
      const card = chat.latestCard('Remind unlinked');
      assert.deepEqual(await wireOf(h.channel, chat.conversationId, () => chat.press(card.id, 'Remind unlinked')), [
        'typing',
      ]);
    });

    it('"@Partner Link team status" in a team channel: the counts, and no typing there', async () => {
      const conversationId = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
      const inChannel = new TeamsChat(
        () => h.botUrl,
        h.channel,
        `${h.channelUrl}/amer/`,
        { name: 'Adele Vance', tenantId: work('adele').tenantId, aadObjectId: work('adele').objectId },
        { conversationId, conversationType: 'channel', userId },
      );
      const channelData = {
        tenant: { id: work('adele').tenantId },
        team: { id: conversationId, aadGroupId: DEV_TEAM_ID, name: 'Contoso Partner Practice' },
        channel: { id: conversationId },
      };
      const wire = await wireOf(h.channel, conversationId, () =>
        inChannel.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData }),
      );
      assert.ok(wire.length > 0, replyTexts(h.channel.activities(conversationId)));
      assert.deepEqual(
        wire.filter((t) => t === 'typing'),
        [],
      );
    });
  });
});
