// The bot as App Service runs it (`npm run serve` = node dist/src/index.js): configuration errors,
// start-up, health, and a clean stop on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/node-flags';
import { listeningAddress } from '../support/bot-process';

const ENTRY = path.join(process.cwd(), 'dist', 'src', 'index.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('the bot process', function () {
  // Each test starts a process: on a shared, busy machine that alone can take many seconds.
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-process-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses bad configuration with one line per key and exit code 78', async () => {
    const p = run({ PORT: 'abc', GRAPH_URL: 'not a url', MicrosoftAppType: 'SingleTenant' });
    assert.equal(await p.exited, 78);
    const lines = p
      .err()
      .split('\n')
      .filter((l) => l.startsWith('  - '));
    assert.deepEqual(lines.map((l) => l.slice(4).split(' ')[0]).sort(), [
      'GRAPH_URL',
      'MicrosoftAppId',
      'MicrosoftAppTenantId',
      'PORT',
    ]);
    assert.ok(!/at \w+ \(/.test(p.err()), 'no stack trace');
  });

  it('starts, warns that channel authentication is off, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run({ PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: path.join(dir, 'db', 'partner-link.db') });
    await listeningAddress(p);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(((await health.json()) as { store: { ok: boolean } }).store.ok, true);
    assert.match(p.out(), /channel authentication is OFF/);
    assert.ok(fs.existsSync(path.join(dir, 'db', 'partner-link.db')), 'the SQLite file is created with its folder');
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  });

  it('says which setting to fix when the database cannot be opened, without a stack trace', async () => {
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const p = run({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dir, 'a-file', 'partner-link.db'),
    });
    assert.equal(await p.exited, 1);
    assert.match(p.out(), /cannot open its database at .*a-file.*Set SQLITE_PATH to a writable file path/);
    assert.ok(!/at \w+ \(/.test(p.out() + p.err()), 'no stack trace');
  });

  it('names the variable to change when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as net.AddressInfo;
    const p = run({ PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: path.join(dir, 'p.db') });
    assert.equal(await p.exited, 1);
    assert.match(p.out(), /set PORT to a free port/);
    blocker.close();
  });
});
