// Skilling forecast alerts end to end, over real HTTP on both engines (a SQLite file; Azure Tables in
// Azurite), with a second instance on the same storage: Patti (partner admin) turns alerts on from her
// forecast card; Megan (partner admin) does not; Alex opts in and then loses the partner admin role;
// Adele, who is no partner admin, forges the button press. Security rests on Lee, whose certification
// lapses in four months: too far for an alert until Lee leaves the organization (the proactive
// worker's directory check), which puts Security at risk within weeks. Later weeks: one alert a week
// whatever the checks, the instances and the lapses; alerts turned off, nothing the next week.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app';
import { DEV_PARTNER_ADMIN_NESTED_GROUP_ID, deleteUser } from '../../src/stand-ins/graph-org-stand-in';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { CONTOSO, work } from '../support/dev-people';
import { certified, FORECAST_ENV, forecastOrg, LEE, seedSecurityAtRisk } from '../support/forecast-seed';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, buttons, cardText, invokeCard, type TeamsChat } from '../support/teams-chat';

const ALERT = 'Skilling forecast alert';
const TURN_ON = 'Alert me when an area becomes at risk';
const TURN_OFF = 'Turn off forecast alerts';
/** A colleague with a verified transcript (no Teams chat needed). */
const colleague = (displayName: string) => ({ tenantId: CONTOSO, objectId: randomUUID(), displayName });

