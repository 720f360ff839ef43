// The sign-in stand-in speaks the token service's wire format: proven with botbuilder's own
// UserTokenClientImpl, the client the bot uses.
import assert from 'node:assert/strict';
import { createPublicKey, verify, type JsonWebKeyInput } from 'node:crypto';
import { ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { PartnerLinkBotAuthentication } from '../../src/bot/bot-authentication';
import { loadConfig } from '../../src/config';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { completeSignIn } from '../support/sign-in-page';
import { personal, work } from '../support/dev-people';

describe('sign-in stand-in (token service wire format)', () => {
  const standIn = new SignInStandIn();
  let url: string;
  let client: UserTokenClient;
  const activity = (userId: string) =>
    ({ type: 'message', id: 'a1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', from: { id: userId, name: 'U' }, recipient: { id: 'bot', name: 'Bot' }, conversation: { id: 'c1' } }) as unknown as Activity;

  before(async () => {
    url = await standIn.start();
    // The very client the bot gets on a turn with channel authentication off.
    client = await new PartnerLinkBotAuthentication(loadConfig({ OAuthUrl: url })).createUserTokenClient(new ClaimsIdentity([], 'anonymous'));
  });
  after(async () => standIn.stop());

  it('answers "no token" so that botbuilder sees undefined (404, empty body)', async () => {
    assert.equal(await client.getUserToken('nobody', 'WorkAccount', 'msteams', undefined as unknown as string), undefined);
  });

  it('turns a sign-in on the page into a single-use 6-digit code, scoped to user, connection and channel', async () => {
    const resource = await client.getSignInResource('WorkAccount', activity('u1'), undefined as unknown as string);
    assert.ok(resource.tokenExchangeResource?.uri?.startsWith('api://botid-'), 'the work connection offers SSO');
    const code = await completeSignIn(resource.signInLink as string, work('adele').email);
    assert.match(code, /^\d{6}$/);
    assert.equal(await client.getUserToken('u1', 'WorkAccount', 'msteams', '000000'), undefined, 'a wrong code gets nothing');
    assert.equal(await client.getUserToken('u2', 'WorkAccount', 'msteams', code), undefined, 'another user cannot redeem it');
    const token = await client.getUserToken('u1', 'WorkAccount', 'msteams', code);
    assert.equal(token?.connectionName, 'WorkAccount');
    assert.equal(await client.getUserToken('u1', 'WorkAccount', 'msteams', code), undefined, 'a code works once');
    assert.equal((await client.getUserToken('u1', 'WorkAccount', 'msteams', undefined as unknown as string))?.token, token?.token, 'stored after redemption');
    assert.equal(await client.getUserToken('u1', 'PersonalAccount', 'msteams', undefined as unknown as string), undefined);
    const status = await client.getTokenStatus('u1', 'msteams', 'WorkAccount,PersonalAccount');
    assert.deepEqual(status.map((s: { connectionName?: string; hasToken?: boolean }) => [s.connectionName, s.hasToken]), [['WorkAccount', true], ['PersonalAccount', false]]);
    await client.signOutUser('u1', 'WorkAccount', 'msteams');
    assert.equal(await client.getUserToken('u1', 'WorkAccount', 'msteams', undefined as unknown as string), undefined);
  });

  it('signs work tokens (JWT, verifiable with its keys) and gives personal accounts opaque tokens; Graph /me knows both', async () => {
    const workToken = standIn.issueToken(work('adele').email);
    const [header, payload, signature] = workToken.split('.') as [string, string, string];
    const keys = (await (await fetch(`${url}/common/discovery/v2.0/keys`)).json()) as { keys: JsonWebKeyInput['key'][] };
    const key = createPublicKey({ key: keys.keys[0] as JsonWebKeyInput['key'], format: 'jwk' });
    assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')));
    const me = (await (await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${workToken}` } })).json()) as { id: string };
    assert.equal(me.id, work('adele').objectId);

    const personalToken = standIn.issueToken(personal('adele').email);
    assert.equal(personalToken.split('.').length, 1, 'opaque, not a JWT');
    const pme = (await (await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${personalToken}` } })).json()) as { id: string; mail: unknown };
    assert.deepEqual([pme.id, pme.mail], [personal('adele').objectId, null]);

    const bad = await fetch(`${url}/v1.0/me`, { headers: { authorization: 'Bearer garbage' } });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    const reports = (await (await fetch(`${url}/v1.0/me/directReports`, { headers: { authorization: `Bearer ${workToken}` } })).json()) as { value: unknown[] };
    assert.equal(reports.value.length, 4, 'Adele manages four people');
  });

  it('exchanges a Teams SSO token for the same person, and refuses anything else', async () => {
    const sso = standIn.ssoToken(work('alex').email, 'api://botid-00000000-0000-0000-0000-000000000000');
    const exchanged = await client.exchangeToken('u3', 'WorkAccount', 'msteams', { token: sso });
    assert.ok(exchanged.token);
    const me = (await (await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${exchanged.token}` } })).json()) as { id: string };
    assert.equal(me.id, work('alex').objectId);
    const refused = (await client.exchangeToken('u3', 'WorkAccount', 'msteams', { token: 'garbage' })) as unknown as { error?: { code: string }; token?: string };
    assert.equal(refused.token, undefined);
    assert.equal(refused.error?.code, 'BadRequest');
  });

  it('escapes what a person types on the sign-in page', async () => {
    const resource = await client.getSignInResource('PersonalAccount', activity('u4'), undefined as unknown as string);
    const response = await fetch(resource.signInLink as string, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=%3Cscript%3Ealert(1)%3C%2Fscript%3E' });
    const html = await response.text();
    assert.equal(response.status, 400);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;'));
  });
});
