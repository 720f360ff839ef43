// The personal tab's API over real HTTP, with tokens signed by the local issuer (the sign-in stand-in)
// and checked exactly as Microsoft's would be: every kind of bad token is a 401 with a plain sentence
// and changes nothing; the tab sees what the bot stored and removes with the store's outcomes; the
// person's name comes from Microsoft Graph through msal-node's on-behalf-of call.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Association, Purpose } from '../../src/associations/model';
import { CONSUMER_TENANT_ID } from '../../src/associations/model';
import { signJwt, type SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { CONTOSO, personal, work } from '../support/dev-people';
import { TAB_APP, TabHarness } from '../support/tab-harness';
import { cardText, type TeamsChat, type TurnResult } from '../support/teams-chat';

interface Section {
  purpose: Purpose;
  heading: string;
  notLinkedText: string;
  linkTitle: string;
  removeTitle: string;
  linked: { associationId: string; maskedEmail: string; linkedAt: string } | null;
  viewTrainingUrl: string | null;
}

const sections = (body: Record<string, unknown>) => body.sections as Section[];
const section = (body: Record<string, unknown>, purpose: Purpose) =>
  sections(body).find((s) => s.purpose === purpose) as Section;
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string };

async function seed(
  h: TabHarness,
  who: 'adele' | 'alex',
  purpose: Purpose,
  personalWho: 'adele' | 'alex' | 'megan' = who,
): Promise<Association> {
  const user = work(who);
  const outcome = await h.app.store.link(
    {
      user: { tenantId: user.tenantId, objectId: user.objectId, displayName: user.displayName },
      purpose,
      personal: {
        accountId: personal(personalWho).objectId,
        displayName: personal(personalWho).displayName,
        maskedEmail: `${personal(personalWho).email[0] ?? 'x'}***@${personal(personalWho).email.split('@')[1] ?? ''}`,
      },
    },
    h.clock.now(),
  );
  assert.equal(outcome.kind, 'linked');
  return (outcome as { association: Association }).association;
}

/** Tokens a person could present, each wrong in exactly one way. */
function badTokens(standIn: SignInStandIn): Record<string, string | undefined> {
  const adele = work('adele').email;
  const now = Math.floor(Date.now() / 1000);
  const good = standIn.tabToken(adele);
  const [header, payload] = good.split('.') as [string, string, string];
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const kid = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid: string }).kid;
  return {
    'no token at all': undefined,
    'not a JWT': 'not-a-token',
    'signed with another key (same kid)': signJwt({ alg: 'RS256', typ: 'JWT', kid }, claims, otherKey),
    'unsigned (alg none)': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
    'payload changed after signing': `${header}.${Buffer.from(JSON.stringify({ ...claims, oid: work('alex').objectId })).toString('base64url')}.${good.split('.')[2] ?? ''}`,
    'from another issuer': standIn.tabToken(adele, { iss: `https://login.microsoftonline.com/${CONTOSO}/v2.0` }),
    'a v1 token (sts.windows.net issuer)': standIn.tabToken(adele, { iss: `https://sts.windows.net/${CONTOSO}/` }),
    'for another audience': standIn.tabToken(adele, { aud: randomUUID() }),
    'for Microsoft Graph instead of the tab': standIn.tabToken(adele, { aud: 'https://graph.microsoft.com' }),
    expired: standIn.tabToken(adele, { exp: now - 600 }),
    'not valid yet': standIn.tabToken(adele, { nbf: now + 600 }),
    'without the access_as_user scope': standIn.tabToken(adele, { scp: 'User.Read' }),
    'from another organization': standIn.tabToken(work('fabrikam').email),
    'from the personal-account tenant': standIn.tabToken(adele, {
      tid: CONSUMER_TENANT_ID,
      iss: `${standIn.httpsUrl}/${CONSUMER_TENANT_ID}/v2.0`,
    }),
  };
}

