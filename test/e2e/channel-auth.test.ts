// With MicrosoftAppId set, only requests signed by the Bot Framework channel reach the bot — also
// when OAuthUrl is set (botbuilder's parameterized configuration). With channel authentication on
// every service URL must be https, so the channel's signer serves https with a certificate made for
// this run, which this test process trusts (botbuilder fetches the keys through Node's https agent)
// until it ends.
import assert from 'node:assert/strict';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { BotConnectorAuthStandIn } from '../../src/stand-ins/bot-connector-auth';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { Harness } from '../support/harness';
import { CONTOSO, work } from '../support/dev-people';

const APP_ID = '5b7a4c2e-1f3d-4e6a-9b8c-0d1e2f3a4b5c';

describe('channel authentication (MicrosoftAppId set, OAuthUrl set)', function () {
  this.timeout(30_000);
  let signer: BotConnectorAuthStandIn;
  let h: Harness;
  const trusted = https.globalAgent.options.ca;

  before(async () => {
    const tls = await createDevCertificate();
    https.globalAgent.options.ca = [...rootCertificates, tls.cert];
    signer = new BotConnectorAuthStandIn({ tls });
    const signerUrl = await signer.start();
    h = await new Harness({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-by-these-tests',
      ToBotFromChannelOpenIdMetadataUrl: signer.openIdMetadataUrl,
      // Never called here (no turn needs a token or Graph): https, as channel authentication requires.
      OAuthUrl: signerUrl,
      GRAPH_URL: signerUrl,
    }).start();
  });
  after(async () => {
    await h.stop();
    await signer.stop();
    // An agent's own options override a request's: a `ca` key left behind, even undefined, would
    // replace the `ca` other requests of this process pass (the tab's local issuer).
    if (trusted === undefined) delete https.globalAgent.options.ca;
    else https.globalAgent.options.ca = trusted;
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
    const turn = await chat.post(activity, {
      authorization: signer.untrustedChannelToken(APP_ID, activity.serviceUrl as string),
    });
    assert.equal(turn.status, 401);
    assert.equal(turn.replies.length, 0);
  });

  it('accepts a token the channel signed (the test can tell the difference)', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    // A typing activity needs no reply, so no outbound call (which would need Microsoft's login service).
    const activity = chat.activity({ type: 'typing' });
    const turn = await chat.post(activity, {
      authorization: signer.channelToken(APP_ID, activity.serviceUrl as string),
    });
    assert.equal(turn.status, 200);
  });

  it('answers 401 to a channel token for another bot', async () => {
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    const activity = chat.activity({ type: 'typing' });
    const turn = await chat.post(activity, {
      authorization: signer.channelToken('00000000-1111-2222-3333-444444444444', activity.serviceUrl as string),
    });
    assert.equal(turn.status, 401);
  });
});
