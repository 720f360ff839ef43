// The forecast card and the typed settings, as a reader sees them: what each figure counts, the
// areas with today's points, the lowest point and the first risky date, what prevents each risk, names
// only where the reader may see them; a valid Adaptive Card 1.5, short, and under 28 KB at its worst.
import assert from 'node:assert/strict';
import type * as AdaptiveCards from 'adaptivecards';
import type { AdaptiveCard } from '../../src/cards/card-elements';
import { forecastCard, RISKS_SHOWN } from '../../src/forecast/forecast-card';
import { parseSettingCommand } from '../../src/forecast/forecast-command';
import { forecastSkilling } from '../../src/forecast/forecast';
import type { ForecastResult } from '../../src/forecast/forecast-service';
import { buttons, cardText } from '../support/teams-chat';
import { catalogue, day, held, learnName, person, TODAY } from './forecast-people';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

function parseErrors(json: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(json, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) messages.push(event.message);
  return messages;
}

const SECURITY = [
  person('lee', held('Cloud and AI Security Engineer Associate', '2027-03-20')),
  person('a', held('SC-200', '2027-09-01')),
  person('b', held('SC-100', '2027-12-01')),
  person('c', held('SC-401', '2027-06-15')),
];

function result(
  people = SECURITY,
  settings: ForecastResult['settings'] = { anniversary: '2025-03-31', alertsOptIn: false, updatedAt: null },
): ForecastResult {
  const { anniversary, lossThreshold, assignedTrack } = settings;
  return {
    forecast: forecastSkilling({
      today: TODAY,
      catalogue,
      people,
      settings: {
        ...(anniversary ? { anniversary } : {}),
        ...(lossThreshold !== undefined ? { lossThreshold } : {}),
        ...(assignedTrack ? { assignedTrack } : {}),
      },
    }),
    basis: { people: people.length, readFrom: TODAY, readTo: TODAY },
    settings,
  };
}

const NAMES = new Map([['lee', 'Lee Gu']]);

