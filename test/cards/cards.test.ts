// Every card in every state: valid Adaptive Card 1.5 (parsed by the adaptivecards library), small,
// at most six actions, every button's payload accepted by the one schema, Partner Center's wording where
// the product keeps it, and a snapshot of the JSON.
import assert from 'node:assert/strict';
import type * as AdaptiveCards from 'adaptivecards';
import type { Association } from '../../src/associations/model';
import { parseCardAction } from '../../src/cards/card-actions';
import type { AdaptiveCard } from '../../src/cards/card-elements';
import { deleteDataConfirmCard, myDataCard } from '../../src/my-data/data-cards';
import { helpMenuCard, helpTopicCard, unknownInputCard } from '../../src/help/help-cards';
import { learningCard } from '../../src/associations/learning-card';
import { moveConfirmCard } from '../../src/associations/move-confirm-card';
import { welcomeCard } from '../../src/help/welcome-card';
import { buttons, cardText } from '../support/teams-chat';
import { matchSnapshot } from '../support/snapshot';

// The package's `main` is an ES module build that Node cannot load; its UMD bundle works without a DOM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const TRAINING_URL = 'https://training.example.test/pu';
const association = (purpose: 'training' | 'learning', masked = 'j***@outlook.com', name = 'Jane'): Association => ({
  id: purpose === 'training' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
  tenantId: 't',
  workObjectId: 'u',
  purpose,
  personal: { accountId: 'p', displayName: name, maskedEmail: masked },
  linkedAt: new Date('2026-11-24T10:00:00Z'),
});
const long = 'x'.repeat(256);

const CARDS: Record<string, AdaptiveCard> = {
  welcome: welcomeCard(),
  'learning-not-linked': learningCard({ trainingUrl: TRAINING_URL }),
  'learning-training-linked': learningCard({ trainingUrl: TRAINING_URL, training: association('training') }),
  'learning-learning-linked': learningCard({ trainingUrl: TRAINING_URL, learning: association('learning') }),
  'learning-both-linked': learningCard({
    trainingUrl: TRAINING_URL,
    training: association('training'),
    learning: association('learning'),
  }),
  'learning-confirm-training': learningCard({
    trainingUrl: TRAINING_URL,
    training: association('training'),
    learning: association('learning'),
    confirmRemove: 'training',
  }),
  'learning-confirm-learning': learningCard({
    trainingUrl: TRAINING_URL,
    training: association('training'),
    learning: association('learning'),
    confirmRemove: 'learning',
  }),
  'learning-notice': learningCard({
    trainingUrl: TRAINING_URL,
    notice: { tone: 'attention', text: 'That was a work account.' },
  }),
  'learning-notice-good': learningCard({
    trainingUrl: TRAINING_URL,
    training: association('training'),
    notice: { tone: 'good', text: 'Partner University access is linked.' },
    dates: { locale: 'en-US' },
  }),
  'learning-notice-warning': learningCard({
    trainingUrl: TRAINING_URL,
    notice: { tone: 'warning', text: 'A sign-in is already in progress.' },
  }),
  'learning-notice-default': learningCard({
    trainingUrl: TRAINING_URL,
    notice: { tone: 'default', text: 'Follow the sign-in card.' },
  }),
  'learning-worst-case': learningCard({
    trainingUrl: `${TRAINING_URL}/${long}`,
    training: association('training', `${long}@${long}.com`, long),
    learning: association('learning', `${long}@${long}.com`, long),
    notice: { tone: 'warning', text: long.repeat(4) },
    confirmRemove: 'learning',
  }),
  'help-menu': helpMenuCard(),
  'help-accounts': helpTopicCard('accounts'),
  'help-password': helpTopicCard('password'),
  'help-missing-options': helpTopicCard('missing-options'),
  unknown: unknownInputCard(),
  'move-confirm': moveConfirmCard({ pendingId: '33333333-3333-4333-8333-333333333333' }),
  'my-data-empty': myDataCard({ associations: [], audit: [], pendingMoves: 0 }),
  'my-data': myDataCard({
    associations: [association('training'), association('learning')],
    audit: Array.from({ length: 40 }, (_, i) => ({
      seq: i,
      at: new Date('2026-11-24T10:00:00Z'),
      tenantId: 't',
      workObjectId: 'u',
      action: 'link' as const,
      purpose: 'training' as const,
      personalMaskedEmail: `${long}@x.com`,
    })),
    pendingMoves: 0,
  }),
  'delete-data-confirm': deleteDataConfirmCard(),
};

function parseErrors(json: AdaptiveCard): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) messages.push(event.message);
  assert.equal(card.version?.toString(), '1.5');
  return messages;
}

describe('cards', () => {
  for (const [name, json] of Object.entries(CARDS)) {
    describe(name, () => {
      it('is a valid Adaptive Card 1.5', () => assert.deepEqual(parseErrors(json), []));
      it('stays under 28 KB with at most 6 actions', () => {
        assert.ok(
          Buffer.byteLength(JSON.stringify(json)) < 28 * 1024,
          `${Buffer.byteLength(JSON.stringify(json))} bytes`,
        );
        assert.ok(buttons(json).length <= 6, `${buttons(json).length} actions`);
      });
      it("has buttons whose payloads the bot's schema accepts", () => {
        for (const b of buttons(json).filter((x) => x.type === 'Action.Execute')) {
          const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: b.verb, data: b.data } });
          assert.ok(parsed.ok, `${b.title}: ${parsed.ok ? '' : parsed.problem}`);
          assert.equal(parsed.ok && parsed.action.verb, b.verb);
        }
      });
      if (name !== 'learning-worst-case') it('matches its snapshot', () => matchSnapshot('cards', name, json));
    });
  }

  it("uses the seed's headings, sentences and button titles", () => {
    const notLinked = cardText(CARDS['learning-not-linked']);
    for (const words of [
      'Microsoft training & assessments',
      'Connect a Microsoft Account to access Microsoft training and assessments through Partner University.',
      'Get Partner University access',
      'Microsoft exams and certifications',
      'Associate a Microsoft account that you have used to complete exams and certifications through Microsoft Learning so that we can give credit to your organization.',
      'Associate Microsoft Learning account',
    ])
      assert.ok(notLinked.includes(words), words);
    const linked = buttons(CARDS['learning-both-linked']).map((b) => b.title);
    assert.deepEqual(linked, ['View training', 'Remove access', 'Remove association', 'Help']);
    assert.equal(buttons(CARDS['learning-both-linked'])[0]?.url, TRAINING_URL);
  });

  it('asks before removing, in place, naming what is lost', () => {
    const confirm = CARDS['learning-confirm-learning'];
    assert.match(cardText(confirm), /stop crediting your organization/);
    assert.deepEqual(
      buttons(confirm).map((b) => b.title),
      ['View training', 'Remove access', 'Yes, remove association', 'Keep it', 'Help'],
    );
  });

  it('warns about a credit move without naming anyone', () => {
    assert.match(cardText(CARDS['move-confirm']), /another organization/);
    assert.deepEqual(
      buttons(CARDS['move-confirm']).map((b) => b.title),
      ['Move credit here', 'Cancel'],
    );
  });

  it('tells how to change a password for each kind of account', () => {
    const text = cardText(CARDS['help-password']);
    assert.match(text, /Work account/);
    assert.match(text, /Can't access your account\?/);
  });
});
