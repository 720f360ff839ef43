// The router loops over the capabilities it is given: adding one is a handler in the composition's
// list, never an edit to the router. It imports no capability's handler, cards or services.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const CAPABILITY =
  /from '\.\.\/(help|my-data|certifications|team-status|forecast)\/|from '(?!\.\.\/capability\/)[^']*-handler'/;

describe('the router', () => {
  it('names no capability: nothing in src/bot/ imports a handler or a capability folder', () => {
    const dir = path.join(process.cwd(), 'src', 'bot');
    const naming = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        fs
          .readFileSync(path.join(dir, name), 'utf8')
          .split('\n')
          .filter((line) => CAPABILITY.test(line))
          .map((line) => `${name}: ${line}`),
      );
    assert.deepEqual(naming, []);
  });

  it('app.ts holds no late-bound capability (no `let` filled in after the router is built)', () => {
    const app = fs.readFileSync(path.join(process.cwd(), 'src', 'app.ts'), 'utf8');
    assert.doesNotMatch(app, /let \w+: \w+(Handler|Approvals) \| undefined/);
    assert.doesNotMatch(app, /capabilities: \(\w+\) =>/);
  });
});
