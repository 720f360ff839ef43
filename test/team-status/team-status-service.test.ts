// at service level, over real HTTP: the sign-in stand-in with the Graph organization
// wired in (delegated tokens from the token service's minter, the app token through msal-node's
// client-credentials grant on the stand-in's HTTPS issuer), the SQLite file, the proactive queue and
// worker against the Teams channel stand-in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { connectorSender } from '../../src/channel/bot-channel';
import { REMINDER_RENDERERS } from '../../src/reminder-kinds';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createProactiveMessaging, type ProactiveMessaging } from '../../src/proactive/proactive-messaging';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import {
  ADELE_ID,
  DEV_PARTNER_ADMIN_GROUP_ID,
  DEV_TEAM_ID,
  generateOrg,
  type Org,
  type OrgEntry,
} from '../../src/stand-ins/graph-org-stand-in';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { CREATE_CONVERSATION } from '../../src/stand-ins/teams-channel-faults';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import { createAppTokenProvider } from '../../src/graph/app-token';
import { loadCatalogue } from '../../src/certifications/catalogue';
import { SqliteCertificationStore } from '../../src/storage/sqlite/sqlite-certification-store';
import { certificationSummariesFromStore } from '../../src/team-status/certification-summaries';
import { linkStatesFromStore } from '../../src/team-status/status-lookup';
import { bindToPresser, parseTeamAction } from '../../src/team-status/team-actions';
import type { AdaptiveCard } from '../../src/cards/card-elements';
import { heldCertificationsFromStore } from '../../src/team-status/team-credit';
import { TeamStatusService } from '../../src/team-status/team-status-service';
import { SqliteTeamViewAudit } from '../../src/storage/sqlite/sqlite-team-view-audit';
import { openDatabase, type Database } from '../../src/storage/sqlite/database';
import { sqliteProactiveStores } from '../../src/storage/sqlite/sqlite-stores';
import { sqlitePseudonyms } from '../../src/storage/sqlite/sqlite-installation-secret';
import { activeCertification } from '../support/certification-record';

const TENANT = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ALEX_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02';
const MEGAN_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a03';
const NESTOR_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a05';
const PATTI_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a06';
const APP = { clientId: '5e1f0c3a-2b4d-4e6f-8a1c-3d5e7f9a1b2c', clientSecret: 'local-app-secret' };

/** Member users a team view may show: enabled, not guests or external, not contacts. */
function shown(org: Org, managerId: string): OrgEntry[] {
  return (org.reports.get(managerId) ?? [])
    .map((id) => org.entries.get(id) as OrgEntry)
    .filter(
      (e) => e.kind === 'user' && e.userType === 'Member' && e.accountEnabled && !e.userPrincipalName.includes('#EXT#'),
    );
}

/** Every line of text on a card as a person reads it (Markdown escapes and bold marks removed). */
function cardLines(card: AdaptiveCard): string[] {
  const lines: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const element = value as { type?: unknown; text?: unknown };
      if (element.type === 'TextBlock' && typeof element.text === 'string')
        lines.push(element.text.replace(/\\(.)/g, '$1').replace(/\*\*/g, ''));
      Object.values(value).forEach(walk);
    }
  };
  walk(card.body);
  return lines;
}

function csvNames(csv: string): string[] {
  return csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[0] ?? '');
}

