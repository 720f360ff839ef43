// Who may see the per-person detail. The pure decision, then the Graph facts over real HTTP against
// the org stand-in: partner admins from /me/checkMemberObjects with the person's own token (nested
// group), and a team's members as a roster without guests (read with the app's token). Owning a team
// is not a fact anyone is asked about: it grants nothing.
import assert from 'node:assert/strict';
import { DEV_IDENTITIES, FABRIKAM } from '../../src/stand-ins/dev-identities';
import { ADELE_ID, DEV_PARTNER_ADMIN_GROUP_ID, DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import {
  authorizeTeamView,
  decideTeamAccess,
  graphAccessChecks,
  isPartnerAdmin,
  teamMemberRosterPages,
} from '../../src/team-status/authorization';
import { createGraphClient } from '../../src/graph/graph-client';
import { GraphOrgServer } from './graph-org-server';

const TENANT = DEV_IDENTITIES[0]?.tenantId ?? '';
const id = (given: string) => DEV_IDENTITIES.find((i) => i.givenName === given && i.kind === 'work')?.objectId ?? '';
const [ALEX, MEGAN, PATTI, LEE] = [id('Alex'), id('Megan'), id('Patti'), id('Lee')];

describe('authorization decision (pure)', () => {
  const base = { viewerOid: ADELE_ID, viewerTenant: TENANT, rosterTenant: TENANT };
  it("a manager sees their own roster; anyone else's only as a partner admin", () => {
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'direct', rootOid: ADELE_ID }), {
      allowed: 'manager-of-roster',
    });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'org', rootOid: ALEX }), {
      allowed: 'denied',
      reason: 'not-their-roster',
    });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'org', rootOid: ALEX, partnerAdmin: true }), {
      allowed: 'partner-admin',
    });
  });
  it("a team's whole membership is for partner admins only; anyone else gets at most the members they manage, and an unknown fact is never the whole team", () => {
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team', partnerAdmin: true }), { allowed: 'partner-admin' });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team', partnerAdmin: false }), {
      allowed: 'manager-of-members',
    });
    assert.deepEqual(decideTeamAccess({ ...base, scope: 'team' }), { allowed: 'manager-of-members' });
  });
  it('another tenant is refused whatever the roles', () => {
    assert.deepEqual(decideTeamAccess({ ...base, rosterTenant: FABRIKAM.id, scope: 'team', partnerAdmin: true }), {
      allowed: 'denied',
      reason: 'other-tenant',
    });
    assert.deepEqual(decideTeamAccess({ ...base, viewerTenant: FABRIKAM.id, scope: 'direct', rootOid: ADELE_ID }), {
      allowed: 'denied',
      reason: 'other-tenant',
    });
  });
});

describe('authorization facts from Microsoft Graph', () => {
  const server = new GraphOrgServer(generateOrg({ size: 320 }));
  before(() => server.start());
  after(() => server.stop());
  const appGraph = () => createGraphClient({ graphUrl: server.url, token: server.appToken(TENANT) });
  const userGraph = (oid: string) => createGraphClient({ graphUrl: server.url, token: server.userToken(oid, TENANT) });

  it('a partner admin is a transitive member of PARTNER_ADMIN_GROUP_ID, asked with their own token', async () => {
    assert.equal(
      await isPartnerAdmin(userGraph(PATTI), DEV_PARTNER_ADMIN_GROUP_ID),
      true,
      'Patti is in it through a nested group',
    );
    assert.equal(await isPartnerAdmin(userGraph(ADELE_ID), DEV_PARTNER_ADMIN_GROUP_ID), false);
    const before = server.seen.length;
    assert.equal(await isPartnerAdmin(userGraph(PATTI), undefined), false, 'no group configured: nobody');
    assert.equal(server.seen.length, before, 'and Graph is not asked');
    const check = server.seen.find((s) => s.path === '/v1.0/me/checkMemberObjects');
    assert.ok(check?.authorization?.startsWith('Bearer user-'));
  });

  it('in a team, a partner admin gets everyone; its owners and members get only the members they manage', async () => {
    const decide = (oid: string) =>
      authorizeTeamView(
        { scope: 'team', viewerOid: oid, viewerTenant: TENANT, rosterTenant: TENANT },
        graphAccessChecks(userGraph(oid), DEV_PARTNER_ADMIN_GROUP_ID),
      );
    assert.deepEqual(await decide(PATTI), { allowed: 'partner-admin' });
    assert.deepEqual(await decide(ADELE_ID), { allowed: 'manager-of-members' }, 'an owner: nothing more than anyone');
    assert.deepEqual(await decide(MEGAN), { allowed: 'manager-of-members' }, 'an owner: nothing more than anyone');
    assert.deepEqual(await decide(LEE), { allowed: 'manager-of-members' });
    assert.ok(
      !server.seen.some((s) => s.path.startsWith(`/v1.0/teams/${DEV_TEAM_ID}/members`)),
      'nobody asks who owns the team',
    );
  });

  it('a Graph failure while checking is an error, never a yes', async () => {
    server.throttle = { remaining: 100, status: 503, retryAfter: '0' };
    try {
      const checks = graphAccessChecks(
        createGraphClient({ graphUrl: server.url, token: server.userToken(LEE, TENANT), maxRetries: 1 }),
        DEV_PARTNER_ADMIN_GROUP_ID,
      );
      await assert.rejects(
        authorizeTeamView({ scope: 'team', viewerOid: LEE, viewerTenant: TENANT, rosterTenant: TENANT }, checks),
      );
    } finally {
      server.throttle = { remaining: 0, status: 429, retryAfter: '1' };
    }
  });

  it("a team's roster is its members without guests", async () => {
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
