// Over real HTTP: what a person sees in the chat matches what happens — a wrong
// code gets an answer, no "above/below" that isn't true, the current state for an existing link,
// step wording that matches the steps shown, and one help.
import assert from 'node:assert/strict';
import { USER_MESSAGES } from '../../src/errors';
import { Harness } from '../support/harness';
import { buttons, cardText, replyTexts, shown, type TeamsChat, type TurnResult } from '../support/teams-chat';
import { CONTOSO, FABRIKAM, personal, work } from '../support/dev-people';

const GET_PU = 'Get Partner University access';
const ASSOCIATE_LEARNING = 'Associate Microsoft Learning account';
const POSITION = /\b(above|below)\b/i;

function oauthTexts(turn: TurnResult): string[] {
  return turn.replies
    .flatMap((r) => r.attachments ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.oauth')
    .map((a) => (a.content as { text?: unknown }).text)
    .map((text) => shown(typeof text === 'string' ? text : ''));
}

describe('what a person sees', function () {
  let h: Harness;
  let adele: TeamsChat;

  beforeEach(async () => {
    h = await new Harness().start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => h.stop());

  async function linkTraining(): Promise<void> {
    await adele.say('status');
    await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    await adele.signInAs(work('adele').email);
    await adele.signInAs(personal('adele').email);
  }

  it('a wrong 6-digit code gets an answer that says it did not work and what to do next', async () => {
    await adele.say('status');
    await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    const wrong = await adele.say('000000');
    assert.equal(wrong.replies.length, 1, 'not silence');
    const text = replyTexts(wrong.replies);
    assert.match(text, /That code didn't work/);
    assert.match(text, /sign in, and type the new code — or type cancel to stop/);
    // The sign-in is still there: the right code still works afterwards.
    await adele.signInAs(work('adele').email, 'typed-code');
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount');
    const wrongPersonal = await adele.say('my code is 999999');
    assert.match(replyTexts(wrongPersonal.replies), /That code didn't work/);
  });

  it('no "above" or "below" in anything the bot says (catalogue, cards, sign-in cards, a whole flow)', async () => {
    for (const [code, text] of Object.entries(USER_MESSAGES)) assert.doesNotMatch(text, POSITION, code);

    await adele.say('hi');
    await adele.say('help');
    await adele.press(adele.latestCard(ASSOCIATE_LEARNING).id, ASSOCIATE_LEARNING);
    const pending = await adele.say('status');
    assert.match(replyTexts(pending.replies), /already have a sign-in in progress\. Finish it on its sign-in card/);
    await adele.signInAs(work('adele').email);
    await adele.signInAs(personal('megan').email);

    // Megan's Learning account moves to Fabrikam only after the confirmation card.
    const diego = h.chat({ name: 'Diego Siciliani', tenantId: FABRIKAM, aadObjectId: work('fabrikam').objectId });
    h.clock.advanceDays(31);
    await diego.say('status');
    await diego.press(diego.latestCard(ASSOCIATE_LEARNING).id, ASSOCIATE_LEARNING);
    await diego.signInAs(work('fabrikam').email);
    const move = await diego.signInAs(personal('megan').email);
    assert.match(replyTexts(move.replies), /select Move credit here on the confirmation card/);

    for (const chat of [adele, diego]) {
      const everything = chat.channel.activities(chat.conversationId).map((a) => replyTexts([a]));
      for (const text of everything) assert.doesNotMatch(text, POSITION, text);
    }
  });

  it('a returning user with access who presses Get Partner University access sees the current state, not "a different account"', async () => {
    await linkTraining();
    await adele.say('hi');
    const pressed = await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    const text = cardText(pressed.card);
    assert.doesNotMatch(text, /different personal account/);
    assert.match(text, /You already have Partner University access/);
    assert.match(text, /Linked to a\*\*\*@outlook\.com/);
    assert.ok(buttons(pressed.card).some((b) => b.title === 'Remove access'));
    assert.equal(oauthTexts(pressed).length, 0, 'no sign-in starts');
  });

  it('the wording matches the steps shown — two numbered steps the first time, only the personal step once the work account is known', async () => {
    await adele.say('status');
    const first = await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    assert.match(cardText(first.card), /first your work account, then your personal Microsoft account/);
    assert.match(oauthTexts(first).join(), /^Step 1 of 2: sign in with your work account/);
    const second = await adele.signInAs(work('adele').email);
    assert.match(oauthTexts(second).join(), /^Step 2 of 2: sign in with your personal Microsoft account/);
    await adele.signInAs(personal('adele').email);

    // The work token is still at the token service: the next flow asks only for the personal account.
    await adele.say('status');
    const later = await adele.press(adele.latestCard(ASSOCIATE_LEARNING).id, ASSOCIATE_LEARNING);
    const notice = cardText(later.card);
    assert.doesNotMatch(notice, /first your work account/);
    assert.match(notice, /Your work account is already confirmed\. Sign in with your personal Microsoft account/);
    const [prompt] = oauthTexts(later);
    assert.ok(prompt, 'the personal sign-in card is sent');
    assert.doesNotMatch(prompt, /Step \d of \d/);
    assert.match(prompt, /^Sign in with your personal Microsoft account/);
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount');

    const welcome = cardText((await adele.say('hi')).replies[0]?.attachments?.[0]?.content);
    assert.doesNotMatch(
      welcome,
      /work account first, then/,
      'the welcome card does not promise a work step every time',
    );
  });

  it('typing help and pressing Help show the same help menu, which leads back to the welcome explanation', async () => {
    const typed = await adele.say('help');
    const typedCard = typed.replies[0]?.attachments?.[0]?.content;
    assert.match(cardText(typedCard), /How can I help\?/);

    await adele.say('hi');
    const welcome = adele.latestCard('Welcome to Partner Link');
    assert.match(cardText(welcome.card), /type status to see your learning links, or help for the help topics/);
    const pressed = await adele.press(welcome.id, 'Help');
    assert.deepEqual(pressed.card, typedCard, 'the same card');

    const back = await adele.press(welcome.id, 'What Partner Link does');
    assert.match(cardText(back.card), /Welcome to Partner Link/);
  });
});
