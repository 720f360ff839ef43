// With APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a
// collector on this machine, the real Azure Monitor exporter posts the traces of real turns (a
// message, a press, both sign-ins: token service, Graph) to `{IngestionEndpoint}/v2.1/track`; they
// hold the turn span with its correlation id, and no token, email address or user text. Without the
// setting no OpenTelemetry module loads at all. Each run is its own process (telemetry is global).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { createDevCertificate } from '../../src/stand-ins/dev-certificate';
import { freePort, listeningAddress, runBot } from '../support/bot-process';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { NODE_FLAGS } from '../../src/node-flags';

const CHILD = path.join(process.cwd(), 'dist', 'test', 'support', 'telemetry-child.js');
const USER_TEXT = 'hi there, my secret phrase is purple-otter-42 and mail me at adele.private@example.org';

interface Envelope {
  name: string;
  data?: { baseType?: string; baseData?: { name?: string; data?: string; properties?: Record<string, string> } };
}

/**
 * A stand-in for the Application Insights ingestion endpoint: records every envelope posted to it.
 * HTTPS (the exporter turns any http:// endpoint into https://), with a throw-away certificate the
 * child trusts through NODE_EXTRA_CA_CERTS.
 */
async function startCollector(): Promise<{
  url: string;
  caFile: string;
  posts: { path: string; body: string }[];
  close: () => Promise<void>;
}> {
  const posts: { path: string; body: string }[] = [];
  const certificate = await createDevCertificate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-collector-'));
  const caFile = path.join(dir, 'collector.pem');
  fs.writeFileSync(caFile, certificate.cert);
  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body =
        req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      posts.push({ path: req.url ?? '', body });
      const count = (JSON.parse(body) as unknown[]).length;
      // Two calls: restify (loaded by other tests in this process) patches writeHead to return nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: `https://127.0.0.1:${port}/`, caFile, posts, close };
}

