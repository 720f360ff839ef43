// counts, filters and paging of a manager's view, as property tests over random rosters,
// statuses, Graph page splits, page sizes and filters; and the card payload bound to the presser
// (a forged "next page" naming another manager or tenant shows nothing of it).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aggregateRoster, TeamAggregator, type TeamView } from '../../src/team-status/aggregation';
import type { RosterPage } from '../../src/team-status/graph-roster';
import {
  isLinked,
  TEAM_FILTERS,
  type PersonStatus,
  type RosterPerson,
  type TeamFilter,
} from '../../src/team-status/model';
import { bindToPresser, parseTeamAction } from '../../src/team-status/team-actions';

interface Person {
  person: RosterPerson;
  status: PersonStatus | undefined;
}

const statusArb: fc.Arbitrary<PersonStatus | undefined> = fc.option(
  fc.record({
    links: fc.record({ training: fc.boolean(), learning: fc.boolean() }),
    certifications: fc.option(
      fc
        .nat({ max: 5 })
        .chain((active) => fc.record({ active: fc.constant(active), expiringSoon: fc.nat({ max: active }) })),
      { nil: null },
    ),
  }),
  { nil: undefined },
);

const rosterArb = fc
  .array(fc.tuple(fc.string({ maxLength: 12 }), statusArb), { maxLength: 120 })
  .map((rows): Person[] =>
    rows.map(([name, status], index) => ({ person: { id: `id-${index}`, displayName: name }, status })),
  );

function splitIntoPages(people: Person[], cuts: number[]): RosterPage[] {
  const pages: RosterPage[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(people.length, cut);
    if (end > start)
      pages.push({
        people: people.slice(start, end).map((p) => p.person),
        skipped: { guests: 0, disabled: 0, nonUsers: 0 },
      });
    start = Math.max(start, end);
  }
  pages.push({ people: people.slice(start).map((p) => p.person), skipped: { guests: 0, disabled: 0, nonUsers: 0 } });
  return pages;
}

function stream(pages: RosterPage[]): AsyncIterable<RosterPage> {
  return {
    [Symbol.asyncIterator]: () => {
      let i = 0;
      return {
        next: () =>
          Promise.resolve(
            i < pages.length ? { done: false, value: pages[i++] as RosterPage } : { done: true, value: undefined },
          ),
      };
    },
  };
}

function lookupOf(people: Person[]) {
  const byId = new Map(people.filter((p) => p.status).map((p) => [p.person.id, p.status as PersonStatus]));
  let calls = 0;
  let largest = 0;
  const lookup = (asked: readonly RosterPerson[]) => {
    calls++;
    largest = Math.max(largest, asked.length);
    return Promise.resolve(
      new Map(asked.flatMap((p) => (byId.has(p.id) ? [[p.id, byId.get(p.id) as PersonStatus] as const] : []))),
    );
  };
  return { lookup, stats: () => ({ calls, largest }) };
}

const matches = (status: PersonStatus | undefined, filter: TeamFilter): boolean => {
  const s = status ?? { links: { training: false, learning: false }, certifications: null };
  if (filter === 'not-linked') return !isLinked(s);
  if (filter === 'certified') return (s.certifications?.active ?? 0) > 0;
  if (filter === 'expiring-soon') return (s.certifications?.expiringSoon ?? 0) > 0;
  return true;
};

