// Team status end to end over HTTP: the real bot (router, SQLite file) with the sign-in stand-in
// playing the token service, Graph (the generated organization) and the HTTPS issuer of the app token,
// and the Teams channel stand-in. What a manager, a non-manager, a team's owner and its members
// notice, and someone who signs in with a colleague's work account.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { findIdentityByEmail } from '../../src/stand-ins/dev-identities';
import { DEV_TEAM_ID, generateOrg, type OrgEntry } from '../../src/stand-ins/graph-org-stand-in';
import { openDatabase } from '../../src/storage/sqlite/database';
import { SqliteTeamViewAudit } from '../../src/storage/sqlite/sqlite-team-view-audit';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { buttons, cardText, replyTexts, TeamsChat, type Card } from '../support/teams-chat';

const org = generateOrg({ size: 600, branching: 150 });

function memberNames(managerId: string): string[] {
  return (org.reports.get(managerId) ?? [])
    .map((id) => org.entries.get(id) as OrgEntry)
    .filter(
      (e) => e.kind === 'user' && e.userType === 'Member' && e.accountEnabled && !e.userPrincipalName.includes('#EXT#'),
    )
    .map((e) => e.displayName);
}

function rowNames(card: Card): string[] {
  const facts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'FactSet' && Array.isArray(record.facts)) {
      for (const fact of record.facts as { title: string; value: string }[])
        if (fact.value.startsWith('Partner University')) facts.push(fact.title);
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return facts;
}

const adaptive = (activity: { attachments?: { contentType?: string; content?: unknown }[] }) =>
  activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Card | undefined;

