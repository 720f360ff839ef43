// The Learning card with the certifications part, as Teams would get it: a valid Adaptive
// Card 1.5 (parsed by the adaptivecards library), under 28 KB with 60 certifications, every button's
// payload accepted by the one schema, and the paste box's input sent only by its own button.
import assert from 'node:assert/strict';
import type * as AdaptiveCards from 'adaptivecards';
import type { Association } from '../../src/associations/model';
import { parseCardAction } from '../../src/cards/card-actions';
import { learningCard } from '../../src/associations/learning-card';
import { certificationsCardElements } from '../../src/certifications/certifications-card';
import { certificationsView } from '../../src/certifications/certifications-view';
import type { Ownership } from '../../src/certifications/certification-store';
import type { CertificationRecord } from '../../src/certifications/transcript';
import { buttons, cardText } from '../support/teams-chat';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const NOW = new Date('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const learning: Association = {
  id: '22222222-2222-4222-8222-222222222222',
  tenantId: 't',
  workObjectId: 'u',
  purpose: 'learning',
  personal: { accountId: 'p', displayName: 'Jane', maskedEmail: 'j***@outlook.com' },
  linkedAt: NOW,
};

function record(count: number, nameLength = 60): CertificationRecord {
  return {
    certifications: Array.from({ length: count }, (_, i) => ({
      name: `Microsoft Certified: ${'X'.repeat(nameLength)} ${i + 1}`,
      number: `ABC${i}`,
      status: i % 4 === 3 ? 'Expired' : 'Active',
      earnedOn: new Date(NOW.getTime() - 400 * DAY),
      expiresOn:
        i % 4 === 3
          ? new Date(NOW.getTime() - 10 * DAY)
          : i % 5 === 0
            ? null
            : new Date(NOW.getTime() + (i % 2 ? 60 : 300) * DAY),
      historical: i % 4 === 3,
    })),
    exams: [],
  };
}

const KEY = 'b'.repeat(64);

function cardWith(count: number, ownership: Ownership = 'email-matched', nameLength = 60, emailCompared = true) {
  const extra = certificationsCardElements({
    shown: { view: certificationsView(record(count, nameLength), NOW, NOW), ownership, transcriptKey: KEY },
    maskedEmail: learning.personal.maskedEmail,
    emailCompared,
    remindersOn: true,
    contributions: Array.from({ length: 20 }, (_, i) => `Your AZ-${100 + i} counts toward Infrastructure (Azure).`),
  });
  return learningCard({ trainingUrl: 'https://training.example.test', learning, learningExtra: extra });
}

function parseErrors(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) messages.push(event.message);
  return messages;
}

describe('the card with certifications', () => {
  it('is a valid Adaptive Card 1.5 under 28 KB with 60 (and with 200 long-named) certifications', () => {
    for (const json of [cardWith(60), cardWith(200, 'different', 118)]) {
      assert.deepEqual(parseErrors(json), []);
      const size = Buffer.byteLength(JSON.stringify(json));
      assert.ok(size < 28 * 1024, `${size} bytes`);
    }
    assert.match(cardText(cardWith(60)), /…and \d+ more\. The Partner Link tab lists them all\./);
  });

  it("every button's payload is accepted by the schema; the paste box's value goes with its own button only", () => {
    const json = cardWith(8, 'different');
    for (const b of buttons(json).filter((x) => x.type === 'Action.Execute')) {
      const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: b.verb, data: b.data } });
      assert.ok(parsed.ok, `${b.title}: ${parsed.ok ? '' : parsed.problem}`);
    }
    const titles = buttons(json).map((b) => b.title);
    for (const title of [
      'This transcript is mine',
      'Refresh',
      'Turn renewal reminders off',
      'Use a different link',
      'Read my transcript',
      'Remove association',
    ])
      assert.ok(titles.includes(title), title);
    // The input lives inside the ShowCard, so "Remove association" and the others never carry it.
    const input = JSON.stringify(json).indexOf('"Input.Text"');
    const showCard = JSON.stringify(json).lastIndexOf('"Action.ShowCard"', input);
    assert.ok(showCard >= 0 && showCard < input, 'the input is inside an Action.ShowCard');
    const typed = parseCardAction({
      action: {
        type: 'Action.Execute',
        verb: 'transcriptLink',
        data: { verb: 'transcriptLink', link: 'x'.repeat(2001) },
      },
    });
    assert.equal(typed.ok, false, 'an over-long input is refused by the schema');
  });
});

describe('the card says whose the transcript is', () => {
  it('"This transcript is mine" names the transcript the card shows; the schema refuses a press without a well-formed one', () => {
    const confirm = buttons(cardWith(4, 'different')).find((b) => b.title === 'This transcript is mine');
    assert.deepEqual(confirm?.data, { verb: 'certOwnershipConfirm', transcript: KEY });
    assert.equal(
      parseCardAction({
        action: {
          type: 'Action.Execute',
          verb: 'certOwnershipConfirm',
          data: { verb: 'certOwnershipConfirm', transcript: 'not-a-key' },
        },
      }).ok,
      false,
    );
  });

  it('self-declared, approved and declined transcripts say so; only what counts shows what it counts toward', () => {
    const declared = cardText(cardWith(4, 'self-declared'));
    assert.match(declared, /Self-declared.*counts for your organization once a partner admin approves it/s);
    assert.doesNotMatch(declared, /counts toward/);
    assert.ok(!buttons(cardWith(4, 'self-declared')).some((b) => b.title === 'This transcript is mine'));
    assert.match(cardText(cardWith(4, 'approved')), /approved by a partner admin.*counts toward/s);
    const declined = cardText(cardWith(4, 'declined'));
    assert.match(declined, /declined by a partner admin/);
    assert.doesNotMatch(declined, /counts toward/);
    assert.doesNotMatch(cardText(cardWith(4, 'email-matched')), /Self-declared|doesn't count|don't count/);
  });

  it('an association made before addresses were compared is told why nothing matches, and how to fix it', () => {
    const text = cardText(cardWith(4, 'different', 60, false));
    assert.match(text, /associated before Partner Link compared addresses/);
    assert.match(text, /remove the association and associate your account again/);
  });
});
