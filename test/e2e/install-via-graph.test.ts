// issue 9.4 (the welcome addition): with REMIND_INSTALL_VIA_GRAPH=true, a person Teams refuses a 1:1
// with (403, app not installed) gets Partner Link installed through Graph (POST
// users/{id}/teamwork/installedApps with teamsApp@odata.bind, the app token) and is reminded.
// Off by default. Over real HTTP: the Graph
// organization stand-in (which tells the Teams channel stand-in when the app got installed), the
// token service and app-token issuer, and the bot on its SQLite file.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { ADELE_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText } from '../support/teams-chat';

const TEAMS_APP_ID = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';

describe('issue 9.4: installing the app through Graph for people Teams cannot reach (REMIND_INSTALL_VIA_GRAPH)', function () {
  this.timeout(60_000);
  const org = generateOrg({ size: 600, branching: 150 });
  const h = new TabHarness(() => ({ REMIND_INSTALL_VIA_GRAPH: 'true', TEAMS_APP_ID }), org, { proactive: { background: false } });
  before(async () => {
    await h.start();
    org.onAppInstalled = (userId) => h.channel.allowPersonalChat(userId);
  });
  after(() => h.stop());

  it('issue 9.4: is off by default, and on needs TEAMS_APP_ID', () => {
    assert.equal(loadConfig({}).remindInstallViaGraph, false);
    assert.throws(() => loadConfig({ REMIND_INSTALL_VIA_GRAPH: 'true' }), /TEAMS_APP_ID is required when REMIND_INSTALL_VIA_GRAPH is true/);
  });

  it('issue 9.4: Teams answers 403 not-installed → the app is installed through Graph → the person is reminded; nobody shows as "can\'t reach"', async () => {
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
    const reminded = h.channel.activities().filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'));
    assert.equal(reminded.length, 4, 'Alex too');
    const alexChat = h.channel.personalChatOf(adele.tenantId, alexId) ?? '';
    assert.equal(h.channel.activities(alexChat).filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you')).length, 1);
    await h.app.remindProgress.tick();
    const final = cardText(adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}));
    assert.match(final, /Sent\n4/);
    assert.match(final, /Can't reach \(app not installed\)\n0/);
  });
});
