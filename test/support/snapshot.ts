// A tiny JSON snapshot: the first run writes test/<dir>/__snapshots__/<name>.json (and says so);
// later runs must match it; UPDATE_SNAPSHOTS=1 rewrites. Paths are from the repository root,
// because tests run from dist/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export function matchSnapshot(dir: string, name: string, value: unknown): void {
  const file = path.join(process.cwd(), 'test', dir, '__snapshots__', `${name}.json`);
  const actual = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    if (process.env.CI === 'true' && !fs.existsSync(file))
      assert.fail(`Snapshot ${file} is missing; run the tests locally and commit it.`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    console.log(`      (snapshot written: ${path.relative(process.cwd(), file)})`);
    return;
  }
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `Card ${name} differs from its snapshot; if the change is intended, run UPDATE_SNAPSHOTS=1 npm test`,
  );
}
