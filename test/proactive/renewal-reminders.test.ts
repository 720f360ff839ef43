import assert from 'node:assert/strict';
import { dueStage, monthsBefore, renderRenewalReminder, RENEWAL_URL } from '../../src/proactive/renewal-reminders';
import { CONTOSO, work } from '../support/dev-people';
import type { Harness } from '../support/harness';
import { buttons, replyTexts } from '../support/teams-chat';
import { expiringIn, installedChat, jobsOf, personOf, proactiveHarness, remindersShown } from './support/proactive-harness';

const DAY = 86_400_000;

describe('issue 8.5: renewal reminder schedule', () => {
  it('issue 8.5: the window opens 6 calendar months before expiry; the last reminder 30 days before; none after expiry', () => {
    const expires = new Date('2027-08-31T00:00:00Z');
    assert.equal(monthsBefore(expires, 6).toISOString().slice(0, 10), '2027-02-28');
    assert.equal(dueStage(expires, new Date('2027-02-27T23:00:00Z')), undefined);
    assert.equal(dueStage(expires, new Date('2027-02-28T00:00:00Z')), 'window-open');
    assert.equal(dueStage(expires, new Date(expires.getTime() - 31 * DAY)), 'window-open');
    assert.equal(dueStage(expires, new Date(expires.getTime() - 30 * DAY)), 'last-30-days');
    assert.equal(dueStage(expires, expires), undefined);
  });

  it('issue 8.5: the message names the certification, the date and how to renew (free, on Learn)', () => {
    const activity = renderRenewalReminder({
      id: 1,
      dedupeKey: 'k',
      kind: 'renewal-reminder',
      person: { tenantId: 't', aadObjectId: 'o' },
      payload: { name: 'Microsoft Certified: Azure Administrator Associate', number: 'AZ-104', expires: '2027-03-01T00:00:00.000Z', stage: 'window-open' },
      batch: undefined,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: new Date(),
      notAfter: undefined,
      lastCode: undefined,
      activityId: undefined,
      updatedAt: new Date(),
    });
    const text = replyTexts([activity ?? {}]);
    assert.match(text, /Azure Administrator Associate \(AZ-104\) expires on March 1, 2027/);
    assert.match(text, /free/);
    const renew = buttons(activity?.attachments?.[0]?.content).find((b) => b.title === 'Renew on Microsoft Learn');
    assert.equal(renew?.url, RENEWAL_URL);
    assert.ok(JSON.stringify(activity).length < 28 * 1024);
  });
});

describe('issue 8.5: renewal reminders end to end (bot over HTTP, Teams channel stand-in, SQLite)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await proactiveHarness().start();
  });
  afterEach(() => h.stop());

  it('issue 8.5: one reminder when the window opens, one 30 days before; reruns and restarts send nothing twice; Fundamentals never', async () => {
    const adele = await installedChat(h, 'adele');
    const certifications = [expiringIn(h, 150, 'AZ-104'), { name: 'Microsoft Certified: Azure Fundamentals', number: 'AZ-900' }, expiringIn(h, 400, 'AZ-305', 'Microsoft Certified: Azure Solutions Architect Expert')];
    const schedule = () => h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    const first = await schedule();
    assert.equal(first.enqueued.length, 1, 'only AZ-104 is in its renewal window');
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(remindersShown(h, adele).length, 1);
    assert.match(remindersShown(h, adele)[0] ?? '', /AZ-104.*renewal is open/);
    // The scheduler reruns (same day, next day, after a restart): nothing new.
    assert.equal((await schedule()).enqueued.length, 0);
    h.clock.advanceDays(1);
    await h.restartBot();
    assert.equal((await schedule()).enqueued.length, 0);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    // 30 days before expiry: the second reminder, once.
    h.clock.advanceDays(125);
    assert.equal((await schedule()).enqueued.length, 1);
    assert.equal((await schedule()).enqueued.length, 0);
    await h.app.proactive.worker.runOnce();
    const shown = remindersShown(h, adele);
    assert.equal(shown.length, 2);
    assert.match(shown[1] ?? '', /AZ-104\) expires in less than 30 days/);
    assert.ok(!shown.join('\n').includes('AZ-900'), 'Fundamentals never');
  });

  it('issue 8.5: reminders off cancels the queued ones and enqueues nothing; on again brings them back, sent once', async () => {
    const adele = await installedChat(h, 'adele');
    const certifications = [expiringIn(h, 20, 'AZ-104')];
    await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    const off = await h.app.proactive.renewals.setReminders(personOf(adele), false, h.clock.now());
    assert.equal(off.cancelled, 1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 0, 'nothing is sent once reminders are off');
    const whileOff = await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    assert.equal(whileOff.remindersOff, true);
    assert.equal((await jobsOf(h, adele)).filter((j) => j.state === 'queued').length, 0);
    await h.restartBot();
    assert.equal(await h.app.proactive.renewals.remindersOn(personOf(adele)), false, 'the preference is kept in the store');
    await h.app.proactive.renewals.setReminders(personOf(adele), true, h.clock.now());
    await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    await h.app.proactive.worker.runOnce();
    await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    assert.equal((await jobsOf(h, adele)).length, 1, 'one job for the reminder, revived rather than duplicated');
  });

  it('issue 8.5: a renewed certification (new expiry) cancels the queued reminder for the old date', async () => {
    const adele = await installedChat(h, 'adele');
    await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), [expiringIn(h, 20, 'AZ-104')], h.clock.now());
    const renewed = await h.app.proactive.renewals.scheduleRenewalReminders(personOf(adele), [expiringIn(h, 385, 'AZ-104')], h.clock.now());
    assert.equal(renewed.cancelled, 1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 0);
  });

  it('issue 8.5: the first 1:1 message saves the conversation reference; an unchanged one is not rewritten', async () => {
    const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    assert.equal(await h.app.proactive.references.getReference(personOf(adele)), undefined);
    await adele.say('hi');
    const saved = await h.app.proactive.references.getReference(personOf(adele));
    assert.equal(saved?.conversationId, adele.conversationId);
    assert.equal(await h.app.proactive.rememberConversation({ activity: adele.activity({ type: 'message', text: 'again' }) as never }), 'unchanged');
  });

  it('issue 8.5: a reminder for someone the bot cannot reach yet waits, and goes out after their first message', async () => {
    const megan = h.chat({ name: 'Megan Bowen', tenantId: CONTOSO, aadObjectId: work('megan').objectId });
    await h.app.proactive.renewals.scheduleRenewalReminders(personOf(megan), [expiringIn(h, 20)], h.clock.now());
    await h.app.proactive.worker.runOnce();
    const [waiting] = await jobsOf(h, megan);
    assert.equal(waiting?.state, 'waiting-install');
    assert.equal(waiting?.lastCode, 'NoConversationReference');
    await megan.say('hi');
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, megan).length, 1);
  });

  it('issue 8.5: an installationUpdate add saves the reference of a person not seen before; one from a group chat does not', async () => {
    const alex = h.chat({ name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId });
    await alex.send({ type: 'installationUpdate', action: 'add', conversation: { id: '19:group', conversationType: 'groupChat', tenantId: CONTOSO, isGroup: true, name: 'group' } });
    assert.equal(await h.app.proactive.references.getReference(personOf(alex)), undefined);
    await alex.send({ type: 'installationUpdate', action: 'add' });
    assert.equal((await h.app.proactive.references.getReference(personOf(alex)))?.conversationId, alex.conversationId);
  });
});
