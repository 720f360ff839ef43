// Over real HTTP: after "delete my data" nothing readable about the personal accounts is
// left in any row of the SQLite file (nor in its bytes), the card said exactly what stays, the
// 30-day rule still holds for the same Learning account, and what stays is purged a year later.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Harness } from '../support/harness';
import { allRows, dumpText } from '../support/sqlite-rows';
import { cardText, replyTexts, type TeamsChat, type TurnResult, oauthCardIn } from '../support/teams-chat';
import { CONTOSO, personal, work } from '../support/dev-people';

const GET_PU = 'Get Partner University access';
const ASSOCIATE_LEARNING = 'Associate Microsoft Learning account';

async function link(chat: TeamsChat, button: string, personalEmail: string): Promise<TurnResult> {
  await chat.say('status');
  let last: TurnResult = await chat.press(chat.latestCard(button).id, button);
  if (oauthCardIn(last) === 'WorkAccount') last = await chat.signInAs(work('adele').email);
  if (oauthCardIn(last) === 'PersonalAccount') last = await chat.signInAs(personalEmail);
  return last;
}

describe('delete my data, over HTTP', function () {
  let h: Harness;
  let adele: TeamsChat;

  beforeEach(async () => {
    h = await new Harness().start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => h.stop());

  it('leaves no personal id or masked address in any row or byte, keeps the cool-off for the same Learning account, purges a year later', async () => {
    assert.match(
      replyTexts((await link(adele, GET_PU, personal('adele').email)).replies),
      /linked to a\*\*\*@outlook\.com/,
    );
    assert.match(
      replyTexts((await link(adele, ASSOCIATE_LEARNING, personal('megan').email)).replies),
      /m\*\*\*@outlook\.com/,
    );
    const readable = [
      personal('adele').objectId,
      personal('megan').objectId,
      'a***@outlook.com',
      'm***@outlook.com',
      personal('megan').email,
    ];
    const before = dumpText(allRows(h.sqlitePath));
    assert.ok(
      readable.slice(0, 4).every((r) => before.includes(r)),
      'the test looks for what was stored',
    );

    await adele.say('delete my data');
    const confirm = adele.latestCard('Yes, delete my data');
    const words = cardText(confirm.card);
    assert.match(words, /keyed hash of its id/);
    assert.match(
      words,
      /No personal address \(not even masked\), no name, no account id, no transcript link and no certification are kept/,
    );
    assert.doesNotMatch(words, /masked addresses only/);
    const deleted = await adele.press(confirm.id, 'Yes, delete my data');
    assert.match(
      cardText(deleted.card),
      /Kept for 365 days, under keyed hashes only \(never your name, an address or an account id\): a dated record that this happened, the dates your Learning account was associated/,
    );

    const rows = allRows(h.sqlitePath);
    const text = dumpText(rows);
    for (const r of readable) assert.ok(!text.includes(r.toLowerCase()), `no row of any table holds ${r}`);
    assert.ok(!text.includes('megan bowen'), 'nor the personal display name');
    assert.deepEqual(rows.associations, []);
    assert.deepEqual(
      (rows.audit_log ?? []).map((r) => [r.action, r.purpose, r.personal_masked_email]),
      [
        ['link', 'learning', null],
        ['delete-data', null, null],
      ],
    );
    for (const name of fs.readdirSync(path.dirname(h.sqlitePath))) {
      const bytes = fs.readFileSync(path.join(path.dirname(h.sqlitePath), name));
      for (const r of readable) assert.equal(bytes.includes(r), false, `${name} holds no ${r}`);
    }

    h.clock.advanceDays(10);
    const again = await link(adele, ASSOCIATE_LEARNING, personal('megan').email);
    assert.match(
      replyTexts(again.replies),
      /30 days between associations\. Your next available date for a subsequent association is December 24, 2026/,
    );

    h.clock.advanceDays(356); // 366 days after the deletion
    await h.restartBot();
    assert.deepEqual(allRows(h.sqlitePath).audit_log, [], 'the start-up purge forgot the deleted person');
  });
  it('"delete my data" also signs the person out of the work connection: the next link asks for the work account again', async () => {
    await link(adele, GET_PU, personal('adele').email);
    // The work sign-in is kept by the token service: a second flow would skip the work step.
    await adele.say('delete my data');
    const confirm = adele.latestCard('Yes, delete my data');
    await adele.press(confirm.id, 'Yes, delete my data');
    const signOuts = h.signIn
      .calls()
      .filter(
        (c) => c.method === 'DELETE' && c.path === '/api/usertoken/SignOut' && c.query.connectionName === 'WorkAccount',
      );
    assert.equal(signOuts.length, 1, 'one work sign-out at the token service');
    await adele.say('status');
    const next = await adele.press(adele.latestCard(GET_PU).id, GET_PU);
    assert.equal(oauthCardIn(next), 'WorkAccount', 'the work account is asked for again');
  });
});
