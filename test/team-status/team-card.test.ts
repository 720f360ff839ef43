// the team card and its CSV. Valid Adaptive Card 1.5; at most six actions whose
// payloads are view state only; every page under 28 KB with 10,000 people of worst-case names; no
// address of any kind on a manager's card, even when the roster came from Graph with mail and UPN;
// the channel card has counts and no names; the CSV has exactly the card's columns and rows.
import assert from 'node:assert/strict';
import type * as AdaptiveCards from 'adaptivecards';
import { aggregateRoster, TeamAggregator, type TeamView } from '../../src/team-status/aggregation';
import { createGraphClient } from '../../src/graph/graph-client';
import { ORG_MAX_PEOPLE, type RosterPage } from '../../src/team-status/graph-roster';
import { CHECK_LABELS, type PersonStatus, type RosterPerson, type TeamFilter } from '../../src/team-status/model';
import { teamActionSchema, type TeamViewState } from '../../src/team-status/team-actions';
import type { AdaptiveCard, ExecuteAction } from '../../src/cards/card-elements';
import { TEAM_COLUMNS, teamCard, teamCountsCard, type CreditArea } from '../../src/team-status/team-card';
import { csvCell, teamCsv } from '../../src/team-status/team-csv';
import { computeTeamView, rosterSource } from '../../src/team-status/team-view';
import { ADELE_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { buttons, cardText, shown } from '../support/teams-chat';
import { matchSnapshot } from '../support/snapshot';
import { GraphOrgServer } from './graph-org-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const STATE: TeamViewState = { scope: 'org', filter: 'all', page: 0, managerOid: ADELE_ID, tenant: TENANT };
const LIMIT = 28 * 1024;

function parseErrors(json: AdaptiveCard): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) messages.push(event.message);
  return messages;
}

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

/** Names a roster can hold at their worst: 256 characters of Markdown, JSON escapes, 4-byte emoji, controls, bidi overrides. */
const WORST_NAMES = [
  '\\*_[]()#+!|<>~`{}'.repeat(16).slice(0, 256),
  '"\\'.repeat(128),
  '😀'.repeat(256),
  '\u0000\u001f\u202e'.repeat(85) + 'x',
  '{{DATE(2026-01-01T00:00:00Z, SHORT)}} [click](https://evil.example) '.repeat(4).slice(0, 256),
];

const statusFor = (i: number): PersonStatus => ({
  links: { training: i % 3 !== 0, learning: i % 4 !== 0 },
  certifications: i % 5 === 0 ? null : { active: 1000 + (i % 7), expiringSoon: i % 2 ? 999 : 0 },
});

function worstRoster(size: number): RosterPage[] {
  const pages: RosterPage[] = [];
  for (let start = 0; start < size; start += 100) {
    const people: RosterPerson[] = Array.from({ length: Math.min(100, size - start) }, (_, k) => ({
      id: `p${start + k}`,
      displayName: WORST_NAMES[(start + k) % WORST_NAMES.length] ?? '',
    }));
    pages.push({ people, skipped: { guests: 3, disabled: 1, nonUsers: 2 } });
  }
  return pages;
}

function viewOf(pages: RosterPage[], filter: TeamFilter, page: number): TeamView {
  const aggregator = new TeamAggregator({ filter, page });
  for (const p of pages)
    aggregator.add(p.people, new Map(p.people.map((person) => [person.id, statusFor(Number(person.id.slice(1)))])));
  return aggregator.result();
}

const CREDIT: CreditArea[] = Array.from({ length: 12 }, (_, i) => ({
  area: `${'Data & AI (Azure) '.repeat(10)}${i}`,
  points: 123.4,
  max: 200,
  suggestions: Array.from({ length: 6 }, () => `[x](y) ${'Azure AI Engineer Associate * '.repeat(20)}`),
}));

