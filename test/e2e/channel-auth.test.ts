// With MicrosoftAppId set, only requests signed by the Bot Framework channel reach the bot — also
// when OAuthUrl is set (botbuilder's parameterized configuration).
import assert from 'node:assert/strict';
import { BotConnectorAuthStandIn } from '../../src/stand-ins/bot-connector-auth';
import { Harness } from '../support/harness';
import { CONTOSO, work } from '../support/dev-people';

const APP_ID = '5b7a4c2e-1f3d-4e6a-9b8c-0d1e2f3a4b5c';

describe('channel authentication (MicrosoftAppId set, OAuthUrl set)', () => {
  const signer = new BotConnectorAuthStandIn();
  let h: Harness;

  before(async () => {
    await signer.start();
    h = await new Harness({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-by-these-tests',
      ToBotFromChannelOpenIdMetadataUrl: signer.openIdMetadataUrl,
    }).start();
  });
  after(async () => {
    await h.stop();
    await signer.stop();
  });

  it('answers 401 without a token and processes nothing', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    const turn = await chat.say('status');
    assert.equal(turn.status, 401);
    assert.equal(turn.replies.length, 0);
  });

  it('answers 401 to a token signed by an untrusted key and processes nothing', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    const activity = chat.activity({ type: 'message', text: 'status' });
    const turn = await chat.post(activity, { authorization: signer.untrustedChannelToken(APP_ID, activity.serviceUrl as string) });
    assert.equal(turn.status, 401);
    assert.equal(turn.replies.length, 0);
  });

  it('accepts a token the channel signed (the test can tell the difference)', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    // A typing activity needs no reply, so no outbound call (which would need Microsoft's login service).
    const activity = chat.activity({ type: 'typing' });
    const turn = await chat.post(activity, { authorization: signer.channelToken(APP_ID, activity.serviceUrl as string) });
    assert.equal(turn.status, 200);
  });

  it('answers 401 to a channel token for another bot', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    const activity = chat.activity({ type: 'typing' });
    const turn = await chat.post(activity, { authorization: signer.channelToken('00000000-1111-2222-3333-444444444444', activity.serviceUrl as string) });
    assert.equal(turn.status, 401);
  });
});
