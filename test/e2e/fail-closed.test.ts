// With channel authentication off (MicrosoftAppId empty) the bot is reachable from this
// machine only; asking it to listen anywhere else is a configuration error, not a warning.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, listeningAddress, runBot, thisMachineLanAddress, type BotProcess } from '../support/bot-process';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** True when a TCP connection to host:port (an address of this machine: accepted or refused at once) is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('fail closed when channel authentication is off', function () {
  this.timeout(120_000);
  let dir: string;
  let bot: BotProcess | undefined;
  let refused: BotProcess[] = [];
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-fail-closed-'))));
  afterEach(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
    bot = undefined;
    for (const p of refused) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(refused.map((p) => p.exited));
    refused = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with MicrosoftAppId empty and no HOST, listens on loopback only', async () => {
    const port = await freePort();
    bot = runBot({ PORT: String(port), SQLITE_PATH: path.join(dir, 'p.db') });
    const address = await listeningAddress(bot);
    assert.equal(address.host, '127.0.0.1');
    assert.equal(await accepts('127.0.0.1', port), true);
    const lan = thisMachineLanAddress();
    if (lan) assert.equal(await accepts(lan, port), false, `reachable on ${lan}`);
    assert.match(bot.out(), /channel authentication is OFF, so the bot listens on this machine only/);
  });

  it('HOST=0.0.0.0 (or ::, or a LAN address) with MicrosoftAppId empty exits 78 with one line naming MicrosoftAppId and HOST', async () => {
    const hosts = ['0.0.0.0', '::', '192.0.2.10'];
    // Each must exit by itself; one that keeps running fails the test at its time-out, and is stopped after it.
    const runs = await Promise.all(
      hosts.map(async (host) => {
        const p = runBot({
          PORT: String(await freePort()),
          HOST: host,
          SQLITE_PATH: path.join(dir, `${hosts.indexOf(host)}.db`),
        });
        refused.push(p);
        return { host, p, code: await p.exited };
      }),
    );
    for (const { host, p, code } of runs) {
      assert.equal(code, 78, `HOST=${host}: ${p.out()}`);
      const lines = p.err().trim().split('\n');
      assert.equal(lines.length, 1, p.err());
      assert.match(lines[0] ?? '', /\bHOST\b/);
      assert.match(lines[0] ?? '', /\bMicrosoftAppId\b/);
      assert.ok(lines[0]?.includes(`"${host}"`), 'says what it got');
      assert.equal(p.out(), '', 'nothing was started');
    }
    assert.deepEqual(fs.readdirSync(dir), [], 'no database was created');
  });

  it('HOST=localhost with MicrosoftAppId empty is fine', async () => {
    bot = runBot({ PORT: String(await freePort()), HOST: 'localhost', SQLITE_PATH: path.join(dir, 'p.db') });
    const address = await listeningAddress(bot);
    assert.ok(['127.0.0.1', '::1'].includes(address.host), address.host);
  });

  it('with MicrosoftAppId set, HOST still defaults to every interface (App Service)', async () => {
    const port = await freePort();
    bot = runBot({
      PORT: String(port),
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-here',
      SQLITE_PATH: path.join(dir, 'p.db'),
    });
    const address = await listeningAddress(bot);
    assert.equal(address.host, '0.0.0.0');
    const lan = thisMachineLanAddress();
    if (lan) assert.equal(await accepts(lan, port), true);
    assert.doesNotMatch(bot.out(), /channel authentication is OFF/);
  });
});

describe('fail closed on transport when channel authentication is on', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-transport-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an http Graph, token service, channel OpenID metadata, Learn or tab authority URL (even on this machine) stops the start with one line and exit 78', async () => {
    const production = {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-here',
      TAB_CLIENT_ID: '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b',
      TAB_CLIENT_SECRET: 'not-used-here',
    };
    const cases = [
      ['GRAPH_URL', 'http://127.0.0.1:4000'],
      ['OAuthUrl', 'http://127.0.0.1:3979'],
      ['ToBotFromChannelOpenIdMetadataUrl', 'http://127.0.0.1:4001/v1/.well-known/openidconfiguration'],
      ['LEARN_API_URL', 'http://127.0.0.1:3981'],
      ['TAB_AUTHORITY_HOST', 'http://127.0.0.1:39402'],
    ] as const;
    const runs = await Promise.all(
      cases.map(async ([key, url], i) => {
        const p = runBot({
          ...production,
          PORT: String(await freePort()),
          SQLITE_PATH: path.join(dir, `${i}.db`),
          [key]: url,
        });
        return {
          key,
          url,
          p,
          code: await Promise.race([p.exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 20_000))]),
        };
      }),
    );
    for (const { key, url, p, code } of runs) {
      if (code === 'running') p.child.kill('SIGTERM');
      assert.equal(code, 78, `${key}=${url}: ${p.out()}`);
      const lines = p.err().trim().split('\n');
      assert.equal(lines.length, 1, p.err());
      assert.match(lines[0] ?? '', new RegExp(`\\b${key} must be an https URL`));
      assert.ok(lines[0]?.includes(`"${url}"`), 'says what it got');
      assert.equal(p.out(), '', 'nothing was started');
    }
    assert.deepEqual(fs.readdirSync(dir), [], 'no database was created');
  });
});
