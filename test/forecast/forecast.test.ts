// The skilling forecast, computed by hand: one organization per solution area, on both tracks (or
// the one Microsoft keeps), with the dates points fall, why, and what prevents each fall. Today is
// 24 Nov 2026; the twelve month ends run from 30 Nov 2026 to 31 Oct 2027.
import assert from 'node:assert/strict';
import { suggestionText } from '../../src/certifications/credit-advice';
import { forecastSkilling, type ForecastInput, type Risk } from '../../src/forecast/forecast';
import { areaOf, catalogue, day, held, monthly, person, TODAY, viewOf } from './forecast-people';

const run = (people: ForecastInput['people'], extra: Partial<ForecastInput> = {}) =>
  forecastSkilling({ today: TODAY, catalogue, people, ...extra });
const iso = (d: Date | undefined) => d?.toISOString().slice(0, 10);
const fixes = (risk: Risk | undefined) =>
  risk?.renewals.map(
    (r) =>
      `${r.personId} ${r.certification} until ${iso(r.expiresOn)}${r.open ? ' (open)' : ` (opens ${iso(r.opensOn)})`}`,
  );

describe('skilling forecast: hand-computed cases per area', () => {
  it('has twelve month ends, from the end of this month, each shown by Partner Center about 10 days later', () => {
    const f = run([]);
    const months = viewOf(f, 'security').months;
    assert.equal(months.length, 12);
    assert.equal(months[0]?.at.toISOString(), '2026-11-30T23:59:59.999Z');
    assert.equal(months[11]?.at.toISOString(), '2027-10-31T23:59:59.999Z');
    assert.equal(iso(months[0]?.expectedBy), '2026-12-10');
  });

  describe('Infrastructure (Azure), track not recorded: both tracks shown', () => {
    const people = [
      person('a', held('AZ-104', '2027-02-10')),
      person('b', held('AZ-104', '2027-08-01')),
      person('c', held('AZ-700', '2027-12-31')),
      person('d', held('AZ-700', '2027-05-15')),
    ];

    it('Enterprise: the AZ-104 gate needs 2 people, so the first AZ-104 to lapse takes the metric to 0; renewing it and then the other keeps it', () => {
      const f = run(people);
      assert.deepEqual(
        areaOf(f, 'infrastructure').views.map((v) => `${v.view.kind} ${v.view.track}`),
        ['unassigned enterprise', 'unassigned smb'],
      );
      const ent = viewOf(f, 'infrastructure', 'enterprise');
      assert.equal(ent.today, 8);
      assert.deepEqual(monthly(ent), [8, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual({ points: ent.lowest.points, at: iso(ent.lowest.at) }, { points: 0, at: '2027-02-28' });
      assert.equal(ent.risks.length, 1);
      const [risk] = ent.risks;
      assert.deepEqual(risk?.reasons, ['zero', 'gate']);
      assert.equal(iso(risk?.on), '2027-02-10');
      assert.equal(iso(risk?.expectedBy), '2027-02-20');
      assert.deepEqual(risk?.gate, { step: 0, minPeople: 2, people: 1 });
      assert.deepEqual(fixes(risk), [
        'a AZ-104 until 2027-02-10 (open)',
        'b AZ-104 until 2027-08-01 (opens 2027-02-01)',
      ]);
      assert.equal(risk?.renewalsHold, true);
      assert.equal(iso(risk?.renewals[0]?.delaysTo), '2027-08-01', "a's renewal alone holds until b's AZ-104 lapses");
      assert.equal(risk?.renewals[1]?.delaysTo, undefined);
    });

    it('SMB: one AZ-104 person meets the gate (worth 4), so only the second lapse takes it to 0, and one open renewal prevents that', () => {
      const smb = viewOf(run(people), 'infrastructure', 'smb');
      assert.equal(smb.today, 12);
      assert.deepEqual(monthly(smb), [12, 12, 12, 12, 12, 12, 8, 8, 8, 0, 0, 0]);
      const [risk] = smb.risks;
      assert.deepEqual(risk?.reasons, ['zero', 'gate']);
      assert.equal(iso(risk?.on), '2027-08-01');
      assert.deepEqual(risk?.gate, { step: 0, minPeople: 1, people: 0 });
      assert.deepEqual(fixes(risk), ['a AZ-104 until 2027-02-10 (open)']);
      assert.equal(risk?.renewalsHold, true);
    });

    it('with a loss threshold of 3 points: losing 4 in May is a risk; two renewals prevent it; failing those, two new people hold the line', () => {
      const smb = viewOf(run(people, { settings: { lossThreshold: 3 } }), 'infrastructure', 'smb');
      const loss = smb.risks.find((r) => r.reasons.includes('loss'));
      assert.equal(iso(loss?.on), '2027-05-15');
      assert.deepEqual([loss?.metricToday, loss?.metricAfter], [12, 8]);
      assert.deepEqual(fixes(loss), ['a AZ-104 until 2027-02-10 (open)', 'd AZ-700 until 2027-05-15 (open)']);
      assert.ok(loss?.newCertifications);
      assert.equal(
        suggestionText(loss.newCertifications),
        '1 more person with AZ-104 and 1 more person with one of AZ-700, AZ-800+AZ-801 → +12 Infrastructure (Azure) points',
      );
      const ent = viewOf(run(people, { settings: { lossThreshold: 3 } }), 'infrastructure', 'enterprise').risks;
      assert.deepEqual(
        ent.map((r) => `${r.reasons.join()} ${iso(r.on)}`),
        ['zero,gate 2027-02-10', 'loss 2027-02-10'],
        'falling to 0 and the loss are told apart',
      );
    });
  });

  it("Data & AI (Azure): a person who left drops at Partner Center's next refresh (around the 10th of the next month); one who left before that refresh no longer counts today", () => {
    const far = '2027-12-31';
    const people = [
      person('a', held('AZ-104', far)),
      person('b', held('AZ-104', far)),
      person('c', held('AZ-305', far)),
      person('d', held('AZ-305', far)),
      person('e', held('DP-600', far)),
      person('f', held('DP-700', far)),
      person('g', held('DP-600', far)),
    ];
    const f = run(people, {
      left: [
        { personId: 'e', on: day('2026-12-05') },
        { personId: 'g', on: day('2026-10-03') },
      ],
      settings: { lossThreshold: 3 },
    });
    assert.deepEqual(monthly(viewOf(f, 'data-ai', 'enterprise')), [8, 8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
    assert.deepEqual(monthly(viewOf(f, 'data-ai', 'smb')), [16, 16, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12]);
    assert.equal(f.peopleCounted, 6);
    assert.deepEqual(
      f.events.map(
        (e) => `${e.kind} ${e.personId} ${e.certification} ${iso(e.on)} by ${iso(e.expectedBy)} ${e.areaIds.join()}`,
      ),
      ['left e DP-600 2027-01-10 by 2027-01-10 data-ai'],
    );
    const loss = viewOf(f, 'data-ai', 'enterprise').risks[0];
    assert.deepEqual(loss?.reasons, ['loss']);
    assert.deepEqual(loss?.renewals, [], 'nobody can renew for someone who left');
    assert.match(
      suggestionText(
        loss?.newCertifications ?? {
          areaId: '',
          areaName: '',
          metricId: '',
          metricName: '',
          track: 'enterprise',
          add: [],
          gain: 0,
        },
      ),
      /^1 more person with one of DP-300, AI-102, DP-100 \(or another eligible one\) → \+4 Data & AI \(Azure\) points$/,
    );
  });

  it('Digital & App Innovation (Azure) on the recorded SMB track: one view; a retired exam (AZ-204) cannot be renewed, so the advice is a new certification', () => {
    const f = run([person('a', held('AZ-104', '2028-01-01')), person('b', held('AZ-204', '2027-03-01'))], {
      settings: { assignedTrack: 'smb', lossThreshold: 3 },
    });
    const views = areaOf(f, 'digital-app-innovation').views;
    assert.deepEqual(
      views.map((v) => v.view),
      [{ kind: 'assigned', track: 'smb' }],
    );
    assert.deepEqual(monthly(views[0]!), [8, 8, 8, 8, 4, 4, 4, 4, 4, 4, 4, 4]);
    const [risk] = views[0]!.risks;
    assert.deepEqual(
      [risk?.reasons, iso(risk?.on), risk?.renewals, risk?.renewalsHold, risk?.helpers],
      [['loss'], '2027-03-01', [], false, []],
    );
    assert.match(
      suggestionText(risk!.newCertifications!),
      /^1 more person with one of AZ-204, PL-400, .* → \+4 Digital & App Innovation \(Azure\) points$/,
    );
  });

  it('Business Applications (no gates): Enterprise 1 point per intermediate person and 2.14 per advanced one, SMB 4 and 7.5; each metric falls to 0 on its own date', () => {
    const people = [
      person('a', held('MB-800', '2027-01-15')),
      person('b', held('MB-800', '2027-06-30')),
      person('c', held('MB-820', '2027-04-01')),
    ];
    const f = run(people);
    assert.deepEqual(
      monthly(viewOf(f, 'business-applications', 'enterprise')),
      [4.14, 4.14, 3.14, 3.14, 3.14, 1, 1, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(
      monthly(viewOf(f, 'business-applications', 'smb')),
      [15.5, 15.5, 11.5, 11.5, 11.5, 4, 4, 0, 0, 0, 0, 0],
    );
    const risks = viewOf(f, 'business-applications', 'enterprise').risks;
    assert.deepEqual(
      risks.map((r) => `${r.metricId} ${r.reasons.join()} ${iso(r.on)}: ${fixes(r)?.join('; ')}`),
      [
        'advanced zero 2027-04-01: c MB-820 until 2027-04-01 (open)',
        'intermediate zero 2027-06-30: a MB-800 until 2027-01-15 (open)',
      ],
    );
  });

  it("Modern Work (the higher track counts): MS-900 stops counting after the catalogue's PCS-eligible date, which no renewal changes; MS-102's renewal keeps Advanced", () => {
    const f = run([person('a', held('MS-900', null)), person('b', held('MS-102', '2027-09-30'))]);
    const view = viewOf(f, 'modern-work');
    assert.deepEqual(view.view, { kind: 'higher-of-both', track: 'smb' });
    assert.equal(view.today, 20);
    assert.deepEqual(monthly(view), [20, 20, 20, 20, 20, 15, 15, 15, 15, 15, 0, 0]);
    assert.deepEqual(
      f.events.map((e) => `${e.kind} ${e.certification} ${iso(e.on)} by ${iso(e.expectedBy)}`),
      ['retirement MS-900 2027-04-01 by 2027-04-11', 'expiry MS-102 2027-09-30 by 2027-10-10'],
    );
    const [intermediate, advanced] = view.risks;
    assert.deepEqual(
      [intermediate?.metricId, iso(intermediate?.on), intermediate?.renewals.length],
      ['intermediate', '2027-04-01', 0],
    );
    assert.match(
      suggestionText(intermediate!.newCertifications!),
      /^1 more person with one of MS-700, SC-300, MS-721 .*→ \+5 Modern Work points$/,
      'MS-900 no longer counts by then: not advised',
    );
    assert.deepEqual(
      [advanced?.metricId, iso(advanced?.on), fixes(advanced), advanced?.renewalsHold],
      ['advanced', '2027-09-30', ['b MS-102 until 2027-09-30 (opens 2027-03-30)'], true],
    );
  });

  describe('Security (the higher track counts), anniversary 31 March', () => {
    const people = [
      person('lee', held('Cloud and AI Security Engineer Associate', '2027-03-20')),
      person('a', held('SC-200', '2027-09-01')),
      person('b', held('SC-100', '2027-12-01')),
      person('c', held('SC-401', '2027-06-15')),
    ];
    const f = run(people, { settings: { anniversary: '2025-03-31' } });

    it('falls to 0 when the only first-step certification lapses, four months out, before the anniversary; that one open renewal prevents it', () => {
      const view = viewOf(f, 'security');
      assert.deepEqual(view.view, { kind: 'higher-of-both', track: 'smb' });
      assert.equal(view.today, 24);
      assert.deepEqual(monthly(view), [24, 24, 24, 24, 0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(
        monthly(viewOf(run(people, { settings: { assignedTrack: 'enterprise' } }), 'security')),
        monthly(view),
        'Security ignores the recorded track',
      );
      const [first, second] = view.risks;
      assert.deepEqual(
        [first?.reasons, iso(first?.on), iso(first?.expectedBy), first?.beforeAnniversary],
        [['zero', 'gate'], '2027-03-20', '2027-03-30', true],
      );
      assert.deepEqual(fixes(first), ['lee Cloud and AI Security Engineer Associate until 2027-03-20 (open)']);
      assert.equal(first?.renewalsHold, true);
      assert.deepEqual(
        [second?.reasons, iso(second?.on), second?.gate, fixes(second), second?.beforeAnniversary],
        [
          ['gate'],
          '2027-09-01',
          { step: 1, minPeople: 1, people: 0 },
          ['a SC-200 until 2027-09-01 (opens 2027-03-01)'],
          false,
        ],
      );
    });

    it('marks the renewal window: the anniversary month and the five before it', () => {
      assert.deepEqual(
        { opens: iso(f.renewalWindow?.opens), anniversary: iso(f.renewalWindow?.anniversary) },
        { opens: '2026-10-01', anniversary: '2027-03-31' },
      );
      assert.deepEqual(
        viewOf(f, 'security').months.map((m) => m.inRenewalWindow),
        [true, true, true, true, true, false, false, false, false, false, false, false],
      );
      assert.equal(run(people).renewalWindow, undefined);
    });
  });
});
