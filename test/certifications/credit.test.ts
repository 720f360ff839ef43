// The credit rules, one hand-computed case per area and track, then properties that
// must hold for any set of people (fast-check).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCatalogue, type Track } from '../../src/certifications/catalogue';
import {
  areaPoints,
  computeCredit,
  heldCertifications,
  type AreaCredit,
  type HeldCertification,
  type PersonCertifications,
} from '../../src/certifications/credit';
import {
  contributionText,
  personContribution,
  suggestImprovements,
  suggestionText,
} from '../../src/certifications/credit-advice';

const catalogue = loadCatalogue();
const NOW = new Date('2026-11-24T09:00:00Z');
const NEXT_YEAR = new Date('2027-11-24T00:00:00Z');

/** Learn's names for the certifications these cases use. */
const LEARN: Record<string, string> = {
  'AZ-104': 'Microsoft Certified: Azure Administrator Associate',
  'AZ-305': 'Microsoft Certified: Azure Solutions Architect Expert',
  'AZ-700': 'Microsoft Certified: Azure Network Engineer Associate',
  'AZ-800': 'Microsoft Certified: Windows Server Hybrid Administrator Associate',
  'AZ-140': 'Microsoft Certified: Azure Virtual Desktop Specialty',
  'AZ-204': 'Microsoft Certified: Azure Developer Associate',
  'AZ-400': 'Microsoft Certified: DevOps Engineer Expert',
  'GH-300': 'GitHub Copilot',
  'DP-600': 'Microsoft Certified: Fabric Analytics Engineer Associate',
  'DP-700': 'Microsoft Certified: Fabric Data Engineer Associate',
  'AI-102': 'Microsoft Certified: Azure AI Engineer Associate',
  'MB-800': 'Microsoft Certified: Dynamics 365 Business Central Functional Consultant Associate',
  'PL-200': 'Microsoft Certified: Power Platform Functional Consultant Associate',
  'PL-600': 'Microsoft Certified: Power Platform Solution Architect Expert',
  'MS-900': 'Microsoft 365 Certified: Fundamentals',
  'MD-102': 'Microsoft 365 Certified: Endpoint Administrator Associate',
  'SC-300': 'Microsoft Certified: Identity and Access Administrator Associate',
  'MS-102': 'Microsoft 365 Certified: Enterprise Administrator Expert',
  'AZ-500': 'Microsoft Certified: Azure Security Engineer Associate',
  'SC-200': 'Microsoft Certified: Security Operations Analyst Associate',
  'SC-100': 'Microsoft Certified: Cybersecurity Architect Expert',
  'SC-401': 'Microsoft Certified: Information Security Administrator Associate',
};

function held(code: string, expiresOn: Date | null = NEXT_YEAR): HeldCertification {
  const name = LEARN[code];
  assert.ok(name, `no Learn name for ${code} in this test`);
  return { name, expiresOn };
}
const person = (id: string, ...codes: string[]): PersonCertifications => ({
  personId: id,
  certifications: codes.map((c) => held(c)),
});

function area(credit: AreaCredit[], id: string): AreaCredit {
  const found = credit.find((a) => a.areaId === id);
  assert.ok(found, id);
  return found;
}
const metric = (a: AreaCredit, track: Track, id: string) => a[track].metrics.find((m) => m.metricId === id)?.points;