describe('personal tab API (/api/tab)', function () {
  this.timeout(30_000);
  let h: TabHarness;

  beforeEach(async () => {
    h = await new TabHarness().start();
  });
  afterEach(async () => h.stop());

  it('serves the tab page with a CSP that lets Teams frame it and runs only its own scripts', async () => {
    const page = await fetch(`${h.botUrl}/tab`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(
      csp,
      /frame-ancestors [^;]*https:\/\/teams\.microsoft\.com [^;]*https:\/\/\*\.teams\.microsoft\.com [^;]*https:\/\/\*\.office\.com [^;]*https:\/\/\*\.cloud\.microsoft/,
    );
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /http:\/\/127\.0\.0\.1:\*/, 'framed locally too (local mode only)');
    assert.match(await page.text(), /<script type="module" src="\/tab\/tab\.js"><\/script>/);
    for (const asset of ['tab.js', 'tab.css', 'teams-js.js'])
      assert.equal((await fetch(`${h.botUrl}/tab/${asset}`)).status, 200, asset);
    assert.equal((await fetch(`${h.botUrl}/tab/..%2F..%2Fpackage.json`)).status, 404);
  });

  it("tells the page how to sign in locally: the issuer's authorize page, the tab app and its scope", async () => {
    const config = await h.api('GET', '/api/tab/config');
    assert.equal(config.status, 200);
    assert.equal(config.body.enabled, true);
    assert.equal(config.body.local, true);
    assert.deepEqual(config.body.localSignIn, {
      authorizeUrl: `${h.signIn.url}/${CONTOSO}/oauth2/v2.0/authorize`,
      clientId: TAB_APP.clientId,
      scope: `${TAB_APP.appIdUri}/access_as_user`,
    });
    assert.equal((config.body.chat as { localChatUrl: string }).localChatUrl, 'http://127.0.0.1:9/playground');
  });

  it('refuses every bad token with 401 and a plain sentence, and changes nothing', async () => {
    const linked = await seed(h, 'adele', 'training');
    for (const [what, token] of Object.entries(badTokens(h.signIn))) {
      for (const [method, route, body] of [
        ['GET', '/api/tab/learning', undefined],
        ['POST', '/api/tab/remove', { purpose: 'training', associationId: linked.id }],
      ] as const) {
        const answer = await h.api(method, route, token, body);
        assert.equal(
          answer.status,
          401,
          `${what}: ${method} ${route} -> ${answer.status} ${JSON.stringify(answer.body)}`,
        );
        const error = errorOf(answer.body);
        assert.match(error.message, /^[A-Z][^\n]*[.)]$/, `${what}: one plain sentence, got ${error.message}`);
        assert.doesNotMatch(error.message, /at .*\.js|Error:|JWS|JWT|jose/i, `${what}: no internals`);
        assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer /);
      }
    }
    assert.deepEqual(
      (await h.app.store.list(work('adele'))).map((a) => a.id),
      [linked.id],
      'nothing was removed',
    );
    const log = h.logLines.join('');
    for (const token of Object.values(badTokens(h.signIn)))
      if (token && token.length > 20) assert.ok(!log.includes(token.split('.')[2] || token), 'no token in the logs');
  });

  it('names the problem the person can act on: expired, another organization, a personal account', async () => {
    const tokens = badTokens(h.signIn);
    assert.match(
      errorOf((await h.api('GET', '/api/tab/learning', tokens.expired)).body).message,
      /sign-in has expired/,
    );
    assert.match(
      errorOf((await h.api('GET', '/api/tab/learning', tokens['from another organization'])).body).message,
      /different organization/,
    );
    assert.match(
      errorOf((await h.api('GET', '/api/tab/learning', tokens['from the personal-account tenant'])).body).message,
      /personal Microsoft account/,
    );
    assert.equal(
      errorOf((await h.api('GET', '/api/tab/learning', tokens['for another audience'])).body).code,
      'token-audience',
    );
    assert.equal(
      errorOf((await h.api('GET', '/api/tab/learning', tokens['signed with another key (same kid)'])).body).code,
      'token-signature',
    );
    assert.equal(
      errorOf((await h.api('GET', '/api/tab/learning', tokens['from another issuer'])).body).code,
      'token-issuer',
    );
  });

  it("shows what the bot stored in chat, with the card's wording, and the name from Microsoft Graph (on-behalf-of)", async () => {
    const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await adele.say('hi');
    await linkInChat(adele, 'Get Partner University access', work('adele').email, personal('adele').email);

    const answer = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.person, { displayName: 'Adele Vance' });
    assert.deepEqual(
      sections(answer.body).map((s) => s.heading),
      ['Microsoft training & assessments', 'Microsoft exams and certifications'],
    );
    const training = section(answer.body, 'training');
    assert.equal(training.linked?.maskedEmail, 'a***@outlook.com');
    assert.equal(training.removeTitle, 'Remove access');
    assert.equal(training.viewTrainingUrl, 'https://training.example.test/partner-university');
    const learning = section(answer.body, 'learning');
    assert.equal(learning.linked, null);
    assert.match(
      learning.notLinkedText,
      /^Associate a Microsoft account that you have used to complete exams and certifications/,
    );
    assert.equal(learning.linkTitle, 'Associate Microsoft Learning account');

    // The Graph name came through msal-node: an on-behalf-of grant at the issuer, then Graph /me.
    const calls = h.signIn.calls().map((c) => `${c.method} ${c.path} ${c.status}`);
    assert.ok(calls.includes(`POST /${CONTOSO}/oauth2/v2.0/token 200`), calls.join('\n'));
    assert.ok(calls.filter((c) => c === 'GET /v1.0/me 200').length >= 1);
  });

  it("removes with the store's outcomes: removed, already removed, stale — and the chat sees it", async () => {
    const token = h.signIn.tabToken(work('adele').email);
    const first = await seed(h, 'adele', 'training');
    await seed(h, 'adele', 'learning');

    const removed = await h.api('POST', '/api/tab/remove', token, { purpose: 'training', associationId: first.id });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.outcome, 'removed');
    assert.deepEqual(removed.body.notice, { tone: 'good', text: 'Partner University access removed.' });
    assert.equal(section(removed.body, 'training').linked, null);
    assert.equal(section(removed.body, 'training').linkTitle, 'Get Partner University access');
    assert.notEqual(section(removed.body, 'learning').linked, null, 'the other association stays');

    const again = await h.api('POST', '/api/tab/remove', token, { purpose: 'training', associationId: first.id });
    assert.equal(again.body.outcome, 'already-removed');
    assert.match((again.body.notice as { text: string }).text, /already removed/);

    h.clock.advanceDays(1);
    const second = await seed(h, 'adele', 'training', 'megan');
    const stale = await h.api('POST', '/api/tab/remove', token, { purpose: 'training', associationId: first.id });
    assert.equal(stale.body.outcome, 'stale');
    assert.equal(section(stale.body, 'training').linked?.associationId, second.id, 'the current one is kept and shown');

    const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await adele.say('status');
    assert.match(cardText(adele.latestCard('Your learning').card), /Linked to m\*\*\*@outlook\.com since/);
  });

  it('acts only as the person in the token: a body cannot name someone else, another person cannot remove', async () => {
    const adeles = await seed(h, 'adele', 'training');
    const alexToken = h.signIn.tabToken(work('alex').email);
    const smuggled = await h.api('POST', '/api/tab/remove', alexToken, {
      purpose: 'training',
      associationId: adeles.id,
      tenantId: CONTOSO,
      objectId: work('adele').objectId,
    });
    assert.equal(smuggled.status, 400);
    const asAlex = await h.api('POST', '/api/tab/remove', alexToken, { purpose: 'training', associationId: adeles.id });
    assert.equal(
      asAlex.body.outcome,
      'already-removed',
      "Alex has nothing linked; Adele's association is not his to remove",
    );
    assert.deepEqual(
      (await h.app.store.list(work('adele'))).map((a) => a.id),
      [adeles.id],
    );
  });

  it('answers 400 with a plain sentence for bodies it cannot use', async () => {
    const linked = await seed(h, 'adele', 'training');
    const token = h.signIn.tabToken(work('adele').email);
    for (const body of [
      {},
      { purpose: 'everything', associationId: linked.id },
      { purpose: 'training' },
      { purpose: 'training', associationId: '' },
      '{"purpose": "training",',
      '[]',
    ]) {
      const answer = await h.api('POST', '/api/tab/remove', token, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.doesNotMatch(JSON.stringify(answer.body), /at .*\.js:\d+/);
    }
    assert.equal((await h.app.store.list(work('adele'))).length, 1);
    assert.equal((await h.api('GET', '/healthz')).status, 200, 'still serving');
  });
});

