// `npm start` as a person runs it: one group of processes that reports a busy port by name and
// goes down as a whole, with a clear message, when one of its processes dies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, LocalStack } from '../support/local-stack';
import { thisMachineLanAddress } from '../support/bot-process';
import { NODE_FLAGS } from '../../src/node-flags';
import { isLoopbackAddress, parseProcNetTcp } from '../../src/dev/listening-sockets';

const START = path.join(process.cwd(), 'dist', 'src', 'dev', 'start.js');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [...NODE_FLAGS, START], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('npm start (the local supervisor)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-start-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the busy port and the variable that changes it, and starts nothing', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const run = start({
        PORT: String(await freePort()),
        SIGNIN_STANDIN_PORT: String(await freePort()),
        SIGNIN_STANDIN_HTTPS_PORT: String(await freePort()),
        LEARN_STANDIN_PORT: String(await freePort()),
        PLAYGROUND_PORT: String(port),
        SQLITE_PATH: path.join(dir, 'db.sqlite'),
      });
      assert.equal(await run.exited, 1);
      assert.match(
        run.output(),
        new RegExp(`Port ${port} \\(Agents Playground\\) is already in use.*set PLAYGROUND_PORT to a free port`),
      );
      assert.doesNotMatch(run.output(), /Partner Link is running locally/);
    } finally {
      busy.close();
    }
  });

  it('stops everything with a message naming the process that died', async () => {
    // A database path under a regular file: the bot cannot open its store and exits.
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const run = start({
      PORT: String(await freePort()),
      SIGNIN_STANDIN_PORT: String(await freePort()),
      SIGNIN_STANDIN_HTTPS_PORT: String(await freePort()),
      LEARN_STANDIN_PORT: String(await freePort()),
      PLAYGROUND_PORT: String(await freePort()),
      SQLITE_PATH: path.join(dir, 'not-a-folder', 'db.sqlite'),
    });
    assert.equal(await run.exited, 1);
    assert.match(run.output(), /The bot stopped unexpectedly \(exit code \d+\); stopping everything/);
  });

  it('refuses a port that is not a number, naming the variable', async () => {
    const run = start({ SIGNIN_STANDIN_PORT: 'eighty' });
    assert.equal(await run.exited, 78);
    assert.match(run.output(), /SIGNIN_STANDIN_PORT must be a port number \(got "eighty"\)/);
  });

  describe('reachable from this machine only (the bot runs with channel authentication off)', function () {
    before(function () {
      if (!fs.existsSync('/proc/net/tcp')) this.skip();
    });

    it("once the stack is up, every socket listening on its ports is on 127.0.0.1 or ::1, and the Playground refuses this machine's network address", async () => {
      const stack = await new LocalStack().start();
      try {
        const ports = new Set(Object.values(stack.ports));
        const rows = ['/proc/net/tcp', '/proc/net/tcp6']
          .flatMap((f) => (fs.existsSync(f) ? parseProcNetTcp(fs.readFileSync(f, 'utf8')) : []))
          .filter((r) => ports.has(r.port));
        assert.deepEqual(new Set(rows.map((r) => r.port)), ports, 'all five are listening');
        assert.deepEqual(
          rows.filter((r) => !isLoopbackAddress(r.address)),
          [],
          'nothing beyond loopback',
        );
        const lan = thisMachineLanAddress();
        if (lan) {
          const reached = await fetch(`http://${lan}:${stack.ports.playground}/`).then(
            () => true,
            () => false,
          );
          assert.equal(reached, false, `the Playground answered on ${lan}`);
        }
      } finally {
        await stack.stop();
      }
    });

    it('a process of the stack listening beyond this machine stops everything with one line naming it', async () => {
      // Only the bot's process opens an extra listener on every interface (a preload for the test).
      const wide = path.join(dir, 'listen-wide.js');
      fs.writeFileSync(
        wide,
        "if (/[\\\\/]src[\\\\/]index\\.js$/.test(process.argv[1] || '')) require('node:net').createServer().listen(0, '0.0.0.0').unref();\n",
      );
      const run = start({
        PORT: String(await freePort()),
        SIGNIN_STANDIN_PORT: String(await freePort()),
        SIGNIN_STANDIN_HTTPS_PORT: String(await freePort()),
        LEARN_STANDIN_PORT: String(await freePort()),
        PLAYGROUND_PORT: String(await freePort()),
        SQLITE_PATH: path.join(dir, 'db.sqlite'),
        NODE_OPTIONS: `--require ${wide}`,
      });
      assert.equal(await run.exited, 1);
      assert.match(run.output(), /The bot listens on 0\.0\.0\.0:\d+, beyond this machine; stopping everything/);
      assert.doesNotMatch(run.output(), /Partner Link is running locally/);
    });
  });
});
