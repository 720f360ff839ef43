// The README is what a new user follows in their first ten minutes: it must stand on
// its own (no document that is not in the repository), say when the refusals can be tried, and say
// how to start over (past the 30-day rule too). Links inside the repository must point at files that exist.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');

describe('the README a new user follows', () => {
  it('cites no document that is not in the repository (it says the rules where it needs them)', () => {
    for (const name of ['DESIGN.md', 'STYLE.md', '../shared']) {
      assert.ok(!readme.includes(name), `README mentions ${name}, which a clone does not have`);
    }
    assert.match(readme, /at most 3 Learning associations a year, with 30 days between them/);
  });

  it('says the work-account refusals can only be tried before the first successful work sign-in', () => {
    assert.match(readme, /only be tried \*\*before your first successful work sign-in\*\*/);
  });

  it('says how to start over: "delete my data", and `npm start -- --fresh` past the 30-day rule', () => {
    assert.match(readme, /\*\*Starting over\.\*\* Type `delete my data`/);
    assert.match(readme, /associated again only 30 days later[\s\S]*`npm start -- --fresh`/);
  });

  it('links and pictures point at files in the repository', () => {
    const targets = [...readme.matchAll(/\]\(((?!https?:|#|mailto:)[^)\s]+)\)/g)].map((m) => m[1] ?? '');
    assert.ok(targets.length > 0);
    for (const target of targets)
      assert.ok(fs.existsSync(path.join(process.cwd(), target)), `README links to ${target}, which does not exist`);
  });
});