describe('personal tab API, degraded', function () {
  this.timeout(30_000);

  it('still shows the learning state when the on-behalf-of call is refused (wrong client secret), without a name', async () => {
    const h = await new TabHarness(() => ({ TAB_CLIENT_SECRET: 'not-the-secret' })).start();
    try {
      await seed(h, 'adele', 'learning');
      const answer = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.person, null);
      assert.notEqual(section(answer.body, 'learning').linked, null);
      assert.ok(
        h.signIn.calls().some((c) => c.path.endsWith('/oauth2/v2.0/token') && c.status === 401),
        'the issuer refused the client',
      );
      assert.ok(h.logLines.some((l) => l.includes('tab.obo.failed')));
    } finally {
      await h.stop();
    }
  });

  it('is off, and says so in plain words, without TAB_CLIENT_ID', async () => {
    const h = await new TabHarness(() => ({
      TAB_CLIENT_ID: '',
      TAB_CLIENT_SECRET: '',
      TAB_APP_ID_URI: '',
      TAB_TENANT_ID: '',
      TAB_AUTHORITY_CA_FILE: '',
    })).start();
    try {
      const config = await h.api('GET', '/api/tab/config');
      assert.equal(config.body.enabled, false);
      assert.match(String(config.body.message), /not set up on this server/);
      const learning = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email));
      assert.equal(learning.status, 503);
      assert.equal(errorOf(learning.body).code, 'tab-off');
      assert.equal((await fetch(`${h.botUrl}/tab`)).status, 200, 'the page still loads and explains');
    } finally {
      await h.stop();
    }
  });
});

async function linkInChat(chat: TeamsChat, button: string, workEmail: string, personalEmail: string): Promise<void> {
  const oauthCardIn = (turn: TurnResult) =>
    (
      turn.replies
        .flatMap((r) => r.attachments ?? [])
        .find((a) => a.contentType === 'application/vnd.microsoft.card.oauth')?.content as
        { connectionName?: string } | undefined
    )?.connectionName;
  const start = chat.latestCard(button);
  let last: TurnResult = await chat.press(start.id, button);
  if (oauthCardIn(last) === 'WorkAccount') last = await chat.signInAs(workEmail);
  if (oauthCardIn(last) === 'PersonalAccount') last = await chat.signInAs(personalEmail);
}
