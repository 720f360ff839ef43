// "Group chats and channels" and 7.5 (Teams only), over real HTTP: sign-in is a 1:1
// matter, nothing about a person's accounts reaches a group, and other channels are told where
// Partner Link works without anything being read or stored.
import assert from 'node:assert/strict';
import { Database } from '../../src/storage/sqlite/sqlite';
import type { WireActivity } from '../../src/channel/wire';
import { Harness } from '../support/harness';
import { buttons, replyTexts, type TeamsChat } from '../support/teams-chat';
import { CONTOSO, personal, work } from '../support/dev-people';

const GET_PU = 'Get Partner University access';
const TEAMS_APP_ID = '7a1c0f4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const OAUTH = 'application/vnd.microsoft.card.oauth';
/** A masked address (a***@outlook.com), however it is escaped (Markdown, JSON). */
const MASKED = /\*{3}@/;

function oauthCards(activities: WireActivity[]): number {
  return activities
    .flatMap((a) => a.attachments ?? [])
    .filter((a) => a.contentType === OAUTH || a.contentType === 'application/vnd.microsoft.card.signin').length;
}

/** Everything the group can see: every activity the bot posted there, and the answer to each press. */
function groupSees(group: TeamsChat, answers: unknown[] = []): string {
  return JSON.stringify([group.channel.activities(group.conversationId), answers]).replace(/\\/g, '');
}

describe('group chat: sign-in is a 1:1 matter', function () {
  let h: Harness;
  let adele: TeamsChat;
  let alex: TeamsChat;

  beforeEach(async () => {
    h = await new Harness({ TEAMS_APP_ID }).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    alex = h.chat({ name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId });
  });
  afterEach(async () => h.stop());

  it('group chat: a link pressed in a group continues in the 1:1 (created via the connector); the group gets one line naming no account', async () => {
    const [adeleInGroup] = h.groupChat([adele, alex]) as [TeamsChat];
    await adeleInGroup.say('hi');
    const welcome = adeleInGroup.latestCard(GET_PU);
    const pressed = await adeleInGroup.pressForMessage(welcome.id, GET_PU);

    assert.equal(pressed.status, 200);
    assert.equal(pressed.replies.length, 1, 'one line in the group');
    assert.match(replyTexts(pressed.replies), /sent you a private message to sign in/);
    assert.match(pressed.replies[0]?.text ?? '', /^<at>Adele Vance<\/at> /, 'addressed to the person who pressed');
    assert.match(pressed.message, /private message/);
    assert.equal(oauthCards(h.channel.activities(adeleInGroup.conversationId)), 0, 'no sign-in card in the group');

    const request = h.channel.createConversationRequests().at(-1);
    assert.equal(request?.isGroup, false);
    assert.deepEqual(
      request?.members?.map((m) => m.id),
      [adele.userId],
    );
    assert.equal(request?.channelData?.tenant?.id, CONTOSO);
    assert.equal(request?.bot?.id, '28:partner-link-bot');

    // The 1:1 chat (reused: Adele has one) holds the learning card and the work sign-in card.
    const inPrivate = h.channel.activities(adele.conversationId);
    assert.equal(oauthCards(inPrivate), 1);
    assert.equal(adele.latestSignInLink().connectionName, 'WorkAccount');
    await adele.signInAs(work('adele').email);
    const done = await adele.signInAs(personal('adele').email);
    assert.match(replyTexts(done.replies), /Partner University access is linked to a\*\*\*@outlook\.com/);
    assert.doesNotMatch(groupSees(adeleInGroup), MASKED, 'nothing about the account reached the group');
    assert.equal(h.channel.activities(adeleInGroup.conversationId).length, 2, 'the welcome card and the one line');
  });

  it('group chat: the hijack — Alex’s code, verifyState, tokenExchange and cancel are ignored; Adele’s link is hers', async () => {
    const [adeleInGroup, alexInGroup] = h.groupChat([adele, alex]) as [TeamsChat, TeamsChat];
    await adeleInGroup.say('hi');
    await adeleInGroup.pressForMessage(adeleInGroup.latestCard(GET_PU).id, GET_PU);
    await adele.signInAs(work('adele').email);
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount', 'Adele finished her work sign-in');

    // Alex gets a personal-account code of his own (his own 1:1 flow) and plays it in the group.
    await alex.say('status');
    await alex.press(alex.latestCard(GET_PU).id, GET_PU);
    await alex.signInAs(work('alex').email);
    const { completeSignIn } = await import('../support/sign-in-page.js');
    const alexCode = await completeSignIn(alex.latestSignInLink().link, personal('alex').email);
    // Teams SSO's exchange for Alex's own work sign-in card, sent in the group.
    const alexExchange = alex.tokenExchange((audience) => h.signIn.ssoToken(work('alex').email, audience));

    const answers: unknown[] = [];
    const typed = await alexInGroup.say(alexCode);
    const verify = await alexInGroup.send({ type: 'invoke', name: 'signin/verifyState', value: { state: alexCode } });
    const exchange = await alexInGroup.send(alexExchange);
    const cancel = await alexInGroup.say('cancel');
    const cancelButton = await alexInGroup.send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'cancelSignIn', data: {} }, trigger: 'manual' },
    });
    answers.push(verify.body, exchange.body, cancelButton.body);
    assert.equal(oauthCards([...typed.replies, ...verify.replies, ...exchange.replies]), 0);
    assert.notEqual(exchange.status, 200, 'no sign-in of Alex’s to exchange a token for');
    assert.doesNotMatch(replyTexts(cancel.replies), /Sign-in cancelled/);

    // The same activities forged into Adele's 1:1 (Teams would never deliver them) do nothing either.
    const forged = h.chat(alex.user, '/amer/', { conversationId: adele.conversationId, userId: alex.userId });
    await forged.say(alexCode);
    await forged.send({ type: 'invoke', name: 'signin/verifyState', value: { state: alexCode } });
    await forged.say('cancel');

    // Adele's sign-in is still hers and still waiting; she finishes it with her own personal account.
    const done = await adele.signInAs(personal('adele').email);
    assert.match(replyTexts(done.replies), /linked to a\*\*\*@outlook\.com/);
    const adeles = await h.app.store.list({ tenantId: CONTOSO, objectId: work('adele').objectId });
    assert.equal(adeles.length, 1);
    assert.equal(
      adeles[0]?.personal.accountId,
      personal('adele').objectId,
      'Adele’s access is linked to Adele’s Microsoft account',
    );
    assert.equal(
      (await h.app.store.list({ tenantId: CONTOSO, objectId: work('alex').objectId })).length,
      0,
      'Alex’s code linked nothing',
    );
    assert.doesNotMatch(groupSees(adeleInGroup, answers), MASKED);
  });

  it('group chat: Teams refuses the 1:1 (403 ForbiddenOperationException) → one line with the install link', async () => {
    h.channel.refusePersonalChat(alex.userId);
    const [, alexInGroup] = h.groupChat([adele, alex]) as [TeamsChat, TeamsChat];
    await alexInGroup.say('hi');
    const pressed = await alexInGroup.pressForMessage(alexInGroup.latestCard(GET_PU).id, GET_PU);
    assert.equal(pressed.replies.length, 1);
    const line = pressed.replies[0]?.text ?? '';
    assert.ok(line.includes(`https://teams.microsoft.com/l/app/${TEAMS_APP_ID}?tenantId=${CONTOSO}`), line);
    assert.match(line, /can't message you privately yet/);
    assert.equal(oauthCards(h.channel.activities(alexInGroup.conversationId)), 0);
    assert.equal(h.channel.activities(alex.conversationId).length, 0, 'nothing was sent to a 1:1');
  });

  it('group chat: "status" in a channel shows no masked address; the learning card goes to the 1:1', async () => {
    await adele.say('status');
    await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    await adele.signInAs(work('adele').email);
    await adele.signInAs(personal('adele').email);
    const [adeleInChannel] = h.groupChat([adele, alex], 'channel') as [TeamsChat];

    const typed = await adeleInChannel.say('<at>Partner Link</at> status');
    assert.equal(typed.replies.length, 1);
    assert.match(replyTexts(typed.replies), /private message/);
    assert.match(
      groupSees(adele),
      MASKED,
      'the card is in the 1:1 (and the check sees a masked address where there is one)',
    );

    await adeleInChannel.say('help');
    const menu = adeleInChannel.latestCard('Show my learning');
    const pressed = await adeleInChannel.pressForMessage(menu.id, 'Show my learning');
    const data = await adeleInChannel.say('what do you store about me?');
    assert.doesNotMatch(groupSees(adeleInChannel, [pressed.body, data.body]), MASKED);
    assert.ok(
      !buttons(adeleInChannel.latestCard().card).some((b) => /Remove/.test(b.title)),
      'no remove buttons in the channel',
    );
  });
});