describe('e2e: team status in Teams (1:1, channel, buttons, export)', function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), org);
  before(() => h.start());
  after(() => h.stop());

  // One Teams user id per person, as in Teams (the token service keys sign-ins by it).
  const userIds = {
    adele: `29:1${randomUUID().replace(/-/g, '')}`,
    alex: `29:1${randomUUID().replace(/-/g, '')}`,
    patti: `29:1${randomUUID().replace(/-/g, '')}`,
  };
  const userOf = (who: 'adele' | 'alex' | 'patti') => ({
    name: work(who).displayName,
    tenantId: work(who).tenantId,
    aadObjectId: work(who).objectId,
  });
  const personalChat = (who: 'adele' | 'alex' | 'patti') => {
    const existing = h.channel.personalChatOf(work(who).tenantId, userIds[who]);
    const chat = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), {
      userId: userIds[who],
      ...(existing ? { conversationId: existing } : {}),
    });
    h.channel.registerPersonalChat(work(who).tenantId, chat.userId, chat.conversationId);
    return chat;
  };

  it('a manager asks "team status", signs in with the work account first, and sees exactly their reports across Graph pages', async () => {
    const chat = personalChat('alex');
    const asked = await chat.say('how is my team doing?');
    assert.ok(
      asked.replies.some((r) => r.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.oauth')),
      'the work sign-in card first',
    );
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

  it('someone with no reports is told so politely and sees nothing about anyone', async () => {
    const chat = personalChat('patti');
    await chat.say('team status');
    const signedIn = await chat.signInAs(work('patti').email);
    const text = replyTexts(signedIn.replies);
    assert.match(text, /nobody reporting to you/);
    assert.doesNotMatch(text, /Avery|Alex Wilber|Megan/);
  });

  it("a forged next-page payload naming another manager's team returns nothing of it", async () => {
    const chat = personalChat('patti');
    const forged = await chat.send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'teamPage',
          data: {
            scope: 'direct',
            filter: 'all',
            page: 1,
            managerOid: work('alex').objectId,
            tenant: work('alex').tenantId,
          },
        },
        trigger: 'manual',
      },
    });
    const answer = JSON.stringify(forged.body);
    assert.match(answer, /Nothing about anyone was shown/);
    assert.ok(!memberNames(work('alex').objectId).some((name) => answer.includes(name)));
  });

  it('in a channel, anyone gets only the counts; in the 1:1 chat a manager gets only the members they manage', async () => {
    const conversationId = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const channelData = (who: 'adele' | 'alex') => ({
      tenant: { id: work(who).tenantId },
      team: { id: conversationId, aadGroupId: DEV_TEAM_ID, name: 'Contoso Partner Practice' },
      channel: { id: conversationId },
    });
    const inChannel = (who: 'adele' | 'alex') =>
      new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), {
        conversationId,
        conversationType: 'channel',
        userId: userIds[who],
      });
    const alex = inChannel('alex');
    // Alex signed in above (first test): the token service has his work token.
    const asked = await alex.send({
      type: 'message',
      text: '<at>Partner Link</at> team status',
      channelData: channelData('alex'),
    });
    const counts = asked.replies.map(adaptive).find((c) => c && cardText(c).includes('People'));
    assert.ok(counts, replyTexts(asked.replies));
    assert.doesNotMatch(JSON.stringify(counts), /Megan|Bowen|Avery|Wilber/, 'the channel sees counts, no names');
    assert.match(cardText(counts), /Only counts here, for everyone in the team/);
    // In his 1:1 chat: the team's members he manages (his generated reports), not his manager or colleagues.
    const alexPrivate = h.channel.personalChatOf(work('alex').tenantId, alex.userId) ?? '';
    const alexDetail = h.channel
      .activities(alexPrivate)
      .map(adaptive)
      .filter((c) => c && cardText(c).includes('This team'))
      .at(-1);
    assert.ok(alexDetail, replyTexts(h.channel.activities(alexPrivate)));
    assert.match(cardText(alexDetail), /Only the members of this team you manage/);
    const alexRows = rowNames(alexDetail);
    assert.ok(
      alexRows.length > 0 && alexRows.every((name) => memberNames(work('alex').objectId).includes(name)),
      alexRows.join(', '),
    );

    const adele = inChannel('adele');
    await adele.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData: channelData('adele') });
    const adelePrivate = h.channel.personalChatOf(work('adele').tenantId, adele.userId) ?? '';
    // Adele has not signed in: her 1:1 gets the work sign-in card, then the detail of the members she manages.
    const oauth = h.channel
      .activities(adelePrivate)
      .some((a) => a.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.oauth'));
    assert.ok(oauth);
    const privateChat = personalChat('adele');
    const signedIn = await privateChat.signInAs(work('adele').email);
    const detail = signedIn.replies.map(adaptive).find((c) => c && cardText(c).includes('This team'));
    assert.ok(detail, replyTexts(signedIn.replies));
    assert.ok(rowNames(detail).includes('Megan Bowen'), 'her report, and an owner of the team');
    assert.ok(!rowNames(detail).includes('Patti Fernandez'), 'a member she does not manage');
  });

  it('Export CSV in 1:1 sends a file consent card; accepting uploads the CSV of the view and shows the file', async () => {
    const chat = personalChat('alex');
    const asked = await chat.say('team status');
    const cardId = asked.replies.find((r) => adaptive(r) && cardText(adaptive(r)).includes('Your team'))?.id ?? '';
    const pressed = await chat.press(cardId, 'Export CSV');
    const consent = pressed.replies
      .flatMap((r) => r.attachments ?? [])
      .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    assert.ok(consent);
    const content = consent.content as { acceptContext: unknown; sizeInBytes: number };
    const accepted = await chat.send({
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: h.channel.acceptFileConsent(consent.name ?? 'team.csv', content.acceptContext),
    });
    assert.equal(accepted.status, 200);
    const info = accepted.replies
      .flatMap((r) => r.attachments ?? [])
      .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info');
    assert.ok(info);
    const uploaded = h.channel.uploadedFile((info.content as { uniqueId: string }).uniqueId);
    const lines = uploaded?.bytes?.toString('utf8').trim().split('\r\n') ?? [];
    assert.equal(
      lines[0],
      'Name,Partner University linked,Microsoft Learning linked,Active certifications,Expiring within 6 months,Certifications checked',
    );
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      memberNames(work('alex').objectId),
    );
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
    const batch =
      (await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).find((j) =>
        j.batch?.startsWith(`remind:${adeleKey}:`),
      )?.batch ?? '';
    assert.ok(batch, "the reminders carry the press's batch");
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
    const reminders = h.channel
      .activities()
      .filter((a) => (a.text ?? '').startsWith('Your manager asked me to remind you'));
    assert.equal(reminders.length, 4);
    assert.equal(await h.app.remindProgress.tick(), 0, 'the batch is done: no more updates');
  });
});

