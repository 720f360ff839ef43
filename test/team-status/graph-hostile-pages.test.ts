// Graph's answers are outside input too: a nextLink that loops back to an earlier page, or fresh
// links that keep listing the same people, must not list anyone twice nor keep the bot reading.
// Over real HTTP against the org stand-in on a loopback port (graph-org-server.ts).
import assert from 'node:assert/strict';
import { graphPartnerAdmins } from '../../src/graph/graph-partner-admins';
import {
  ADELE_ID,
  DEV_PARTNER_ADMIN_GROUP_ID,
  DEV_TEAM_ID,
  generateOrg,
  type Org,
} from '../../src/stand-ins/graph-org-stand-in';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { createGraphClient } from '../../src/graph/graph-client';
import { pageKey } from '../../src/graph/graph-pages';
import { newProgress, orgPages, teamPages, type RosterPage } from '../../src/team-status/graph-roster';
import { rosterSource } from '../../src/team-status/team-view';
import { GraphOrgServer } from './graph-org-server';

const CONTOSO_TID = DEV_IDENTITIES[0]?.tenantId ?? '';
const ALEX_ID = DEV_IDENTITIES.find((i) => i.givenName === 'Alex' && i.kind === 'work')?.objectId ?? '';
const PATTI_ID = DEV_IDENTITIES.find((i) => i.givenName === 'Patti' && i.kind === 'work')?.objectId ?? '';

async function collect(pages: AsyncIterable<RosterPage>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of pages) ids.push(...page.people.map((p) => p.id));
  return ids;
}

async function withServer(org: Org, run: (server: GraphOrgServer) => Promise<void>): Promise<void> {
  const server = new GraphOrgServer(org);
  await server.start();
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

/** How many times the most-read Graph page was read. */
function mostReads(server: GraphOrgServer, prefix: string): number {
  const counts = new Map<string, number>();
  for (const seen of server.seen.filter((s) => s.path.startsWith(prefix)))
    counts.set(pageKey(seen.path), (counts.get(pageKey(seen.path)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

describe('a Graph whose pages loop or repeat people', function () {
  this.timeout(60_000);

  it("a manager's reports: a nextLink back to the first page ends the list; each report once, each page read once", async () => {
    const org = generateOrg({ size: 250, branching: 250 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ALEX_ID, CONTOSO_TID) });
      const honest = await collect(teamPages(graph));
      const honestCalls = server.seen.length;
      org.nextLinkLoops = true;
      const looped = await collect(teamPages(graph));
      assert.equal(looped.length, honest.length, `${looped.length} people listed for ${honest.length} reports`);
      assert.deepEqual(looped, honest);
      assert.equal(server.seen.length - honestCalls, honestCalls, 'as many Graph calls as without the loop');
      assert.equal(mostReads(server, '/v1.0/me/directReports'), 2, 'each page read once per walk (two walks)');
    });
  });

  it("the whole org: loops in every manager's pages read no page twice and list everyone once", async () => {
    const org = generateOrg({ size: 320 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, CONTOSO_TID) });
      const honest = await collect(orgPages(graph, ADELE_ID));
      const honestCalls = server.seen.length;
      server.seen.length = 0;
      org.nextLinkLoops = true;
      const progress = newProgress();
      const looped = await collect(orgPages(graph, ADELE_ID, {}, progress));
      assert.deepEqual(looped, honest);
      assert.equal(progress.listed, honest.length);
      assert.equal(server.seen.length, honestCalls, 'the same Graph calls as without the loops');
      assert.equal(mostReads(server, '/v1.0/'), 1);
    });
  });

  it("a team's members: a looping nextLink lists each member once", async () => {
    const org = generateOrg({ size: 320 });
    org.nextLinkLoops = true;
    await withServer(org, async (server) => {
      const appGraph = createGraphClient({ graphUrl: server.url, token: server.appToken(CONTOSO_TID) });
      const source = rosterSource({
        scope: 'team',
        userGraph: appGraph,
        rootOid: ADELE_ID,
        appGraph,
        teamId: DEV_TEAM_ID,
        teamMembers: 'all',
      });
      const ids = await collect(source.pages);
      const members = (org.teams.get(DEV_TEAM_ID)?.members ?? [])
        .filter((m) => !m.roles.includes('guest'))
        .map((m) => m.userId);
      assert.deepEqual(ids, members);
      assert.equal(source.progress.listed, members.length);
      assert.equal(mostReads(server, `/v1.0/teams/${DEV_TEAM_ID}/members`), 1);
    });
  });

  it('the partner admins: a looping nextLink names each admin once and reads the group once', async () => {
    const org = generateOrg({ size: 40 });
    org.nextLinkLoops = true;
    await withServer(org, async (server) => {
      const admins = graphPartnerAdmins({
        graphUrl: server.url,
        appTokens: { token: (tenantId) => Promise.resolve(server.appToken(tenantId)) },
        groupId: DEV_PARTNER_ADMIN_GROUP_ID,
      });
      assert.deepEqual(await admins.list(CONTOSO_TID), [PATTI_ID.toLowerCase()]);
      assert.equal(server.seen.length, 1, 'the first page again would bring nobody new');
    });
  });

  it('fresh links that keep listing the same people: everyone once, and the reading stops', async () => {
    const org = generateOrg({ size: 250, branching: 250 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ALEX_ID, CONTOSO_TID) });
      const firstPage: string[] = [];
      for await (const page of teamPages(graph)) {
        firstPage.push(...page.people.map((p) => p.id));
        break;
      }
      server.seen.length = 0;
      let spelled = 0;
      // Each nextLink spelled anew (another parameter), all leading back to the first page.
      server.rewriteNextLink = (link) => {
        const url = new URL(link);
        url.searchParams.delete('$skiptoken');
        url.searchParams.set('again', String(++spelled));
        return url.toString();
      };
      const progress = newProgress();
      const ids = await collect(teamPages(graph, progress));
      assert.deepEqual(ids, firstPage, "the first page's people, once each");
      assert.equal(progress.listed, firstPage.length);
      assert.equal(server.seen.length, 2, 'a page of nobody new ends the list');
    });
  });
});
