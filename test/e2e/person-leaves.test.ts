// , "the person leaves the organization": before a reminder goes out, the worker asks Graph
// (GET /users/{id} with the app's token) whether the person is still there. A 404 stops every
// reminder of theirs and drops their conversation reference; a person who only dropped out of a
// manager's roster (moved teams) is still reminded. Over real HTTP: the Graph organization stand-in
// (a person deleted from it), the token service and app-token issuer, the Teams channel stand-in and
// the bot on its SQLite file, with the worker run one pass at a time on the harness clock.
import assert from 'node:assert/strict';
import { ADELE_ID, deleteUser, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { PERSON_LEFT_CODE } from '../../src/proactive/proactive-worker';
import { isHeldStage } from '../../src/certifications/renewal-reminders';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText, replyTexts, type Card } from '../support/teams-chat';

const adaptive = (activity: { attachments?: { contentType?: string; content?: unknown }[] } | undefined) =>
  activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Card | undefined;
const REMINDER = 'Your manager asked me to remind you';

describe('a person who leaves the organization gets no more reminders and their conversation reference is dropped', function () {
  this.timeout(60_000);
  const org = generateOrg({ size: 600, branching: 150 });
  const h = new TabHarness(() => ({}), org, { proactive: { background: false } });
  before(() => h.start());
  after(() => h.stop());

  const chatOf = (who: 'adele' | 'megan') => h.personalChat(work(who));
  const personKey = (who: 'megan' | 'lee') => {
    const id =
      who === 'megan'
        ? work('megan').objectId
        : ((org.reports.get(ADELE_ID) ?? []).find((i) => org.entries.get(i)?.displayName === 'Lee Gu') ?? '');
    return { tenantId: work('megan').tenantId.toLowerCase(), aadObjectId: id.toLowerCase() };
  };

  it('Graph 404 on the person → their pending reminders cancelled, nothing reaches them, reference gone; a roster change alone is no proof', async () => {
    // Megan installed the app (her conversation reference is saved) and has a renewal reminder coming.
    const megan = chatOf('megan');
    await megan.install();
    const meganKey = personKey('megan');
    assert.ok(await h.app.proactive.references.getReference(meganKey), 'reference saved on install');
    await h.app.certifications.renewals.scheduleRenewalReminders(
      meganKey,
      [{ name: 'Microsoft Certified: Azure Administrator Associate', number: 'AZ-104', expires: '2026-12-14' }],
      h.clock.now(),
    );

    // Adele presses "Remind unlinked": Alex, Megan, Lee and Nestor are queued.
    const adele = chatOf('adele');
    await adele.say('team status');
    const signedIn = await adele.signInAs(work('adele').email);
    const cardId = signedIn.replies.find((r) => cardText(adaptive(r)).includes('Your team'))?.id ?? '';
    assert.ok(cardId, replyTexts(signedIn.replies));
    const pressed = await adele.press(cardId, 'Remind unlinked');
    assert.match(cardText(pressed.card), /Waiting\n4/);

    // Then Megan leaves the organization; Lee moves to another manager (no longer on Adele's roster).
    const lee = personKey('lee');
    deleteUser(org, work('megan').objectId);
    org.reports.set(
      ADELE_ID,
      (org.reports.get(ADELE_ID) ?? []).filter((id) => id !== lee.aadObjectId),
    );

    for (let pass = 0; pass < 4; pass++) {
      await h.app.proactive.worker.runOnce();
      h.clock.advanceMs(90_000);
    }

    assert.deepEqual(
      h.channel
        .activities(megan.conversationId)
        .filter((a) => (a.text ?? '').includes(REMINDER) || replyTexts([a]).includes('Your certification')),
      [],
      'nothing reached Megan',
    );
    assert.equal(
      await h.app.proactive.references.getReference(meganKey),
      undefined,
      'her conversation reference is gone',
    );
    const meganJobs = (await h.app.proactive.queue.list({ person: meganKey })).filter((j) => !isHeldStage(j));
    assert.ok(meganJobs.length >= 2, 'her link reminder and her renewal reminder');
    assert.deepEqual(
      meganJobs.map((j) => j.state),
      meganJobs.map(() => 'cancelled'),
    );
    assert.ok(
      meganJobs.some((j) => j.lastCode === PERSON_LEFT_CODE),
      'stopped because she left, not for another reason',
    );

    const reminded = h.channel.activities().filter((a) => (a.text ?? '').startsWith(REMINDER));
    assert.equal(reminded.length, 3, 'Alex, Lee (moved, still in the organization) and Nestor');
    const leeJobs = await h.app.proactive.queue.list({ person: lee });
    assert.deepEqual(
      leeJobs.map((j) => j.state),
      ['sent'],
    );

    // The manager's card ends with three sent and Megan's reminder stopped.
    await h.app.remindProgress.tick();
    const final = cardText(adaptive(h.channel.activities(adele.conversationId).find((a) => a.id === cardId)));
    assert.match(final, /Sent\n3/);
    assert.match(final, /Left the organization\n1/);
    assert.match(final, /Waiting\n0/);
  });

  it('Teams answering 404 ConversationNotFound makes the worker ask Graph afresh; a 404 there forgets the person', async () => {
    // Alex was reminded above (Graph said "present", remembered for an hour). Now he leaves, and his
    // next message (a renewal reminder) gets Teams' 404 for his chat.
    const alex = { tenantId: work('alex').tenantId.toLowerCase(), aadObjectId: work('alex').objectId.toLowerCase() };
    const reference = await h.app.proactive.references.getReference(alex);
    assert.ok(reference, 'the bot opened a chat with Alex for his reminder');
    await h.app.certifications.renewals.scheduleRenewalReminders(
      alex,
      [{ name: 'Microsoft Certified: Azure Administrator Associate', number: 'AZ-104', expires: '2026-12-14' }],
      h.clock.now(),
    );
    deleteUser(org, work('alex').objectId);
    h.channel.faults.failNext(reference.conversationId, { status: 404, code: 'ConversationNotFound' });
    const before = h.channel.activities(reference.conversationId).length;
    await h.app.proactive.worker.runOnce();
    const renewal = (await h.app.proactive.queue.list({ person: alex })).filter(
      (j) => j.kind === 'renewal-reminder' && !isHeldStage(j),
    );
    assert.ok(renewal.length > 0);
    assert.deepEqual(
      renewal.map((j) => j.state),
      renewal.map(() => 'cancelled'),
    );
    assert.ok(
      renewal.some((j) => j.lastCode === PERSON_LEFT_CODE),
      JSON.stringify(renewal.map((j) => j.lastCode)),
    );
    assert.equal(await h.app.proactive.references.getReference(alex), undefined);
    assert.equal(h.channel.activities(reference.conversationId).length, before, 'nothing new reached him');
  });
});