describe('aggregation, filters and paging', () => {
  it('the pages of every filter cover each matching person exactly once, in order, and counts match the rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        rosterArb,
        fc.array(fc.nat({ max: 130 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(...TEAM_FILTERS),
        async (people, cuts, pageSize, filter) => {
          const pages = splitIntoPages(people, cuts);
          const { lookup } = lookupOf(people);
          const first = await aggregateRoster(stream(pages), lookup, { filter, page: 0, pageSize });
          const views: TeamView[] = [first];
          for (let page = 1; page < first.pageCount; page++)
            views.push(await aggregateRoster(stream(pages), lookup, { filter, page, pageSize }));
          const shown = views.flatMap((v) => v.rows.map((r) => r.name));
          const expected = people.filter((p) => matches(p.status, filter));
          assert.deepEqual(
            shown,
            expected.map((p) => p.person.displayName),
          );
          assert.equal(first.matching, expected.length);
          assert.ok(
            views.every(
              (v, i) =>
                v.page === i && v.rows.length <= pageSize && (i === views.length - 1 || v.rows.length === pageSize),
            ),
          );
          const c = first.counts;
          assert.equal(c.total, people.length);
          assert.equal(c.linked + c.notLinked, c.total);
          assert.equal(c.linked, people.filter((p) => p.status && isLinked(p.status)).length);
          assert.equal(c.certified, people.filter((p) => (p.status?.certifications?.active ?? 0) > 0).length);
          assert.equal(c.expiring, people.filter((p) => (p.status?.certifications?.expiringSoon ?? 0) > 0).length);
          assert.ok(c.expiring <= c.certified);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a page past the end (an old card after the team shrank) shows the last page', async () => {
    await fc.assert(
      fc.asyncProperty(
        rosterArb,
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 50 }),
        async (people, pageSize, beyond) => {
          const pages = splitIntoPages(people, []);
          const { lookup } = lookupOf(people);
          const last = await aggregateRoster(stream(pages), lookup, { filter: 'all', page: 0, pageSize }).then((v) =>
            aggregateRoster(stream(pages), lookup, { filter: 'all', page: v.pageCount - 1, pageSize }),
          );
          const past = await aggregateRoster(stream(pages), lookup, {
            filter: 'all',
            page: last.pageCount + beyond,
            pageSize,
          });
          assert.deepEqual(past, last);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('statuses are looked up one Graph page at a time, and someone with nothing stored counts as not linked', async () => {
    const people: Person[] = Array.from({ length: 250 }, (_, i) => ({
      person: { id: `p${i}`, displayName: `P ${i}` },
      status: undefined,
    }));
    const { lookup, stats } = lookupOf(people);
    const view = await aggregateRoster(stream(splitIntoPages(people, [100, 200])), lookup, {
      filter: 'not-linked',
      page: 3,
    });
    assert.deepEqual(stats(), { calls: 3, largest: 100 });
    assert.deepEqual(view.counts, { total: 250, linked: 0, notLinked: 250, certified: 0, expiring: 0 });
    assert.equal(view.rows.length, 20);
    assert.equal(view.rows[0]?.name, 'P 60');
  });

  it('the aggregator keeps one page of rows, not the roster', () => {
    const aggregator = new TeamAggregator({ filter: 'all', page: 2, pageSize: 20 });
    const status: PersonStatus = {
      links: { training: true, learning: false },
      certifications: { active: 1, expiringSoon: 0 },
    };
    for (let page = 0; page < 100; page++) {
      const people = Array.from({ length: 100 }, (_, i) => ({ id: `${page}-${i}`, displayName: `N ${page}-${i}` }));
      aggregator.add(people, new Map(people.map((p) => [p.id, status])));
    }
    const view = aggregator.result();
    assert.equal(view.counts.total, 10_000);
    assert.equal(view.rows.length, 20);
    assert.equal(view.rows[0]?.name, 'N 0-40');
    assert.ok((aggregator as unknown as { lastChunk: unknown[] }).lastChunk.length <= 20);
  });
});

describe('button payloads carry view state only and are bound to the presser', () => {
  const tenant = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
  const adele = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';
  const alex = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02';
  const payload = { verb: 'teamPage', scope: 'direct', filter: 'all', page: 2, managerOid: adele, tenant };

  it('a forged next page naming another manager or another tenant is refused', () => {
    const forged = parseTeamAction(payload);
    assert.ok(forged);
    assert.deepEqual(bindToPresser(forged, { oid: alex, tenant }), { ok: false, reason: 'other-viewer' });
    assert.deepEqual(bindToPresser(forged, { oid: adele, tenant: 'b2d4f6a8-1c3e-4f5a-9b7d-2e4f6a8c0e1f' }), {
      ok: false,
      reason: 'other-tenant',
    });
    const own = bindToPresser(forged, { oid: adele, tenant });
    assert.ok(own.ok && own.rootOid === adele && own.page === 2 && own.filter === 'all');
  });

  it('a payload carrying a roster, names or anything extra is not accepted', () => {
    assert.equal(parseTeamAction({ ...payload, people: [{ id: alex, displayName: 'Alex' }] }), undefined);
    assert.equal(parseTeamAction({ ...payload, page: -1 }), undefined);
    assert.equal(parseTeamAction({ ...payload, filter: 'everyone' }), undefined);
    assert.equal(parseTeamAction({ ...payload, managerOid: 'me' }), undefined);
    assert.equal(parseTeamAction({ ...payload, scope: 'tenant' }), undefined);
  });

  it('choosing another filter in the dropdown starts at its first page', () => {
    const action = parseTeamAction({ ...payload, filterChoice: 'certified' });
    assert.ok(action);
    const bound = bindToPresser(action, { oid: adele, tenant });
    assert.ok(bound.ok && bound.filter === 'certified' && bound.page === 0);
    const team = parseTeamAction({ ...payload, scope: 'team' });
    assert.ok(team);
    assert.deepEqual(bindToPresser(team, { oid: adele, tenant }), { ok: false, reason: 'team-scope-without-team' });
  });
});
