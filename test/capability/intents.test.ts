import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  containsMagicCode,
  MESSAGE_PATTERNS,
  normalizeText,
  recognize,
  SCANNED_MESSAGE_CHARS,
  WHOLE_MESSAGE_PATTERNS,
} from '../../src/capability/intents';
import { nestedRepetitions } from '../support/regex-shape';

describe('what a typed message asks for', () => {
  const cases: [string, string, string?][] = [
    ['hi', 'welcome'],
    ['Hello!', 'welcome'],
    ['help', 'help'],
    ['<at>Partner Link</at> status', 'status'],
    ['my learning', 'status'],
    ['How do I change my password?', 'help', 'password'],
    ['Why are options missing from my dashboard', 'help', 'missing-options'],
    ['which account is which? work vs personal', 'help', 'accounts'],
    ['What do you store about me?', 'my-data'],
    ['delete my data', 'delete-my-data'],
    ['cancel', 'cancel'],
    ['skilling forecast', 'skilling-forecast'],
    ["What's at risk?", 'skilling-forecast'],
    ["<at>Partner Link</at> show my team's skilling forecast", 'skilling-forecast'],
    ['set anniversary 2027-03-31', 'forecast-setting'],
    ['Set loss threshold 5', 'forecast-setting'],
    ['set track smb', 'forecast-setting'],
    ['set the designation anniversary to next March', 'forecast-setting'],
    ['purple monkey dishwasher', 'unknown'],
    ['', 'unknown'],
  ];
  for (const [text, kind, topic] of cases) {
    it(`"${text}" → ${kind}${topic ? ` (${topic})` : ''}`, () => {
      const intent = recognize(text);
      assert.equal(intent.kind, kind);
      if (topic) assert.equal(intent.kind === 'help' ? intent.topic : undefined, topic);
    });
  }

  it('spots a 6-digit sign-in code anywhere in a message, as OAuthPrompt does', () => {
    assert.equal(containsMagicCode('here is my code: 123456 thanks'), true);
    assert.equal(containsMagicCode('12345'), false);
  });
});

describe('a long or hostile message is read in time linear in its length', () => {
  it('no pattern that reads a message repeats a group that itself repeats or branches', () => {
    for (const pattern of MESSAGE_PATTERNS) assert.deepEqual(nestedRepetitions(pattern.source), [], String(pattern));
  });

  it('the code search, which reads the whole message, looks only a few characters ahead from each position', () => {
    for (const pattern of WHOLE_MESSAGE_PATTERNS)
      assert.doesNotMatch(pattern.source, /[*+]|\{\d*,\d*\}/, String(pattern));
  });

  it('the shapes that make a pattern slow on hostile text are recognised', () => {
    assert.deepEqual(nestedRepetitions('(a+)+b'), ['(a+)+']);
    assert.deepEqual(nestedRepetitions('^(a|ab)*c$'), ['(a|ab)*']);
    assert.deepEqual(nestedRepetitions('((x)?y)*'), ['((x)?y)*']);
    assert.deepEqual(nestedRepetitions('([a-z]+\\s?){2,}'), ['([a-z]+\\s?){2,}']);
    assert.deepEqual(nestedRepetitions('\\b(all )?(of )?my [^<]*'), []);
  });

  it('nothing past the first part of a message changes what it asks for, so no pattern reads the rest', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: SCANNED_MESSAGE_CHARS }),
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 300 }),
        (head, tailA, tailB) => {
          const start = head.padEnd(SCANNED_MESSAGE_CHARS, '<');
          assert.equal(normalizeText(start + tailA), normalizeText(start + tailB));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('still finds a command at the start of a very long message, and mentions are dropped', () => {
    assert.equal(recognize(`<at>Partner Link</at> status`).kind, 'status');
    assert.equal(recognize(`delete my data ${'<'.repeat(150_000)}`).kind, 'delete-my-data');
  });
});
