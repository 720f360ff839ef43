// The preload `npm start` gives the Agents Playground: whatever way a process asks to listen, it
// listens on this machine only. Checked from /proc (Linux) on a real process, and the rewrite of the
// listen arguments on its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isLoopbackAddress, listenersOf, parseProcNetTcp } from '../../src/dev/listening-sockets';
import { onLoopback } from '../../src/dev/loopback-listen';

const PRELOAD = path.join(process.cwd(), 'dist', 'src', 'dev', 'loopback-only.js');

/** Every way the Playground's dependencies listen: no host, every interface, IPv6 any, options, a LAN host. */
const LISTENS = `
const net = require('node:net');
const http = require('node:http');
const wait = (s) => new Promise((r) => s.once('listening', r));
const servers = [
  http.createServer().listen(0),
  net.createServer().listen(0, '0.0.0.0'),
  net.createServer().listen({ port: 0, host: '::' }),
  net.createServer().listen({ port: 0 }),
  net.createServer().listen(0, () => {}),
  net.createServer().listen(0, 511),
  net.createServer().listen(0, '127.0.0.1'),
];
Promise.all(servers.map(wait)).then(() => process.stdout.write('listening ' + servers.length + '\\n'));
setInterval(() => {}, 1000);
`;

async function listenersOfScript(preload: boolean): Promise<{ address: string; port: number }[]> {
  const child = spawn(process.execPath, [...(preload ? ['-r', PRELOAD] : []), '-e', LISTENS], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return listenersOf([child.pid ?? -1]) ?? [];
  } finally {
    child.kill('SIGTERM');
  }
}

describe('npm start keeps the Agents Playground on this machine', function () {
  this.timeout(20_000);

  describe('from /proc', function () {
    before(function () {
      if (!fs.existsSync('/proc/net/tcp')) this.skip();
    });

    it('with the preload, every listen of the process is on 127.0.0.1, however it was asked for', async () => {
      const listeners = await listenersOfScript(true);
      assert.equal(listeners.length, 7, JSON.stringify(listeners));
      assert.deepEqual(
        listeners.filter((l) => l.address !== '127.0.0.1'),
        [],
      );
    });

    it('without it, the same process listens beyond this machine (the check can tell)', async () => {
      const listeners = await listenersOfScript(false);
      assert.ok(
        listeners.some((l) => !isLoopbackAddress(l.address)),
        JSON.stringify(listeners),
      );
    });
  });

  it('rewrites the listen arguments to 127.0.0.1, keeping loopback hosts, callbacks, backlogs, Unix sockets and handles', () => {
    const cb = () => undefined;
    assert.deepEqual(onLoopback([3978]), [3978, '127.0.0.1']);
    assert.deepEqual(onLoopback([3978, cb]), [3978, '127.0.0.1', cb]);
    assert.deepEqual(onLoopback([3978, '0.0.0.0', 511, cb]), [3978, '127.0.0.1', 511, cb]);
    assert.deepEqual(onLoopback([3978, '::', cb]), [3978, '127.0.0.1', cb]);
    assert.deepEqual(onLoopback([3978, '192.0.2.10']), [3978, '127.0.0.1']);
    assert.deepEqual(onLoopback([3978, 511, cb]), [3978, '127.0.0.1', 511, cb]);
    assert.deepEqual(onLoopback(['3978']), ['3978', '127.0.0.1']);
    assert.deepEqual(onLoopback([cb]), [0, '127.0.0.1', cb]);
    assert.deepEqual(onLoopback([]), [0, '127.0.0.1']);
    assert.deepEqual(onLoopback([{ port: 3978, host: '0.0.0.0', ipv6Only: false }, cb]), [
      { port: 3978, host: '127.0.0.1', ipv6Only: false },
      cb,
    ]);
    assert.deepEqual(onLoopback([{ port: 3978 }]), [{ port: 3978, host: '127.0.0.1' }]);
    for (const host of ['127.0.0.1', '::1', 'localhost']) assert.deepEqual(onLoopback([3978, host]), [3978, host]);
    assert.deepEqual(onLoopback(['/tmp/playground.sock', cb]), ['/tmp/playground.sock', cb]);
    assert.deepEqual(onLoopback([{ path: '/tmp/playground.sock' }]), [{ path: '/tmp/playground.sock' }]);
    assert.deepEqual(onLoopback([{ fd: 3 }]), [{ fd: 3 }]);
  });

  it('reads LISTEN rows of /proc/net/tcp and tcp6 as addresses and ports', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0F96 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1111 1 0 100 0 0 10 0',
      '   1: 00000000:DBF6 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2222 1 0 100 0 0 10 0',
      '   2: 0100007F:0F96 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 3333 1 0 100 0 0 10 0',
    ].join('\n');
    assert.deepEqual(parseProcNetTcp(tcp, true), [
      { address: '127.0.0.1', port: 3990, inode: '1111' },
      { address: '0.0.0.0', port: 56310, inode: '2222' },
    ]);
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:0F96 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4444 1 0 100 0 0 10 0',
      '   1: 00000000000000000000000000000000:DBF6 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0 100 0 0 10 0',
      '   2: 0000000000000000FFFF00000100007F:0F97 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 6666 1 0 100 0 0 10 0',
    ].join('\n');
    const rows = parseProcNetTcp(tcp6, true);
    assert.deepEqual(
      rows.map((r) => r.address),
      ['::1', '::', '::ffff:7f00:1'],
    );
    assert.deepEqual(
      rows.map((r) => isLoopbackAddress(r.address)),
      [true, false, true],
    );
  });
});
