// Renewal reminders as a person meets them, over HTTP with the real server, the sign-in, Teams
// channel and Learn stand-ins and a real SQLite file: what is due when a transcript is read is on
// the answer card and nothing is sent for it; what falls due later comes as one card a day, naming
// every certification, each sentence said once. Learn's clock is held still while the bot's moves,
// so the certifications' dates stay put as the days go by.
import assert from 'node:assert/strict';
import { RENEW_BUTTON_TITLE } from '../../src/certifications/renewal-reminder-card';
import { dueStage } from '../../src/certifications/renewal-reminders';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { adaptiveCardOf, buttons, cardText, replyTexts, shown, type TeamsChat } from '../support/teams-chat';
import { associateLearning } from '../support/associate-learning';

const linkOf = (shareId: string) => `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${shareId}`;

async function associateAdele(chat: TeamsChat): Promise<void> {
  assert.match(replyTexts((await associateLearning(chat)).replies), /a\*\*\*@outlook\.com/);
}

describe('renewal reminders come later, one card a day', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;
  /** Learn's "now": the transcripts' dates are written from it. */
  let learnNow: Date;

  /** The reminder messages in the person's chat (cards with the renew button). */
  const reminders = () =>
    h.channel
      .activities(adele.conversationId)
      .filter((a) => buttons(adaptiveCardOf(a)).some((b) => b.title === RENEW_BUTTON_TITLE));
  /** Names of the sixty-certification transcript's certifications in their renewal window at `now`. */
  const inWindow = (now: Date) =>
    new Set(
      (learn.transcript(DEV_SHARE_IDS.sixty)?.certificationData?.activeCertifications ?? [])
        .filter((c) => c.expiration && dueStage(new Date(c.expiration), now) === 'window-open')
        .map((c) => c.name),
    );
  /** The daily background run: certifications read again, reminders queued, the worker sends. */
  const nextDay = async (days = 1) => {
    h.clock.advanceDays(days);
    await h.app.certifications.refresh.runOnce();
    await h.app.proactive.worker.runOnce();
  };

  beforeEach(async () => {
    learnNow = new Date('2026-11-24T09:00:00Z');
    learn = new LearnStandIn({ now: () => learnNow });
    const learnUrl = await learn.start();
    h = await new Harness(
      { LEARN_API_URL: learnUrl },
      { proactive: { background: false }, certifications: { background: false } },
    ).start();
    h.clock.set(learnNow);
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await associateAdele(adele);
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  it('pasting a transcript with 10 certifications in their renewal window sends nothing: they are on the answer card', async () => {
    const turn = await adele.say(linkOf(DEV_SHARE_IDS.sixty));
    assert.match(replyTexts(turn.replies), /Renewal open \(10\)/);
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(reminders(), [], 'no proactive message');
    assert.equal(
      (await h.app.proactive.queue.counts({ kind: 'renewal-reminder' })).queued,
      0,
      'nothing waits to be sent',
    );
    // Reading it again (typed, or the card's Refresh) is the same: on the card, not sent.
    await adele.say('refresh');
    await adele.press(adele.latestCard('Refresh').id, 'Refresh');
    await nextDay();
    assert.deepEqual(reminders(), [], 'the next day brings nothing new either');
  });

  it('a later day with several certifications newly in their window brings exactly one card, naming every one of them', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.sixty));
    const onTheAnswerCard = inWindow(h.clock.now());
    assert.equal(onTheAnswerCard.size, 10);
    // A month later, more certifications are in their renewal window.
    await nextDay(30);
    const newlyDue = [...inWindow(h.clock.now())].filter((name) => !onTheAnswerCard.has(name));
    assert.ok(newlyDue.length >= 10, `several fell due (${newlyDue.length})`);
    const sent = reminders();
    assert.equal(sent.length, 1, 'one message');
    const [message] = sent;
    assert.equal(message?.text ?? '', '', 'no text beside the card');
    assert.equal(message?.attachments?.length, 1, 'one card');
    // Fact titles are Markdown too: read them as shown.
    const words = shown(cardText(adaptiveCardOf(message ?? {})));
    assert.match(words, new RegExp(`Renewal is open for ${newlyDue.length} of your certifications`));
    for (const name of newlyDue) assert.ok(words.includes(`${name} (`), `names ${name}`);
    for (const name of onTheAnswerCard)
      assert.ok(!words.includes(`${name} (`), `does not repeat ${name}, shown on the answer card`);
    // Run again the same day: nothing more. The next day names only what fell due since.
    await h.app.certifications.refresh.runOnce();
    await h.app.proactive.worker.runOnce();
    assert.equal(reminders().length, 1);
    await nextDay();
    const later = reminders()
      .slice(1)
      .map((a) => shown(cardText(adaptiveCardOf(a))));
    assert.ok(later.length <= 1, 'at most one card a day');
    for (const name of [...newlyDue, ...onTheAnswerCard])
      assert.ok(!later.join('\n').includes(`${name} (`), `${name} is not named twice`);
  });

  it('a single reminder is one card that says each sentence once', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(reminders(), [], 'the open renewal is on the answer card');
    // Azure Solutions Architect Expert expires 90 days after the paste: 61 days later its last 30 days begin.
    await nextDay(61);
    const sent = reminders();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.text ?? '', '', 'no text beside the card');
    const words = cardText(adaptiveCardOf(sent[0] ?? {}));
    assert.match(
      words,
      /Your certification Microsoft Certified: Azure Solutions Architect Expert \([^)]+\) expires in less than 30 days/,
    );
    const sentences = words
      .split(/(?<=[.:])\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
    assert.deepEqual(sentences, [...new Set(sentences)], 'no sentence twice');
    assert.equal(words.match(/free/gi)?.length, 1, '"free" is said once');
  });

  it('reminders off cancels a waiting card and nothing is sent; switched on again, only what falls due later comes', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    // The worker is down when the 30-day card is queued; meanwhile the person turns reminders off.
    h.clock.advanceDays(61);
    await h.app.certifications.refresh.runOnce();
    assert.equal((await h.app.proactive.queue.counts({ kind: 'renewal-reminder' })).queued, 1);
    const off = await adele.press(adele.latestCard('Turn renewal reminders off').id, 'Turn renewal reminders off');
    assert.match(cardText(off.card), /Renewal reminders are off/);
    await h.app.proactive.worker.runOnce();
    await nextDay();
    assert.deepEqual(reminders(), []);
    await adele.press(adele.latestCard('Turn renewal reminders on').id, 'Turn renewal reminders on');
    await nextDay();
    assert.deepEqual(reminders(), [], 'what is due when switched on is on the card that was pressed');
  });

  it('removing the Learning association cancels a waiting card', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceDays(61);
    await h.app.certifications.refresh.runOnce();
    assert.equal((await h.app.proactive.queue.counts({ kind: 'renewal-reminder' })).queued, 1);
    await adele.press(adele.latestCard('Remove association').id, 'Remove association');
    await adele.press(adele.latestCard('Yes, remove association').id, 'Yes, remove association');
    assert.equal((await h.app.proactive.queue.counts({ kind: 'renewal-reminder' })).cancelled, 1);
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(reminders(), []);
  });

  it('the card is the same across a restart: a waiting card is sent once, and a rerun the same day adds none', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceDays(61);
    await h.app.certifications.refresh.runOnce();
    await h.restartBot();
    await h.app.proactive.worker.runOnce();
    await h.app.certifications.refresh.runOnce();
    h.clock.advanceDays(1.1);
    await h.app.certifications.refresh.runOnce();
    await h.restartBot();
    await h.app.proactive.worker.runOnce();
    assert.equal(reminders().length, 1);
  });
});