describe('credit: hand-computed cases per area', () => {
  it('credit: Infrastructure (Azure) — Enterprise gates on 2 AZ-104 people (0 pts) then 4 per person; SMB gate is worth 4', () => {
    const people = [
      person('a', 'AZ-104', 'AZ-305'),
      person('b', 'AZ-104'),
      person('c', 'AZ-700'),
      person('d', 'AZ-700'),
      person('e', 'AZ-700'),
      person('f', 'AZ-700', 'AZ-800'),
      person('g', 'AZ-140'),
    ];
    const infra = area(computeCredit(catalogue, people, NOW), 'infrastructure');
    // Enterprise: intermediate 4 people × 4 = 16 (f counted once); advanced gate has 1 of 2 AZ-305 people → 0.
    assert.equal(metric(infra, 'enterprise', 'intermediate'), 16);
    assert.equal(metric(infra, 'enterprise', 'advanced'), 0);
    assert.equal(infra.enterprise.points, 16);
    // SMB: intermediate 4 + 4 × 4 = 20 (at the cap); advanced 4 (1 AZ-305 person) + 4 (g) = 8.
    assert.equal(metric(infra, 'smb', 'intermediate'), 20);
    assert.equal(metric(infra, 'smb', 'advanced'), 8);
    assert.equal(areaPoints(infra, 'smb'), 28);
    assert.equal(areaPoints(infra, 'enterprise'), 16);
  });

  it('credit: Data & AI (Azure) — two gates (AZ-104, AZ-305); Enterprise needs 2 at each, SMB 1; max 40', () => {
    const people = [
      person('a', 'AZ-104', 'AZ-305', 'DP-600'),
      person('b', 'AZ-104'),
      person('c', 'DP-600'),
      person('d', 'DP-700', 'AI-102'),
    ];
    const ai = area(computeCredit(catalogue, people, NOW), 'data-ai');
    assert.equal(ai.enterprise.points, 0, 'only one AZ-305 person: the second gate is shut');
    assert.equal(ai.smb.points, 4 + 4 + 3 * 4, 'gates 4 + 4, then a, c, d at 4 each (d once)');
    const full = [
      person('x', 'AZ-104', 'AZ-305'),
      person('y', 'AZ-104', 'AZ-305'),
      ...Array.from({ length: 12 }, (_, i) => person(`s${i}`, 'DP-600')),
    ];
    const capped = area(computeCredit(catalogue, full, NOW), 'data-ai');
    assert.equal(capped.enterprise.points, 40, '12 × 4 = 48, capped at 40');
    assert.equal(capped.smb.points, 40);
  });

  it('credit: Digital & App Innovation (Azure) — advanced gated by AZ-305, each person once however many certs', () => {
    const people = [
      person('a', 'AZ-305'),
      person('b', 'AZ-305'),
      person('c', 'GH-300'),
      person('d', 'GH-300'),
      person('e', 'GH-300', 'AZ-400'),
      person('f', 'AZ-204'),
    ];
    const dai = area(computeCredit(catalogue, people, NOW), 'digital-app-innovation');
    assert.equal(metric(dai, 'enterprise', 'advanced'), 12);
    assert.equal(metric(dai, 'smb', 'advanced'), 16);
    assert.equal(metric(dai, 'enterprise', 'intermediate'), 0, 'no AZ-104 person: f does not count');
    assert.equal(metric(dai, 'smb', 'intermediate'), 0);
  });

  it('credit: Business Applications — 1 pt (Enterprise) / 4 pts (SMB) per intermediate person, 2.14 / 7.5 per advanced person', () => {
    const people = [
      person('a', 'MB-800', 'PL-200'),
      person('b', 'MB-800'),
      person('c', 'PL-200'),
      person('d', 'PL-600'),
      person('e', 'PL-600'),
    ];
    const ba = area(computeCredit(catalogue, people, NOW), 'business-applications');
    assert.equal(metric(ba, 'enterprise', 'intermediate'), 3);
    assert.equal(metric(ba, 'enterprise', 'advanced'), 4.28);
    assert.equal(ba.enterprise.points, 7.28);
    assert.equal(metric(ba, 'smb', 'intermediate'), 12);
    assert.equal(metric(ba, 'smb', 'advanced'), 15);
    const many = area(
      computeCredit(
        catalogue,
        Array.from({ length: 25 }, (_, i) => person(`p${i}`, 'MB-800')),
        NOW,
      ),
      'business-applications',
    );
    assert.equal(metric(many, 'enterprise', 'intermediate'), 20, '25 people, capped at 20');
    assert.equal(metric(many, 'smb', 'intermediate'), 20);
  });

  it('credit: Modern Work — 2.5 / 5 per intermediate person (max 10), 7.5 / 15 per advanced person (max 15); the higher track counts', () => {
    const people = [
      person('a', 'MS-900'),
      person('b', 'MD-102'),
      person('c', 'SC-300', 'MD-102'),
      person('d', 'MS-102'),
    ];
    people[0] = { personId: 'a', certifications: [held('MS-900', null)] }; // Fundamentals: no expiry
    const mw = area(computeCredit(catalogue, people, NOW), 'modern-work');
    assert.equal(metric(mw, 'enterprise', 'intermediate'), 7.5);
    assert.equal(metric(mw, 'enterprise', 'advanced'), 7.5);
    assert.equal(metric(mw, 'smb', 'intermediate'), 10, '3 × 5 = 15, capped at 10');
    assert.equal(metric(mw, 'smb', 'advanced'), 15);
    assert.equal(areaPoints(mw, 'enterprise'), 25, 'higher of Enterprise 15 and SMB 25, whatever the assigned track');
  });

  it('credit: Security — gates AZ-500 then SC-200, then 6.67 (Enterprise) / 8 (SMB) per person; max 40', () => {
    const people = [
      person('a', 'AZ-500'),
      person('b', 'AZ-500'),
      person('c', 'SC-200'),
      person('d', 'SC-200'),
      person('e', 'SC-100'),
      person('f', 'SC-300', 'SC-401'),
    ];
    const sec = area(computeCredit(catalogue, people, NOW), 'security');
    assert.equal(sec.enterprise.points, 13.34);
    assert.equal(sec.smb.points, 4 + 4 + 2 * 8);
    assert.equal(areaPoints(sec, 'enterprise'), 24);
    const oneGate = area(
      computeCredit(
        catalogue,
        people.filter((p) => p.personId !== 'd'),
        NOW,
      ),
      'security',
    );
    assert.equal(oneGate.enterprise.points, 0, 'one SC-200 person: the Enterprise gate needs two');
    const six = area(
      computeCredit(catalogue, [...people, ...['g', 'h', 'i', 'j'].map((id) => person(id, 'SC-100'))], NOW),
      'security',
    );
    assert.equal(six.enterprise.points, 40, '6 × 6.67 = 40.02, capped at 40');
  });

  it("credit: expired certifications and ones past the catalogue's PCS-eligible date earn nothing", () => {
    const expired = [{ personId: 'a', certifications: [held('MD-102', new Date('2026-11-01T00:00:00Z'))] }];
    assert.equal(area(computeCredit(catalogue, expired, NOW), 'modern-work').smb.points, 0);
    const fundamentals = [{ personId: 'a', certifications: [held('MS-900', null)] }];
    assert.equal(area(computeCredit(catalogue, fundamentals, NOW), 'modern-work').smb.points, 5);
    assert.equal(
      area(computeCredit(catalogue, fundamentals, new Date('2027-04-01T00:00:00Z')), 'modern-work').smb.points,
      0,
      'MS-900 is PCS-eligible through 2027-03-31',
    );
  });
});

