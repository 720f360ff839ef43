// With channel authentication on, an unauthenticated POST to /api/messages is a
// 401 and ONE log line (pino, warn, no stack) — not a stack trace on stderr per request. Drives the
// real server process (`node dist/src/index.js`, as App Service runs it) and counts its output lines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BotConnectorAuthStandIn } from '../../src/stand-ins/bot-connector-auth';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { listeningAddress, runBot } from '../support/bot-process';
import { waitFor } from '../support/wait-for';

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
  // The bot starts as its own process: on a shared, busy machine that alone can take many seconds.
  this.timeout(120_000);
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
    const bot = runBot({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dir, 'partner-link.db'),
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-by-this-test',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: signer.openIdMetadataUrl,
      NODE_EXTRA_CA_CERTS: caFile,
    });
    try {
      await listeningAddress(bot);
      const stdoutBefore = lines(bot.out()).length;
      const stderrBefore = lines(bot.err()).length;

      const serviceUrl = 'http://127.0.0.1:9/amer/';
      const activity = {
        type: 'message',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl,
        text: 'status',
        from: { id: '29:x' },
        recipient: { id: `28:${APP_ID}` },
        conversation: { id: 'c1' },
      };
      const attempts: Record<string, Record<string, string>> = {
        'no Authorization header': {},
        'a Bearer value that is not a JWT': { authorization: 'Bearer not-a-token' },
        'signed by an untrusted key': { authorization: signer.untrustedChannelToken(APP_ID, serviceUrl) },
        'a JWT from an issuer the channel does not use': {
          authorization: `Bearer ${fakeJwt({ iss: 'https://evil.example', aud: APP_ID })}`,
        },
      };
      for (const [what, headers] of Object.entries(attempts)) {
        const answer = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity),
        });
        assert.equal(answer.status, 401, what);
        assert.doesNotMatch(await answer.text(), /at \w+ \(|\.js:\d+/, `${what}: no stack in the answer`);
      }

      // The child writes its log lines on its own schedule: wait for one per request.
      const refusals = () =>
        lines(bot.out())
          .slice(stdoutBefore)
          .filter((l) => l.includes('"http.unauthenticated"'));
      await waitFor('one log line per refused request', () => refusals().length >= Object.keys(attempts).length);
      const newErr = lines(bot.err()).slice(stderrBefore);
      assert.deepEqual(newErr, [], 'nothing on stderr');
      const newOut = lines(bot.out()).slice(stdoutBefore);
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
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });
});

function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'nope' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}.${Buffer.from('sig').toString('base64url')}`;
}