describe('the team card', () => {
  const roster = worstRoster(ORG_MAX_PEOPLE);

  it('every page stays under 28 KB with 10,000 people of worst-case names, credit section and notes', () => {
    let largest = 0;
    for (const filter of ['all', 'not-linked', 'certified', 'expiring-soon'] as const) {
      const first = viewOf(roster, filter, 0);
      for (const page of [0, 1, Math.floor(first.pageCount / 2), first.pageCount - 1]) {
        const card = teamCard({
          title: WORST_NAMES[0] ?? '',
          view: viewOf(roster, filter, page),
          state: { ...STATE, filter, page, teamId: TENANT, scope: 'team' },
          leftOut: 60_000,
          note: { kind: 'people-cap', limit: 10_000 },
          credit: CREDIT,
        });
        largest = Math.max(largest, bytes(card));
        assert.ok(bytes(card) < LIMIT, `${filter} page ${page}: ${bytes(card)} bytes`);
      }
    }
    console.log(`      (largest team card page: ${largest} bytes of ${LIMIT})`);
  });

  it('valid Adaptive Card 1.5, at most six actions, each payload view state only; the filter is labelled "Filter" and applied by "Apply filter"', () => {
    const roster2 = worstRoster(95);
    const cards = [
      teamCard({ title: 'Your team', view: viewOf(roster2, 'all', 2), state: STATE, credit: CREDIT.slice(0, 2) }),
      teamCard({ title: 'Your team', view: viewOf(roster2, 'not-linked', 0), state: STATE }),
      teamCard({ title: 'Your team', view: viewOf([], 'all', 0), state: STATE }),
    ];
    for (const card of cards) {
      assert.deepEqual(parseErrors(card), []);
      assert.equal(card.version, '1.5');
      const actions = buttons(card);
      assert.ok(actions.length <= 6, `${actions.length} actions`);
      for (const action of executes(card)) {
        const parsed = teamActionSchema.safeParse(action.data);
        assert.ok(parsed.success, JSON.stringify(action.data));
        assert.deepEqual(
          Object.keys(action.data)
            .sort()
            .filter((k) => !['verb', 'scope', 'filter', 'page', 'managerOid', 'tenant', 'teamId'].includes(k)),
          [],
        );
      }
    }
    const middle = cards[0] as AdaptiveCard;
    assert.deepEqual(
      buttons(middle).map((b) => b.title),
      ['Previous', 'Next', 'Apply filter', 'Remind unlinked', 'Export CSV'],
    );
    const filter = middle.body.find((e) => e.type === 'Input.ChoiceSet');
    assert.equal(
      filter && 'label' in filter ? filter.label : undefined,
      'Filter',
      'the dropdown is not labelled like the button next to it',
    );
    assert.deepEqual(
      executes(middle).map((a) => [a.verb, 'page' in a.data ? a.data.page : undefined]),
      [
        ['teamPage', 1],
        ['teamPage', 3],
        ['teamPage', 2],
        ['teamRemind', 2],
        ['teamExport', 2],
      ],
    );
    assert.match(cardText(cards[2]), /Nobody to show/);
    assert.deepEqual(
      buttons(cards[2]).map((b) => b.title),
      ['Apply filter'],
    );
  });

  it('the card for a small team matches its snapshot', () => {
    const people: RosterPerson[] = ['Alex Wilber', 'Megan Bowen', 'Lee Gu', 'Nestor Wilke'].map((displayName, i) => ({
      id: `p${i}`,
      displayName,
    }));
    const aggregator = new TeamAggregator({ filter: 'all', page: 0, pageSize: 3 });
    const statuses: PersonStatus[] = [
      { links: { training: true, learning: true }, certifications: { active: 2, expiringSoon: 1 } },
      { links: { training: true, learning: false }, certifications: null },
      { links: { training: false, learning: true }, certifications: { active: 1, expiringSoon: 0 } },
      { links: { training: false, learning: false }, certifications: null },
    ];
    aggregator.add(people, new Map(people.map((p, i) => [p.id, statuses[i] as PersonStatus])));
    const card = teamCard({
      title: 'Your team',
      view: aggregator.result(),
      state: STATE,
      leftOut: 1,
      credit: [{ area: 'Data & AI (Azure)', points: 40, max: 60, suggestions: ['1 more Azure AI Engineer Associate'] }],
    });
    assert.deepEqual(parseErrors(card), []);
    matchSnapshot('team-status', 'team-card-small', card);
  });

  it('names are shown as typed, never as Markdown, links or card expressions', () => {
    const view = viewOf(
      [
        {
          people: [
            { id: 'p1', displayName: '**Bold** [link](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}}\u202e' },
          ],
          skipped: { guests: 0, disabled: 0, nonUsers: 0 },
        },
      ],
      'all',
      0,
    );
    const card = teamCard({ title: 'Your team', view, state: STATE });
    const facts = JSON.stringify(card.body);
    assert.ok(
      !facts.includes('[link](') &&
        !facts.includes('**Bold**') &&
        !facts.includes('{{DATE') &&
        !facts.includes('\u202e'),
      facts,
    );
    assert.ok(
      rowFacts(card).some(
        (fact) => shown(fact.title) === '**Bold** [link](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}}',
      ),
      'the reader sees the name as typed',
    );
  });

  it("no personal or work address, even masked, and no object id reaches a manager's card built from Graph", async () => {
    const org = generateOrg({ size: 200 });
    const server = new GraphOrgServer(org);
    await server.start();
    try {
      const graph = createGraphClient({ graphUrl: server.url, token: server.userToken(ADELE_ID, TENANT) });
      const lookup = (people: readonly RosterPerson[]) =>
        Promise.resolve(new Map(people.map((p, i) => [p.id, statusFor(i)])));
      const { view, leftOut } = await computeTeamView(
        rosterSource({ scope: 'org', userGraph: graph, rootOid: ADELE_ID }),
        lookup,
        { filter: 'all', page: 1 },
      );
      assert.ok(view.rows.length > 0 && leftOut > 0);
      const json = JSON.stringify(teamCard({ title: 'Your organization', view, state: STATE, leftOut }));
      assert.ok(!json.includes('@'), 'no address, masked or not (a masked one keeps its @)');
      const guests = [...org.entries.values()].filter(
        (e) => e.kind === 'contact' || e.userType === 'Guest' || e.userPrincipalName.includes('#EXT#'),
      );
      assert.ok(
        !guests.some((g) => json.includes(g.displayName)),
        'guests, external users and contacts are not listed',
      );
      const ids = [...org.entries.keys()].filter((id) => id !== ADELE_ID);
      assert.ok(!ids.some((id) => json.includes(id)), "no one else's object id");
      assert.ok(
        !DEV_IDENTITIES.some((i) => json.toLowerCase().includes(i.email.split('@')[0] ?? '@')),
        'no local part either',
      );
    } finally {
      await server.stop();
    }
  });

  it('the channel card shows the counts and no names', () => {
    const view = viewOf(worstRoster(300), 'all', 0);
    const card = teamCountsCard(
      'Contoso Partner Practice',
      view.counts,
      'Managers get the detail of their own people in their chat with Partner Link.',
    );
    const shown = cardText(card);
    assert.match(shown, /People\n300/);
    assert.ok(!WORST_NAMES.some((name) => shown.includes(name.slice(0, 20))));
    assert.deepEqual(buttons(card), []);
    assert.deepEqual(parseErrors(card), []);
  });
});