describe('credit: from a cached transcript', () => {
  it('credit: only Learn\'s active certifications are credit input (historical and "Expired" status never)', () => {
    const cert = (name: string, status: string, historical: boolean) => ({
      name,
      number: null,
      status,
      earnedOn: null,
      expiresOn: NEXT_YEAR,
      historical,
    });
    const held = heldCertifications({
      certifications: [
        cert(LEARN['AZ-104'] ?? '', 'Active', false),
        cert(LEARN['AZ-305'] ?? '', 'Active', true),
        cert(LEARN['AZ-700'] ?? '', 'Expired', false),
      ],
      exams: [],
    });
    assert.deepEqual(held, [{ name: LEARN['AZ-104'], expiresOn: NEXT_YEAR }]);
    assert.deepEqual(heldCertifications(null), []);
  });
});

describe("credit: what would raise the score, and each person's contribution", () => {
  it('credit: "2 more people with AZ-104 → +8 Infrastructure (Azure) points"', () => {
    const people = [person('c', 'AZ-700'), person('d', 'AZ-700')];
    const credit = computeCredit(catalogue, people, NOW);
    const infra = suggestImprovements(catalogue, credit, people, NOW, 'enterprise').filter(
      (s) => s.areaId === 'infrastructure',
    );
    assert.deepEqual(infra.map(suggestionText), [
      '2 more people with AZ-104 → +8 Infrastructure (Azure) points',
      '2 more people with AZ-305 and 1 more person with one of AZ-140, AZ-120 → +4 Infrastructure (Azure) points',
    ]);
  });

  it("credit: a full metric gets no suggestion; SMB counts the gate's own 4 points", () => {
    const full = Array.from({ length: 10 }, (_, i) => person(`p${i}`, 'AZ-104', 'AZ-700'));
    const credit = computeCredit(catalogue, full, NOW);
    const infra = suggestImprovements(catalogue, credit, full, NOW, 'smb').filter((s) => s.areaId === 'infrastructure');
    assert.deepEqual(infra.map(suggestionText), ['1 more person with AZ-305 → +4 Infrastructure (Azure) points']);
  });

  it('advice names only certifications that still earn points on its date (no MS-900 after its PCS-eligible date)', () => {
    const april = new Date('2027-04-01T00:00:00Z');
    const modernWork = (at: Date) =>
      suggestImprovements(catalogue, computeCredit(catalogue, [], at), [], at, 'smb')
        .filter((s) => s.areaId === 'modern-work' && s.metricId === 'intermediate')
        .map(suggestionText);
    assert.deepEqual(modernWork(NOW), [
      '1 more person with one of MS-900, MS-700, SC-300 (or another eligible one) → +5 Modern Work points',
    ]);
    assert.deepEqual(modernWork(april), [
      '1 more person with one of MS-700, SC-300, MS-721 (or another eligible one) → +5 Modern Work points',
    ]);
  });

  it('credit: "Your AZ-104 counts toward …" for active certifications only', () => {
    const lines = personContribution(
      catalogue,
      [
        held('AZ-104'),
        held('SC-300'),
        held('AZ-700', new Date('2026-01-01T00:00:00Z')),
        { name: 'Microsoft Certified: Something Else', expiresOn: null },
      ],
      NOW,
    ).map(contributionText);
    assert.deepEqual(lines, [
      'Your AZ-104 counts toward Data & AI (Azure), Infrastructure (Azure) and Digital & App Innovation (Azure).',
      'Your SC-300 counts toward Modern Work and Security.',
    ]);
  });
});

