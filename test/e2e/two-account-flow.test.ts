// The heart of Partner Link, end to end over real HTTP: a Teams user links both accounts, is
// refused the wrong ones, removes with confirmation, and finds their state after a restart.
import assert from 'node:assert/strict';
import { Harness } from '../support/harness';
import { buttons, cardText, replyTexts, type TeamsChat, type TurnResult, oauthCardIn } from '../support/teams-chat';
import { CONTOSO, FABRIKAM, personal, work } from '../support/dev-people';

const GET_PU = 'Get Partner University access';
const ASSOCIATE_LEARNING = 'Associate Microsoft Learning account';

/** The OAuth card a turn sent, if any. */
/**
 * Presses a link button on the newest card offering it and answers whichever sign-in cards come:
 * the work one (unless the token service still holds the work token) and then the personal one.
 */
async function link(chat: TeamsChat, button: string, workEmail: string, personalEmail: string) {
  const start = chat.latestCard(button);
  let last: TurnResult = await chat.press(start.id, button);
  if (oauthCardIn(last) === 'WorkAccount') last = await chat.signInAs(workEmail);
  if (oauthCardIn(last) === 'PersonalAccount') last = await chat.signInAs(personalEmail);
  return { cardId: start.id, last };
}

describe('two-account sign-in over HTTP, as Teams drives it', function () {
  let h: Harness;
  let adele: TeamsChat;

  beforeEach(async () => {
    h = await new Harness().start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => h.stop());

  it('welcomes on install with the two link buttons and Help', async () => {
    const turn = await adele.install();
    assert.equal(turn.status, 200);
    const card = adele.latestCard().card;
    assert.deepEqual(
      buttons(card).map((b) => b.title),
      [GET_PU, ASSOCIATE_LEARNING, 'Help'],
    );
    assert.match(cardText(card), /personal Microsoft account/i);
  });

  it('links Partner University access: work account first, then personal; the result is a new card and a line at the bottom, the earlier card left alone', async () => {
    await adele.say('hi');
    const welcome = adele.latestCard(GET_PU);
    const pressed = await adele.press(welcome.id, GET_PU);
    assert.match(
      cardText(pressed.card),
      /Follow the sign-in card: first your work account, then your personal Microsoft account/,
    );
    assert.equal(pressed.replies.length, 1, 'exactly one sign-in card at a time');
    assert.equal(adele.latestSignInLink().connectionName, 'WorkAccount');

    const afterWork = await adele.signInAs(work('adele').email);
    assert.equal(afterWork.status, 200);
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount');

    const done = await adele.signInAs(personal('adele').email);
    // The answer comes at the bottom of the chat: where things stand, then what happened, last.
    assert.deepEqual(
      done.replies.map((r) => (r.attachments?.length ? 'card' : 'text')),
      ['card', 'text'],
    );
    assert.match(replyTexts([done.replies[1] ?? {}]), /^Partner University access is linked to a\*\*\*@outlook\.com/);
    assert.deepEqual(h.channel.updates(welcome.id), [], 'the card that started it, now far above, is not changed');
    const card = adele.latestCard().card;
    assert.equal(adele.latestCard().id, done.replies[0]?.id);
    const text = cardText(card);
    assert.match(text, /a\*\*\*@outlook\.com/);
    assert.ok(!text.includes(personal('adele').email), 'the full personal address is never shown or kept');
    const titles = buttons(card).map((b) => b.title);
    assert.ok(titles.includes('View training') && titles.includes('Remove access'), titles.join(', '));
    assert.equal(
      buttons(card).find((b) => b.title === 'View training')?.url,
      'https://training.example.test/partner-university',
    );
    assert.ok(titles.includes(ASSOCIATE_LEARNING), 'the Learning section is still offered');
    // Rule 6: the personal connection is signed out once its identity is read.
    assert.ok(h.signIn.calls().some((c) => c.method === 'DELETE' && c.query.connectionName === 'PersonalAccount'));
  });

  it('completes the work sign-in with a typed 6-digit code too', async () => {
    await adele.say('status');
    await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    await adele.signInAs(work('adele').email, 'typed-code');
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount');
    const done = await adele.signInAs(personal('adele').email, 'typed-code');
    assert.match(replyTexts(done.replies), /linked to a\*\*\*@outlook\.com/);
  });

  it('completes the work sign-in by Teams SSO (signin/tokenExchange)', async () => {
    await adele.say('status');
    await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    const turn = await adele.send(adele.tokenExchange((audience) => h.signIn.ssoToken(work('adele').email, audience)));
    assert.equal(turn.status, 200);
    assert.equal(adele.latestSignInLink().connectionName, 'PersonalAccount');
  });

  it('refuses a work account where the personal one is asked, and stores nothing', async () => {
    await adele.say('status');
    const { last } = await link(adele, GET_PU, work('adele').email, work('adele').email);
    assert.match(
      replyTexts(last.replies),
      /That was a work account\. Partner University and Microsoft Learning need your personal Microsoft account/,
    );
    await adele.say('status');
    const titles = buttons(adele.latestCard().card).map((b) => b.title);
    assert.ok(titles.includes(GET_PU) && !titles.includes('Remove access'));
  });

  it('refuses a personal account where the work one is asked, signs that connection out, and asks for nothing personal', async () => {
    await adele.say('status');
    const { last } = await link(adele, GET_PU, personal('adele').email, personal('adele').email);
    assert.match(replyTexts(last.replies), /That was a personal Microsoft account/);
    assert.equal(adele.latestSignInLink().connectionName, 'WorkAccount', 'no personal sign-in card was sent');
    assert.ok(h.signIn.calls().some((c) => c.method === 'DELETE' && c.query.connectionName === 'WorkAccount'));
  });

  it('refuses a work account of another organization (tenant mismatch)', async () => {
    await adele.say('status');
    const { last } = await link(adele, GET_PU, work('fabrikam').email, personal('adele').email);
    assert.match(replyTexts(last.replies), /belongs to a different organization/);
  });

  it('refuses a colleague’s work account (not the Teams user)', async () => {
    await adele.say('status');
    const { last } = await link(adele, GET_PU, work('alex').email, personal('adele').email);
    assert.match(replyTexts(last.replies), /not the one you are signed in to Teams with/);
  });

  it('allows only one sign-in at a time', async () => {
    await adele.say('status');
    const card = adele.latestCard(GET_PU);
    await adele.press(card.id, GET_PU);
    const second = await adele.press(card.id, ASSOCIATE_LEARNING);
    assert.match(cardText(second.card), /already have a sign-in in progress/);
    assert.equal(second.replies.length, 0, 'no second sign-in card');
    const cancelled = await adele.say('cancel');
    assert.match(replyTexts(cancelled.replies), /Sign-in cancelled/);
  });

  it('removes with confirmation, and removing twice is not an error', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    await adele.say('status');
    const a = adele.latestCard('Remove access');
    await adele.say('status');
    const b = adele.latestCard('Remove access');

    const asked = await adele.press(a.id, 'Remove access');
    assert.deepEqual(
      buttons(asked.card)
        .filter((x) => /remove|keep/i.test(x.title))
        .map((x) => x.title),
      ['Yes, remove access', 'Keep it'],
    );
    await adele.press(b.id, 'Remove access');
    const removed = await adele.press(a.id, 'Yes, remove access');
    assert.match(cardText(removed.card), /Partner University access removed/);
    assert.ok(buttons(removed.card).some((x) => x.title === GET_PU));

    const again = await adele.press(b.id, 'Yes, remove access');
    assert.equal(again.status, 200);
    assert.match(cardText(again.card), /already removed/);
    assert.ok(buttons(again.card).some((x) => x.title === GET_PU));
  });

  it('a stale card re-reads state and answers with the current card', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    await adele.say('status');
    const stale = adele.latestCard('Remove access');
    await adele.say('status');
    const fresh = adele.latestCard('Remove access');
    await adele.press(fresh.id, 'Remove access');
    await adele.press(fresh.id, 'Yes, remove access');
    await link(adele, GET_PU, work('adele').email, personal('alex').email);

    const answer = await adele.press(stale.id, 'Remove access');
    assert.match(cardText(answer.card), /out of date/);
    assert.match(cardText(answer.card), /a\*\*\*@hotmail\.com/, 'shows the account linked now');
    assert.ok(
      !buttons(answer.card).some((x) => x.title === 'Yes, remove access'),
      'does not ask to remove what the card showed',
    );
  });

  it('keeps associations across a restart', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    await h.restartBot();
    const turn = await adele.say('status');
    assert.match(replyTexts(turn.replies), /a\*\*\*@outlook\.com/);
    assert.deepEqual((await h.health()).status, 200);
  });

  it('two concurrent removes: one wins, the other sees the current state', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    await adele.say('status');
    const a = adele.latestCard('Remove access');
    await adele.say('status');
    const b = adele.latestCard('Remove access');
    await adele.press(a.id, 'Remove access');
    await adele.press(b.id, 'Remove access');
    const results = await Promise.all([
      adele.press(a.id, 'Yes, remove access'),
      adele.press(b.id, 'Yes, remove access'),
    ]);
    const texts = results.map((r) => cardText(r.card));
    assert.equal(texts.filter((t) => /Partner University access removed/.test(t)).length, 1, texts.join('\n---\n'));
    assert.equal(texts.filter((t) => /already removed/.test(t)).length, 1);
    assert.equal((await h.app.store.list({ tenantId: CONTOSO, objectId: work('adele').objectId })).length, 0);
  });

  it('Learning: refused within 30 days of the last association (with the date), moved after confirmation later', async () => {
    await adele.say('status');
    await link(adele, ASSOCIATE_LEARNING, work('adele').email, personal('megan').email);
    const fab = h.chat({
      name: work('fabrikam').displayName,
      tenantId: FABRIKAM,
      aadObjectId: work('fabrikam').objectId,
    });

    h.clock.advanceDays(10);
    await fab.say('status');
    const early = await link(fab, ASSOCIATE_LEARNING, work('fabrikam').email, personal('megan').email);
    assert.match(
      replyTexts(early.last.replies),
      /30 days between associations\. Your next available date for a subsequent association is December 24, 2026/,
    );

    h.clock.advanceDays(21);
    await fab.say('status');
    const later = await link(fab, ASSOCIATE_LEARNING, work('fabrikam').email, personal('megan').email);
    const move = fab.latestCard('Move credit here');
    assert.ok(
      !cardText(move.card).includes('Adele') && !cardText(move.card).includes('Contoso'),
      'the warning names no one',
    );
    assert.match(replyTexts(later.last.replies), /another organization/);
    const moved = await fab.press(move.id, 'Move credit here');
    assert.match(cardText(moved.card), /credit moved to your organization/);

    const adeleNow = await adele.say('status');
    assert.ok(
      buttons(adeleNow.replies.flatMap((r) => r.attachments ?? []).map((a) => a.content)).some(
        (x) => x.title === ASSOCIATE_LEARNING,
      ),
    );
  });

  it('refuses a personal account a colleague already linked, without naming them', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    const alex = h.chat({ name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId });
    await alex.say('status');
    const { last } = await link(alex, GET_PU, work('alex').email, personal('adele').email);
    const text = replyTexts(last.replies);
    assert.match(text, /already linked to another person in your organization/);
    assert.ok(!text.includes('Adele'));
  });

  it('answers "what do you store about me?" and deletes my data on request', async () => {
    await adele.say('status');
    await link(adele, GET_PU, work('adele').email, personal('adele').email);
    const stored = await adele.say('what do you store about me?');
    assert.match(replyTexts(stored.replies), /a\*\*\*@outlook\.com/);
    await adele.say('delete my data');
    const confirm = adele.latestCard('Yes, delete my data');
    const deleted = await adele.press(confirm.id, 'Yes, delete my data');
    assert.match(cardText(deleted.card), /deleted/);
    assert.equal((await h.app.store.list({ tenantId: CONTOSO, objectId: work('adele').objectId })).length, 0);
  });

  it('answers help topics and never stays silent', async () => {
    for (const [text, expected] of [
      ['how do I change my password?', /Can't access your account\?/],
      ['which account is which?', /personal/i],
      ['why are my options missing?', /Global admin/],
      ['asdf qwerty', /didn't catch that/i],
    ] as const) {
      const turn = await adele.say(text);
      assert.equal(turn.replies.length, 1, text);
      assert.match(replyTexts(turn.replies), expected);
    }
  });
});