describe('a team gives its owner nothing beyond its counts, and a sign-in is bound to the Teams user who asked', function () {
  this.timeout(60_000);
  // No generated people: Adele manages Alex, Megan, Lee and Nestor; Alex manages no one.
  const small = generateOrg({ size: 0 });
  // A team Alex created, with his manager and two colleagues in it, added without asking them.
  const ALEX_TEAM_ID = 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e20';
  const ALEX = work('alex').objectId;
  const colleagues = [work('adele'), work('megan'), findIdentityByEmail('lee.gu@contoso.example')].map((person) => ({
    userId: person?.objectId ?? '',
    roles: [],
  }));
  const members = [{ userId: ALEX, roles: ['owner' as const] }, ...colleagues];
  small.teams.set(ALEX_TEAM_ID, {
    id: ALEX_TEAM_ID,
    tenantId: work('alex').tenantId,
    displayName: "Alex's practice",
    members,
  });
  const h = new TabHarness(() => ({}), small);
  before(() => h.start());
  after(() => h.stop());

  const userIds = { adele: `29:1${randomUUID().replace(/-/g, '')}`, alex: `29:1${randomUUID().replace(/-/g, '')}` };
  const userOf = (who: 'adele' | 'alex') => ({
    name: work(who).displayName,
    tenantId: work(who).tenantId,
    aadObjectId: work(who).objectId,
  });
  const personalChat = (who: 'adele' | 'alex') => {
    const existing = h.channel.personalChatOf(work(who).tenantId, userIds[who]);
    const chat = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), {
      userId: userIds[who],
      ...(existing ? { conversationId: existing } : {}),
    });
    h.channel.registerPersonalChat(work(who).tenantId, chat.userId, chat.conversationId);
    return chat;
  };
  const channelConversation = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
  const askInChannel = (who: 'adele' | 'alex') =>
    new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, userOf(who), {
      conversationId: channelConversation,
      conversationType: 'channel',
      userId: userIds[who],
    }).send({
      type: 'message',
      text: '<at>Partner Link</at> team status',
      channelData: {
        tenant: { id: work(who).tenantId },
        team: { id: channelConversation, aadGroupId: ALEX_TEAM_ID, name: "Alex's practice" },
        channel: { id: channelConversation },
      },
    });
  const adeleReports = ['Megan Bowen', 'Lee Gu', 'Nestor Wilke'];
  const auditOf = async (oid: string) => {
    const db = openDatabase(h.sqlitePath);
    try {
      return await new SqliteTeamViewAudit(db).list(work('alex').tenantId, oid, 1000);
    } finally {
      db.close();
    }
  };
  const signedOutCalls = () =>
    h.signIn
      .calls()
      .filter(
        (c) =>
          c.method === 'DELETE' &&
          c.path === '/api/usertoken/SignOut' &&
          c.query.connectionName === 'WorkAccount' &&
          c.query.userId === userIds.alex,
      ).length;
  const wrongAccount = /not the one you are signed in to Teams with, so I showed nothing and signed it out/;

  it("Alex signs in with Adele's work account on the sign-in card: refused and signed out, and nothing of Adele's team is shown", async () => {
    const chat = personalChat('alex');
    await chat.say('team status');
    const before = signedOutCalls();
    const answered = await chat.signInAs(work('adele').email);
    const text = replyTexts(answered.replies);
    assert.match(text, wrongAccount);
    assert.ok(!adeleReports.some((name) => text.includes(name)), text);
    assert.equal(signedOutCalls(), before + 1, 'the work connection was signed out');
    // Signed out: asking again starts a new sign-in instead of using Adele's token.
    const again = await chat.say('team status');
    assert.ok(
      again.replies.some((r) => r.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.oauth')),
      replyTexts(again.replies),
    );
  });

  it("the same with a typed sign-in code, and with Teams SSO handing over Adele's token", async () => {
    const chat = personalChat('alex');
    const typed = await chat.signInAs(work('adele').email, 'typed-code');
    assert.match(replyTexts(typed.replies), wrongAccount);
    assert.ok(!adeleReports.some((name) => replyTexts(typed.replies).includes(name)));
    await chat.say('team status');
    const before = signedOutCalls();
    const exchanged = await chat.send(
      chat.tokenExchange((audience) => h.signIn.ssoToken(work('adele').email, audience)),
    );
    assert.match(replyTexts(exchanged.replies), wrongAccount);
    assert.ok(!adeleReports.some((name) => replyTexts(exchanged.replies).includes(name)));
    assert.equal(signedOutCalls(), before + 1);
  });

  it("with Adele's token at the token service for him, Alex's Remind and Export queue nothing and send no file, and the audit claims no view", async () => {
    const chat = personalChat('alex');
    // The token service holds a token of Adele's for Alex's Teams id (whatever way it got there).
    const planted = await fetch(
      `${h.signIn.url}/api/usertoken/exchange?userId=${encodeURIComponent(userIds.alex)}&connectionName=WorkAccount&channelId=msteams`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: h.signIn.ssoToken(work('adele').email, 'api://botid-00000000-0000-0000-0000-000000000000'),
        }),
      },
    );
    assert.equal(planted.status, 200);
    const press = (verb: 'teamRemind' | 'teamExport') =>
      chat.send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb,
            data: { scope: 'direct', filter: 'all', page: 0, managerOid: ALEX, tenant: work('alex').tenantId },
          },
          trigger: 'manual',
        },
      });
    const reminded = await press('teamRemind');
    assert.match(JSON.stringify(reminded.body), /not the one you are signed in to Teams with/);
    assert.equal(
      (await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length,
      0,
      'no reminder queued',
    );
    // Signed out by the refusal: the export asks for a sign-in, and no file consent card is sent.
    const exported = await press('teamExport');
    const attachments = exported.replies.flatMap((r) => r.attachments ?? []);
    assert.ok(!attachments.some((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent'));
    assert.ok(
      attachments.some((a) => a.contentType === 'application/vnd.microsoft.card.oauth'),
      'a new sign-in is asked for',
    );
    const entries = await auditOf(ALEX);
    assert.ok(
      entries.length > 0 && entries.every((e) => e.action === 'refused' && e.people === 0),
      JSON.stringify(entries),
    );
  });

  it('Alex, who manages no one, owns a team with his manager and colleagues: counts in the channel, and no detail, Remind or export in his 1:1', async () => {
    const asked = await askInChannel('alex');
    const counts = asked.replies.map(adaptive).find((c) => c && cardText(c).includes('People'));
    assert.ok(counts, replyTexts(asked.replies));
    assert.match(cardText(counts), /People\n4\b/);
    assert.doesNotMatch(JSON.stringify(counts), /Adele|Megan|Bowen|Lee Gu|Wilber/, 'counts, no names');
    // His 1:1: he signs in with his own account this time, and is told there is no one for him to see.
    const chat = personalChat('alex');
    const signedIn = await chat.signInAs(work('alex').email);
    const text = replyTexts(signedIn.replies);
    assert.match(text, /Nobody in this team reports to you/);
    assert.ok(!['Adele Vance', ...adeleReports].some((name) => text.includes(name)), text);
    const teamCards = signedIn.replies.map(adaptive).filter((c) => c && cardText(c).includes('This team'));
    assert.equal(teamCards.length, 0, 'no per-person card');
    assert.ok(
      !signedIn.replies.some((r) =>
        buttons(adaptive(r)).some((b) => b.title === 'Remind unlinked' || b.title === 'Export CSV'),
      ),
    );
    // Pressing Remind or Export for the team anyway (a forged card): nothing is queued, no file is offered.
    const press = (verb: 'teamPage' | 'teamRemind' | 'teamExport') =>
      chat.send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb,
            data: {
              scope: 'team',
              teamId: ALEX_TEAM_ID,
              filter: 'all',
              page: 0,
              managerOid: ALEX,
              tenant: work('alex').tenantId,
            },
          },
          trigger: 'manual',
        },
      });
    for (const verb of ['teamPage', 'teamRemind', 'teamExport'] as const) {
      const answer = await press(verb);
      assert.match(JSON.stringify(answer.body), /Nobody in this team reports to you/, verb);
      assert.ok(!['Adele Vance', ...adeleReports].some((name) => JSON.stringify(answer.body).includes(name)));
      assert.ok(
        !answer.replies.some((r) =>
          r.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent'),
        ),
        verb,
      );
    }
    assert.equal(
      (await h.app.proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length,
      0,
      'nobody was reminded',
    );
    const entries = await auditOf(ALEX);
    assert.ok(!entries.some((e) => e.action !== 'refused'), 'no view, export or reminder of anyone by Alex');
  });

  it('his manager asking in the same team gets the detail of her reports there, and only theirs', async () => {
    await askInChannel('adele');
    const chat = personalChat('adele');
    const signedIn = await chat.signInAs(work('adele').email);
    const detail = signedIn.replies.map(adaptive).find((c) => c && cardText(c).includes('This team'));
    assert.ok(detail, replyTexts(signedIn.replies));
    assert.deepEqual(rowNames(detail).sort(), ['Alex Wilber', 'Lee Gu', 'Megan Bowen']);
    assert.ok(buttons(detail).some((b) => b.title === 'Remind unlinked'));
  });
});
