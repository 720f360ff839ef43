import assert from 'node:assert/strict';
import { containsMagicCode, recognize } from '../../src/bot/intents';

describe('what a typed message asks for', () => {
  const cases: [string, string, string?][] = [
    ['hi', 'welcome'],
    ['Hello!', 'welcome'],
    ['help', 'help'],
    ['<at>Partner Link</at> status', 'status'],
    ['my learning', 'status'],
    ['How do I change my password?', 'help', 'password'],
    ["Why are options missing from my dashboard", 'help', 'missing-options'],
    ['which account is which? work vs personal', 'help', 'accounts'],
    ['What do you store about me?', 'my-data'],
    ['delete my data', 'delete-my-data'],
    ['cancel', 'cancel'],
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
