// One sign-in at a time, whoever asked for it: the link flow and team status's work sign-in wait on the
// same prompts in the person's 1:1 chat, so a typed code, "cancel" and a new request act on the one
// sign-in the person can see. End to end over HTTP: the real bot (SQLite file) with the sign-in
// stand-in as token service and Graph (a generated organization), and the Teams channel stand-in.
import assert from 'node:assert/strict';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText, oauthCardIn, replyTexts, type TurnResult } from '../support/teams-chat';

const GET_PU = 'Get Partner University access';
const adaptiveTexts = (replies: TurnResult['replies']) =>
  replies
    .flatMap((r) => r.attachments ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => cardText(a.content as never))
    .join('\n');

describe('e2e: one sign-in at a time, for linking and for team status alike', function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 200, branching: 50 }));
  before(() => h.start());
  after(() => h.stop());

  const chatOf = (who: 'alex' | 'megan') => h.personalChat(work(who));

  it('signing in for team status also serves the link: pressing a link button then asks only for the personal account', async () => {
    // Megan: linking is per work account, and the other tests link Alex's.
    const chat = chatOf('megan');
    const asked = await chat.say('team status');
    assert.equal(oauthCardIn(asked), 'WorkAccount');
    const signedIn = await chat.signInAs(work('megan').email);
    assert.equal(oauthCardIn(signedIn), undefined);
    assert.match(adaptiveTexts(signedIn.replies), /Your team|nobody reporting to you/);
    await chat.say('hi');
    const pressed = await chat.press(chat.latestCard(GET_PU).id, GET_PU);
    assert.equal(oauthCardIn(pressed), 'PersonalAccount', 'no second work sign-in');
    const linked = await chat.signInAs(personal('megan').email);
    assert.match(replyTexts(linked.replies), /Partner University/);
  });

  it('a link button pressed while the team status sign-in card waits takes over: one sign-in links the work account, and no team view appears', async () => {
    const chat = chatOf('alex');
    await chat.say('team status');
    await chat.say('hi');
    const pressed = await chat.press(chat.latestCard(GET_PU).id, GET_PU);
    assert.equal(oauthCardIn(pressed), 'WorkAccount');
    assert.match(cardText(pressed.card), /first your work account, then your personal Microsoft account/);
    const afterWork = await chat.signInAs(work('alex').email);
    assert.equal(oauthCardIn(afterWork), 'PersonalAccount', 'the link goes on to its personal step');
    assert.doesNotMatch(adaptiveTexts(afterWork.replies), /Your team/);
  });

  it('team status asked while a link waits for the work account says to finish or cancel that first; after "cancel" it asks for its own sign-in', async () => {
    const chat = chatOf('alex');
    await chat.say('hi');
    await chat.press(chat.latestCard(GET_PU).id, GET_PU);
    const asked = await chat.say('team status');
    assert.equal(oauthCardIn(asked), undefined, 'no second sign-in card');
    assert.match(adaptiveTexts(asked.replies), /You already have a sign-in in progress/);
    assert.equal(replyTexts(asked.replies).split('You already have a sign-in in progress').length, 2, 'said once');
    const cancelled = await chat.say('cancel');
    assert.match(replyTexts(cancelled.replies), /Sign-in cancelled/);
    const again = await chat.say('team status');
    assert.equal(oauthCardIn(again), 'WorkAccount');
    const signedIn = await chat.signInAs(work('alex').email);
    assert.match(adaptiveTexts(signedIn.replies), /Your team/);
  });

  it('Teams SSO from two Teams clients: the same token exchange twice, one after the other or at once, shows the team once and says nothing more', async () => {
    for (const atOnce of [false, true]) {
      const chat = chatOf('alex');
      await chat.say('team status');
      const before = chat.channel.activities(chat.conversationId).length;
      const exchange = chat.tokenExchange((audience) => h.signIn.ssoToken(work('alex').email, audience));
      const turns = atOnce
        ? await Promise.all([chat.send(exchange), chat.send(exchange)])
        : [await chat.send(exchange), await chat.send(exchange)];
      assert.deepEqual(
        turns.map((t) => t.status),
        [200, 200],
      );
      const shown = chat.channel.activities(chat.conversationId).slice(before);
      const teamCards = shown.filter((a) => adaptiveTexts([a]).includes('Your team'));
      assert.equal(teamCards.length, 1, atOnce ? 'at once' : 'one after the other');
      assert.doesNotMatch(replyTexts(shown), /took too long|expired/);
    }
  });

  it('a wrong code typed for the team status sign-in is answered, and "cancel" stops that sign-in: its card then shows nothing', async () => {
    const chat = chatOf('alex');
    await chat.say('team status');
    const wrong = await chat.say('123456');
    assert.match(replyTexts(wrong.replies), /That code didn't work/);
    assert.doesNotMatch(adaptiveTexts(wrong.replies), /Your team/);
    const cancelled = await chat.say('cancel');
    assert.match(replyTexts(cancelled.replies), /Sign-in cancelled\. Nothing was changed\./);
    const late = await chat.signInAs(work('alex').email);
    assert.match(replyTexts(late.replies), /That sign-in took too long and has expired/);
    assert.doesNotMatch(adaptiveTexts(late.replies), /Your team/);
  });
});
