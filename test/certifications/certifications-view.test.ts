// What the person sees — active, renewal open within 6 months (with the date), expired
// or retired collapsed, the cache's age — and the card staying under 28 KB with 60 certifications.
import assert from 'node:assert/strict';
import type * as AdaptiveCards from 'adaptivecards';
import { certificationsSection } from '../../src/certifications/certifications-section';
import { addMonths, cacheAgeText, certificationsView } from '../../src/certifications/certifications-view';
import { toRecord, transcriptWire, type CertificationRecord } from '../../src/certifications/transcript';
import { card, type AdaptiveCard } from '../../src/cards/card-elements';
import { learningCard } from '../../src/associations/learning-card';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { buttons, cardText } from '../support/teams-chat';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const NOW = new Date('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const learn = new LearnStandIn({ now: () => NOW });
const recordOf = (shareId: string): CertificationRecord => toRecord(transcriptWire.parse(learn.transcript(shareId)));

function fullCard(record: CertificationRecord, fetchedAt: Date | null = NOW): AdaptiveCard {
  const base = learningCard({
    trainingUrl: 'https://partner.microsoft.com/pc/Users/MyAccount',
    learning: {
      id: '22222222-2222-4222-8222-222222222222',
      tenantId: 't',
      workObjectId: 'u',
      purpose: 'learning',
      personal: { accountId: 'p', displayName: 'Adele', maskedEmail: 'a***@outlook.com' },
      linkedAt: NOW,
    },
  });
  return card([...base.body, ...certificationsSection(certificationsView(record, fetchedAt, NOW))]);
}

function parseErrors(json: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(json, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) messages.push(event.message);
  return messages;
}

describe('certifications view', () => {
  it("sorts Adele's transcript into active (Fundamentals: no expiry), renewal open with the date, and expired", () => {
    const view = certificationsView(recordOf(DEV_SHARE_IDS.adele), NOW, NOW);
    assert.deepEqual(
      view.active.map((l) => [l.name, l.expiresOn?.toISOString() ?? null]),
      [
        ['Microsoft 365 Certified: Fundamentals', null],
        ['Microsoft Certified: Azure Administrator Associate', new Date(NOW.getTime() + 365 * DAY).toISOString()],
      ],
    );
    assert.deepEqual(
      view.expiringSoon.map((l) => [l.name, l.expiresOn?.toISOString()]),
      [['Microsoft Certified: Azure Solutions Architect Expert', new Date(NOW.getTime() + 90 * DAY).toISOString()]],
    );
    assert.deepEqual(
      view.expiredOrRetired.map((l) => l.name),
      ['Microsoft 365 Certified: Endpoint Administrator Associate'],
    );
    assert.equal(view.age, 'Read from Microsoft Learn just now.');
  });

  it('the renewal window is 6 calendar months; expiry at "now" counts as expired', () => {
    const cert = (expiresOn: Date) => ({
      certifications: [{ name: 'X', number: null, status: 'Active', earnedOn: null, expiresOn, historical: false }],
      exams: [],
    });
    assert.equal(certificationsView(cert(addMonths(NOW, 6)), NOW, NOW).expiringSoon.length, 1);
    assert.equal(certificationsView(cert(new Date(addMonths(NOW, 6).getTime() + 1000)), NOW, NOW).active.length, 1);
    assert.equal(certificationsView(cert(NOW), NOW, NOW).expiredOrRetired.length, 1);
    assert.deepEqual(addMonths(new Date('2026-08-31T00:00:00Z'), 6), new Date('2027-02-28T00:00:00Z'));
  });

  it('says how old the cached certifications are', () => {
    const h = 3_600_000;
    assert.equal(cacheAgeText(new Date(NOW.getTime() - 5 * 60_000), NOW), 'Read from Microsoft Learn 5 minutes ago.');
    assert.equal(cacheAgeText(new Date(NOW.getTime() - 1 * h), NOW), 'Read from Microsoft Learn 1 hour ago.');
    assert.equal(cacheAgeText(new Date(NOW.getTime() - 30 * h), NOW), 'Read from Microsoft Learn 30 hours ago.');
    assert.equal(cacheAgeText(new Date(NOW.getTime() - 72 * h), NOW), 'Read from Microsoft Learn 3 days ago.');
  });
});

describe('certifications card section', () => {
  it('shows renewal open with its date, active ones, and expired ones behind "Show … expired or retired"', () => {
    const json = fullCard(recordOf(DEV_SHARE_IDS.adele));
    assert.deepEqual(parseErrors(json), []);
    const shown = cardText(json);
    assert.match(shown, /Renewal open/);
    assert.match(shown, /Azure Solutions Architect Expert/);
    assert.match(shown, /no expiry/);
    assert.match(shown, /Read from Microsoft Learn just now/);
    const toggle = buttons(json).find((b) => b.type === 'Action.ShowCard');
    assert.equal(toggle?.title, 'Show 1 expired or retired');
    assert.ok(
      JSON.stringify(json).includes('Endpoint Administrator Associate'),
      'the expired one is inside the collapsed part',
    );
  });

  it('with 60 certifications the whole card stays under 28 KB and valid Adaptive Card 1.5', () => {
    const json = fullCard(recordOf(DEV_SHARE_IDS.sixty));
    const bytes = Buffer.byteLength(JSON.stringify(json));
    assert.ok(bytes < 28 * 1024, `${bytes} bytes`);
    assert.deepEqual(parseErrors(json), []);
    assert.ok(buttons(json).length <= 6);
    console.log(`      (60 certifications: ${bytes} bytes)`);
  });

  it('200 certifications with 300-character names still stay under 28 KB (lists capped, names cut)', () => {
    const long = (i: number) => `Microsoft Certified: ${'Very Long Name '.repeat(20)}${i}`;
    const record: CertificationRecord = {
      certifications: Array.from({ length: 200 }, (_, i) => ({
        name: long(i),
        number: 'ABCDEF-123456',
        status: i % 3 === 0 ? 'Expired' : 'Active',
        earnedOn: NOW,
        expiresOn: new Date(NOW.getTime() + (i % 3 === 0 ? -1 : i % 3 === 1 ? 30 : 400) * DAY),
        historical: i % 3 === 0,
      })),
      exams: [],
    };
    const json = fullCard(record);
    const bytes = Buffer.byteLength(JSON.stringify(json));
    assert.ok(bytes < 28 * 1024, `${bytes} bytes`);
    assert.match(cardText(json), /and \d+ more/);
  });

  it('says so when nothing was read yet, or the transcript lists no certifications', () => {
    assert.match(cardText(fullCard({ certifications: [], exams: [] }, null)), /not been read from Microsoft Learn yet/);
    assert.match(cardText(fullCard({ certifications: [], exams: [] })), /lists no certifications yet/);
  });
});
