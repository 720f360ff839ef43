// who is on my team, read from Graph over real HTTP (the org stand-in on a loopback port):
// every page followed, guests/external users/contacts/disabled accounts left out, the whole org walked
// breadth-first with a cycle in it, the 10,000-people cap and the depth cap noted, nextLinks to
// another origin refused before the token leaves, 429/503 Retry-After honoured with bounded retries.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADELE_ID, generateOrg, seededId, type Org } from '../../src/stand-ins/graph-org-stand-in';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { createGraphClient, GraphCallError } from '../../src/graph/graph-client';
import { newProgress, orgPages, teamPages, type RosterPage } from '../../src/team-status/graph-roster';
import { GraphOrgServer } from './graph-org-server';

const CONTOSO_TID = DEV_IDENTITIES[0]?.tenantId ?? '';
const ALEX_ID = DEV_IDENTITIES.find((i) => i.givenName === 'Alex' && i.kind === 'work')?.objectId ?? '';
const REAL_REPORTS = DEV_IDENTITIES.filter((i) => i.managerId === ADELE_ID).map((i) => i.objectId);

async function collect(pages: AsyncIterable<RosterPage>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of pages) ids.push(...page.people.map((p) => p.id));
  return ids;
}

/** Generated members the generator made enabled (every 53rd is disabled), by their seeded labels. */
function enabledMembers(seed: number, indexes: number[]): string[] {
  return indexes.filter((i) => i % 53 !== 52).map((i) => seededId(seed, `member:${i}`));
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function withServer(org: Org, run: (server: GraphOrgServer) => Promise<void>): Promise<void> {
  const server = new GraphOrgServer(org);
  await server.start();
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

const noSleep = (delays: number[]) => (ms: number) => {
  delays.push(ms);
  return Promise.resolve();
};

describe('team roster from Microsoft Graph', () => {
  it('a manager sees exactly their direct reports, across several Graph pages, guests and contacts left out', async () => {
    // 250 generated members all report to Alex, with guests, external members and contacts among them.
    const org = generateOrg({ size: 250, branching: 250 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ALEX_ID, CONTOSO_TID) });
      const progress = newProgress();
      const ids = await collect(teamPages(graph, progress));
      assert.deepEqual([...ids].sort(), enabledMembers(9, range(0, 250)).sort());
      assert.equal(new Set(ids).size, ids.length, 'nobody twice');
      const reportCalls = server.seen.filter((s) => s.path.startsWith('/v1.0/me/directReports'));
      assert.ok(reportCalls.length >= 3, `${reportCalls.length} pages read`);
      assert.ok(
        reportCalls.slice(1).every((s) => s.path.includes('%24skiptoken=') || s.path.includes('$skiptoken=')),
        'later pages follow the nextLink',
      );
      assert.ok(
        reportCalls.every((s) => s.path.includes('userType') && s.path.includes('accountEnabled')),
        '$select asks for what tells guests and disabled accounts apart',
      );
      assert.ok(
        progress.skipped.guests > 0 && progress.skipped.nonUsers > 0 && progress.skipped.disabled > 0,
        JSON.stringify(progress.skipped),
      );
      for (const id of ids) {
        const entry = org.entries.get(id);
        assert.ok(
          entry?.kind === 'user' &&
            entry.userType === 'Member' &&
            !entry.userPrincipalName.includes('#EXT#') &&
            entry.accountEnabled,
        );
      }
    });
  });

  it('someone with no reports gets an empty roster, not anyone else', async () => {
    await withServer(generateOrg(), async (server) => {
      const patti = DEV_IDENTITIES.find((i) => i.givenName === 'Patti')?.objectId ?? '';
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(patti, CONTOSO_TID) });
      assert.deepEqual(await collect(teamPages(graph)), []);
    });
  });

  it('"my whole org" walks the chain once per person and the cycle back to the manager terminates', async () => {
    const org = generateOrg({ size: 320 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, CONTOSO_TID) });
      const progress = newProgress();
      const ids = await collect(orgPages(graph, ADELE_ID, {}, progress));
      assert.equal(new Set(ids).size, ids.length, 'nobody twice');
      assert.ok(!ids.includes(ADELE_ID), 'the manager is not her own report, although the cycle leads back to her');
      assert.deepEqual([...ids].sort(), [...REAL_REPORTS, ...enabledMembers(9, range(0, 320))].sort());
      assert.equal(progress.note, undefined);
      assert.ok(progress.skipped.guests > 0);
      // The deepest member (Adele's own manager in the stand-in) lists Adele: the walk asked and moved on.
      const deepest = seededId(9, 'member:319');
      assert.ok(server.seen.some((s) => s.path.startsWith(`/v1.0/users/${deepest}/directReports`)));
    });
  });

  it('the org is read in the same order on every press, however many managers are read at once', async () => {
    await withServer(generateOrg({ size: 120 }), async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, CONTOSO_TID) });
      const one = await collect(orgPages(graph, ADELE_ID, { concurrency: 1 }));
      const eight = await collect(orgPages(graph, ADELE_ID, { concurrency: 8 }));
      assert.deepEqual(eight, one);
      // A failure in the middle of a parallel read is reported, not swallowed (and crashes nothing).
      server.throttle = { remaining: 0, status: 429, retryAfter: '1' };
      let calls = 0;
      const failing = createGraphClient({
        graphUrl: server.url,
        token: server.userToken(ADELE_ID, CONTOSO_TID),
        fetch: (input, init) => (++calls === 30 ? Promise.reject(new Error('connection reset')) : fetch(input, init)),
      });
      await assert.rejects(
        collect(orgPages(failing, ADELE_ID, { concurrency: 8 })),
        (error: unknown) => error instanceof GraphCallError && error.reason === 'unavailable',
      );
    });
  });

  it('the walk stops past 10,000 people with a note', async () => {
    const org = generateOrg({ size: 10_300, branching: 25 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, CONTOSO_TID) });
      const progress = newProgress();
      const ids = await collect(orgPages(graph, ADELE_ID, {}, progress));
      assert.equal(ids.length, 10_000);
      assert.equal(new Set(ids).size, 10_000);
      assert.deepEqual(progress.note, { kind: 'people-cap', limit: 10_000 });
    });
  });

  it('the walk is bounded in depth and says so only when someone is further down', async () => {
    const org = generateOrg({ size: 320 });
    await withServer(org, async (server) => {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, CONTOSO_TID) });
      const shallow = newProgress();
      const ids = await collect(orgPages(graph, ADELE_ID, { maxDepth: 2 }, shallow));
      assert.deepEqual(shallow.note, { kind: 'depth-cap', limit: 2 });
      assert.deepEqual(
        [...ids].sort(),
        [...REAL_REPORTS, ...enabledMembers(9, range(0, 16))].sort(),
        'two levels: the 4 real reports and their 16 reports',
      );
      const deep = newProgress();
      await collect(orgPages(graph, ADELE_ID, { maxDepth: 8 }, deep));
      assert.equal(deep.note, undefined, 'an org five levels deep is not cut at eight');
    });
  });

  it('a nextLink to another origin is refused and the token is never sent there', async () => {
    const elsewhere: string[] = [];
    const other = http.createServer((req, res) => {
      elsewhere.push(req.headers.authorization ?? '(no token)');
      res.end('{"value":[]}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await withServer(generateOrg({ size: 250, branching: 250 }), async (server) => {
        server.rewriteNextLink = (link) => link.replace(server.url, otherOrigin);
        const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ALEX_ID, CONTOSO_TID) });
        await assert.rejects(
          collect(teamPages(graph)),
          (error: unknown) => error instanceof GraphCallError && error.reason === 'foreign-url',
        );
        server.rewriteNextLink = (link) => link.replace('/v1.0/', '/beta/../../elsewhere/');
        await assert.rejects(
          collect(teamPages(graph)),
          (error: unknown) => error instanceof GraphCallError && error.reason === 'foreign-url',
        );
      });
      assert.deepEqual(elsewhere, []);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('429 and 503 are retried after Retry-After, a bounded number of times', async () => {
    await withServer(generateOrg({ size: 250, branching: 250 }), async (server) => {
      const delays: number[] = [];
      const graph = createGraphClient({
        graphUrl: server.url,
        token: server.userToken(ALEX_ID, CONTOSO_TID),
        sleep: noSleep(delays),
        maxRetries: 3,
      });
      server.throttle = { remaining: 2, status: 429, retryAfter: '7' };
      assert.equal((await collect(teamPages(graph))).length, enabledMembers(9, range(0, 250)).length);
      assert.deepEqual(delays, [7000, 7000]);

      delays.length = 0;
      server.throttle = { remaining: 1, status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() };
      await collect(teamPages(graph));
      assert.equal(delays.length, 1);
      assert.ok(delays[0]! > 50_000 && delays[0]! <= 60_000, `HTTP-date Retry-After: ${delays[0]} ms`);

      delays.length = 0;
      server.throttle = { remaining: 10, status: 429, retryAfter: '1' };
      await assert.rejects(
        collect(teamPages(graph)),
        (error: unknown) => error instanceof GraphCallError && error.reason === 'throttled',
      );
      assert.equal(delays.length, 3, 'three retries, then it gives up');

      delays.length = 0;
      server.throttle = { remaining: 1, status: 429, retryAfter: '3600' };
      await assert.rejects(
        collect(teamPages(graph)),
        (error: unknown) => error instanceof GraphCallError && error.reason === 'throttled',
      );
      assert.deepEqual(delays, [], 'an hour-long Retry-After is reported, not waited out');
    });
  });

  it('an oversized or malformed Graph answer is refused, an unknown token is "unauthorized"', async () => {
    await withServer(generateOrg({ size: 250, branching: 250 }), async (server) => {
      const small = createGraphClient({
        graphUrl: server.url,
        token: server.userToken(ALEX_ID, CONTOSO_TID),
        maxBytes: 2_000,
      });
      await assert.rejects(
        collect(teamPages(small)),
        (error: unknown) => error instanceof GraphCallError && error.reason === 'bad-response',
      );
      const stranger = createGraphClient({ graphUrl: server.url, token: 'not-a-token' });
      await assert.rejects(
        collect(teamPages(stranger)),
        (error: unknown) => error instanceof GraphCallError && error.reason === 'unauthorized',
      );
    });
  });
});
