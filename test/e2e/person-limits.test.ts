// Per-person limits, end to end over HTTP, as the person meets them: a transcript link is read from
// Microsoft Learn at most once a minute (refresh and paste), only a few new links are taken at a
// time, "Remind unlinked" and a channel's "team status" stop after a few presses; each time in plain
// words saying when to try again, with nothing read, queued or changed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, personal, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText, oauthCardIn, replyTexts, TeamsChat, type TurnResult } from '../support/teams-chat';

const ASSOCIATE_LEARNING = 'Associate Microsoft Learning account';
const linkOf = (shareId: string) => `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${shareId}`;

describe('transcript reads: at most one a minute per link, a few new links at a time', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;

  before(async () => {
    learn = new LearnStandIn();
    const learnUrl = await learn.start();
    h = await new Harness(
      { LEARN_API_URL: learnUrl },
      { proactive: { background: false }, certifications: { background: false } },
    ).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await adele.say('status');
    let last: TurnResult = await adele.press(adele.latestCard(ASSOCIATE_LEARNING).id, ASSOCIATE_LEARNING);
    if (oauthCardIn(last) === 'WorkAccount') last = await adele.signInAs(work('adele').email);
    if (oauthCardIn(last) === 'PersonalAccount') await adele.signInAs(personal('adele').email);
  });
  after(async () => {
    await h.stop();
    await learn.stop();
  });

  it('"refresh" within a minute of a read says when it can read again, and reads nothing; after the minute it reads', async () => {
    assert.match(replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.adele))).replies), /Read 4 certifications/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 1);
    h.clock.advanceMs(20_000);
    const again = replyTexts((await adele.say('refresh')).replies);
    assert.match(
      again,
      /read this transcript from Microsoft Learn less than a minute ago, so I didn't read it again.*Try again in 40 seconds\./,
    );
    assert.match(again, /Microsoft Certified: Azure Solutions Architect Expert/, 'the card still shows what was read');
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 1, 'Learn was not read again');
    const pastedAgain = replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.adele))).replies);
    assert.match(pastedAgain, /less than a minute ago.*Try again in 40 seconds/);
    assert.match(
      pastedAgain,
      /Microsoft Certified: Azure Solutions Architect Expert/,
      'pasting the same link again changed nothing',
    );
    h.clock.advanceMs(40_000);
    assert.match(replyTexts((await adele.say('refresh')).replies), /read again from Microsoft Learn just now/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 2);
  });

  it('past five links in ten minutes, a new link is not taken and nothing is changed', async () => {
    h.clock.advanceMs(10 * 60_000);
    for (const shareId of [
      DEV_SHARE_IDS.megan,
      DEV_SHARE_IDS.lee,
      DEV_SHARE_IDS.alex,
      DEV_SHARE_IDS.unshared,
      DEV_SHARE_IDS.adele,
    ])
      await adele.say(linkOf(shareId));
    const sixth = replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.someoneElse))).replies);
    assert.match(
      sixth,
      /pasted several transcript links in a short while, so I didn't take this one and nothing was changed\. Try again in \d+ minutes?\./,
    );
    assert.equal(learn.requestCount(DEV_SHARE_IDS.someoneElse), 0, 'Learn was not asked');
    assert.match(
      sixth,
      /Microsoft Certified: Azure Solutions Architect Expert/,
      'the last link read is still the one shown',
    );
  });
});

describe("Remind and a channel's team status: a few presses at a time", function () {
  this.timeout(120_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 40, branching: 10 }), { proactive: { background: false } });
  before(() => h.start());
  after(() => h.stop());

  it('the sixth "Remind unlinked" within ten minutes queues nothing and says when to press again', async () => {
    const { chat, cardId } = await h.teamCardChat(work('adele'));
    let card = cardId;
    for (let press = 1; press <= 5; press++) {
      const pressed = await chat.press(card, 'Remind unlinked');
      assert.match(cardText(pressed.card), /Reminders/, `press ${press}`);
      card = chat.latestCard('Back to the team').id;
      await chat.press(card, 'Back to the team');
    }
    const queuedBefore = (await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length;
    const sixth = await chat.press(card, 'Remind unlinked');
    assert.match(
      cardText(sixth.card),
      /pressed Remind several times in a short while, so no reminders were queued this time\. Try again in \d+ minutes?;/,
    );
    assert.equal((await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length, queuedBefore);
  });

  it('the eleventh "team status" in a channel within ten minutes counts nothing and says when to ask again', async () => {
    const megan = work('megan');
    const conversationId = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const userId = `29:1${randomUUID().replace(/-/g, '')}`;
    const inChannel = new TeamsChat(
      () => h.botUrl,
      h.channel,
      `${h.channelUrl}/amer/`,
      { name: megan.displayName, tenantId: megan.tenantId, aadObjectId: megan.objectId },
      { conversationId, conversationType: 'channel', userId },
    );
    const channelData = {
      tenant: { id: megan.tenantId },
      team: { id: conversationId, aadGroupId: DEV_TEAM_ID, name: 'Contoso Partner Practice' },
      channel: { id: conversationId },
    };
    const ask = () => inChannel.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData });
    const counted = (turn: TurnResult) => turn.replies.some((r) => cardText(adaptiveCardOf(r)).includes('People'));
    for (let i = 1; i <= 10; i++) assert.ok(counted(await ask()), `ask ${i}: the team's counts`);
    const eleventh = await ask();
    assert.ok(!counted(eleventh));
    assert.match(
      replyTexts(eleventh.replies),
      /asked for this team's status several times in a short while, so I counted nothing this time\. Try again in \d+ minutes?\./,
    );
    h.clock.advanceMs(60_000);
    assert.ok(counted(await ask()), 'one more a minute later');
  });
});
