// Credit is earned, not claimed, end to end over HTTP: the real server, the sign-in, Teams channel,
// Graph and Learn stand-ins, a real SQLite file. A transcript counts when its contact email is the
// associated personal account (compared as keyed hashes), for one person per organization; a
// "This transcript is mine" button acts only on the transcript its card showed; a self-declared
// transcript is marked as such everywhere and counts only once a partner admin approves it.
import assert from 'node:assert/strict';
import { DEV_PARTNER_ADMIN_GROUP_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { allRows, dumpText } from '../support/sqlite-rows';
import { TabHarness } from '../support/tab-harness';
import { buttons, cardText, replyTexts, type TeamsChat } from '../support/teams-chat';
import { associateLearning } from '../support/associate-learning';

const CONFIRM = 'This transcript is mine';
const linkOf = (user: string, shareId: string) =>
  `https://learn.microsoft.com/en-us/users/${user}/transcript/${shareId}`;
const ALEX_LINK = linkOf('alexwilber', DEV_SHARE_IDS.alex);
const NESTOR_LINK = linkOf('nestorw', DEV_SHARE_IDS.someoneElse);
const ADELE_LINK = linkOf('adelevance-4821', DEV_SHARE_IDS.adele);

async function associate(chat: TeamsChat, who: 'adele' | 'megan' | 'alex'): Promise<void> {
  assert.match(replyTexts((await associateLearning(chat, who)).replies), /is associated/);
}

const ownershipOf = (h: { sqlitePath: string }, objectId: string) =>
  allRows(h.sqlitePath).certification_links?.find((r) => r.work_object_id === objectId)?.ownership;

describe('certification credit is verified, over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;

  beforeEach(async () => {
    learn = new LearnStandIn();
    h = await new Harness(
      { LEARN_API_URL: await learn.start() },
      {
        proactive: { background: false },
        certifications: { background: false, learn: { timeoutMs: 2000, attempts: 1 } },
      },
    ).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await associate(adele, 'adele');
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  it('a confirm button from a card about an earlier transcript confirms nothing and shows where things stand', async () => {
    await adele.say(`Here is mine: ${ALEX_LINK}`);
    const cardA = adele.latestCard(CONFIRM);
    assert.match(cardText(cardA.card), /contact email on that transcript isn't the personal account you associated/);
    await adele.say(NESTOR_LINK);
    assert.notEqual(adele.latestCard(CONFIRM).id, cardA.id, "a new card about Nestor's transcript");

    const pressed = await adele.press(cardA.id, CONFIRM);
    const seen = cardText(pressed.card);
    assert.match(seen, /That card was out of date\. Here is where things stand now\./);
    assert.match(seen, /contact email on that transcript isn't the personal account you associated/, 'still in doubt');
    assert.doesNotMatch(seen, /Self-declared|counts toward/);
    assert.equal(ownershipOf(h, work('adele').objectId), 'different', 'nothing was confirmed');
    assert.deepEqual(allRows(h.sqlitePath).proactive_jobs?.filter((j) => j.kind === 'credit-approval') ?? [], []);
  });

  it('a transcript whose contact email is not the associated address, even with the same first letter and domain, counts for nothing', async () => {
    const adeles = learn.transcript(DEV_SHARE_IDS.adele);
    assert.ok(adeles);
    learn.share('annasharelink01', { ...adeles, userName: 'annaother', contactEmail: 'anna.other@outlook.com' });
    const turn = await adele.say(linkOf('annaother', 'annasharelink01'));
    const seen = replyTexts(turn.replies);
    assert.match(
      seen,
      /contact email on that transcript isn't the personal account you associated \(a\\?\*\\?\*\\?\*@outlook\.com\)/,
    );
    assert.doesNotMatch(seen, /counts toward/);
    const own = await adele.say(ADELE_LINK);
    assert.match(
      replyTexts(own.replies),
      /Your AZ-104 counts toward/,
      'her own transcript, matched by its full address, counts',
    );
    assert.ok(
      !dumpText(allRows(h.sqlitePath)).includes('adele.v@outlook.com'),
      'the address is kept only as a keyed hash',
    );
    await adele.say('what do you store about me');
    assert.match(
      cardText(adele.latestCard('What Partner Link stores about you').card),
      /Whose transcript\s+its contact email is your associated account \(compared as keyed hashes\)/,
    );
  });

  it('a transcript counts for one person in the organization: a colleague who pastes it is told so, without a name, and nothing is saved for them', async () => {
    await adele.say(ADELE_LINK);
    const megan = h.chat({ name: 'Megan Bowen', tenantId: CONTOSO, aadObjectId: work('megan').objectId });
    await associate(megan, 'megan');
    const turn = await megan.say(ADELE_LINK);
    const seen = replyTexts(turn.replies);
    assert.match(
      seen,
      /That transcript already counts for someone else in your organization .*so I didn't save it for you/,
    );
    assert.doesNotMatch(seen, /Adele|Vance/);
    assert.doesNotMatch(seen, /Azure Administrator Associate/, 'none of its certifications are shown to her');
    assert.deepEqual(
      allRows(h.sqlitePath).certification_links?.map((r) => r.work_object_id),
      [work('adele').objectId],
    );
    assert.match(
      cardText(megan.latestCard('Microsoft exams and certifications').card),
      /Share your Microsoft Learn transcript/,
    );
    assert.equal(ownershipOf(h, work('adele').objectId), 'email-matched');
  });

  it('confirming a transcript makes it self-declared: it still counts for nothing, and the person is told no partner admin is set up to approve it', async () => {
    await adele.say(NESTOR_LINK);
    const pressed = await adele.press(adele.latestCard(CONFIRM).id, CONFIRM);
    const seen = cardText(pressed.card);
    assert.match(
      seen,
      /shown as self-declared and counts for your organization only once a partner admin approves it, but no partner admins are set up/,
    );
    assert.match(seen, /Self-declared/);
    assert.doesNotMatch(seen, /counts toward/);
    assert.ok(!buttons(pressed.card).some((b) => b.title === CONFIRM));
    assert.equal(ownershipOf(h, work('adele').objectId), 'self-declared');
  });
});

describe('a self-declared transcript and the partner admins, over HTTP', function () {
  this.timeout(90_000);
  const org = generateOrg({ size: 40 });
  const learn = new LearnStandIn();
  let learnUrl = '';
  const h = new TabHarness(
    () => ({ LEARN_API_URL: learnUrl, PARTNER_ADMIN_GROUP_ID: DEV_PARTNER_ADMIN_GROUP_ID }),
    org,
    { proactive: { background: false }, certifications: { background: false } },
  );
  before(async () => {
    learnUrl = await learn.start();
    await h.start();
  });
  after(async () => {
    await h.stop();
    await learn.stop();
  });

  const chatOf = (who: 'adele' | 'megan' | 'patti' | 'alex') => {
    const chat = h.chat({ name: work(who).displayName, tenantId: work(who).tenantId, aadObjectId: work(who).objectId });
    h.channel.registerPersonalChat(work(who).tenantId, chat.userId, chat.conversationId);
    return chat;
  };
  const creditOf = (card: unknown) => cardText(card).split('Skilling credit from these people')[1] ?? '';
  const meganRow = (card: unknown) => /"title":"Megan Bowen","value":"([^"]*)"/.exec(JSON.stringify(card))?.[1] ?? '';

  it("goes to the partner admins as a card; the team views mark it; only a partner admin's approval makes it count, and the decision is audited", async () => {
    const patti = chatOf('patti');
    await patti.say('hi');
    const megan = chatOf('megan');
    await associate(megan, 'megan');
    await megan.say(NESTOR_LINK);
    const declared = await megan.press(megan.latestCard(CONFIRM).id, CONFIRM);
    assert.match(cardText(declared.card), /I've asked your partner admins to approve it/);

    // Her manager sees her certifications marked as self-declared, and no credit from them.
    const { chat: adele, cardId } = await h.teamCardChat(work('adele'));
    assert.match(meganRow(adele.cardOf(cardId)), /2 active .*\(self-declared, not approved\)/);
    const creditBefore = creditOf(adele.cardOf(cardId));
    assert.ok(creditBefore.length > 0, 'the card has a credit section');

    await h.app.proactive.worker.runOnce();
    const request = patti.latestCard('Approve');
    const words = cardText(request.card);
    assert.match(
      words,
      /Megan Bowen\*{0,2} says a Microsoft Learn transcript is theirs although its contact email isn't the personal Microsoft account they associated\. It lists 2 active certifications/,
    );
    assert.match(words, /Fabric Analytics Engineer Associate/);
    assert.deepEqual(
      buttons(request.card).map((b) => b.title),
      ['Approve', 'Decline'],
    );

    // Neither a colleague who is no partner admin, nor Megan herself, can use the card's payload.
    const alex = chatOf('alex');
    const replay = (chat: TeamsChat, title = 'Approve') => {
      const button = buttons(request.card).find((b) => b.title === title);
      return chat.send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: request.id,
        value: { action: { type: 'Action.Execute', verb: button?.verb, data: button?.data }, trigger: 'manual' },
      });
    };
    assert.match(JSON.stringify((await replay(alex)).body), /Only partner admins can approve or decline/);
    assert.match(JSON.stringify((await replay(megan)).body), /can't decide on your own transcript/);
    assert.equal(ownershipOf(h, work('megan').objectId), 'self-declared');

    const approved = await patti.press(request.id, 'Approve');
    assert.match(cardText(approved.card), /Approved: Megan Bowen's certifications now count for the organization/);
    const decisions = allRows(h.sqlitePath).credit_decisions ?? [];
    assert.deepEqual(
      decisions.map((d) => [d.subject_oid, d.admin_oid, d.decision]),
      [[work('megan').objectId, work('patti').objectId, 'approved']],
    );
    // The same card's other button, pressed later (another admin's copy, say): the decision stands.
    assert.match(
      JSON.stringify((await replay(patti, 'Decline')).body),
      /A partner admin already approved that transcript, so nothing was changed/,
    );
    assert.equal(allRows(h.sqlitePath).credit_decisions?.length, 1);

    await megan.say('status');
    assert.match(
      cardText(megan.latestCard('Microsoft exams and certifications').card),
      /approved by a partner admin.*counts toward/s,
    );
    const after = await adele.say('team status');
    const teamCard = after.replies
      .map((r): unknown => r.attachments?.[0]?.content)
      .find((c) => cardText(c).includes('Your team'));
    assert.match(meganRow(teamCard), /\(self-declared, approved\)/);
    assert.notEqual(
      creditOf(teamCard),
      creditBefore,
      'her approved certifications now count in the credit and its advice',
    );

    // Megan deletes her data: the decision stays in the audit log, without her id.
    await megan.say('delete my data');
    await megan.press(megan.latestCard('Yes, delete my data').id, 'Yes, delete my data');
    const kept = allRows(h.sqlitePath);
    assert.deepEqual(
      kept.credit_decisions?.map((d) => [d.subject_oid, d.admin_oid, d.decision]),
      [[null, work('patti').objectId, 'approved']],
    );
    assert.ok(!(kept.certification_links ?? []).some((r) => r.work_object_id === work('megan').objectId));
    assert.doesNotMatch(
      JSON.stringify(kept.proactive_jobs ?? []),
      new RegExp(work('megan').objectId, 'i'),
      'the approval request sent to Patti, which named Megan, is gone too',
    );
  });
});
