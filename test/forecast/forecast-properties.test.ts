// Properties of the skilling forecast for any organization (fast-check): it agrees with the credit
// rules on every date, never rises over today's points, explains every drop by an event, and a
// renewal added back restores what its lapse took; the renewals and new people it advises work.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { areaPoints, computeCredit, type PersonCertifications } from '../../src/certifications/credit';
import { DAY_MS, leaverDrop, renewedExpiry } from '../../src/forecast/forecast-dates';
import { forecastSkilling, type Forecast, type ForecastInput, type PersonLeft } from '../../src/forecast/forecast';
import { catalogue, learnName, renew, TODAY } from './forecast-people';

const LABELS = [
  'AZ-104',
  'AZ-305',
  'AZ-700',
  'AZ-140',
  'AZ-204',
  'DP-600',
  'MB-800',
  'MB-820',
  'PL-600',
  'MS-900',
  'MS-102',
  'MD-102',
  'SC-300',
  'AZ-500',
  'Cloud and AI Security Engineer Associate',
  'SC-200',
  'SC-100',
];
const IDS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];

const certArb = fc.record({
  name: fc.constantFrom(...LABELS).map(learnName),
  expiresOn: fc.option(
    fc.integer({ min: -30, max: 420 }).map((d) => new Date(TODAY.getTime() + d * DAY_MS)),
    { nil: null, freq: 6 },
  ),
});
const peopleArb = fc.array(
  fc.record({ personId: fc.constantFrom(...IDS), certifications: fc.array(certArb, { minLength: 1, maxLength: 4 }) }),
  { maxLength: 14 },
);
const leftArb = fc.array(
  fc.record({
    personId: fc.constantFrom(...IDS),
    on: fc.integer({ min: -60, max: 0 }).map((d) => new Date(TODAY.getTime() + d * DAY_MS)),
  }),
  { maxLength: 2 },
);
const settingsArb = fc.record({
  lossThreshold: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  assignedTrack: fc.option(fc.constantFrom('enterprise' as const, 'smb' as const), { nil: undefined }),
});

const run = (
  people: readonly PersonCertifications[],
  left: readonly PersonLeft[],
  settings: ForecastInput['settings'],
): Forecast => forecastSkilling({ today: TODAY, catalogue, people, left, settings: settings ?? {} });

/** The people as credit.ts should see them at any date: a leaver's certifications end at Partner Center's refresh. */
function truncated(people: readonly PersonCertifications[], left: readonly PersonLeft[]): PersonCertifications[] {
  return people.map((p) => {
    const drops = left.filter((l) => l.personId === p.personId).map((l) => leaverDrop(l.on).getTime());
    if (drops.length === 0) return p;
    const drop = Math.min(...drops);
    return {
      ...p,
      certifications: p.certifications.map((c) => ({
        ...c,
        expiresOn: new Date(Math.min(drop, c.expiresOn?.getTime() ?? Infinity)),
      })),
    };
  });
}

const series = (f: Forecast) =>
  f.areas.flatMap((a) =>
    a.views.map((v) => ({
      area: a.areaId,
      view: v,
      points: [v.today, ...v.months.map((m) => m.points)],
      dates: [TODAY, ...v.months.map((m) => m.at)],
    })),
  );

