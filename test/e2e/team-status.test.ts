// issue 9 end to end over HTTP: the real bot (router, SQLite file) with the sign-in stand-in playing
// the token service, Graph (the generated organization) and the HTTPS issuer of the app token, and
// the Teams channel stand-in. What a manager, a non-manager, a team owner and a member notice.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEV_TEAM_ID, generateOrg, type OrgEntry } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { buttons, cardText, replyTexts, TeamsChat, type Card } from '../support/teams-chat';

const org = generateOrg({ size: 600, branching: 150 });

function memberNames(managerId: string): string[] {
  return (org.reports.get(managerId) ?? [])
    .map((id) => org.entries.get(id) as OrgEntry)
    .filter((e) => e.kind === 'user' && e.userType === 'Member' && e.accountEnabled && !e.userPrincipalName.includes('#EXT#'))
    .map((e) => e.displayName);
}

function rowNames(card: Card): string[] {
  const facts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'FactSet' && Array.isArray(record.facts)) {
      for (const fact of record.facts as { title: string; value: string }[]) if (fact.value.startsWith('Partner University')) facts.push(fact.title);
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return facts;
}

const adaptive = (activity: { attachments?: { contentType?: string; content?: unknown }[] }) => activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;

describe('issue 9 e2e: team status in Teams (1:1, channel, buttons, export)', function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), org);
  before(() => h.start());
  after(() => h.stop());

  // One Teams user id per person, as in Teams (the token service keys sign-ins by it).
  const userIds = { adele: `29:1${randomUUID().replace(/-/g, '')}`, alex: `29:1${randomUUID().replace(/-/g, '')}`, patti: `29:1${randomUUID().replace(/-/g, '')}` };
  const userOf = (who: 'adele' | 'alex' | 'patti') => ({ name: work(who).displayName, tenantId: work(who).tenantId, aadObjectId: work(who).objectId });
  const personalChat = (who: 'adele' | 'alex' | 'patti') => {
    const existing = h.channel.personalChatOf(work(who).tenantId, userIds[who]);
    const chat = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), { userId: userIds[who], ...(existing ? { conversationId: existing } : {}) });
    h.channel.registerPersonalChat(work(who).tenantId, chat.userId, chat.conversationId);
    return chat;
  };

  it('issue 9.1: a manager asks "team status", signs in with the work account first, and sees exactly their reports across Graph pages', async () => {
    const chat = personalChat('alex');
    const asked = await chat.say('how is my team doing?');
    assert.ok(asked.replies.some((r) => r.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.oauth')), 'the work sign-in card first');
    assert.doesNotMatch(replyTexts(asked.replies), /Avery|Blake/, 'nothing about anyone before sign-in');
    const signedIn = await chat.signInAs(work('alex').email);
    const first = signedIn.replies.map(adaptive).find((c) => c && cardText(c).includes('Your team'));
    assert.ok(first, replyTexts(signedIn.replies));
    const expected = memberNames(work('alex').objectId);
    assert.match(cardText(first), new RegExp(`People\\n${expected.length}\\b`));
    const seen = rowNames(first);
    let cardId = signedIn.replies.find((r) => adaptive(r) === first)?.id ?? '';
    for (let i = 0; i < 20 && buttons(chat.cardOf(cardId)).some((b) => b.title === 'Next'); i++) {
      const next = await chat.press(cardId, 'Next');
      seen.push(...rowNames(next.card));
    }
    assert.deepEqual(seen, expected);
    cardId = chat.latestCard('Your team').id;
    // "my whole org" after sign-in: no second sign-in.
    const orgCard = await chat.say('my whole org');
    assert.ok(orgCard.replies.some((r) => adaptive(r) && cardText(adaptive(r)).includes('Your organization')));
  });

  it('issue 9.1: someone with no reports is told so politely and sees nothing about anyone', async () => {
    const chat = personalChat('patti');
    await chat.say('team status');
    const signedIn = await chat.signInAs(work('patti').email);
    const text = replyTexts(signedIn.replies);
    assert.match(text, /nobody reporting to you/);
    assert.doesNotMatch(text, /Avery|Alex Wilber|Megan/);
  });

  it("issue 9.2: a forged next-page payload naming another manager's team returns nothing of it", async () => {
    const chat = personalChat('patti');
    const forged = await chat.send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'teamPage', data: { scope: 'direct', filter: 'all', page: 1, managerOid: work('alex').objectId, tenant: work('alex').tenantId } }, trigger: 'manual' },
    });
    const answer = JSON.stringify(forged.body);
    assert.match(answer, /Nothing about anyone was shown/);
    assert.ok(!memberNames(work('alex').objectId).some((name) => answer.includes(name)));
  });

  it('issue 9.2: in a channel, a non-owner gets only the counts, and an owner gets the detail in the 1:1 chat', async () => {
    const conversationId = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const channelData = (who: 'adele' | 'alex') => ({ tenant: { id: work(who).tenantId }, team: { id: conversationId, aadGroupId: DEV_TEAM_ID, name: 'Contoso Partner Practice' }, channel: { id: conversationId } });
    const inChannel = (who: 'adele' | 'alex') => new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), { conversationId, conversationType: 'channel', userId: userIds[who] });
    const alex = inChannel('alex');
    // Alex signed in above (first test): the token service has his work token.
    const asked = await alex.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData: channelData('alex') });
    const counts = asked.replies.map(adaptive).find((c) => c && cardText(c).includes('People'));
    assert.ok(counts, replyTexts(asked.replies));
    assert.doesNotMatch(JSON.stringify(counts), /Megan|Bowen|Avery|Wilber/, 'the channel sees counts, no names');
    const alexPrivate = h.channel.personalChatOf(work('alex').tenantId, alex.userId) ?? '';
    assert.match(replyTexts(h.channel.activities(alexPrivate)), /per-person status is for the person's manager, the team's owners and partner admins/);

    const adele = inChannel('adele');
    await adele.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData: channelData('adele') });
    const adelePrivate = h.channel.personalChatOf(work('adele').tenantId, adele.userId) ?? '';
    // Adele has not signed in: her 1:1 gets the work sign-in card, then the team's detail.
    const oauth = h.channel.activities(adelePrivate).some((a) => a.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.oauth'));
    assert.ok(oauth);
    const privateChat = personalChat('adele');
    const signedIn = await privateChat.signInAs(work('adele').email);
    const detail = signedIn.replies.map(adaptive).find((c) => c && cardText(c).includes('This team'));
    assert.ok(detail, replyTexts(signedIn.replies));
    assert.ok(rowNames(detail).includes('Megan Bowen'), 'the owner sees names');
  });

  it('issue 9.5: Export CSV in 1:1 sends a file consent card; accepting uploads the CSV of the view and shows the file', async () => {
    const chat = personalChat('alex');
    const asked = await chat.say('team status');
    const cardId = asked.replies.find((r) => adaptive(r) && cardText(adaptive(r)).includes('Your team'))?.id ?? '';
    const pressed = await chat.press(cardId, 'Export CSV');
    const consent = pressed.replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    assert.ok(consent);
    const content = consent.content as { acceptContext: unknown; sizeInBytes: number };
    const accepted = await chat.send({ type: 'invoke', name: 'fileConsent/invoke', value: h.channel.acceptFileConsent(consent.name ?? 'team.csv', content.acceptContext) });
    assert.equal(accepted.status, 200);
    const info = accepted.replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info');
    assert.ok(info);
    const uploaded = h.channel.uploadedFile((info.content as { uniqueId: string }).uniqueId);
    const lines = uploaded?.bytes?.toString('utf8').trim().split('\r\n') ?? [];
    assert.equal(lines[0], 'Name,Partner University linked,Microsoft Learning linked,Active certifications,Expiring within 6 months');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), memberNames(work('alex').objectId));
    assert.doesNotMatch(uploaded?.bytes?.toString('utf8') ?? '', /@/);
  });

  it('Remind unlinked answers with a progress card, updated in place as the reminders go out', async () => {
    const chat = personalChat('adele');
    const asked = await chat.say('team status');
    const cardId = asked.replies.find((r) => adaptive(r) && cardText(adaptive(r)).includes('Your team'))?.id ?? '';
    assert.ok(cardId, replyTexts(asked.replies));
    const pressed = await chat.press(cardId, 'Remind unlinked');
    assert.match(cardText(pressed.card), /Reminders[\s\S]*Waiting\n4/);
    // The worker runs in the background; wait (bounded) until the batch has nothing left waiting.
    // The press's batch names Adele by the keyed hash of her work account, never by her ids.
    const adeleKey = await h.app.stores.pseudonyms.person(work('adele').tenantId, work('adele').objectId);
    const batch = (await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).find((j) => j.batch?.startsWith(`remind:${adeleKey}:`))?.batch ?? '';
    assert.ok(batch, 'the reminders carry the press\'s batch');
    for (let i = 0; i < 300; i++) {
      const counts = await h.app.proactive.queue.counts({ batch });
      if (counts.queued + counts.sending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The updater's round (its timer may have run it already: either way the card is up to date).
    await h.app.remindProgress.tick();
    const updated = h.channel.activities(chat.conversationId).find((a) => a.id === cardId);
    const text = cardText(updated && adaptive(updated));
    assert.match(text, /Sent\n4/);
    assert.match(text, /Waiting\n0/);
    assert.equal(h.channel.updates(cardId).length >= 1, true, 'the same card, updated (PUT), not a new message');
    // Each reminded person got one message with the link buttons.
    const reminders = h.channel.activities().filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'));
    assert.equal(reminders.length, 4);
    assert.equal(await h.app.remindProgress.tick(), 0, 'the batch is done: no more updates');
  });
});
