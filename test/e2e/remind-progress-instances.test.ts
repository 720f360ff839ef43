// Two bot processes on one Azure Storage account (Azurite), as two App Service instances. A manager's
// "Remind unlinked" press lands on instance 0, which draws the progress card and holds the duty of
// updating it; instance 0 is then killed (SIGKILL: no cleanup) while every reminder is still waiting.
// Instance 1 sends the reminders and, once instance 0's lease on the card has run out, takes the card
// over and brings it to its final counts, in place. Over real HTTP: the Graph organization stand-in,
// the token service and the app-token issuer, the Teams channel stand-in (Teams answers the first 1:1
// creation with 429 and Retry-After, so the run waits long enough for the kill).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { CONTOSO } from '../../src/stand-ins/dev-identities';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { CREATE_CONVERSATION } from '../../src/stand-ins/teams-channel-faults';
import { openStores } from '../../src/storage/open-stores';
import type { Stores } from '../../src/storage/stores';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { BotInstances } from '../support/bot-instances';
import { work } from '../support/dev-people';
import { TAB_APP } from '../support/tab-harness';
import { adaptiveCardOf, cardText, replyTexts } from '../support/teams-chat';
import { waitFor } from '../support/wait-for';

const REMINDER = 'Your manager asked me to remind you';

describe('the reminder progress card across instances', function () {
  this.timeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-instances-'));
  let bots: BotInstances;
  let stores: Stores;

  before(async () => {
    const tls = await createDevCertificate();
    const caFile = path.join(dir, 'stand-in.crt');
    fs.writeFileSync(caFile, tls.cert);
    const storage = (await sharedAzurite()).env(uniquePrefix());
    bots = await new BotInstances({ tls, tabApps: [TAB_APP], org: generateOrg({ size: 0 }) }).start(2, (signIn) => ({
      ...storage,
      MicrosoftAppId: '',
      TAB_CLIENT_ID: TAB_APP.clientId,
      TAB_CLIENT_SECRET: TAB_APP.clientSecret,
      TAB_APP_ID_URI: TAB_APP.appIdUri,
      TAB_TENANT_ID: CONTOSO.id,
      TAB_AUTHORITY_HOST: signIn.httpsUrl,
      TAB_AUTHORITY_CA_FILE: caFile,
    }));
    // The test reads the shared store as a third instance would.
    stores = openStores(loadConfig(storage).storage, { ratePerSecond: 40 });
  });
  after(async () => {
    await bots.stop();
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('killing the instance that took the press: another instance brings the card to its final counts, in place, each reminder sent once', async () => {
    const adele = work('adele');
    // Every turn of Adele's goes to instance 0.
    const chat = bots.chat({ name: adele.displayName, tenantId: adele.tenantId, aadObjectId: adele.objectId }, () => 0);
    await chat.say('team status');
    const signedIn = await chat.signInAs(adele.email);
    const cardId = signedIn.replies.find((r) => cardText(adaptiveCardOf(r)).includes('Your team'))?.id ?? '';
    assert.ok(cardId, replyTexts(signedIn.replies));

    // Teams throttles the first 1:1 creation for 20 s: the tenant is held, every reminder waits.
    bots.channel.faults.failNext(CREATE_CONVERSATION, { status: 429, code: 'Throttled', retryAfter: 20 });
    const pressed = await chat.press(cardId, 'Remind unlinked');
    assert.match(cardText(pressed.card), /Sent\n0\nWaiting\n4/);
    // Kill instance 0 only once no instance is working on any reminder (each put back, due later).
    await waitFor('every reminder put back to wait for Retry-After', async () => {
      const jobs = await stores.proactive.queue.list({ kind: 'link-reminder' });
      const now = Date.now();
      return jobs.length === 4 && jobs.every((j) => j.state === 'queued' && j.nextAttemptAt.getTime() > now + 2_000);
    });
    const pressedOn = bots.instances[0]?.bot;
    assert.ok(pressedOn);
    pressedOn.child.kill('SIGKILL');
    await pressedOn.exited;
    assert.equal(pressedOn.child.signalCode, 'SIGKILL');
    const updatesBefore = bots.channel.updates(cardId).length;

    const shown = () =>
      cardText(adaptiveCardOf(bots.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}));
    await waitFor('the card at its final counts', () => /Sent\n4\nWaiting\n0/.test(shown()), 90_000);
    assert.ok(
      bots.channel.updates(cardId).length > updatesBefore,
      'updated in place after the kill, by the instance still running',
    );
    assert.equal(
      bots.channel.activities(chat.conversationId).filter((a) => cardText(adaptiveCardOf(a)).includes('Reminders'))
        .length,
      1,
      'one progress card, no new message',
    );
    const reminders = bots.channel.activities().filter((a) => (a.text ?? '').startsWith(REMINDER));
    assert.equal(reminders.length, 4, 'each unlinked report reminded');
    assert.equal(new Set(reminders.map((a) => a.conversationId)).size, 4, 'once each');
    await waitFor(
      'the finished card no longer kept',
      async () => (await stores.remindProgressCards.active(10)).length === 0,
    );
  });
});