describe('skilling forecast: properties', () => {
  it('agrees with the credit rules today and at every month end', () => {
    fc.assert(
      fc.property(peopleArb, leftArb, settingsArb, (people, left, settings) => {
        const f = run(people, left, settings);
        const seen = truncated(people, left);
        for (const s of series(f)) {
          s.dates.forEach((at, i) => {
            const area = computeCredit(catalogue, seen, at).find((a) => a.areaId === s.area);
            assert.ok(area);
            const expected =
              s.view.view.kind === 'higher-of-both'
                ? Math.max(area.enterprise.points, area.smb.points)
                : areaPoints({ ...area, trackChoice: 'assigned' }, s.view.view.track);
            assert.equal(s.points[i], expected, `${s.area} ${s.view.view.track} at ${at.toISOString()}`);
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never shows more points than today, and never more than the month before', () => {
    fc.assert(
      fc.property(peopleArb, leftArb, settingsArb, (people, left, settings) => {
        for (const s of series(run(people, left, settings)))
          s.points.forEach((p, i) =>
            assert.ok(
              p <= (s.points[i - 1] ?? p) && p <= s.view.today && s.view.lowest.points <= p,
              `${s.area}: ${s.points.join(' ')}`,
            ),
          );
      }),
      { numRuns: 150 },
    );
  });

  it("explains every drop by an event in that month that takes someone off one of the area's steps", () => {
    fc.assert(
      fc.property(peopleArb, leftArb, settingsArb, (people, left, settings) => {
        const f = run(people, left, settings);
        for (const s of series(f)) {
          for (let i = 1; i < s.points.length; i++) {
            if ((s.points[i] ?? 0) >= (s.points[i - 1] ?? 0)) continue;
            const [from, to] = [s.dates[i - 1]!.getTime(), s.dates[i]!.getTime()];
            assert.ok(
              f.events.some((e) => e.areaIds.includes(s.area) && e.on.getTime() > from && e.on.getTime() <= to),
              `${s.area} dropped by ${to} with no event`,
            );
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a renewal added back restores the points its lapse took: never fewer anywhere, and a month whose only event it was no longer drops', () => {
    fc.assert(
      fc.property(peopleArb, settingsArb, fc.nat(), (people, settings, pick) => {
        const f = run(people, [], settings);
        const expiries = f.events.filter((e) => e.kind === 'expiry');
        fc.pre(expiries.length > 0);
        const event = expiries[pick % expiries.length]!;
        const renewed = run(
          renew(people, [{ personId: event.personId, certification: event.certification, expiresOn: event.on }]),
          [],
          settings,
        );
        const after = series(renewed);
        series(f).forEach((s, k) => {
          const r = after[k]!;
          s.points.forEach((p, i) => assert.ok((r.points[i] ?? 0) >= p));
          if (!event.areaIds.includes(s.area)) return;
          for (let i = 1; i < s.points.length; i++) {
            const [from, to] = [s.dates[i - 1]!.getTime(), s.dates[i]!.getTime()];
            const inMonth = f.events.filter(
              (e) => e.areaIds.includes(s.area) && e.on.getTime() > from && e.on.getTime() <= to,
            );
            if (inMonth.length === 1 && inMonth[0] === event)
              assert.equal(r.points[i], r.points[i - 1], `${s.area}: the month of the renewed lapse`);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the renewals a risk lists, once passed, prevent it within the twelve months', () => {
    fc.assert(
      fc.property(peopleArb, settingsArb, (people, settings) => {
        const f = run(people, [], settings);
        for (const area of f.areas) {
          for (const view of area.views) {
            for (const risk of view.risks.filter((r) => r.renewalsHold)) {
              const again = run(renew(people, risk.renewals), [], settings)
                .areas.find((a) => a.areaId === area.areaId)
                ?.views.find((v) => v.view.track === view.view.track);
              const same = again?.risks.filter((r) => r.metricId === risk.metricId) ?? [];
              for (const reason of ['zero', 'loss'] as const)
                if (risk.reasons.includes(reason))
                  assert.ok(
                    !same.some((r) => r.reasons.includes(reason)),
                    `${area.areaId} ${risk.metricId} ${reason} still at risk`,
                  );
              if (risk.gate)
                assert.ok(
                  !same.some((r) => r.gate?.step === risk.gate?.step),
                  `${area.areaId} gate ${risk.gate.step} still at risk`,
                );
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the new people a risk advises hold its line: with them, a metric that would fall to 0 stays more than 0', () => {
    fc.assert(
      fc.property(peopleArb, settingsArb, (people, settings) => {
        const f = run(people, [], settings);
        for (const area of f.areas) {
          for (const view of area.views) {
            for (const risk of view.risks.filter((r) => r.reasons.includes('zero') && r.newCertifications)) {
              const catalogueArea = catalogue.areas.find((a) => a.id === area.areaId);
              const steps = catalogueArea?.metrics.find((m) => m.id === risk.metricId)?.steps ?? [];
              const added = (risk.newCertifications?.add ?? []).flatMap((a, k) =>
                Array.from({ length: a.people }, (_, n) => ({
                  personId: `new${k}-${n}`,
                  certifications: [
                    {
                      name:
                        steps.flatMap((s) => s.certifications).find((e) => (e.code ?? e.name) === a.certifications[0])
                          ?.name ?? '',
                      expiresOn: renewedExpiry(f.horizon),
                    },
                  ],
                })),
              );
              const again = run([...people, ...added], [], settings)
                .areas.find((a) => a.areaId === area.areaId)
                ?.views.find((v) => v.view.track === view.view.track);
              assert.ok(
                !(again?.risks ?? []).some((r) => r.metricId === risk.metricId && r.reasons.includes('zero')),
                `${area.areaId} ${risk.metricId} still falls to 0`,
              );
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
