// Over real HTTP: the personal sign-in accepts only what is positively a personal
// Microsoft account (whatever shape its token has), and keeps no full address even when Graph
// gives no display name.
import assert from 'node:assert/strict';
import { CONSUMER_TENANT_ID } from '../../src/associations/model';
import { DEV_IDENTITIES, type DevIdentity } from '../../src/stand-ins/dev-identities';
import { Harness } from '../support/harness';
import { allRows, dumpText } from '../support/sqlite-rows';
import { buttons, cardText, replyTexts, type TeamsChat, type TurnResult } from '../support/teams-chat';
import { CONTOSO, work } from '../support/dev-people';

const GET_PU = 'Get Partner University access';
const byEmail = (email: string): DevIdentity => {
  const found = DEV_IDENTITIES.find((i) => i.email === email);
  if (!found) throw new Error(`no dev identity ${email}`);
  return found;
};

/** Work account (Adele's), then `personalEmail` on the personal sign-in page; the last turn. */
async function linkPartnerUniversity(chat: TeamsChat, personalEmail: string): Promise<TurnResult> {
  await chat.say('status');
  await chat.press(chat.latestCard(GET_PU).id, GET_PU);
  await chat.signInAs(work('adele').email);
  assert.equal(chat.latestSignInLink().connectionName, 'PersonalAccount');
  return chat.signInAs(personalEmail);
}

describe('personal accounts identified positively, over HTTP', function () {
  let h: Harness;
  let adele: TeamsChat;

  beforeEach(async () => {
    h = await new Harness().start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => h.stop());

  const tokenOf = (email: string) => {
    const token = h.signIn.issueToken(email);
    const parts = token.split('.');
    return {
      parts: parts.length,
      claims:
        parts.length === 3
          ? (JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>)
          : undefined,
    };
  };

  const cases: [string, string, (t: ReturnType<typeof tokenOf>) => void][] = [
    ['(a) a JWT with a work tenant as tid', work('alex').email, (t) => assert.equal(t.claims?.tid, CONTOSO)],
    [
      '(b) a JWT without tid, Graph id a GUID',
      'johanna.lorenz@contoso.example',
      (t) => assert.ok(t.claims && !('tid' in t.claims)),
    ],
    ['(c) an opaque token, Graph id a GUID', 'joni.sherman@contoso.example', (t) => assert.equal(t.parts, 1)],
  ];
  for (const [name, email, tokenShape] of cases) {
    it(`refuses ${name} at the personal step with the work-account words, and stores nothing`, async () => {
      tokenShape(tokenOf(email)); // the stand-in really hands out that shape
      const done = await linkPartnerUniversity(adele, email);
      assert.match(
        replyTexts(done.replies),
        /That was a work account\. Partner University and Microsoft Learning need your personal Microsoft account/,
      );
      const rows = allRows(h.sqlitePath);
      assert.deepEqual(rows.associations, []);
      assert.deepEqual(rows.audit_log, [], 'not even an audit entry');
      assert.deepEqual(rows.pending_moves, []);
      assert.ok(!dumpText(rows).includes(byEmail(email).objectId.toLowerCase()), 'the refused account id is nowhere');
      assert.ok(
        h.signIn.calls().some((c) => c.method === 'DELETE' && c.query.connectionName === 'PersonalAccount'),
        'the personal connection is signed out',
      );
      await adele.say('status');
      assert.ok(
        buttons(adele.latestCard().card).some((b) => b.title === GET_PU),
        'still offered: nothing was linked',
      );
    });
  }

  for (const [email, id, stored] of [
    ['pradeep.gupta@outlook.com', 'a1b2c3d4e5f6', '0000a1b2c3d4e5f6'],
    ['grady.archie@live.com', '00000000000A1B2C', '00000000000a1b2c'],
  ] as const) {
    it(`accepts a Microsoft-account id like '${id}' and keeps one spelling of it`, async () => {
      assert.equal(byEmail(email).objectId, id);
      const done = await linkPartnerUniversity(adele, email);
      assert.match(replyTexts(done.replies), /Partner University access is linked to/);
      const rows = allRows(h.sqlitePath);
      assert.deepEqual(
        rows.associations?.map((r) => r.personal_account_id),
        [stored],
      );
    });
  }

  it('accepts a personal JWT whose tid is the consumer tenant', async () => {
    assert.equal(tokenOf('pradeep.gupta@outlook.com').claims?.tid, CONSUMER_TENANT_ID);
    const done = await linkPartnerUniversity(adele, 'pradeep.gupta@outlook.com');
    assert.match(replyTexts(done.replies), /linked to p\*\*\*@outlook\.com/);
  });

  for (const email of ['johanna.lorenz@contoso.example', 'joni.sherman@contoso.example']) {
    it(`the work step, too, takes only what is positively a work account (${email}: no tid in the token)`, async () => {
      const me = h.chat({ name: email, tenantId: CONTOSO, aadObjectId: byEmail(email).objectId });
      await me.say('status');
      await me.press(me.latestCard(GET_PU).id, GET_PU);
      const turn = await me.signInAs(email);
      assert.match(replyTexts(turn.replies), /Nothing was saved/);
      assert.equal(me.latestSignInLink().connectionName, 'WorkAccount', 'no personal sign-in was asked for');
      assert.deepEqual(allRows(h.sqlitePath).associations, []);
    });
  }

  it('without a displayName from Graph, the masked address is stored as the name, never the full one', async () => {
    const kim = byEmail('kim.akers@outlook.com');
    const me = (await (
      await fetch(`${h.signInUrl}/v1.0/me`, { headers: { authorization: `Bearer ${h.signIn.issueToken(kim.email)}` } })
    ).json()) as Record<string, unknown>;
    assert.ok(!('displayName' in me), 'Graph gives no displayName for this account');
    const done = await linkPartnerUniversity(adele, kim.email);
    assert.match(replyTexts(done.replies), /linked to k\*\*\*@outlook\.com/);
    const rows = allRows(h.sqlitePath);
    assert.deepEqual(
      rows.associations?.map((r) => r.personal_display_name),
      ['k***@outlook.com'],
    );
    assert.ok(!dumpText(rows).includes(kim.email), 'the full address is in no row');
    await adele.say('what do you store about me?');
    assert.ok(!cardText(adele.latestCard().card).includes(kim.email));
  });
});