describe('team status service over HTTP (Graph org stand-in, app token, SQLite, channel stand-in)', function () {
  this.timeout(60_000);
  // 150 reports per generated manager: Alex has 150 direct reports, two Graph pages.
  const org = generateOrg({ size: 600, branching: 150 });
  let tenant = TENANT;
  let signIn: SignInStandIn;
  let channel: TeamsChannelStandIn;
  let channelUrl = '';
  let dir = '';
  let db: Database;
  let store: SqliteAssociationStore;
  let proactive: ProactiveMessaging;
  let audit: SqliteTeamViewAudit;
  let certifications: SqliteCertificationStore;
  let service: TeamStatusService;
  let clock = new Date('2026-11-25T10:00:00Z');
  const now = () => clock;

  before(async () => {
    tenant = (org.entries.get(ADELE_ID) as OrgEntry).tenantId;
    const tls = await createDevCertificate();
    signIn = new SignInStandIn({ tls, org, graphApps: [APP] });
    await signIn.start();
    channel = new TeamsChannelStandIn();
    channelUrl = await channel.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-status-'));
    const file = path.join(dir, 'partner-link.db');
    db = openDatabase(file);
    store = new SqliteAssociationStore(db);
    proactive = createProactiveMessaging({
      stores: sqliteProactiveStores(db, 50),
      renderers: REMINDER_RENDERERS,
      log: createLogger('silent'),
      now,
      sender: connectorSender(loadConfig({ SQLITE_PATH: file }), 3_000),
      worker: { policy: { concurrency: 4 } },
    });
    audit = new SqliteTeamViewAudit(db);
    certifications = new SqliteCertificationStore(db);
    service = new TeamStatusService({
      graphUrl: signIn.url,
      appTokens: createAppTokenProvider({ ...APP, authorityHost: signIn.httpsUrl, authorityCa: tls.cert, local: true }),
      partnerAdminGroupId: DEV_PARTNER_ADMIN_GROUP_ID,
      links: linkStatesFromStore(store),
      certifications: certificationSummariesFromStore(certifications),
      credit: { catalogue: loadCatalogue(), held: heldCertificationsFromStore(certifications) },
      audit,
      pseudonyms: sqlitePseudonyms(db),
      queue: proactive.queue,
      orgMaxDepth: 8,
      now,
      log: createLogger('silent'),
    });
    // Megan has linked both accounts; Lee only training.
    for (const [oid, purposes] of [
      [MEGAN_ID, ['training', 'learning']],
      ['3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a04', ['training']],
    ] as const) {
      for (const purpose of purposes) {
        const outcome = await store.link(
          {
            user: { tenantId: tenant, objectId: oid, displayName: 'x' },
            purpose,
            personal: {
              accountId: `00a1b2c3d4e5f6${purpose === 'training' ? '1' : '2'}${oid.slice(-1)}`,
              displayName: 'p',
              maskedEmail: 'p***@outlook.com',
            },
          },
          clock,
        );
        assert.equal(outcome.kind, 'linked');
      }
    }
  });

  after(async () => {
    db.close();
    await signIn.stop();
    await channel.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const viewer = (oid: string) => ({ tenantId: tenant, oid });
  const tokenOf = (email: string) => signIn.issueToken(email);

  it('a manager sees exactly their reports, across Graph pages (guests, external users, disabled accounts, contacts left out)', async () => {
    const expected = shown(org, ALEX_ID).map((e) => e.displayName);
    assert.ok((org.reports.get(ALEX_ID)?.length ?? 0) > 100, 'more than one Graph page');
    const result = await service.teamStatus({
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 0,
    });
    assert.equal(result.kind, 'card');
    if (result.kind !== 'card') return;
    assert.equal(result.view.counts.total, expected.length);
    const exported = await service.exportCsv({
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 0,
    });
    assert.equal(exported.kind, 'csv');
    if (exported.kind === 'csv') assert.deepEqual(csvNames(exported.csv), expected);
    const graphCalls = signIn.calls().filter((c) => c.path === '/v1.0/me/directReports');
    assert.ok(
      graphCalls.some((c) => c.query.$skiptoken),
      'the nextLink was followed',
    );
  });

  it('someone with no reports is told so politely, and nothing about anyone is shown', async () => {
    const result = await service.teamStatus({
      viewer: viewer(PATTI_ID),
      userToken: tokenOf('patti.fernandez@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 0,
    });
    assert.equal(result.kind, 'no-reports');
    assert.match(JSON.stringify(result), /nobody reporting to you/);
  });

  it('in a team, owning it shows nothing: an owner who manages none of its members is refused, a manager sees only the members they manage, a partner admin everyone', async () => {
    const args = { scope: 'team' as const, filter: 'all' as const, page: 0, teamId: DEV_TEAM_ID };
    const team = org.teams.get(DEV_TEAM_ID);
    assert.ok(
      team?.members.some((m) => m.userId === MEGAN_ID && m.roles.includes('owner')),
      'Megan owns the team',
    );
    const megan = await service.teamStatus({
      ...args,
      viewer: viewer(MEGAN_ID),
      userToken: tokenOf('megan.bowen@contoso.example'),
    });
    assert.equal(megan.kind, 'refused');
    assert.match(JSON.stringify(megan), /Nobody in this team reports to you/);
    assert.doesNotMatch(JSON.stringify(megan), /Alex|Avery|Adele|Wilber/);
    for (const press of [
      service.exportCsv({ ...args, viewer: viewer(MEGAN_ID), userToken: tokenOf('megan.bowen@contoso.example') }),
      service.remindUnlinked({
        ...args,
        viewer: viewer(MEGAN_ID),
        userToken: tokenOf('megan.bowen@contoso.example'),
        target: { serviceUrl: channelUrl, botId: '28:partner-link' },
      }),
    ]) {
      assert.equal((await press).kind, 'refused', 'no export, no reminders');
    }
    assert.equal((await proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length, 0, 'nobody was reminded');
    // Alex manages the first generated members, who are in the team: those, and no one else.
    const alex = await service.teamStatus({
      ...args,
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
    });
    assert.ok(alex.kind === 'card', JSON.stringify(alex).slice(0, 300));
    const alexReports = new Set(shown(org, ALEX_ID).map((e) => e.id));
    const inTeamAndManaged = (team?.members ?? []).filter((m) => alexReports.has(m.userId));
    assert.ok(inTeamAndManaged.length > 0 && inTeamAndManaged.length < (team?.members.length ?? 0));
    assert.equal(alex.basis, 'manager-of-members');
    assert.equal(alex.view.counts.total, inTeamAndManaged.length);
    assert.ok(alex.notes.some((n) => n.includes('Only the members of this team you manage')));
    const csv = await service.exportCsv({
      ...args,
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
    });
    assert.ok(csv.kind === 'csv');
    assert.ok(!/Adele|Megan|Patti|Lee Gu|Nestor/.test(csv.csv), 'his manager and colleagues are not in his export');
    assert.equal(csvNames(csv.csv).length, inTeamAndManaged.length);
    const patti = await service.teamStatus({
      ...args,
      viewer: viewer(PATTI_ID),
      userToken: tokenOf('patti.fernandez@contoso.example'),
    });
    assert.ok(patti.kind === 'card');
    assert.equal(patti.basis, 'partner-admin');
    assert.ok(patti.view.counts.total > inTeamAndManaged.length);
    const counts = await service.channelCounts({ viewer: viewer(MEGAN_ID), teamId: DEV_TEAM_ID });
    assert.equal(counts.kind, 'card');
    assert.doesNotMatch(JSON.stringify(counts), /Megan|Bowen|Avery/, 'the channel gets counts, no names');
    const teamKey = await sqlitePseudonyms(db).person(tenant, DEV_TEAM_ID);
    const byMegan = await audit.list(tenant, MEGAN_ID);
    assert.ok(byMegan.some((e) => e.action === 'refused' && e.subjectKey === teamKey));
    assert.ok(!byMegan.some((e) => e.action !== 'refused'), 'no view, export or reminder by the owner');
    assert.ok(
      (await audit.list(tenant, ALEX_ID)).some(
        (e) => e.action === 'view' && e.basis === 'manager-of-members' && e.people === inTeamAndManaged.length,
      ),
    );
  });

  it("a work token that is not the asker's shows nothing, exports nothing, reminds nobody, and the audit claims no view", async () => {
    const adeleToken = tokenOf('adele.vance@contoso.example');
    const asAlex = { viewer: viewer(ALEX_ID), userToken: adeleToken, filter: 'all' as const, page: 0 };
    const queuedBefore = (await proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length;
    const auditBefore = (await audit.list(tenant, ALEX_ID, 1000)).length;
    const view = await service.teamStatus({ ...asAlex, scope: 'direct' });
    assert.equal(view.kind, 'wrong-account');
    assert.match(JSON.stringify(view), /not the one you are signed in to Teams with/);
    const adeleReports = shown(org, ADELE_ID).map((e) => e.displayName);
    assert.ok(!adeleReports.some((name) => JSON.stringify(view).includes(name)));
    assert.equal((await service.exportCsv({ ...asAlex, scope: 'org' })).kind, 'wrong-account');
    assert.equal(
      (
        await service.remindUnlinked({
          ...asAlex,
          scope: 'direct',
          target: { serviceUrl: channelUrl, botId: '28:partner-link' },
        })
      ).kind,
      'wrong-account',
    );
    assert.equal((await service.teamStatus({ ...asAlex, scope: 'team', teamId: DEV_TEAM_ID })).kind, 'wrong-account');
    assert.equal(
      (await proactive.queue.list({ kind: 'link-reminder', limit: 1000 })).length,
      queuedBefore,
      'no reminder queued',
    );
    const entries = (await audit.list(tenant, ALEX_ID, 1000)).slice(0, 4);
    assert.equal((await audit.list(tenant, ALEX_ID, 1000)).length, auditBefore + 4);
    assert.ok(
      entries.every((e) => e.action === 'refused' && e.people === 0),
      JSON.stringify(entries),
    );
    // A work account of another organization, and a personal account, are refused the same way.
    const fabrikam = await service.teamStatus({
      ...asAlex,
      userToken: tokenOf('diego.siciliani@fabrikam.example'),
      scope: 'direct',
    });
    assert.ok(fabrikam.kind === 'wrong-account' && /different organization/.test(fabrikam.message));
    const personal = await service.teamStatus({ ...asAlex, userToken: tokenOf('alexw@hotmail.com'), scope: 'direct' });
    assert.ok(personal.kind === 'wrong-account' && /personal Microsoft account/.test(personal.message));
  });

  it("a forged next-page or filter payload naming another manager's team returns nothing of it", async () => {
    const forged = parseTeamAction({
      verb: 'teamPage',
      scope: 'direct',
      filter: 'not-linked',
      page: 1,
      managerOid: ALEX_ID,
      tenant,
    });
    assert.ok(forged);
    assert.deepEqual(bindToPresser(forged, { oid: MEGAN_ID, tenant }), { ok: false, reason: 'other-viewer' });
    // A payload that names a team none of whose members the presser manages: re-authorized, refused.
    const team = parseTeamAction({
      verb: 'teamPage',
      scope: 'team',
      filter: 'all',
      page: 2,
      managerOid: MEGAN_ID,
      tenant,
      teamId: DEV_TEAM_ID,
    });
    const bound = team && bindToPresser(team, { oid: MEGAN_ID, tenant });
    assert.ok(bound?.ok);
    const result = await service.teamStatus({
      viewer: viewer(MEGAN_ID),
      userToken: tokenOf('megan.bowen@contoso.example'),
      scope: 'team',
      filter: 'all',
      page: 2,
      teamId: DEV_TEAM_ID,
    });
    assert.equal(result.kind, 'refused');
    // A direct-scope view is always the presser's own reports: Megan sees none of Alex's.
    const megan = await service.teamStatus({
      viewer: viewer(MEGAN_ID),
      userToken: tokenOf('megan.bowen@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 1,
    });
    const alexNames = shown(org, ALEX_ID).map((e) => e.displayName);
    assert.ok(!alexNames.some((name) => JSON.stringify(megan).includes(`"${name}"`)));
  });

  it('the CSV holds what the card shows, and nothing more', async () => {
    const args = {
      viewer: viewer(ADELE_ID),
      userToken: tokenOf('adele.vance@contoso.example'),
      scope: 'org' as const,
      filter: 'not-linked' as const,
      page: 0,
    };
    const card = await service.teamStatus(args);
    const csv = await service.exportCsv(args);
    assert.ok(card.kind === 'card' && csv.kind === 'csv');
    const lines = csv.csv.trim().split('\r\n');
    assert.equal(
      lines[0],
      'Name,Partner University linked,Microsoft Learning linked,Active certifications,Expiring within 6 months,Certifications checked',
    );
    assert.equal(lines.length - 1, card.view.matching);
    const firstPage = card.view.rows.map(
      (r) =>
        `${r.name},${r.trainingLinked ? 'yes' : 'no'},${r.learningLinked ? 'yes' : 'no'},${r.activeCertifications},${r.expiringSoon},`,
    );
    assert.deepEqual(lines.slice(1, 1 + firstPage.length), firstPage);
    assert.doesNotMatch(csv.csv, /@|#EXT#|outlook|eyJ/, 'no address, account or token');
  });

  it('remind the unlinked: creates missing 1:1s (403 = not installed for them, 429 waits for Retry-After), sends once, at most one a week whoever asks', async () => {
    const target = { serviceUrl: channelUrl, botId: '28:partner-link' };
    const refused = shown(org, ALEX_ID)[3]?.id ?? '';
    channel.refusePersonalChat(refused);
    channel.faults.failNext(CREATE_CONVERSATION, { status: 429, code: 'Throttled', retryAfter: 30 });
    const args = {
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct' as const,
      filter: 'all' as const,
      page: 0,
      target,
    };
    const run = await service.remindUnlinked(args);
    assert.equal(run.kind, 'queued');
    if (run.kind !== 'queued') return;
    const unlinked = shown(org, ALEX_ID).length;
    assert.equal(run.queued, unlinked);
    await proactive.worker.runOnce();
    let progress = await service.remindProgress(viewer(ALEX_ID), run.batch);
    const createsBefore = channel.createConversationRequests().length;
    assert.ok(
      (progress?.waiting ?? 0) > 0 && progress?.refused === 0,
      'a 429 on creation holds the tenant until Retry-After; nothing is lost',
    );
    // Nothing is tried again before Retry-After (30 s) has passed.
    clock = new Date(clock.getTime() + 20_000);
    await proactive.worker.runOnce();
    assert.equal(channel.createConversationRequests().length, createsBefore);
    for (let i = 0; i < 40 && (progress?.waiting ?? 1) > 0; i++) {
      clock = new Date(clock.getTime() + 12_000);
      await proactive.worker.runOnce();
      progress = await service.remindProgress(viewer(ALEX_ID), run.batch);
    }
    assert.deepEqual(
      {
        sent: progress?.sent,
        notInstalled: progress?.notInstalled,
        waiting: progress?.waiting,
        inDoubt: progress?.inDoubt,
        refused: progress?.refused,
      },
      { sent: unlinked - 1, notInstalled: 1, waiting: 0, inDoubt: 0, refused: 0 },
    );
    const sends = channel.faults
      .requests()
      .filter((r) => r.method === 'POST' && r.conversationId && r.outcome === 'handled');
    assert.equal(sends.length, unlinked - 1, 'one message per reachable person');
    assert.equal(new Set(sends.map((s) => s.conversationId)).size, unlinked - 1);
    const creates = channel.createConversationRequests();
    assert.equal(creates.length, unlinked, 'one successful creation request per person (the 403 included)');
    assert.equal(new Set(creates.map((c) => c.members?.[0]?.id)).size, unlinked);
    assert.deepEqual(
      channel.faults
        .requests()
        .filter((r) => !r.conversationId && r.outcome !== 'handled')
        .map((r) => r.outcome),
      [429],
      'the throttled creation, answered 429, then tried again once',
    );
    // Another press this week (by anyone) adds nothing.
    const again = await service.remindUnlinked(args);
    assert.ok(again.kind === 'queued' && again.queued === 0 && again.alreadyThisWeek === unlinked);
    // Someone else may not read this press's progress.
    assert.equal(await service.remindProgress(viewer(MEGAN_ID), run.batch), undefined);
  });

  it('a press whose reminders take long to queue (Azure Storage round trips) answers at once; the rest are queued in the background, once each', async () => {
    clock = new Date(clock.getTime() + 8 * 86_400_000); // a new week: nobody reminded yet
    const slowQueue = new Proxy(proactive.queue, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'enqueue' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
    const slow = new TeamStatusService({
      graphUrl: signIn.url,
      links: linkStatesFromStore(store),
      audit,
      pseudonyms: sqlitePseudonyms(db),
      queue: slowQueue,
      orgMaxDepth: 8,
      now,
      log: createLogger('silent'),
      enqueueBudgetMs: 100,
    });
    const args = {
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct' as const,
      filter: 'all' as const,
      page: 0,
      target: { serviceUrl: channelUrl, botId: '28:partner-link' },
    };
    const unlinked = shown(org, ALEX_ID).length;
    const run = await slow.remindUnlinked(args);
    assert.ok(run.kind === 'queued', JSON.stringify(run));
    assert.equal(run.stillQueuing, true);
    assert.match(run.message, /still being queued.*press Remind again/);
    assert.ok(run.progress.total < unlinked, 'answered before everyone was queued');
    await slow.settle();
    const progress = await slow.remindProgress(viewer(ALEX_ID), run.batch);
    assert.equal(progress?.total, unlinked, 'everyone is queued in the end');
    const again = await slow.remindUnlinked(args);
    await slow.settle();
    assert.ok(again.kind === 'queued');
    assert.equal(
      (await slow.remindProgress(viewer(ALEX_ID), again.batch))?.total,
      0,
      'pressing again queues nobody twice',
    );
  });

  it("a press from a team never lets the worker install the app through Graph; a press on one's own reports may", async () => {
    clock = new Date(clock.getTime() + 8 * 86_400_000); // a new week: nobody reminded yet
    const target = { serviceUrl: channelUrl, botId: '28:partner-link' };
    const fromTeam = await service.remindUnlinked({
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'team',
      teamId: DEV_TEAM_ID,
      filter: 'all',
      page: 0,
      target,
    });
    assert.ok(fromTeam.kind === 'queued' && fromTeam.queued > 0, JSON.stringify(fromTeam).slice(0, 300));
    const teamJobs = await proactive.queue.list({ batch: fromTeam.batch, limit: 1000 });
    assert.equal(teamJobs.length, fromTeam.queued);
    assert.ok(teamJobs.every((job) => job.payload.installViaGraph === undefined));
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    const own = await service.remindUnlinked({
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 0,
      target,
    });
    assert.ok(own.kind === 'queued');
    assert.ok(
      (await proactive.queue.list({ batch: own.batch, limit: 1000 })).every(
        (job) => job.payload.installViaGraph === true,
      ),
    );
  });

  it("a reminder says who asked: a partner admin's press on a team says a partner admin, a manager's on their reports says their manager", async () => {
    clock = new Date(clock.getTime() + 8 * 86_400_000); // a new week: nobody reminded yet
    const target = { serviceUrl: channelUrl, botId: '28:partner-link' };
    const render = REMINDER_RENDERERS['link-reminder'];
    assert.ok(render);
    const sentences = async (batch: string) =>
      Promise.all(
        (await proactive.queue.list({ batch, limit: 1000 })).map(async (job) => (await render(job))?.text ?? ''),
      );
    const byPatti = await service.remindUnlinked({
      viewer: viewer(PATTI_ID),
      userToken: tokenOf('patti.fernandez@contoso.example'),
      scope: 'team',
      teamId: DEV_TEAM_ID,
      filter: 'all',
      page: 0,
      target,
    });
    assert.ok(byPatti.kind === 'queued' && byPatti.queued > 0, JSON.stringify(byPatti).slice(0, 300));
    const fromAdmin = await sentences(byPatti.batch);
    assert.ok(fromAdmin.length > 0);
    for (const sentence of fromAdmin)
      assert.match(sentence, /^A partner admin in your organization asked me to remind you/);
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    const byAlex = await service.remindUnlinked({
      viewer: viewer(ALEX_ID),
      userToken: tokenOf('alex.wilber@contoso.example'),
      scope: 'direct',
      filter: 'all',
      page: 0,
      target,
    });
    assert.ok(byAlex.kind === 'queued' && byAlex.queued > 0);
    for (const sentence of await sentences(byAlex.batch))
      assert.match(sentence, /^Your manager asked me to remind you/);
  });

  it('rows show active certifications and those expiring within 6 months, from the cached transcripts', async () => {
    const megan = { tenantId: tenant, objectId: MEGAN_ID };
    const association = (await store.list(megan)).find((a) => a.purpose === 'learning');
    assert.ok(association);
    const cert = (name: string, expiresOn: Date | null, historical = false) => ({
      name,
      number: null,
      status: 'Active',
      earnedOn: new Date('2025-01-01T00:00:00Z'),
      expiresOn,
      historical,
    });
    const inMonths = (m: number) => new Date(clock.getTime() + m * 30 * 86_400_000);
    const record = {
      certifications: [
        cert('Azure Administrator Associate', inMonths(3)),
        cert('Azure Developer Associate', inMonths(10)),
        cert('Azure Fundamentals', null),
        cert('Old one', inMonths(-2), true),
      ],
      exams: [],
    };
    const outcome = await certifications.setShareLink(megan, association.id, 'share-id-megan', clock, {
      record,
      fetchedAt: clock,
      transcriptKey: '1'.repeat(64),
      emailMatched: true,
    });
    assert.notEqual(outcome, 'taken');
    const result = await service.teamStatus({
      viewer: viewer(ADELE_ID),
      userToken: tokenOf('adele.vance@contoso.example'),
      scope: 'direct',
      filter: 'certified',
      page: 0,
    });
    assert.ok(result.kind === 'card');
    assert.deepEqual(
      result.view.rows.map((r) => [r.name, r.activeCertifications, r.expiringSoon]),
      [['Megan Bowen', 3, 1]],
    );
    assert.equal(result.view.counts.expiring, 1);
  });

  it("skilling credit per solution area on the manager's card, with what would raise it; a transcript in doubt or only self-declared does not count, one a partner admin approved does", async () => {
    const cert = (name: string) => activeCertification(name);
    const seed = async (objectId: string, names: string[], emailMatched: boolean) => {
      const person = { tenantId: tenant, objectId };
      let association = (await store.list(person)).find((a) => a.purpose === 'learning');
      if (!association) {
        const outcome = await store.link(
          {
            user: { ...person, displayName: 'x' },
            purpose: 'learning',
            personal: {
              accountId: `00a1b2c3d4e5f62${objectId.slice(-2)}`,
              displayName: 'p',
              maskedEmail: 'p***@outlook.com',
            },
          },
          clock,
        );
        assert.equal(outcome.kind, 'linked');
        association = (await store.list(person)).find((a) => a.purpose === 'learning');
      }
      assert.ok(association);
      const transcriptKey = objectId
        .replace(/[^0-9a-f]/g, '')
        .padEnd(64, '0')
        .slice(0, 64);
      const linked = await certifications.setShareLink(
        person,
        association.id,
        `share-id-${objectId.slice(-2)}`,
        clock,
        { record: { certifications: names.map(cert), exams: [] }, fetchedAt: clock, transcriptKey, emailMatched },
      );
      assert.notEqual(linked, 'taken');
      return { person, transcriptKey };
    };
    // Megan: AZ-104 and MS-102. Nestor's transcript has AZ-104 and AZ-700 but Learn's contact email is someone else's.
    await seed(
      MEGAN_ID,
      ['Azure Administrator Associate', 'Microsoft 365 Certified: Enterprise Administrator Expert'],
      true,
    );
    const nestor = await seed(NESTOR_ID, ['Azure Administrator Associate', 'Azure Network Engineer Associate'], false);
    const ask = async () => {
      const result = await service.teamStatus({
        viewer: viewer(ADELE_ID),
        userToken: tokenOf('adele.vance@contoso.example'),
        scope: 'direct',
        filter: 'all',
        page: 0,
      });
      assert.ok(result.kind === 'card');
      assert.ok(Buffer.byteLength(JSON.stringify(result.card)) < 28 * 1024);
      return cardLines(result.card);
    };
    /** Nestor's row on the manager's card. */
    const nestorRow = async () => {
      const result = await service.teamStatus({
        viewer: viewer(ADELE_ID),
        userToken: tokenOf('adele.vance@contoso.example'),
        scope: 'direct',
        filter: 'all',
        page: 0,
      });
      assert.ok(result.kind === 'card');
      return /"title":"Nestor Wilke","value":"([^"]*)"/.exec(JSON.stringify(result.card.body))?.[1] ?? '';
    };
    const disputed = await ask();
    assert.ok(disputed.includes('Skilling credit from these people'));
    assert.ok(
      disputed.some((l) => l.includes('Enterprise track') && l.includes("don't know your organization's track")),
    );
    assert.ok(disputed.includes('Modern Work: 15 of 25 points'), disputed.join('\n'));
    // One AZ-104 holder is not the Enterprise gate's two people: Nestor's disputed AZ-104 and AZ-700 add nothing.
    assert.ok(disputed.includes('Infrastructure (Azure): 0 of 40 points'), disputed.join('\n'));
    const infra = disputed.indexOf('Infrastructure (Azure): 0 of 40 points');
    assert.match(
      disputed[infra + 1] ?? '',
      /^• 1 more person with AZ-104 and 1 more person with .*AZ-700.* → \+4 Infrastructure \(Azure\) points$/,
    );

    // Nestor says the transcript is his: shown as self-declared, and still counts for nothing.
    assert.equal(
      await certifications.declareOwnership(nestor.person, nestor.transcriptKey, 'Nestor Wilke'),
      'self-declared',
    );
    const declared = await ask();
    assert.ok(declared.includes('Infrastructure (Azure): 0 of 40 points'), declared.join('\n'));
    assert.match(await nestorRow(), /self-declared, not approved/);
    // A partner admin approves it: the gate opens and his AZ-700 earns 4 points.
    assert.equal(
      await certifications.decide(nestor.person, nestor.transcriptKey, 'approved', 'patti', clock),
      'decided',
    );
    const confirmed = await ask();
    assert.match(await nestorRow(), /\(self-declared, approved\)/);
    assert.ok(confirmed.includes('Infrastructure (Azure): 4 of 40 points'), confirmed.join('\n'));
    assert.ok(confirmed.includes('Modern Work: 15 of 25 points'));
  });
});
