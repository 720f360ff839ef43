// What one person can make the bot do through the tab's "My team": the whole org is walked in Graph
// once per few minutes and paged from memory, and past a number of views in a minute the tab says
// plainly when to try again (HTTP 429 with Retry-After). Over real HTTP: the bot, the sign-in
// stand-in (issuer, on-behalf-of, Graph organization), counting the Graph calls it answers.
import assert from 'node:assert/strict';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';

describe('the tab\'s "My team": what one person can cost', function () {
  this.timeout(120_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 320 }));
  before(() => h.start());
  after(() => h.stop());

  const graphWalks = () => h.signIn.calls().filter((c) => c.path.endsWith('/directReports')).length;

  it('paging through the whole org reads the organization from Graph once; a few minutes later, afresh', async () => {
    const token = h.signIn.tabToken(work('adele').email);
    const before = graphWalks();
    const first = await h.api('GET', '/api/tab/team?scope=org&page=0', token);
    assert.equal(first.status, 200);
    assert.ok((first.body.pageCount as number) >= 3, 'at least three pages');
    const oneWalk = graphWalks() - before;
    assert.ok(oneWalk > 50, `a walk is one Graph call per manager (${oneWalk})`);
    const names: string[] = [];
    for (const page of [1, 2]) {
      const next = await h.api('GET', `/api/tab/team?scope=org&page=${page}`, token);
      assert.equal(next.status, 200);
      names.push(...(next.body.rows as { name: string }[]).map((r) => r.name));
    }
    const notLinked = await h.api('GET', '/api/tab/team?scope=org&filter=not-linked', token);
    assert.equal(notLinked.status, 200);
    assert.equal(graphWalks() - before, oneWalk, 'pages 2 and 3 and another filter read no Graph');
    assert.equal(new Set(names).size, names.length);

    h.clock.advanceMs(5 * 60_000 + 1_000);
    await h.api('GET', '/api/tab/team?scope=org&page=1', token);
    assert.equal(graphWalks() - before, 2 * oneWalk, 'after five minutes the org is read again');
  });

  it('past 60 views in a minute, the tab answers 429 saying when to try again, and nothing is read', async () => {
    const token = h.signIn.tabToken(work('alex').email);
    for (let i = 0; i < 60; i++)
      assert.equal((await h.api('GET', `/api/tab/team?page=${i % 3}`, token)).status, 200, `view ${i + 1}`);
    const before = graphWalks();
    const limited = await h.api('GET', '/api/tab/team?page=0', token);
    assert.equal(limited.status, 429);
    assert.match(
      (limited.body.error as { message: string }).message,
      /many times in a short while.*Try again in \d+ seconds?\./,
    );
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const csv = await fetch(`${h.botUrl}/api/tab/team.csv`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(csv.status, 429, 'the export counts as a view');
    assert.equal(graphWalks(), before, 'nothing was read from Graph');
    assert.equal(
      (await h.api('GET', '/api/tab/team', h.signIn.tabToken(work('adele').email))).status,
      200,
      'another person is not held back',
    );

    h.clock.advanceMs(2_000);
    assert.equal((await h.api('GET', '/api/tab/team', token)).status, 200, 'a view comes back every second');
  });
});