describe('channels other than Teams', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(async () => h.stop());

  for (const channelId of ['webchat', 'directline']) {
    it(`${channelId} with a forged tenant and aadObjectId is told "works in Microsoft Teams", and nothing is read or stored`, async () => {
      const forger = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
      const turns = [
        await forger.send({ channelId, type: 'message', text: 'status' }),
        await forger.send({ channelId, type: 'message', text: 'hi' }),
        await forger.send({
          channelId,
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'link', data: { purpose: 'training' } } },
        }),
        await forger.send({ channelId, type: 'invoke', name: 'signin/verifyState', value: { state: '123456' } }),
        await forger.send({ channelId, type: 'message', text: 'delete my data' }),
        await forger.send({ channelId, type: 'message', value: { verb: 'deleteDataConfirm' } }),
        await forger.send({
          channelId,
          type: 'event',
          name: 'tokens/response',
          value: { connectionName: 'WorkAccount', token: 'x' },
        }),
      ];
      for (const turn of turns) {
        assert.equal(turn.status, 200);
        const seen = `${replyTexts(turn.replies)} ${JSON.stringify(turn.body ?? '')}`;
        assert.match(seen, /Partner Link works in Microsoft Teams/);
        assert.equal(turn.replies.flatMap((r) => r.attachments ?? []).length, 0, 'no card');
      }
      assert.equal(h.signIn.calls().length, 0, 'the token service and Graph were not asked');
      const db = new Database(h.sqlitePath, { readonly: true });
      try {
        for (const table of ['bot_state', 'associations', 'audit_log', 'pending_moves']) {
          assert.equal(
            (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
            0,
            `${table} is empty`,
          );
        }
      } finally {
        db.close();
      }
    });
  }
});
