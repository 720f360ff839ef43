import assert from 'node:assert/strict';
import { dueStage, monthsBefore, renderRenewalReminder, RENEWAL_URL } from '../../src/certifications/renewal-reminders';
import { CONTOSO, work } from '../support/dev-people';
import type { Harness } from '../support/harness';
import { buttons, replyTexts, shown } from '../support/teams-chat';
import type { Job } from '../../src/proactive/proactive-store';
import {
  expiringIn,
  installedChat,
  jobsOf,
  personOf,
  proactiveHarness,
  remindersShown,
} from './support/proactive-harness';

const DAY = 86_400_000;

describe('renewal reminder schedule', () => {
  it('the window opens 6 calendar months before expiry; the last reminder 30 days before; none after expiry', () => {
    const expires = new Date('2027-08-31T00:00:00Z');
    assert.equal(monthsBefore(expires, 6).toISOString().slice(0, 10), '2027-02-28');
    assert.equal(dueStage(expires, new Date('2027-02-27T23:00:00Z')), undefined);
    assert.equal(dueStage(expires, new Date('2027-02-28T00:00:00Z')), 'window-open');
    assert.equal(dueStage(expires, new Date(expires.getTime() - 31 * DAY)), 'window-open');
    assert.equal(dueStage(expires, new Date(expires.getTime() - 30 * DAY)), 'last-30-days');
    assert.equal(dueStage(expires, expires), undefined);
  });

  const jobWith = (payload: Record<string, string>): Job => ({
    id: 1,
    dedupeKey: 'k',
    kind: 'renewal-reminder',
    person: { tenantId: 't', aadObjectId: 'o' },
    payload,
    batch: undefined,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: new Date(),
    notAfter: undefined,
    lastCode: undefined,
    activityId: undefined,
    updatedAt: new Date(),
  });

  it('one reminder is one card, without a text beside it, naming the certification, the date and how to renew (free, on Learn)', () => {
    const activity = renderRenewalReminder(
      jobWith({
        name: 'Microsoft Certified: Azure Administrator Associate',
        number: 'AZ-104',
        expires: '2027-03-01T00:00:00.000Z',
        stage: 'window-open',
      }),
    );
    assert.equal(activity?.text, undefined, 'no text: it would be a second bubble saying the same');
    assert.equal(activity?.attachments?.length, 1);
    const text = replyTexts([activity ?? {}]);
    assert.match(text, /Azure Administrator Associate \(AZ-104\) expires on March 1, 2027/);
    assert.equal(text.match(/free/g)?.length, 1, 'said once');
    const renew = buttons(activity?.attachments?.[0]?.content).find((b) => b.title === 'Renew on Microsoft Learn');
    assert.equal(renew?.url, RENEWAL_URL);
    assert.ok(JSON.stringify(activity).length < 28 * 1024);
  });

  it('a card for several names every one, the first few shown and the rest one press away', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      name: `Certification ${i + 1}`,
      number: `AZ-${100 + i}`,
      expires: `2027-0${1 + (i % 9)}-15T00:00:00.000Z`,
      stage: i === 0 ? 'last-30-days' : 'window-open',
    }));
    const activity = renderRenewalReminder(jobWith({ items: JSON.stringify(items) }));
    const content: unknown = activity?.attachments?.[0]?.content;
    const text = shown(replyTexts([activity ?? {}]));
    assert.match(text, /Renewal is open for 12 of your certifications/);
    for (const item of items) assert.ok(text.includes(`${item.name} (${item.number})`), item.name);
    assert.match(text, /expires January 15, 2027, in less than 30 days/);
    assert.deepEqual(
      buttons(content).map((b) => b.title),
      ['Show 7 more', 'Renew on Microsoft Learn'],
    );
    assert.ok(JSON.stringify(activity).length < 28 * 1024);
  });
});

