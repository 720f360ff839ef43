// `npm start -- --fresh`, as a person runs it: after "delete my data" Partner Center's 30-day rule
// refuses the same Learning account again (rightly), and --fresh is how the local stack starts over.
// Only a Partner Link database on this machine is ever removed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshStart, startOptions } from '../../src/dev/fresh-start';
import { NODE_FLAGS } from '../../src/node-flags';
import { type Stores } from '../../src/storage/stores';
import { openSqliteStores } from '../../src/storage/sqlite/sqlite-stores';
import { freePort } from '../support/local-stack';
import { personal, work } from '../support/dev-people';

const START = path.join(process.cwd(), 'dist', 'src', 'dev', 'start.js');

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...NODE_FLAGS, START, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const ports = async () => ({
  PORT: String(await freePort()),
  SIGNIN_STANDIN_PORT: String(await freePort()),
  SIGNIN_STANDIN_HTTPS_PORT: String(await freePort()),
  LEARN_STANDIN_PORT: String(await freePort()),
  PLAYGROUND_PORT: String(await freePort()),
});

const adele = work('adele');
const user = { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName };
const learning = {
  user,
  purpose: 'learning' as const,
  personal: { accountId: personal('adele').objectId, displayName: 'Adele', maskedEmail: 'a***@outlook.com' },
};

/** Adele associated her Learning account, then deleted her data: the same account is refused for 30 days. */
async function afterDeleteMyData(file: string): Promise<void> {
  const stores: Stores = openSqliteStores(file, { ratePerSecond: 40 });
  try {
    const now = new Date();
    assert.equal((await stores.associations.link(learning, now)).kind, 'linked');
    await stores.associations.deleteUserData(user, now);
    assert.equal(
      (await stores.associations.link(learning, now)).kind,
      'cool-off',
      'the rule that is right, and that --fresh lets a developer start over from',
    );
  } finally {
    await stores.close();
  }
}

describe('npm start -- --fresh', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-fresh-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts with no local data: the Learning account refused for 30 days after "delete my data" can be associated again', async () => {
    const file = path.join(dir, 'partner-link.db');
    await afterDeleteMyData(file);
    const run = start(['--fresh'], { ...(await ports()), SQLITE_PATH: file });
    const deadline = Date.now() + 90_000;
    while (
      !/Partner Link is running locally/.test(run.output()) &&
      run.child.exitCode === null &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    assert.match(run.output(), /Starting fresh: removed .*partner-link\.db/);
    assert.match(run.output(), /Partner Link is running locally/);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0);
    const stores = openSqliteStores(file, { ratePerSecond: 40 });
    try {
      assert.equal((await stores.associations.link(learning, new Date())).kind, 'linked');
    } finally {
      await stores.close();
    }
  });

  it('refuses to remove anything that is not a Partner Link database on this machine, and starts nothing', async () => {
    const notOurs = path.join(dir, 'notes.db');
    fs.writeFileSync(notOurs, 'my notes');
    const run = start(['--fresh'], { ...(await ports()), SQLITE_PATH: notOurs });
    assert.equal(await run.exited, 78);
    assert.match(run.output(), /is not a Partner Link database, so --fresh leaves it alone\. Nothing was removed\./);
    assert.equal(fs.readFileSync(notOurs, 'utf8'), 'my notes');
    assert.doesNotMatch(run.output(), /Partner Link is running locally/);

    const azure = start(['--fresh'], { ...(await ports()), STORE: 'azure', SQLITE_PATH: notOurs });
    assert.equal(await azure.exited, 78);
    assert.match(azure.output(), /With STORE=azure the data is in Azure Storage and is left as it is/);
  });

  it('names an option it does not know, and starts nothing', async () => {
    const run = start(['--frsh'], await ports());
    assert.equal(await run.exited, 78);
    assert.match(run.output(), /does not know the option "--frsh"\. Its only option is --fresh/);
  });

  it('removes the database with its write-ahead files; a folder, another file or a missing file are left alone', async () => {
    const file = path.join(dir, 'data', 'partner-link.db');
    await afterDeleteMyData(file);
    fs.writeFileSync(`${file}-wal`, '');
    fs.writeFileSync(`${file}-shm`, '');
    fs.writeFileSync(path.join(dir, 'data', 'keep.txt'), 'keep');
    const removed = freshStart({ SQLITE_PATH: 'data/partner-link.db' }, dir);
    assert.deepEqual(removed, {
      kind: 'removed',
      files: ['', '-wal', '-shm'].map((end) => path.join('data', `partner-link.db${end}`)),
    });
    assert.deepEqual(fs.readdirSync(path.join(dir, 'data')), ['keep.txt']);
    assert.deepEqual(freshStart({ SQLITE_PATH: 'data/partner-link.db' }, dir), {
      kind: 'nothing-to-remove',
      file: path.join('data', 'partner-link.db'),
    });
    assert.equal(freshStart({ SQLITE_PATH: 'data' }, dir).kind, 'refused');
    assert.deepEqual(startOptions([]), { fresh: false });
    assert.deepEqual(startOptions(['--fresh']), { fresh: true });
  });
});
