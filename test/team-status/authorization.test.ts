// issue 9.2: who may see the per-person detail. The pure decision, then the Graph facts over real
// HTTP against the org stand-in: team owners from /teams/{group-id}/members read with the APP's token,
// partner admins from /me/checkMemberObjects with the person's own token (nested group), and the
// team's members as a roster without guests.
import assert from 'node:assert/strict';
import { DEV_IDENTITIES, FABRIKAM } from '../../src/stand-ins/dev-identities';
import { ADELE_ID, DEV_PARTNER_ADMIN_GROUP_ID, DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { authorizeTeamView, decideTeamAccess, graphAccessChecks, isPartnerAdmin, isTeamOwner, teamMemberRosterPages } from '../../src/team-status/authorization';
import { createGraphClient } from '../../src/team-status/graph-client';
import { GraphOrgServer } from './graph-org-server';

const TENANT = DEV_IDENTITIES[0]?.tenantId ?? '';
const id = (given: string) => DEV_IDENTITIES.find((i) => i.givenName === given && i.kind === 'work')?.objectId ?? '';
const [ALEX, MEGAN, PATTI, LEE] = [id('Alex'), id('Megan'), id('Patti'), id('Lee')];

describe('issue 9.2: authorization decision (pure)', () => {
  const base = { viewerOid: ADELE_ID, viewerTenant: TENANT, rosterTenant: TENANT };
  it('issue 9.2: a manager sees their own roster; anyone else\'s only as a partner admin', () => {
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'direct', rootOid: ADELE_ID }), { allowed: 'manager-of-roster' });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'org', rootOid: ALEX }), { allowed: 'denied', reason: 'not-their-roster' });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'org', rootOid: ALEX, partnerAdmin: true }), { allowed: 'partner-admin' });
  });
  it('issue 9.2: a team\'s detail goes to its owners and partner admins only; unknown facts are never a yes', () => {
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team', teamOwner: true }), { allowed: 'team-owner' });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team', teamOwner: false, partnerAdmin: true }), { allowed: 'partner-admin' });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team' }), { allowed: 'denied', reason: 'not-owner-or-admin' });
  });
  it('issue 9.2: another tenant is refused whatever the roles', () => {
    assert.deepEqual(decideTeamAccess({ ...base, rosterTenant: FABRIKAM.id, scope: 'team', teamOwner: true, partnerAdmin: true }), { allowed: 'denied', reason: 'other-tenant' });
    assert.deepEqual(decideTeamAccess({ ...base, viewerTenant: FABRIKAM.id, scope: 'direct', rootOid: ADELE_ID }), { allowed: 'denied', reason: 'other-tenant' });
  });
});

describe('issue 9.2: authorization facts from Microsoft Graph', () => {
  const server = new GraphOrgServer(generateOrg({ size: 320 }));
  before(() => server.start());
  after(() => server.stop());
  const appGraph = () => createGraphClient({ graphUrl: server.url, token: server.appToken(TENANT) });
  const userGraph = (oid: string) => createGraphClient({ graphUrl: server.url, token: server.userToken(oid, TENANT) });

  it('issue 9.2: team owners come from the team\'s members and roles, read with the app\'s token, across pages', async () => {
    assert.equal(await isTeamOwner(appGraph(), DEV_TEAM_ID, ADELE_ID), true);
    assert.equal(await isTeamOwner(appGraph(), DEV_TEAM_ID, MEGAN), true);
    assert.equal(await isTeamOwner(appGraph(), DEV_TEAM_ID, ALEX), false);
    assert.equal(await isTeamOwner(appGraph(), DEV_TEAM_ID, '00000000-0000-4000-8000-000000000000'), false, 'not a member: read to the last page, still no');
    const memberCalls = server.seen.filter((s) => s.path.startsWith(`/v1.0/teams/${DEV_TEAM_ID}/members`));
    assert.ok(memberCalls.some((s) => s.path.includes('skiptoken')), 'followed the nextLink');
    assert.ok(memberCalls.every((s) => s.authorization?.startsWith('Bearer app-')), 'with the app token');
  });

  it('issue 9.2: a partner admin is a transitive member of PARTNER_ADMIN_GROUP_ID, asked with their own token', async () => {
    assert.equal(await isPartnerAdmin(userGraph(PATTI), DEV_PARTNER_ADMIN_GROUP_ID), true, 'Patti is in it through a nested group');
    assert.equal(await isPartnerAdmin(userGraph(ADELE_ID), DEV_PARTNER_ADMIN_GROUP_ID), false);
    const before = server.seen.length;
    assert.equal(await isPartnerAdmin(userGraph(PATTI), undefined), false, 'no group configured: nobody');
    assert.equal(server.seen.length, before, 'and Graph is not asked');
    const check = server.seen.find((s) => s.path === '/v1.0/me/checkMemberObjects');
    assert.ok(check?.authorization?.startsWith('Bearer user-'));
  });

  it('issue 9.2: in a channel, owners and partner admins get the detail, other members do not', async () => {
    const decide = (oid: string) =>
      authorizeTeamView({ scope: 'team', viewerOid: oid, viewerTenant: TENANT, rosterTenant: TENANT, teamId: DEV_TEAM_ID }, graphAccessChecks(() => Promise.resolve(appGraph()), userGraph(oid), DEV_PARTNER_ADMIN_GROUP_ID));
    assert.deepEqual(await decide(ADELE_ID), { allowed: 'team-owner' });
    assert.deepEqual(await decide(PATTI), { allowed: 'partner-admin' });
    assert.deepEqual(await decide(LEE), { allowed: 'denied', reason: 'not-owner-or-admin' });
    assert.deepEqual(await decide(ALEX), { allowed: 'denied', reason: 'not-owner-or-admin' });
  });

  it('issue 9.2: a Graph failure while checking is an error, never a yes', async () => {
    server.throttle = { remaining: 100, status: 503, retryAfter: '0' };
    try {
      const checks = graphAccessChecks(() => Promise.resolve(createGraphClient({ graphUrl: server.url, token: server.appToken(TENANT), maxRetries: 1 })), createGraphClient({ graphUrl: server.url, token: server.userToken(LEE, TENANT), maxRetries: 1 }), DEV_PARTNER_ADMIN_GROUP_ID);
      await assert.rejects(authorizeTeamView({ scope: 'team', viewerOid: LEE, viewerTenant: TENANT, rosterTenant: TENANT, teamId: DEV_TEAM_ID }, checks));
    } finally {
      server.throttle = { remaining: 0, status: 429, retryAfter: '1' };
    }
  });

  it('issue 9.2: a team\'s roster is its members without guests', async () => {
    const people: string[] = [];
    let guests = 0;
    for await (const page of teamMemberRosterPages(appGraph(), DEV_TEAM_ID)) {
      people.push(...page.people.map((p) => p.id));
      guests += page.skipped.guests;
    }
    assert.equal(guests, 1);
    assert.ok(people.includes(ADELE_ID) && people.includes(PATTI) && people.length > 100);
    assert.equal(new Set(people).size, people.length);
  });
});