describe('renewal reminders end to end (bot over HTTP, Teams channel stand-in, SQLite)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await proactiveHarness().start();
  });
  afterEach(() => h.stop());

  it('one reminder when the window opens, one 30 days before; reruns and restarts send nothing twice; Fundamentals never', async () => {
    const adele = await installedChat(h, 'adele');
    const certifications = [
      expiringIn(h, 150, 'AZ-104'),
      { name: 'Microsoft Certified: Azure Fundamentals', number: 'AZ-900' },
      expiringIn(h, 400, 'AZ-305', 'Microsoft Certified: Azure Solutions Architect Expert'),
    ];
    const schedule = () =>
      h.app.certifications.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
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
    const shownNow = remindersShown(h, adele);
    assert.equal(shownNow.length, 2);
    assert.match(shownNow[1] ?? '', /AZ-104\) expires in less than 30 days/);
    assert.ok(!shownNow.join('\n').includes('AZ-900'), 'Fundamentals never');
  });

  it('what the person is shown now is recorded and never sent; only what falls due later comes, one card a day', async () => {
    const adele = await installedChat(h, 'adele');
    const onCard = [expiringIn(h, 20, 'AZ-104'), expiringIn(h, 100, 'AZ-305')];
    const shownNow = await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      onCard,
      h.clock.now(),
      'shown',
    );
    assert.deepEqual({ enqueued: shownNow.enqueued, recorded: shownNow.recorded }, { enqueued: [], recorded: 2 });
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 0);
    // The background run the same day: two more fall due at once; then a third that day.
    const later = [...onCard, expiringIn(h, 120, 'AZ-700'), expiringIn(h, 150, 'AZ-400')];
    assert.equal(
      (await h.app.certifications.renewals.scheduleRenewalReminders(personOf(adele), later, h.clock.now())).enqueued
        .length,
      1,
    );
    const third = await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [...later, expiringIn(h, 160, 'SC-300')],
      h.clock.now(),
    );
    assert.equal(third.recorded, 1);
    await h.app.proactive.worker.runOnce();
    const today = remindersShown(h, adele);
    assert.equal(today.length, 1, 'one card today');
    assert.match(today[0] ?? '', /Renewal is open for 2 of your certifications/);
    assert.match(today[0] ?? '', /AZ-700[\s\S]*AZ-400/);
    assert.doesNotMatch(today[0] ?? '', /AZ-104|AZ-305|SC-300/);
    h.clock.advanceDays(1);
    await h.app.proactive.worker.runOnce();
    const tomorrow = remindersShown(h, adele);
    assert.equal(tomorrow.length, 2, "the third waited for the next day's card");
    assert.match(tomorrow[1] ?? '', /SC-300/);
  });

  it('reminders off cancels the queued card and records nothing; switched on again, what was cancelled stays cancelled', async () => {
    const adele = await installedChat(h, 'adele');
    const certifications = [expiringIn(h, 20, 'AZ-104')];
    await h.app.certifications.renewals.scheduleRenewalReminders(personOf(adele), certifications, h.clock.now());
    const off = await h.app.certifications.renewals.setReminders(personOf(adele), false, h.clock.now());
    assert.equal(off.cancelled, 1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 0, 'nothing is sent once reminders are off');
    const whileOff = await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [...certifications, expiringIn(h, 100, 'AZ-305')],
      h.clock.now(),
    );
    assert.equal(whileOff.remindersOff, true);
    assert.equal((await jobsOf(h, adele)).filter((j) => j.state === 'queued').length, 0);
    await h.restartBot();
    assert.equal(
      await h.app.certifications.renewals.remindersOn(personOf(adele)),
      false,
      'the preference is kept in the store',
    );
    await h.app.certifications.renewals.setReminders(personOf(adele), true, h.clock.now());
    // AZ-305 fell due while reminders were off: nothing recorded it, so the next run sends it (on the next free day).
    await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [...certifications, expiringIn(h, 100, 'AZ-305')],
      h.clock.now(),
    );
    h.clock.advanceDays(1);
    await h.app.proactive.worker.runOnce();
    await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [...certifications, expiringIn(h, 99, 'AZ-305')],
      h.clock.now(),
    );
    await h.app.proactive.worker.runOnce();
    const sent = remindersShown(h, adele);
    assert.equal(sent.length, 1);
    assert.match(sent[0] ?? '', /AZ-305/);
    assert.doesNotMatch(sent[0] ?? '', /AZ-104/, 'the cancelled one is not brought back');
  });

  it('a renewed certification (new expiry) cancels the queued card that names the old date', async () => {
    const adele = await installedChat(h, 'adele');
    await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [expiringIn(h, 20, 'AZ-104')],
      h.clock.now(),
    );
    const renewed = await h.app.certifications.renewals.scheduleRenewalReminders(
      personOf(adele),
      [expiringIn(h, 385, 'AZ-104')],
      h.clock.now(),
    );
    assert.equal(renewed.cancelled, 1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 0);
  });

  it('the first 1:1 message saves the conversation reference; an unchanged one is not rewritten', async () => {
    const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    assert.equal(await h.app.proactive.references.getReference(personOf(adele)), undefined);
    await adele.say('hi');
    const saved = await h.app.proactive.references.getReference(personOf(adele));
    assert.equal(saved?.conversationId, adele.conversationId);
    assert.equal(
      await h.app.proactive.rememberConversation({ activity: adele.activity({ type: 'message', text: 'again' }) }),
      'unchanged',
    );
  });

  it('a reminder for someone the bot cannot reach yet waits, and goes out after their first message', async () => {
    const megan = h.chat({ name: 'Megan Bowen', tenantId: CONTOSO, aadObjectId: work('megan').objectId });
    await h.app.certifications.renewals.scheduleRenewalReminders(personOf(megan), [expiringIn(h, 20)], h.clock.now());
    await h.app.proactive.worker.runOnce();
    const [waiting] = await jobsOf(h, megan);
    assert.equal(waiting?.state, 'waiting-install');
    assert.equal(waiting?.lastCode, 'NoConversationReference');
    await megan.say('hi');
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, megan).length, 1);
  });

  it('an installationUpdate add saves the reference of a person not seen before; one from a group chat does not', async () => {
    const alex = h.chat({ name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId });
    await alex.send({
      type: 'installationUpdate',
      action: 'add',
      conversation: { id: '19:group', conversationType: 'groupChat', tenantId: CONTOSO, isGroup: true, name: 'group' },
    });
    assert.equal(await h.app.proactive.references.getReference(personOf(alex)), undefined);
    await alex.send({ type: 'installationUpdate', action: 'add' });
    assert.equal((await h.app.proactive.references.getReference(personOf(alex)))?.conversationId, alex.conversationId);
  });
});
