// With channel authentication on, an unauthenticated POST to /api/messages is a
// 401 and ONE log line (pino, warn, no stack) — not a stack trace on stderr per request. Drives the
// real server process (`node dist/src/index.js`, as App Service runs it) and counts its output lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BotConnectorAuthStandIn } from '../../src/stand-ins/bot-connector-auth';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { NODE_FLAGS } from '../../src/node-flags';

const ENTRY = path.join(process.cwd(), 'dist', 'src', 'index.js');
const APP_ID = '5b7a4c2e-1f3d-4e6a-9b8c-0d1e2f3a4b5c';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('unauthenticated /api/messages calls', function () {
  this.timeout(30_000);
  // With channel authentication on, the channel's OpenID metadata must be https: the signer serves it
  // with a certificate made for this run, which the bot process is told to trust (NODE_EXTRA_CA_CERTS).
  let signer: BotConnectorAuthStandIn;
  let dir: string;
  let caFile: string;

  before(async () => {
    const tls = await createDevCertificate();
    signer = new BotConnectorAuthStandIn({ tls });
    await signer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-unauth-'));
    caFile = path.join(dir, 'signer.crt');
    fs.writeFileSync(caFile, tls.cert);
  });
  after(async () => {
    await signer.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each is a 401 and one warn log line, with nothing on stderr and no stack trace', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        SQLITE_PATH: path.join(dir, 'partner-link.db'),
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-used-by-this-test',
        MicrosoftAppType: 'MultiTenant',
        ToBotFromChannelOpenIdMetadataUrl: signer.openIdMetadataUrl,
        NODE_EXTRA_CA_CERTS: caFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let up = false;
      while (!up && Date.now() < deadline) {
        up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => new Promise<boolean>((r) => setTimeout(() => r(false), 100)));
      }
      assert.ok(up, `the server did not start; stderr: ${stderr}`);
      const stdoutBefore = lines(stdout).length;
      const stderrBefore = lines(stderr).length;

      const serviceUrl = 'http://127.0.0.1:9/amer/';
      const activity = { type: 'message', id: 'a1', channelId: 'msteams', serviceUrl, text: 'status', from: { id: '29:x' }, recipient: { id: `28:${APP_ID}` }, conversation: { id: 'c1' } };
      const attempts: Record<string, Record<string, string>> = {
        'no Authorization header': {},
        'a Bearer value that is not a JWT': { authorization: 'Bearer not-a-token' },
        'signed by an untrusted key': { authorization: signer.untrustedChannelToken(APP_ID, serviceUrl) },
        'a JWT from an issuer the channel does not use': { authorization: `Bearer ${fakeJwt({ iss: 'https://evil.example', aud: APP_ID })}` },
      };
      for (const [what, headers] of Object.entries(attempts)) {
        const answer = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
        assert.equal(answer.status, 401, what);
        assert.doesNotMatch(await answer.text(), /at \w+ \(|\.js:\d+/, `${what}: no stack in the answer`);
      }

      await new Promise((r) => setTimeout(r, 200)); // let the last log line be flushed by the child
      const newErr = lines(stderr).slice(stderrBefore);
      assert.deepEqual(newErr, [], 'nothing on stderr');
      const newOut = lines(stdout).slice(stdoutBefore);
      const refused = newOut.filter((l) => l.includes('"http.unauthenticated"'));
      assert.equal(refused.length, Object.keys(attempts).length, `one line per request:\n${newOut.join('\n')}`);
      for (const line of refused) {
        const entry = JSON.parse(line) as { level: number; err?: unknown; stack?: unknown };
        assert.equal(entry.level, 40, 'warn');
        assert.equal(entry.stack, undefined);
        assert.doesNotMatch(line, /\\n\s+at |at \w+ \(/, 'no stack trace');
      }
      assert.equal(newOut.length, Object.keys(attempts).length, `no other output:\n${newOut.join('\n')}`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'nope' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}.${Buffer.from('sig').toString('base64url')}`;
}