/** The card's Action.Execute buttons (a team card has no other kind). */
function executes(card: AdaptiveCard): ExecuteAction[] {
  return (card.actions ?? []).filter((a): a is ExecuteAction => a.type === 'Action.Execute');
}

/** The person rows of a team card (the FactSet under the "showing" line). */
function rowFacts(card: AdaptiveCard): { title: string; value: string }[] {
  const facts: { title: string; value: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as { type?: unknown; facts?: { title: string; value: string }[] };
    if (record.type === 'FactSet' && record.facts?.some((f) => f.value.startsWith('Partner University')))
      facts.push(...record.facts);
    Object.values(record).forEach(visit);
  };
  visit(card.body);
  return facts;
}

/** RFC 4180 reader for the test (quoted fields, doubled quotes, CRLF). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field + row.join(''), '', 'the file ends with CRLF');
  return rows;
}

describe('CSV export of the current view', () => {
  it("the CSV has exactly the card's columns and the same people, and nothing more", async () => {
    const roster = worstRoster(130);
    const lookup = (people: readonly RosterPerson[]) =>
      Promise.resolve(new Map(people.map((p) => [p.id, statusFor(Number(p.id.slice(1)))])));
    const rows: Parameters<typeof teamCsv>[0] extends Iterable<infer R> ? R[] : never = [];
    await aggregateRoster(
      (async function* () {
        for (const page of roster) yield await Promise.resolve(page);
      })(),
      lookup,
      { filter: 'not-linked', page: 0 },
      (_person, _status, row) => rows.push(row),
    );
    const csv = readCsv(teamCsv(rows));
    assert.deepEqual(csv[0], [...TEAM_COLUMNS]);
    assert.equal(csv.length - 1, viewOf(roster, 'not-linked', 0).matching);
    assert.ok(csv.every((line) => line.length === TEAM_COLUMNS.length));
    // Row for row, what the card's pages show.
    const first = viewOf(roster, 'not-linked', 0);
    for (let page = 0; page < first.pageCount; page++) {
      const card = teamCard({ title: 'Your team', view: viewOf(roster, 'not-linked', page), state: STATE });
      const facts = rowFacts(card);
      assert.equal(facts.length, viewOf(roster, 'not-linked', page).rows.length);
      facts.forEach((fact, k) => {
        const line = csv[1 + page * first.pageSize + k] ?? [];
        const [training, learning, active, expiring] =
          /Partner University (✓|—) · Learning (✓|—) · (\d+) active · (\d+) expiring/.exec(fact.value)?.slice(1) ?? [];
        assert.deepEqual(line.slice(1, 5), [
          training === '✓' ? 'yes' : 'no',
          learning === '✓' ? 'yes' : 'no',
          active,
          expiring,
        ]);
        // How the certifications were checked: the card marks the self-declared ones, the CSV says it for everyone.
        const marked = /\((self-declared[^)]*)\)$/.exec(fact.value)?.[1];
        assert.ok(
          marked ? line[5] === marked : ['', CHECK_LABELS.email].includes(line[5] ?? '?'),
          `${fact.value} / ${line[5] ?? ''}`,
        );
        const shownName = fact.title.replace(/\\(.)/g, '$1');
        const csvName = (line[0] ?? '').replace(/^'/, '');
        assert.ok(csvName.startsWith(shownName.replace(/…$/, '')), `${shownName} / ${csvName}`);
      });
    }
    const text = teamCsv(rows);
    assert.ok(!text.includes('@'), 'no addresses');
    assert.ok(
      csv.flat().every((cell) => !/^p\d+$/.test(cell)),
      'no ids',
    );
  });

  it('cells that a spreadsheet would run as formulas are defused, and quoting follows RFC 4180; self-declared certifications are marked', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      assert.equal(csvCell(`${start}cmd|' /C calc'!A0`).replace(/^"/, '')[0], "'");
    assert.equal(csvCell('Lee, "Gu"'), '"Lee, ""Gu"""');
    assert.equal(csvCell('plain'), 'plain');
    const rows = readCsv(
      teamCsv([
        {
          name: '=HYPERLINK("https://evil.example")',
          trainingLinked: true,
          learningLinked: false,
          activeCertifications: 2,
          expiringSoon: 1,
        },
      ]),
    );
    assert.deepEqual(rows[1], ['\'=HYPERLINK("https://evil.example")', 'yes', 'no', '2', '1', '']);
    const checked = readCsv(
      teamCsv([
        {
          name: 'Nestor Wilke',
          trainingLinked: true,
          learningLinked: true,
          activeCertifications: 2,
          expiringSoon: 0,
          certificationCheck: 'self-declared',
        },
      ]),
    );
    assert.deepEqual(checked[1], ['Nestor Wilke', 'yes', 'yes', '2', '0', 'self-declared, not approved']);
  });
});
