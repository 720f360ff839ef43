// The bot process checks the designation catalogue at start-up: a bad CATALOGUE_PATH
// file stops it with one line per problem and exit code 78, before it listens.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/node-flags';

const ENTRY = path.join(process.cwd(), 'dist', 'src', 'index.js');

describe('catalogue at start-up', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-catproc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a bad CATALOGUE_PATH file stops start-up with one line per problem, exit 78, no stack trace', async () => {
    const shipped = JSON.parse(
      fs.readFileSync(path.join(process.cwd(), 'src', 'certifications', 'catalogue.json'), 'utf8'),
    ) as { asOf: string; areas: { sources: string[] }[] };
    shipped.asOf = 'soon';
    const first = shipped.areas[0];
    assert.ok(first);
    first.sources = [];
    const file = path.join(dir, 'catalogue.json');
    fs.writeFileSync(file, JSON.stringify(shipped));
    const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        CATALOGUE_PATH: file,
        PORT: '39999',
        HOST: '127.0.0.1',
        SQLITE_PATH: path.join(dir, 'x.db'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 78);
    assert.deepEqual(
      stderr
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .sort(),
      ['  - areas[0].sources: must cite at least one source', '  - asOf: must be a date written YYYY-MM-DD'],
    );
    assert.match(stderr, new RegExp(`catalogue ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used`));
    assert.ok(!/at \w+ \(/.test(stderr), 'no stack trace');
    assert.ok(!fs.existsSync(path.join(dir, 'x.db')), 'stopped before opening the database');
  });
});
