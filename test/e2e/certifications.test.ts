// Certifications end to end over HTTP: the real server, the sign-in, Teams channel and Learn stand-ins, a
// real SQLite file. A person associates their Learning account, pastes their transcript share link
// (in any message, or in the card's box), sees their certifications, and meets each failure in plain
// words; "delete my data" takes it all away (reminders: renewal-reminders.test.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { capturedLogger } from '../certifications/learn-log';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { allRows, dumpText } from '../support/sqlite-rows';
import { cardText, replyTexts, type TeamsChat, type TurnResult } from '../support/teams-chat';
import { associateLearning } from '../support/associate-learning';

const linkOf = (shareId: string, locale: string | null = 'en-us') =>
  `https://learn.microsoft.com/${locale ? `${locale}/` : ''}users/adelevance-4821/transcript/${shareId}`;
// What Learn sends about Adele that must never be stored, shown or logged.
const ADELE_PII = ['Adele Margaret Vance', '990011223', 'adele.v@outlook.com', DEV_SHARE_IDS.adele, 'adelevance-4821'];

async function associateAdele(chat: TeamsChat): Promise<void> {
  assert.match(replyTexts((await associateLearning(chat)).replies), /a\*\*\*@outlook\.com/);
}

/** Types `link` into the card's box and selects "Read my transcript" (Teams sends the input in the data). */
function submitLink(chat: TeamsChat, cardId: string, link: string): Promise<TurnResult> {
  return chat.send({
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: cardId,
    value: {
      action: { type: 'Action.Execute', verb: 'transcriptLink', data: { verb: 'transcriptLink', link } },
      trigger: 'manual',
    },
  });
}

const answerText = (turn: TurnResult) =>
  replyTexts(turn.replies) + cardText((turn.body as { value?: unknown } | undefined)?.value ?? {});
const reminderMessages = (h: Harness, chat: TeamsChat) =>
  h.channel
    .activities(chat.conversationId)
    .filter((a) => /renewal is open now|expires in less than 30 days|Renewal is open for/.test(replyTexts([a])));

/** Every answer of the local Learn stand-in arrives well within this, even on a shared, busy machine. */
const LEARN_TIMEOUT_MS = 3_000;