function runChild(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, CHILD], {
    // Statsbeat (the SDK's own health counters for Microsoft) is off here: it would try to reach
    // Microsoft. Every trace is kept (the distro's default samples 5 traces a second).
    env: {
      PATH: process.env.PATH ?? '',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      OTEL_TRACES_SAMPLER: 'always_on',
      USER_TEXT,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

const report = (out: string) =>
  JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    turn: string;
    connections: string[];
    loaded: number;
    linked: boolean;
  };

describe('Application Insights telemetry', function () {
  this.timeout(120_000);

  it('sends the turn traces to the ingestion endpoint, with the correlation id and no token, email address or user text (Azurite)', async () => {
    const collector = await startCollector();
    try {
      const azurite = await sharedAzurite();
      const run = await runChild({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a;IngestionEndpoint=${collector.url}`,
        NODE_EXTRA_CA_CERTS: collector.caFile,
        AZURITE_CONNECTION_STRING: azurite.connectionString,
        AZURITE_PREFIX: uniquePrefix(),
      });
      assert.equal(run.code, 0, run.err);
      const result = report(run.out);
      assert.equal(result.linked, true, 'the person got through both sign-ins');
      assert.ok(result.loaded > 0, 'OpenTelemetry was loaded');
      assert.deepEqual(
        [...new Set(result.connections.filter((host) => !['127.0.0.1', 'localhost', '::1'].includes(host)))],
        [],
        'nothing but this machine was reached',
      );

      assert.ok(collector.posts.length > 0, 'the exporter posted');
      for (const post of collector.posts) assert.equal(post.path, '/v2.1/track');
      const everything = collector.posts.map((p) => p.body).join('\n');
      assert.ok(!everything.includes('purple-otter-42'), 'no user text');
      assert.ok(!everything.includes('hi there'), 'no user text');
      assert.doesNotMatch(everything, /[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/, 'no email address');
      assert.doesNotMatch(everything, /eyJ[A-Za-z0-9_-]{4,}\./, 'no JWT');
      assert.doesNotMatch(everything, /Bearer\s+[A-Za-z0-9]/i, 'no bearer token');
      assert.doesNotMatch(everything, /EwA[A-Za-z0-9_-]{20,}/, 'no personal-account token');
      assert.doesNotMatch(everything, /[?&](code|state|userId|token)=/i, 'no sign-in query string');
      const envelopes = collector.posts.flatMap((p) => JSON.parse(p.body) as Envelope[]);
      const data = envelopes.map((e) => e.data?.baseData ?? {});
      const turn = data.find((d) => d.name === 'turn' && d.properties?.['partnerlink.turn'] === result.turn);
      assert.ok(turn, `a 'turn' span for ${result.turn}; got ${data.map((d) => d.name).join(', ')}`);
      assert.equal(turn.properties?.['activity.type'], 'message');
      assert.equal(turn.properties?.['activity.channel'], 'msteams');
      assert.ok(
        data.some((d) => d.name === 'POST /api/messages'),
        'the incoming request (http instrumentation)',
      );
      assert.ok(
        data.some((d) => /\/v1\.0\/me$/.test(d.data ?? '')),
        `the Graph call (fetch): ${JSON.stringify(data.map((d) => [d.name, d.data]))}`,
      );
      assert.ok(
        data.some((d) => /\/api\/usertoken\/GetToken$/i.test(d.data ?? '')),
        'the token service call, without its query',
      );
      assert.ok(
        data.some((d) => d.name === 'TableClient.upsertEntity'),
        "the Table Storage calls (the Azure SDK's own spans)",
      );
      assert.doesNotMatch(everything, /PartitionKey eq|%24filter|\$filter/i, 'no table query filter');
    } finally {
      await collector.close();
    }
  });

  it('without APPLICATIONINSIGHTS_CONNECTION_STRING no OpenTelemetry module loads and nothing but this machine is reached', async () => {
    const run = await runChild({});
    assert.equal(run.code, 0, run.err);
    const result = report(run.out);
    assert.equal(result.linked, true);
    assert.equal(result.loaded, 0, 'no OpenTelemetry module in the process');
    assert.deepEqual(
      [...new Set(result.connections.filter((host) => !['127.0.0.1', 'localhost', '::1'].includes(host)))],
      [],
    );
  });
  it('the real process (index.ts) instruments http before anything loads, logs the turn id and flushes its traces on SIGTERM', async () => {
    const collector = await startCollector();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-telemetry-process-'));
    const closers: (() => Promise<void>)[] = [];
    try {
      const bot = runBot({
        PORT: String(await freePort()),
        SQLITE_PATH: path.join(dir, 'partner-link.db'),
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a;IngestionEndpoint=${collector.url}`,
        NODE_EXTRA_CA_CERTS: collector.caFile,
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        OTEL_TRACES_SAMPLER: 'always_on',
      });
      closers.push(() => {
        if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
        return Promise.resolve();
      });
      const { port } = await listeningAddress(bot);
      // Teams' side of the conversation: accepts the bot's replies.
      const connector = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id":"reply-1"}');
        });
      });
      await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
      closers.push(() => new Promise<void>((resolve) => connector.close(() => resolve())));
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          // A card action the bot does not know: answered, and logged (card-action.rejected).
          type: 'message',
          value: { verb: 'nonsense' },
          id: 'process-turn-1',
          channelId: 'msteams',
          serviceUrl: `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`,
          from: { id: '29:1someone', aadObjectId: '00000000-0000-4000-8000-000000000002' },
          recipient: { id: '28:partner-link-bot' },
          conversation: {
            id: 'a:1conversation',
            conversationType: 'personal',
            tenantId: '00000000-0000-4000-8000-000000000003',
          },
          channelData: { tenant: { id: '00000000-0000-4000-8000-000000000003' } },
        }),
      });
      await response.text();
      bot.child.kill('SIGTERM');
      assert.equal(await bot.exited, 0, bot.err());
      const logged = bot
        .out()
        .split('\n')
        .filter((l) => l.includes('"turn":"process-turn-1"'));
      assert.ok(logged.length > 0, `the turn's log lines carry its id: ${bot.out().slice(-2000)}`);
      const data = collector.posts.flatMap((p) => JSON.parse(p.body) as Envelope[]).map((e) => e.data?.baseData ?? {});
      assert.ok(
        data.some((d) => d.name === 'POST /api/messages'),
        'the incoming request was traced: http was instrumented before restify loaded',
      );
      assert.ok(
        data.some((d) => d.name === 'turn' && d.properties?.['partnerlink.turn'] === 'process-turn-1'),
        'the turn span, flushed on SIGTERM',
      );
    } finally {
      for (const close of closers) await close();
      await collector.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