// ---- properties ----
const NAMES = [...Object.values(LEARN), 'Microsoft Certified: Not In The Catalogue'];
const certArb = fc.record({
  name: fc.constantFrom(...NAMES),
  expiresOn: fc.option(
    fc.integer({ min: -400, max: 400 }).map((d) => new Date(NOW.getTime() + d * 86_400_000)),
    { nil: null },
  ),
});
const peopleArb = fc.array(
  fc.record({
    personId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12'),
    certifications: fc.array(certArb, { maxLength: 6 }),
  }),
  { maxLength: 25 },
);
const trackArb = fc.constantFrom<Track>('enterprise', 'smb');
const points = (credit: AreaCredit[], assigned: Track) =>
  credit.map((a) => [a.enterprise.points, a.smb.points, areaPoints(a, assigned)]);

describe('credit: properties', () => {
  it('credit: adding a certification never lowers any score', () => {
    fc.assert(
      fc.property(peopleArb, fc.constantFrom('p1', 'p5', 'new'), certArb, trackArb, (people, who, cert, track) => {
        const before = points(computeCredit(catalogue, people, NOW), track);
        const after = points(
          computeCredit(catalogue, [...people, { personId: who, certifications: [cert] }], NOW),
          track,
        );
        before.forEach((row, i) =>
          row.forEach((value, j) => assert.ok((after[i]?.[j] ?? -1) >= value, `${value} → ${after[i]?.[j]}`)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('credit: caps hold — no metric above its max, no step above people × points per person', () => {
    fc.assert(
      fc.property(peopleArb, (people) => {
        const distinct = new Set(people.map((p) => p.personId)).size;
        for (const a of computeCredit(catalogue, people, NOW)) {
          for (const track of ['enterprise', 'smb'] as const) {
            assert.ok(a[track].points <= a[track].max + 1e-9);
            const area = catalogue.areas.find((x) => x.id === a.areaId);
            a[track].metrics.forEach((m, i) => {
              assert.ok(m.points <= m.max + 1e-9);
              m.steps.forEach((s, j) => {
                assert.ok(s.people <= distinct);
                const step = area?.metrics[i]?.steps[j];
                if (step?.kind === 'scoring') assert.ok(s.points <= s.people * step[track].pointsPerPerson + 1e-9);
              });
            });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('credit: each person counts once — repeating a person or their certifications changes nothing', () => {
    fc.assert(
      fc.property(peopleArb, (people) => {
        const once = computeCredit(catalogue, people, NOW);
        const doubled = computeCredit(
          catalogue,
          [...people, ...people.map((p) => ({ ...p, certifications: [...p.certifications, ...p.certifications] }))],
          NOW,
        );
        assert.deepEqual(doubled, once);
      }),
      { numRuns: 200 },
    );
  });

  it('credit: following a suggestion raises the area by exactly the points it promised', () => {
    const byLabel = new Map(Object.entries(LEARN));
    let checked = 0;
    fc.assert(
      fc.property(peopleArb, trackArb, (people, track) => {
        const credit = computeCredit(catalogue, people, NOW);
        for (const s of suggestImprovements(catalogue, credit, people, NOW, track)) {
          if (s.add.some((a) => !a.certifications.some((l) => byLabel.has(l)))) continue; // no Learn name for it in this test
          checked += 1;
          const added = s.add.flatMap((a, i) =>
            Array.from({ length: a.people }, (_, k) =>
              person(`new-${i}-${k}`, a.certifications.find((l) => byLabel.has(l)) ?? ''),
            ),
          );
          const after = computeCredit(catalogue, [...people, ...added], NOW).find((a) => a.areaId === s.areaId);
          const before = credit.find((a) => a.areaId === s.areaId);
          assert.ok(after && before);
          assert.equal(
            Math.round((areaPoints(after, track) - areaPoints(before, track)) * 100) / 100,
            s.gain,
            suggestionText(s),
          );
        }
      }),
      { numRuns: 60 },
    );
    assert.ok(checked > 100, `only ${checked} suggestions were checked`);
  });
});
