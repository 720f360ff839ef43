// With REMIND_INSTALL_VIA_GRAPH=true, a person Teams refuses a 1:1 with (403, app not installed) gets
// Partner Link installed through Graph (POST users/{id}/teamwork/installedApps with
// teamsApp@odata.bind, the app token) and is reminded, when a manager pressed Remind on their own
// reports; a press from a team never installs anything. Off by default. Over real HTTP: the Graph
// organization stand-in (which tells the Teams channel stand-in when the app got installed), the
// token service and app-token issuer, and the bot on its SQLite file.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { randomUUID } from 'node:crypto';
import { ADELE_ID, DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText, replyTexts, TeamsChat } from '../support/teams-chat';

const TEAMS_APP_ID = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';

describe('installing the app through Graph for people Teams cannot reach (REMIND_INSTALL_VIA_GRAPH)', function () {
  this.timeout(60_000);
  const org = generateOrg({ size: 600, branching: 150 });
  const h = new TabHarness(() => ({ REMIND_INSTALL_VIA_GRAPH: 'true', TEAMS_APP_ID }), org, {
    proactive: { background: false },
  });
  before(async () => {
    await h.start();
    org.onAppInstalled = (userId) => h.channel.allowPersonalChat(userId);
  });
  after(() => h.stop());

  it('is off by default, and on needs TEAMS_APP_ID', () => {
    assert.equal(loadConfig({}).remindInstallViaGraph, false);
    assert.throws(
      () => loadConfig({ REMIND_INSTALL_VIA_GRAPH: 'true' }),
      /TEAMS_APP_ID is required when REMIND_INSTALL_VIA_GRAPH is true/,
    );
  });

  it('Teams answers 403 not-installed → the app is installed through Graph → the person is reminded; nobody shows as "not installed for them"', async () => {
    const alexId = work('alex').objectId;
    assert.ok(org.reports.get(ADELE_ID)?.includes(alexId));
    h.channel.refusePersonalChat(alexId);

    const adele = work('adele');
    const { chat, cardId } = await h.teamCardChat(adele);
    await chat.press(cardId, 'Remind unlinked');
    for (let pass = 0; pass < 4; pass++) {
      await h.app.proactive.worker.runOnce();
      h.clock.advanceMs(90_000);
    }

    assert.ok(org.installedApps?.get(alexId)?.has(TEAMS_APP_ID), 'installed for Alex through Graph');
    const reminded = h.channel
      .activities()
      .filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'));
    assert.equal(reminded.length, 4, 'Alex too');
    const alexChat = h.channel.personalChatOf(adele.tenantId, alexId) ?? '';
    assert.equal(
      h.channel.activities(alexChat).filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'))
        .length,
      1,
    );
    await h.app.remindProgress.tick();
    const final = cardText(
      adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}),
    );
    assert.match(final, /Sent\n4/);
    assert.match(final, /Not installed for them\n0/);
  });
});

describe('reminders pressed from a team never install the app through Graph', function () {
  this.timeout(60_000);
  // Adele manages Alex, Megan, Lee and Nestor, who are all in the team with her.
  const org = generateOrg({ size: 0 });
  const h = new TabHarness(() => ({ REMIND_INSTALL_VIA_GRAPH: 'true', TEAMS_APP_ID }), org, {
    proactive: { background: false },
  });
  before(async () => {
    await h.start();
    org.onAppInstalled = (userId) => h.channel.allowPersonalChat(userId);
  });
  after(() => h.stop());

  it('a manager\'s Remind on a team\'s detail leaves those Teams cannot reach as "not installed for them", and Graph is never asked to install the app', async () => {
    const adele = work('adele');
    const alexId = work('alex').objectId;
    h.channel.refusePersonalChat(alexId);
    const userId = `29:1${randomUUID().replace(/-/g, '')}`;
    const user = { name: adele.displayName, tenantId: adele.tenantId, aadObjectId: adele.objectId };
    const conversationId = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const channel = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, user, {
      conversationId,
      conversationType: 'channel',
      userId,
    });
    await channel.send({
      type: 'message',
      text: '<at>Partner Link</at> team status',
      channelData: {
        tenant: { id: adele.tenantId },
        team: { id: conversationId, aadGroupId: DEV_TEAM_ID, name: 'Contoso Partner Practice' },
        channel: { id: conversationId },
      },
    });
    const privateId = h.channel.personalChatOf(adele.tenantId, userId);
    assert.ok(privateId, 'the detail goes to her 1:1 chat');
    const chat = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, user, {
      userId,
      conversationId: privateId,
    });
    const signedIn = await chat.signInAs(adele.email);
    const cardId = signedIn.replies.find((r) => cardText(adaptiveCardOf(r)).includes('This team'))?.id;
    assert.ok(cardId, replyTexts(signedIn.replies));
    await chat.press(cardId, 'Remind unlinked');
    for (let pass = 0; pass < 4; pass++) {
      await h.app.proactive.worker.runOnce();
      h.clock.advanceMs(90_000);
    }
    const installs = h.signIn
      .calls()
      .filter((c) => c.method === 'POST' && /^\/v1\.0\/users\/[^/]+\/teamwork\/installedApps$/.test(c.path));
    assert.deepEqual(installs, [], 'no install request reached Graph');
    assert.equal(org.installedApps?.get(alexId)?.has(TEAMS_APP_ID) ?? false, false);
    await h.app.remindProgress.tick();
    const final = cardText(
      adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}),
    );
    assert.match(final, /Sent\n3/);
    assert.match(final, /Not installed for them\n1/);
  });
});
