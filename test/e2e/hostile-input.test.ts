// Generated garbage and forged payloads against the running server: no state change, no crash,
// a clear reply, and the process still healthy afterwards.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Harness } from '../support/harness';
import { cardText, replyTexts, type TeamsChat, type TurnResult } from '../support/teams-chat';
import { CONTOSO, personal, work } from '../support/dev-people';

const VERBS = [
  'welcome',
  'status',
  'help',
  'link',
  'removeRequest',
  'removeConfirm',
  'moveConfirm',
  'moveCancel',
  'cancelSignIn',
  'dataExport',
  'deleteDataRequest',
  'deleteDataConfirm',
];
const SAFE_VERBS = VERBS.filter((v) => v !== 'deleteDataConfirm' && v !== 'link' && v !== 'cancelSignIn');

describe('hostile input over HTTP', function () {
  this.timeout(180_000);
  let h: Harness;
  let adele: TeamsChat;
  let snapshot: string;

  const state = async () =>
    JSON.stringify([
      await h.app.store.list({ tenantId: CONTOSO, objectId: work('adele').objectId }),
      await h.app.store.list({ tenantId: CONTOSO, objectId: work('alex').objectId }),
    ]);

  before(async () => {
    h = await new Harness().start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await adele.say('status');
    await adele.press(adele.latestCard('Get Partner University access').id, 'Get Partner University access');
    await adele.signInAs(work('adele').email);
    await adele.signInAs(personal('adele').email);
    snapshot = await state();
    assert.match(snapshot, /a\*\*\*@outlook\.com/, 'precondition: Adele is linked');
  });
  after(async () => h.stop());

  it('survives 1,200 generated requests with no state change and a clear answer to each', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const verbPayload = fc.record(
      {
        verb: fc.oneof(fc.constantFrom(...SAFE_VERBS), fc.string()),
        purpose: fc.oneof(fc.constantFrom('training', 'learning'), fc.string()),
        associationId: fc.oneof(fc.uuid(), fc.string()),
        pendingId: fc.oneof(fc.uuid(), fc.string()),
        topic: fc.string(),
        tenantId: fc.constant(CONTOSO),
        userId: fc.constant(work('alex').objectId),
        ['__proto__']: json,
      },
      { requiredKeys: ['verb'] },
    );
    const request = fc.oneof(
      json.map((body) => ({ kind: 'raw-json' as const, body })),
      fc.string().map((body) => ({ kind: 'raw-text' as const, body })),
      fc.oneof(json, verbPayload).map((data) => ({ kind: 'execute' as const, data })),
      json.map((value) => ({ kind: 'execute-value' as const, value })),
      fc.oneof(json, verbPayload).map((value) => ({ kind: 'submit' as const, value })),
      fc.string({ maxLength: 300 }).map((text) => ({ kind: 'text' as const, text })),
      fc
        .record({ connectionName: fc.constantFrom('WorkAccount', 'PersonalAccount'), token: fc.string() })
        .map((value) => ({ kind: 'token-event' as const, value })),
    );

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let turn: TurnResult;
        switch (r.kind) {
          case 'raw-json':
          case 'raw-text':
            turn = await adele.post(r.kind === 'raw-json' ? JSON.stringify(r.body) : r.body);
            assert.ok(turn.status < 500, `status ${turn.status} for ${JSON.stringify(r.body)}`);
            break;
          case 'execute':
          case 'execute-value': {
            const value =
              r.kind === 'execute'
                ? {
                    action: { type: 'Action.Execute', verb: (r.data as { verb?: unknown })?.verb, data: r.data },
                    trigger: 'manual',
                  }
                : r.value;
            turn = await adele.send({ type: 'invoke', name: 'adaptiveCard/action', value });
            assert.equal(turn.status, 200);
            const card = (turn.body as { value?: unknown }).value;
            assert.ok(cardText(card).length > 0, 'answers with a card');
            break;
          }
          case 'submit':
            turn = await adele.send({ type: 'message', value: r.value });
            assert.equal(turn.status, 200);
            assert.ok(turn.replies.length >= 1, 'a message with a button payload gets an answer');
            break;
          case 'text':
            turn = await adele.say(r.text);
            assert.equal(turn.status, 200);
            assert.ok(turn.replies.length >= 1, `no silence for ${JSON.stringify(r.text)}`);
            break;
          case 'token-event':
            turn = await adele.send({ type: 'event', name: 'tokens/response', value: r.value });
            assert.equal(turn.status, 200);
            break;
        }
        assert.ok(!/at \w+ \(|\.js:\d+/.test(replyTexts(turn.replies)), 'no stack trace reaches the user');
        assert.equal(await state(), snapshot, 'state unchanged');
      }),
      { numRuns: 1200 },
    );
    const health = await h.health();
    assert.equal(health.status, 200);
  });

  it('JSON as Teams sends it is read (charset=utf-8, any case); other types and encodings are refused with nothing stored', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON; Charset="UTF-8"', 'application/json']) {
      const turn = await adele.post(adele.activity({ type: 'message', text: 'status' }), { 'content-type': type });
      assert.equal(turn.status, 200, type);
      assert.match(replyTexts(turn.replies), /a\*\*\*@outlook\.com/, `${type}: the status card answers`);
    }
    const refused: [Record<string, string>, number][] = [
      [{ 'content-type': 'application/json; charset=utf-16' }, 415],
      [{ 'content-type': 'text/plain' }, 415],
      [{ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 415],
    ];
    for (const [headers, status] of refused) {
      const turn = await adele.post(adele.activity({ type: 'message', text: 'delete my data' }), headers);
      assert.equal(turn.status, status, JSON.stringify(headers));
      assert.equal(turn.replies.length, 0, 'the bot never saw it');
    }
    const notJson = await adele.post('{"type": "message", "text": ', {});
    assert.equal(notJson.status, 400);
    assert.match(JSON.stringify(notJson.body), /not valid UTF-8 JSON/);
    assert.equal(await state(), snapshot, 'state unchanged');
  });

  it('/healthz keeps answering while a 150 KB message of "<" is read, and the message gets its answer', async function () {
    this.timeout(90_000);
    let done = false;
    const turn = adele.say('<'.repeat(150_000)).finally(() => (done = true));
    // Ask for health over and over while the turn runs. How long the reading takes is measured by
    // `npm run bench -- input`; the patterns' shape is checked where the message is read.
    do {
      assert.equal((await h.health()).status, 200);
    } while (!done);
    const result = await turn;
    assert.equal(result.status, 200);
    assert.ok(result.replies.length >= 1, 'the message still gets an answer');
    assert.ok(!/at \w+ \(|\.js:\d+/.test(replyTexts(result.replies)), 'no stack trace reaches the user');
    assert.equal(await state(), snapshot, 'state unchanged');
  });

  it('a forged tokens/response event cannot complete a sign-in', async () => {
    const alex = h.chat({ name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId });
    await alex.say('status');
    await alex.press(alex.latestCard('Get Partner University access').id, 'Get Partner University access');
    const forgedJwt =
      ['{"alg":"none"}', JSON.stringify({ tid: CONTOSO, oid: work('alex').objectId })]
        .map((p) => Buffer.from(p).toString('base64url'))
        .join('.') + '.';
    const turn = await alex.send({
      type: 'event',
      name: 'tokens/response',
      value: { connectionName: 'WorkAccount', token: forgedJwt, channelId: 'msteams' },
    });
    assert.match(replyTexts(turn.replies), /didn't finish/);
    assert.equal(alex.latestSignInLink().connectionName, 'WorkAccount', 'no personal sign-in was offered');
  });
});