describe('the skilling forecast card', () => {
  it("shows a partner admin each area's points today, the lowest in 12 months and the first risky date, and the one renewal that keeps Security", () => {
    const card = forecastCard({ audience: 'organization', result: result(), nameOf: (id) => NAMES.get(id) });
    const seen = cardText(card);
    assert.match(seen, /^Skilling forecast\n/);
    assert.match(
      seen,
      /Your organization's skilling points, from the 4 linked people with verified transcripts \(read Nov 24, 2026\), assuming nobody renews and nobody new certifies\./,
    );
    assert.match(
      seen,
      /Designation anniversary: Mar 31, 2027\. It renews if the designation qualified on one day of the renewal window, from Oct 1, 2026\./,
    );
    assert.match(seen, /Security\ntoday 24 of 40 · lowest 0 by Mar 2027 · at risk from Mar 20, 2027/);
    assert.match(seen, /Modern Work\ntoday 0 of 25 · no drop in 12 months · no risk in 12 months/);
    assert.match(seen, /Infrastructure \\\(Azure\\\)\ntoday 0 of 40/, 'one line where both tracks say the same');
    assert.doesNotMatch(seen, /\(Enterprise\)|track .* is not recorded/);
    assert.match(
      seen,
      /Security \(Skilling: intermediate\) falls to 0 on Mar 20, 2027 \(Partner Center expected by Mar 30, 2027\); a designation needs more than 0 in every metric\. This is before the anniversary\./,
    );
    assert.match(
      seen,
      /Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027; renewing keeps the Security gate met and its skilling over 0 through the anniversary\./,
    );
    assert.match(
      seen,
      /Skilling is one part of a designation's score: performance and customer success are not known to Partner Link\./,
    );
    assert.match(seen, /Mar 2027 \(renewal window\)\n0/, 'month by month, the renewal window marked');
  });

  it('shows both tracks of an area whose track is not recorded when they differ, and how to record it', () => {
    const infra = [
      person('a', held('AZ-104', '2027-02-10')),
      person('b', held('AZ-104', '2027-08-01')),
      person('c', held('AZ-700', '2027-12-31')),
    ];
    const seen = cardText(forecastCard({ audience: 'organization', result: result(infra), nameOf: () => undefined }));
    assert.match(
      seen,
      /Infrastructure \\\(Azure\\\) \(Enterprise\)\ntoday 4 of 40 · lowest 0 by Feb 2027 · at risk from Feb 10, 2027/,
    );
    assert.match(
      seen,
      /Infrastructure \\\(Azure\\\) \(SMB\)\ntoday 8 of 40 · lowest 0 by Aug 2027 · at risk from Aug 1, 2027/,
    );
    assert.match(
      seen,
      /Your track for the Azure areas and Business Applications is not recorded, so both tracks are shown\. A partner admin can type set track enterprise or set track smb\./,
    );
    const recorded = cardText(
      forecastCard({
        audience: 'organization',
        result: result(infra, { assignedTrack: 'smb', alertsOptIn: false, updatedAt: null }),
        nameOf: () => undefined,
      }),
    );
    assert.doesNotMatch(recorded, /\(Enterprise\)|\(SMB\)|not recorded/);
  });

  it('names only the people the reader may see; anyone else is "A colleague"', () => {
    const seen = cardText(forecastCard({ audience: 'organization', result: result(), nameOf: () => undefined }));
    assert.match(seen, /A colleague's Cloud and AI Security Engineer Associate: renewal open until/);
    assert.doesNotMatch(seen, /Lee/);
  });

  it("labels a manager's card as their team's contribution, not the organization's score", () => {
    const seen = cardText(forecastCard({ audience: 'team', result: result(), nameOf: (id) => NAMES.get(id) }));
    assert.match(seen, /^Your team's skilling forecast\n/);
    assert.match(
      seen,
      /Your team's contribution, not your organization's score: the skilling points of the 4 people you manage \(directly or down the chain\) with verified transcripts/,
    );
    assert.doesNotMatch(seen, /Your organization's skilling points/);
  });

  it('says so when nobody has a verified transcript, and still says what skilling is', () => {
    const seen = cardText(
      forecastCard({
        audience: 'organization',
        result: { ...result([]), basis: { people: 0, readFrom: null, readTo: null } },
        nameOf: () => undefined,
      }),
    );
    assert.match(seen, /No linked person in your organization has a verified transcript yet/);
    assert.match(seen, /performance and customer success are not known to Partner Link/);
  });

  it('is a valid Adaptive Card 1.5 with a few buttons that only unfold the card, and stays under 28 KB for 10,000 people with long names', () => {
    const labels = [
      'AZ-104',
      'AZ-305',
      'AZ-700',
      'AZ-140',
      'DP-600',
      'MB-800',
      'MB-820',
      'MS-102',
      'MD-102',
      'Cloud and AI Security Engineer Associate',
      'SC-200',
      'SC-100',
    ];
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      personId: `p${i}`,
      certifications: [0, 1, 2].map((k) => ({
        name: learnName(labels[(i + k * 5) % labels.length] ?? 'AZ-104'),
        expiresOn: new Date(TODAY.getTime() + ((i * 7 + k * 31) % 330) * 86_400_000 + 86_400_000),
      })),
    }));
    const worst = result(many, { anniversary: '2027-02-28', lossThreshold: 0, alertsOptIn: false, updatedAt: null });
    const longName = '\\*_[]()#+!|<>~`{}😀"'.repeat(20);
    const cards = [
      forecastCard({ audience: 'organization', result: worst, nameOf: () => longName }),
      forecastCard({ audience: 'team', result: result(), nameOf: (id) => NAMES.get(id) }),
    ];
    for (const c of cards) {
      assert.deepEqual(parseErrors(c), []);
      const size = Buffer.byteLength(JSON.stringify(c));
      assert.ok(size < 28 * 1024, `${size} bytes`);
      const actions = buttons(c);
      assert.ok(
        actions.length <= 6 && actions.every((a) => a.type === 'Action.ShowCard'),
        JSON.stringify(actions.map((a) => a.type)),
      );
    }
    const risks = worst.forecast.areas.flatMap((a) => a.views.flatMap((v) => v.risks)).length;
    assert.ok(risks > RISKS_SHOWN, 'the worst case has more risks than the card shows');
    assert.match(cardText(cards[0]), new RegExp(`Every risk and what prevents it \\(${risks}\\)`));
  });
});

describe("a partner admin's typed forecast settings", () => {
  const cases: [string, unknown][] = [
    ['set anniversary 2027-03-31', { anniversary: '2027-03-31' }],
    ['<at>Partner Link</at> Set the designation anniversary to 2028-02-29.', { anniversary: '2028-02-29' }],
    ['set anniversary off', { anniversary: null }],
    ['set loss threshold 5', { lossThreshold: 5 }],
    ['set threshold 2,5 points', { lossThreshold: 2.5 }],
    ['set loss threshold off', { lossThreshold: null }],
    ['set track SMB', { assignedTrack: 'smb' }],
    ['set assigned track enterprise', { assignedTrack: 'enterprise' }],
    ['set track unknown', { assignedTrack: null }],
  ];
  for (const [typed, change] of cases)
    it(`"${typed}"`, () => assert.deepEqual(parseSettingCommand(typed), { ok: true, change }));

  it('says what to type instead of guessing: an impossible date, a word, a threshold out of range, an unknown track', () => {
    assert.deepEqual(parseSettingCommand('set anniversary 2027-02-30'), {
      ok: false,
      code: 'forecast-bad-anniversary',
      value: '2027-02-30',
    });
    assert.deepEqual(parseSettingCommand('set anniversary next March'), {
      ok: false,
      code: 'forecast-bad-anniversary',
      value: 'next March',
    });
    assert.deepEqual(parseSettingCommand('set loss threshold 101'), {
      ok: false,
      code: 'forecast-bad-threshold',
      value: '101',
    });
    assert.deepEqual(parseSettingCommand('set loss threshold -3'), {
      ok: false,
      code: 'forecast-bad-threshold',
      value: '-3',
    });
    assert.deepEqual(parseSettingCommand('set track gold **now**'), {
      ok: false,
      code: 'forecast-bad-track',
      value: 'gold now',
    });
    assert.equal(day('2027-03-31').toISOString(), '2027-03-31T00:00:00.000Z');
  });
});
