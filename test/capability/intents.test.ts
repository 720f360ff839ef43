import assert from 'node:assert/strict';
import { containsMagicCode, recognize } from '../../src/capability/intents';

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
    ['skilling forecast', 'skilling-forecast'],
    ["What's at risk?", 'skilling-forecast'],
    ['<at>Partner Link</at> show my team\'s skilling forecast', 'skilling-forecast'],
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

describe('reading a message takes time linear in its length', () => {
  /** Best of several rounds of the time per call, each round long enough for the timer to matter. */
  const timePerCall = (fn: () => void): number => {
    let calls = 1;
    let elapsed = 0;
    while (elapsed < 20) {
      calls *= 2;
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i += 1) fn();
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    let best = elapsed / calls;
    for (let round = 0; round < 4; round += 1) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i += 1) fn();
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / calls);
    }
    return best;
  };

  const adversarial: Record<string, (n: number) => string> = {
    "a run of '<'": (n) => '<'.repeat(n),
    'unclosed mentions': (n) => '<at>'.repeat(Math.ceil(n / 4)),
    'unclosed tags with text': (n) => '<a b'.repeat(Math.ceil(n / 4)),
    'spaces before a letter': (n) => `${' '.repeat(n)}x`,
    'digits one short of a code': (n) => '12345 '.repeat(Math.ceil(n / 6)),
    'mixed markup and punctuation': (n) => '<at>&nbsp;<<>!'.repeat(Math.ceil(n / 14)),
  };
  const N = 5_000;
  for (const [name, make] of Object.entries(adversarial)) {
    it(`${name}: 10× the length costs well under 100× the time (quadratic)`, function () {
      this.timeout(120_000);
      const small = make(N);
      const large = make(10 * N);
      const read = (text: string) => () => {
        recognize(text);
        containsMagicCode(text);
      };
      const ratio = timePerCall(read(large)) / timePerCall(read(small));
      // Linear is about 10 (less once the message is cut); quadratic is about 100.
      assert.ok(ratio < 25, `10× longer took ${ratio.toFixed(1)}× the time`);
    });
  }

  it('still finds a command at the start of a very long message, and mentions are dropped', () => {
    assert.equal(recognize(`<at>Partner Link</at> status`).kind, 'status');
    assert.equal(recognize(`delete my data ${'<'.repeat(150_000)}`).kind, 'delete-my-data');
  });
});