describe('certifications, over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;
  let logs: string[];

  beforeEach(async () => {
    // The slow transcript never answers within a test: its fetches end by the bot's time-out.
    learn = new LearnStandIn({ slowDelayMs: 10 * 60_000 });
    const learnUrl = await learn.start();
    const captured = capturedLogger();
    logs = captured.lines;
    h = await new Harness(
      { LEARN_API_URL: learnUrl },
      {
        log: captured.log,
        proactive: { background: false },
        certifications: { background: false, learn: { timeoutMs: LEARN_TIMEOUT_MS, attempts: 3, backoffBaseMs: 5 } },
      },
    ).start();
    learn = Object.assign(learn, {});
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await associateAdele(adele);
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  it('the card asks for the share link, says where to find it, what is kept and when it counts; a link pasted in a sentence shows the certifications', async () => {
    const asked = cardText(adele.latestCard('Microsoft exams and certifications').card);
    assert.match(asked, /profile → Transcript → Share link/);
    assert.match(
      asked,
      /contact email and Learn user name \(or certification ID\) are only compared, as keyed hashes, and never kept; your legal name isn't read/,
    );
    assert.match(
      asked,
      /counts when its contact email is the personal account you associated, and for one person in your organization/,
    );
    assert.match(asked, /doesn't prove whose transcript it is/);

    const turn = await adele.say(`Here is my transcript: ${linkOf(DEV_SHARE_IDS.adele)} — thanks!`);
    const seen = replyTexts(turn.replies);
    assert.match(seen, /Read 4 certifications from your Microsoft Learn transcript/);
    assert.match(seen, /Renewal open/);
    assert.match(seen, /Microsoft Certified: Azure Solutions Architect Expert/);
    assert.match(seen, /Microsoft 365 Certified: Fundamentals\s+no expiry/);
    assert.match(seen, /Show 1 expired or retired/);
    assert.match(seen, /Your AZ-104 counts toward/);
    assert.match(seen, /Read from Microsoft Learn just now/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 1);
  });

  it('a link typed into the card box without a locale works too; "refresh" reads again', async () => {
    const box = adele.latestCard('Read my transcript');
    const answered = await submitLink(adele, box.id, linkOf(DEV_SHARE_IDS.adele, null));
    assert.match(answerText(answered), /Microsoft Certified: Azure Administrator Associate/);
    h.clock.advanceMs(3 * 60 * 60 * 1000);
    const refreshed = await adele.say('refresh');
    assert.match(replyTexts(refreshed.replies), /read again from Microsoft Learn just now/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 2);
    const empty = await submitLink(adele, adele.latestCard('Read my transcript').id, '   ');
    assert.match(answerText(empty), /Paste your transcript share link into the box first/);
  });

  it('not a link → what a valid one looks like; 404 → no longer shared and how to share again', async () => {
    const invalid = await adele.say('my transcript is at learn.microsoft.com/users/me');
    assert.match(
      replyTexts(invalid.replies),
      /isn't a Microsoft Learn transcript share link, so nothing was changed\. A share link looks like https:\/\/learn\.microsoft\.com\/en-us\/users\/your-name\/transcript\//,
    );
    const gone = await adele.say(linkOf(DEV_SHARE_IDS.unshared));
    assert.match(
      replyTexts(gone.replies),
      /no longer shared.*To share it again: Microsoft Learn profile → Transcript → Share link/s,
    );
  });

  it('Learn slow or unreachable → retried a few times, then the cached certifications with their age', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceMs(5 * 60 * 60 * 1000);
    learn.mode = 'unreachable';
    const before = learn.requestCount(DEV_SHARE_IDS.adele);
    const turn = await adele.say('refresh');
    const seen = replyTexts(turn.replies);
    assert.match(seen, /can't reach Microsoft Learn right now\. Nothing was lost/);
    assert.match(seen, /Microsoft Certified: Azure Administrator Associate/);
    assert.match(seen, /Read from Microsoft Learn 5 hours ago/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele) - before, 3, 'three attempts');

    learn.mode = 'up';
    const slow = await adele.say(
      `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${DEV_SHARE_IDS.slow}`,
    );
    assert.match(
      replyTexts(slow.replies),
      /can't reach Microsoft Learn right now, so I couldn't read your certifications yet\. Your link is saved/,
    );
    assert.equal(learn.requestCount(DEV_SHARE_IDS.slow), 3, 'each attempt timed out');
  });

  it('Learn down after a successful fetch → cached shown with its age; a wrong shape is the same, and logged for the operator', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceDays(2);
    learn.mode = 'down';
    const down = replyTexts((await adele.say('refresh')).replies);
    assert.match(down, /Nothing was lost: the card shows what I read before/);
    assert.match(down, /Microsoft Certified: Azure Administrator Associate/);
    assert.match(down, /Read from Microsoft Learn 48 hours ago|Read from Microsoft Learn 2 days ago/);
    // One Learn read per link a minute.
    h.clock.advanceMs(60_000);
    learn.mode = 'wrong-shape';
    const odd = replyTexts((await adele.say('refresh')).replies);
    assert.match(odd, /Nothing was lost/);
    assert.match(odd, /Microsoft Certified: Azure Administrator Associate/);
    assert.ok(
      logs.some((l) => l.includes('wrong-shape')),
      'the operator log names the wrong shape',
    );
  });

  it("a transcript whose contact email is someone else's is flagged and credits nothing, even once the person says it is theirs", async () => {
    const turn = await adele.say(linkOf(DEV_SHARE_IDS.someoneElse));
    const seen = replyTexts(turn.replies);
    assert.match(
      seen,
      /contact email on that transcript isn't the personal account you associated \(a\*\*\*@outlook\.com\)/,
    );
    assert.doesNotMatch(seen, /counts toward/);
    const confirmed = await adele.press(adele.latestCard('This transcript is mine').id, 'This transcript is mine');
    assert.match(cardText(confirmed.card), /Self-declared/);
    assert.match(cardText(confirmed.card), /counts for your organization once a partner admin approves it/);
    assert.doesNotMatch(cardText(confirmed.card), /counts toward/);
  });

  it('no PII (legal name, MCID, contact email, share id) in any message, log line or database row', async () => {
    await adele.say(`see ${linkOf(DEV_SHARE_IDS.adele)}`);
    h.clock.advanceMs(60_000);
    await adele.say('refresh');
    learn.mode = 'wrong-shape';
    h.clock.advanceMs(60_000);
    await adele.say('refresh');
    await h.app.proactive.worker.runOnce();
    const messages = JSON.stringify(h.channel.activities(adele.conversationId)).toLowerCase();
    const logText = logs.join('\n').toLowerCase();
    const rows = dumpText(allRows(h.sqlitePath));
    const bytes = fs
      .readdirSync(path.dirname(h.sqlitePath))
      .map((f) => fs.readFileSync(path.join(path.dirname(h.sqlitePath), f)).toString('latin1'))
      .join('\n')
      .toLowerCase();
    assert.ok(rows.includes('azure administrator associate'), 'the test looks where the certifications are');
    for (const secret of ADELE_PII) {
      const s = secret.toLowerCase();
      assert.ok(!messages.includes(s), `no message holds ${secret}`);
      assert.ok(!logText.includes(s), `no log line holds ${secret}`);
      assert.ok(!rows.includes(s), `no row holds ${secret}`);
      assert.ok(!bytes.includes(s), `no byte of the database files holds ${secret}`);
    }
  });

  it('delete my data removes the share id, the cached certifications, the reminders and the conversation reference', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    assert.ok(
      (allRows(h.sqlitePath).proactive_jobs ?? []).length > 0,
      'the renewal shown on the card is recorded, so it is never sent',
    );
    await adele.say('what do you store about me');
    const words = cardText(adele.latestCard('What Partner Link stores about you').card);
    assert.match(words, /Transcript share link\s+saved Nov 24, 2026 \(encrypted; not shown\)/);
    assert.match(words, /Certifications read\s+4, read Nov 24, 2026/);
    assert.ok(!words.includes(DEV_SHARE_IDS.adele), 'the share id is never shown');
    await adele.say('delete my data');
    assert.match(
      cardText(adele.latestCard('Yes, delete my data').card),
      /your transcript share link and the certifications read from it; your renewal reminders/,
    );
    await adele.press(adele.latestCard('Yes, delete my data').id, 'Yes, delete my data');
    const rows = allRows(h.sqlitePath);
    assert.deepEqual(rows.certification_links, []);
    assert.deepEqual(rows.proactive_jobs, []);
    assert.deepEqual(rows.reminder_preferences, []);
    assert.deepEqual(rows.conversation_references, []);
    const text = dumpText(rows);
    assert.ok(!text.includes('azure administrator'), 'no certification is left');
  });

  it('removing the Learning association forgets the certifications, and no reminder is left to send', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    const asked = await adele.press(adele.latestCard('Remove association').id, 'Remove association');
    assert.doesNotMatch(cardText(asked.card), /Azure Administrator/, 'the confirmation shows no certifications');
    const removed = await adele.press(adele.latestCard('Yes, remove association').id, 'Yes, remove association');
    assert.match(cardText(removed.card), /association removed/);
    const rows = allRows(h.sqlitePath);
    assert.deepEqual(rows.certification_links, []);
    assert.deepEqual(
      (rows.proactive_jobs ?? []).filter((j) => j.state === 'queued'),
      [],
    );
    await h.app.proactive.worker.runOnce();
    assert.equal(reminderMessages(h, adele).length, 0);
  });

  it('with 60 certifications the card stays under 28 KB', async () => {
    const turn = await adele.say(linkOf(DEV_SHARE_IDS.sixty));
    const card: unknown = turn.replies.flatMap((r) => r.attachments ?? [])[0]?.content;
    const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
    assert.ok(size < 28 * 1024, `${size} bytes`);
    const seen = cardText(card);
    assert.match(seen, /Renewal open \(10\)/);
    assert.match(seen, /Show 15 expired or retired/);
  });

  it('a link posted in a group chat is not read; the person is told to use the 1:1 chat', async () => {
    const megan = h.chat({ name: 'Megan Bowen', tenantId: CONTOSO, aadObjectId: work('megan').objectId });
    const [adeleInGroup] = h.groupChat([adele, megan]);
    const turn = await adeleInGroup!.say(`<at>Partner Link</at> ${linkOf(DEV_SHARE_IDS.adele)}`);
    assert.match(replyTexts(turn.replies), /Paste it in your 1:1 chat with Partner Link instead/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 0);
    assert.deepEqual(allRows(h.sqlitePath).certification_links, []);
    const refresh = await adeleInGroup!.say('refresh');
    assert.doesNotMatch(replyTexts(refresh.replies), /Azure|certification/i);
  });
});
