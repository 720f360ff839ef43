// The sign-in stand-in speaks the token service's wire format: proven with botbuilder's own
// UserTokenClientImpl, the client the bot uses.
import assert from 'node:assert/strict';
import https from 'node:https';
import { createPublicKey, verify, type JsonWebKeyInput } from 'node:crypto';
import { ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { PartnerLinkBotAuthentication } from '../../src/channel/bot-authentication';
import { loadConfig } from '../../src/config';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { completeSignIn } from '../support/sign-in-page';
import { personal, work } from '../support/dev-people';

describe('sign-in stand-in (token service wire format)', () => {
  const standIn = new SignInStandIn();
  let url: string;
  let client: UserTokenClient;
  const activity = (userId: string) =>
    ({
      type: 'message',
      id: 'a1',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      from: { id: userId, name: 'U' },
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: 'c1' },
    }) as unknown as Activity;

  before(async () => {
    url = await standIn.start();
    // The very client the bot gets on a turn with channel authentication off.
    client = await new PartnerLinkBotAuthentication(loadConfig({ OAuthUrl: url })).createUserTokenClient(
      new ClaimsIdentity([], 'anonymous'),
    );
  });
  after(async () => standIn.stop());

  it('answers "no token" so that botbuilder sees undefined (404, empty body)', async () => {
    assert.equal(
      await client.getUserToken('nobody', 'WorkAccount', 'msteams', undefined as unknown as string),
      undefined,
    );
  });

  it('turns a sign-in on the page into a single-use 6-digit code, scoped to user, connection and channel', async () => {
    const resource = await client.getSignInResource('WorkAccount', activity('u1'), undefined as unknown as string);
    assert.ok(resource.tokenExchangeResource?.uri?.startsWith('api://botid-'), 'the work connection offers SSO');
    const code = await completeSignIn(resource.signInLink as string, work('adele').email);
    assert.match(code, /^\d{6}$/);
    assert.equal(
      await client.getUserToken('u1', 'WorkAccount', 'msteams', '000000'),
      undefined,
      'a wrong code gets nothing',
    );
    assert.equal(
      await client.getUserToken('u2', 'WorkAccount', 'msteams', code),
      undefined,
      'another user cannot redeem it',
    );
    const token = await client.getUserToken('u1', 'WorkAccount', 'msteams', code);
    assert.equal(token?.connectionName, 'WorkAccount');
    assert.equal(await client.getUserToken('u1', 'WorkAccount', 'msteams', code), undefined, 'a code works once');
    assert.equal(
      (await client.getUserToken('u1', 'WorkAccount', 'msteams', undefined as unknown as string))?.token,
      token?.token,
      'stored after redemption',
    );
    assert.equal(
      await client.getUserToken('u1', 'PersonalAccount', 'msteams', undefined as unknown as string),
      undefined,
    );
    const status = await client.getTokenStatus('u1', 'msteams', 'WorkAccount,PersonalAccount');
    assert.deepEqual(
      status.map((s: { connectionName?: string; hasToken?: boolean }) => [s.connectionName, s.hasToken]),
      [
        ['WorkAccount', true],
        ['PersonalAccount', false],
      ],
    );
    await client.signOutUser('u1', 'WorkAccount', 'msteams');
    assert.equal(await client.getUserToken('u1', 'WorkAccount', 'msteams', undefined as unknown as string), undefined);
  });

  it('signs work tokens (JWT, verifiable with its keys) and gives personal accounts opaque tokens; Graph /me knows both', async () => {
    const workToken = standIn.issueToken(work('adele').email);
    const [header, payload, signature] = workToken.split('.') as [string, string, string];
    const keys = (await (await fetch(`${url}/common/discovery/v2.0/keys`)).json()) as {
      keys: JsonWebKeyInput['key'][];
    };
    const key = createPublicKey({ key: keys.keys[0] as JsonWebKeyInput['key'], format: 'jwk' });
    assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')));
    const me = (await (
      await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${workToken}` } })
    ).json()) as { id: string };
    assert.equal(me.id, work('adele').objectId);

    const personalToken = standIn.issueToken(personal('adele').email);
    assert.equal(personalToken.split('.').length, 1, 'opaque, not a JWT');
    const pme = (await (
      await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${personalToken}` } })
    ).json()) as { id: string; mail: unknown };
    assert.deepEqual([pme.id, pme.mail], [personal('adele').objectId, null]);

    const bad = await fetch(`${url}/v1.0/me`, { headers: { authorization: 'Bearer garbage' } });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    const reports = (await (
      await fetch(`${url}/v1.0/me/directReports`, { headers: { authorization: `Bearer ${workToken}` } })
    ).json()) as { value: unknown[] };
    assert.equal(reports.value.length, 4, 'Adele manages four people');
  });

  it('exchanges a Teams SSO token for the same person, and refuses anything else', async () => {
    const sso = standIn.ssoToken(work('alex').email, 'api://botid-00000000-0000-0000-0000-000000000000');
    const exchanged = await client.exchangeToken('u3', 'WorkAccount', 'msteams', { token: sso });
    assert.ok(exchanged.token);
    const me = (await (
      await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${exchanged.token}` } })
    ).json()) as { id: string };
    assert.equal(me.id, work('alex').objectId);
    const refused = (await client.exchangeToken('u3', 'WorkAccount', 'msteams', { token: 'garbage' })) as unknown as {
      error?: { code: string };
      token?: string;
    };
    assert.equal(refused.token, undefined);
    assert.equal(refused.error?.code, 'BadRequest');
  });

  it('escapes what a person types on the sign-in page', async () => {
    const resource = await client.getSignInResource('PersonalAccount', activity('u4'), undefined as unknown as string);
    const response = await fetch(resource.signInLink as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    });
    const html = await response.text();
    assert.equal(response.status, 400);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;'));
  });
});

describe("sign-in stand-in as the personal tab's issuer", () => {
  const app = {
    clientId: '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b',
    clientSecret: 'tab-secret',
    appIdUri: 'api://localhost/0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b',
  };
  let standIn: SignInStandIn;
  let ca: string;

  before(async () => {
    const tls = await createDevCertificate();
    ca = tls.cert;
    standIn = new SignInStandIn({ tls, tabApps: [app] });
    await standIn.start();
  });
  after(async () => standIn.stop());

  const authorize = (params: Record<string, string>, body?: string) =>
    fetch(
      `${standIn.url}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: app.clientId, response_type: 'token', redirect_uri: 'http://127.0.0.1:3978/tab', scope: `${app.appIdUri}/access_as_user`, state: 's1', ...params }).toString()}`,
      {
        redirect: 'manual',
        ...(body ? { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
      },
    );

  it('sends a work token back to a tab on this machine, with the state it was given', async () => {
    const answer = await authorize({}, `email=${encodeURIComponent(work('adele').email)}`);
    assert.equal(answer.status, 302);
    const location = new URL(answer.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, 'http://127.0.0.1:3978/tab');
    const fragment = new URLSearchParams(location.hash.slice(1));
    assert.equal(fragment.get('state'), 's1');
    const claims = JSON.parse(
      Buffer.from((fragment.get('access_token') ?? '').split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    assert.equal(claims.aud, app.clientId);
    assert.equal(claims.iss, `${standIn.httpsUrl}/${work('adele').tenantId}/v2.0`);
    assert.equal(claims.oid, work('adele').objectId);
    assert.equal(claims.scp, 'access_as_user');
  });

  it('refuses an unknown app, a redirect off this machine, a wrong scope, and personal accounts', async () => {
    assert.equal((await authorize({ client_id: '11111111-1111-1111-1111-111111111111' })).status, 400);
    assert.equal((await authorize({ redirect_uri: 'https://evil.example/tab' })).status, 400);
    assert.equal((await authorize({ scope: 'api://other/access_as_user' })).status, 400);
    const refused = await authorize({}, `email=${encodeURIComponent(personal('adele').email)}`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /personal Microsoft account/);
  });

  it('answers the on-behalf-of grant over HTTPS only, for the registered app with its secret and a valid assertion', async () => {
    const obo = (fields: Record<string, string>, base = standIn.httpsUrl) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const form = new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          requested_token_use: 'on_behalf_of',
          client_id: app.clientId,
          client_secret: app.clientSecret,
          scope: 'https://graph.microsoft.com/User.Read openid',
          assertion: standIn.tabToken(work('adele').email),
          ...fields,
        }).toString();
        const req = https.request(
          `${base}/organizations/oauth2/v2.0/token`,
          { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
            );
          },
        );
        req.on('error', reject);
        req.end(form);
      });
    const ok = await obo({});
    assert.equal(ok.status, 200);
    const me = (await (
      await fetch(`${standIn.url}/v1.0/me`, { headers: { authorization: `Bearer ${String(ok.body.access_token)}` } })
    ).json()) as { id: string };
    assert.equal(me.id, work('adele').objectId, 'a Graph token for the same person');
    assert.equal((await obo({ client_secret: 'wrong' })).status, 401);
    assert.equal(
      (await obo({ assertion: standIn.tabToken(work('adele').email, { exp: Math.floor(Date.now() / 1000) - 10 }) }))
        .body.error,
      'invalid_grant',
    );
    assert.equal(
      (await obo({ assertion: standIn.tabToken(work('adele').email, { aud: 'someone-else' }) })).body.error,
      'invalid_grant',
    );
    assert.equal((await obo({ scope: 'openid' })).body.error, 'invalid_scope');
    const plain = await fetch(`${standIn.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      body: 'grant_type=x',
    });
    assert.equal(plain.status, 400, 'not over plain HTTP');
  });
});