for (const engine of ['SQLite file', 'Azure Table (Azurite)'] as const) {
  describe(`skilling forecast alerts for partner admins (${engine})`, function () {
    this.timeout(120_000);
    let azurite: Azurite | undefined;
    let twin: App;
    const prefix = uniquePrefix();
    const org = forecastOrg();
    // Megan and Alex are partner admins too (with Patti, through the nested group).
    org.groups.set(DEV_PARTNER_ADMIN_NESTED_GROUP_ID, [
      ...(org.groups.get(DEV_PARTNER_ADMIN_NESTED_GROUP_ID) ?? []),
      work('megan').objectId,
      work('alex').objectId,
    ]);
    const h = new TabHarness(() => ({ ...FORECAST_ENV, ...(azurite ? azurite.env(prefix) : {}) }), org, {
      proactive: { background: false },
      certifications: { background: false },
    });
    const chats = new Map<string, TeamsChat>();
    const chatOf = (who: 'patti' | 'megan' | 'alex' | 'adele'): TeamsChat => {
      const person = work(who);
      let chat = chats.get(who);
      if (!chat) {
        chat = h.chat({ name: person.displayName, tenantId: person.tenantId, aadObjectId: person.objectId });
        h.channel.registerPersonalChat(person.tenantId, chat.userId, chat.conversationId);
        chats.set(who, chat);
      }
      return chat;
    };
    /** The alert cards in the person's chat. */
    const alertsTo = (who: 'patti' | 'megan' | 'alex' | 'adele') =>
      h.channel
        .activities(chatOf(who).conversationId)
        .map((a) => ({ id: a.id, card: adaptiveCardOf(a) }))
        .filter((a) => cardText(a.card).startsWith(ALERT));
    /** The daily check on both instances, twice, then both workers. */
    const checksEverywhere = async () => {
      for (const app of [h.app, twin, h.app, twin]) await app.forecastAlerts.checkAll();
      for (const app of [h.app, twin, h.app]) await app.proactive.worker.runOnce();
    };

    before(async () => {
      if (engine !== 'SQLite file') azurite = await sharedAzurite();
      await h.start();
      twin = h.twin();
      await seedSecurityAtRisk(h);
    });
    after(async () => {
      await twin.close();
      await h.stop();
    });

    it("a partner admin turns alerts on from the forecast card, which says so; a colleague's forged press changes nothing", async () => {
      const patti = chatOf('patti');
      await patti.say('skilling forecast');
      const shown = patti.latestCard('Skilling forecast');
      assert.match(cardText(shown.card), /Forecast alerts are off for you/);
      const pressed = await patti.press(shown.id, TURN_ON);
      assert.match(
        cardText(pressed.card),
        /Forecast alerts are on for you: when an area becomes at risk within 90 days, I send you one card, at most once a week\./,
      );
      assert.ok(buttons(pressed.card).some((b) => b.title === TURN_OFF));
      // Alex opts in too; Megan looks at the forecast and does not.
      const alex = chatOf('alex');
      await alex.say('skilling forecast');
      await alex.press(alex.latestCard('Skilling forecast').id, TURN_ON);
      await chatOf('megan').say('skilling forecast');

      const adele = chatOf('adele');
      const forged = await adele.send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'forecastAlerts', data: { on: true } }, trigger: 'manual' },
      });
      assert.match(
        cardText(invokeCard(forged.body)),
        /Only partner admins can get forecast alerts, so nothing was changed\./,
      );
      const admins = (await h.app.stores.forecastSettings.alertSubscribers()).map((s) => s.objectId);
      assert.deepEqual(
        admins.sort(),
        [work('patti').objectId, work('alex').objectId].map((id) => id.toLowerCase()).sort(),
      );
    });

    it('no alert while no area is at risk within 90 days, however often the check runs', async () => {
      await checksEverywhere();
      assert.deepEqual(alertsTo('patti'), []);
    });

    it('when Lee, whose certification carries Security, leaves, the partner admin who opted in gets one alert; one who lost the role, or did not opt in, none', async () => {
      assert.ok(LEE);
      const lee = { tenantId: LEE.tenantId.toLowerCase(), aadObjectId: LEE.objectId.toLowerCase() };
      await h.app.certifications.renewals.scheduleRenewalReminders(
        lee,
        [
          {
            name: 'Microsoft Certified: Cloud and AI Security Engineer Associate',
            number: 'AZ-500',
            expires: '2027-03-20',
          },
        ],
        h.clock.now(),
      );
      // Alex is no partner admin any more; Lee leaves the organization.
      org.groups.set(
        DEV_PARTNER_ADMIN_NESTED_GROUP_ID,
        (org.groups.get(DEV_PARTNER_ADMIN_NESTED_GROUP_ID) ?? []).filter((id) => id !== work('alex').objectId),
      );
      deleteUser(org, LEE.objectId);
      h.clock.advanceDays(1);
      // The worker's directory check before Lee's reminder learns he left; no scheduled check runs.
      await h.app.proactive.worker.runOnce();
      await h.app.proactive.worker.runOnce();
      const alerts = alertsTo('patti');
      assert.equal(alerts.length, 1);
      const text = cardText(alerts[0]?.card);
      assert.match(text, /Security \(Skilling: intermediate\) falls to 0 on /);
      assert.match(text, /Type skilling forecast to see the full forecast/);
      assert.ok(buttons(alerts[0]?.card).some((b) => b.title === TURN_OFF));
      assert.deepEqual(alertsTo('alex'), []);
      assert.deepEqual(alertsTo('megan'), []);
      // The scheduled checks the same week, on both instances, add nothing.
      await checksEverywhere();
      assert.equal(alertsTo('patti').length, 1);
    });

    it('a later week: exactly one alert, whatever the checks, the instances and another certification lapsing that week', async () => {
      // Security is at 0 already (Lee's certifications no longer count); Nestor's certification lapses in January.
      h.clock.set(new Date('2026-12-21T09:00:00Z'));
      await certified(h, colleague('Nestor Wilke'), 'Microsoft Certified: Azure Administrator Associate', '2027-01-15');
      await checksEverywhere();
      assert.equal(alertsTo('patti').length, 2);
      // Another colleague's certification lapses that week too.
      await certified(
        h,
        colleague('Irvin Sayers'),
        'Microsoft 365 Certified: Enterprise Administrator Expert',
        '2026-12-24',
      );
      h.clock.advanceDays(2);
      await checksEverywhere();
      assert.equal(alertsTo('patti').length, 2);
      assert.deepEqual(alertsTo('megan'), []);
      assert.equal((await h.app.proactive.queue.counts({ kind: 'forecast-alert' })).sent, 2);
    });

    it("turned off from the alert card, the next week's alert does not come", async () => {
      const patti = chatOf('patti');
      const latest = alertsTo('patti').at(-1);
      assert.ok(latest);
      const pressed = await patti.press(latest.id, TURN_OFF);
      assert.match(cardText(pressed.card), /Forecast alerts are off for you/);
      h.clock.set(new Date('2026-12-28T09:00:00Z'));
      await checksEverywhere();
      assert.equal(alertsTo('patti').length, 2);
      const still = (await h.app.stores.forecastSettings.alertSubscribers()).map((s) => s.objectId);
      assert.ok(!still.includes(work('patti').objectId.toLowerCase()));
    });
  });
}
