// Status turn vs echo turn. Both bots run behind restify + CloudAdapter in this process and reply to
// the same Teams channel stand-in; the clients run in a worker thread (turn-driver.ts) and alternate
// rounds between the two bots so drift hits both equally.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { TeamsChannelStandIn } from '../src/stand-ins/teams-channel-stand-in';
import { objectId, type DriveRequest, type Sample } from './turn-driver';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const USERS = 200;
const TURNS_PER_ROUND = 2000;
const ROUNDS = 5;

function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise<void>((r) => void server.close(() => r())),
      });
    });
  });
}

/** Runs one load in the driver thread and waits for its figures. */
function driveIn(driver: Worker, request: Omit<DriveRequest, 'users' | 'tenantId'>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    driver.once('message', (reply: { ok: true; sample: Sample } | { ok: false; error: string }) =>
      reply.ok ? resolve(reply.sample) : reject(new Error(reply.error)),
    );
    driver.postMessage({ ...request, users: USERS, tenantId: TENANT });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function runTurnBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-'));
  const channel = new TeamsChannelStandIn();
  const channelUrl = await channel.start();
  const serviceUrl = `${channelUrl}/amer/`;
  const config = loadConfig({
    SQLITE_PATH: path.join(dir, 'bench.db'),
    OAuthUrl: 'http://127.0.0.1:9',
    GRAPH_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'warn',
  });
  const app = createApp(config, { log: createLogger('warn') });
  const partnerLink = await app.listen(0, '127.0.0.1');
  const partnerLinkUrl = `http://127.0.0.1:${partnerLink.port}`;
  const echo = await startEchoBot();
  const driver = new Worker(path.join(__dirname, 'turn-driver.js'));

  // Half the users have Partner University access linked, so status cards show both states.
  for (let user = 0; user < USERS; user += 2) {
    await app.store.link(
      {
        user: { tenantId: TENANT, objectId: objectId(user), displayName: `User ${user}` },
        purpose: 'training',
        personal: { accountId: `msa-${user}`, displayName: `User ${user}`, maskedEmail: 'u***@outlook.com' },
      },
      new Date(),
    );
  }

  console.log(
    `turn benchmark: ${ROUNDS} alternating rounds x ${TURNS_PER_ROUND} turns per bot per concurrency level, node ${process.version}, ${os.cpus().length} cpus`,
  );
  const summaries: { concurrency: number; ratio: number; p99ratio: number }[] = [];
  for (const concurrency of [1, 50]) {
    await driveIn(driver, { url: echo.url, serviceUrl, concurrency, turns: 300 }); // warm-up
    await driveIn(driver, { url: partnerLinkUrl, serviceUrl, concurrency, turns: 300 });
    const echoSamples: Sample[] = [];
    const statusSamples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      channel.clear();
      echoSamples.push(await driveIn(driver, { url: echo.url, serviceUrl, concurrency, turns: TURNS_PER_ROUND }));
      channel.clear();
      statusSamples.push(
        await driveIn(driver, { url: partnerLinkUrl, serviceUrl, concurrency, turns: TURNS_PER_ROUND }),
      );
    }
    const summarize = (samples: Sample[]) => {
      const wall = samples.reduce((sum, s) => sum + s.wallMs, 0);
      const latencies = samples.flatMap((s) => s.latencies);
      return {
        costMs: wall / latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        perSec: (latencies.length / wall) * 1000,
      };
    };
    const e = summarize(echoSamples);
    const s = summarize(statusSamples);
    const ratio = s.costMs / e.costMs;
    const p99ratio = s.p99 / e.p99;
    summaries.push({ concurrency, ratio, p99ratio });
    for (const [label, r] of [
      ['echo  ', e],
      ['status', s],
    ] as const) {
      console.log(
        `  c=${String(concurrency).padStart(2)} ${label} cost/turn=${r.costMs.toFixed(3)} ms  p50=${r.p50.toFixed(2)} ms  p99=${r.p99.toFixed(2)} ms  ${r.perSec.toFixed(0)} turns/s`,
      );
    }
    console.log(`  c=${String(concurrency).padStart(2)} ratio=${ratio.toFixed(2)} p99ratio=${p99ratio.toFixed(2)}`);
  }
  await driver.terminate();
  await echo.close();
  await app.close();
  await channel.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const worst = summaries.reduce((a, b) => ({
    concurrency: 0,
    ratio: Math.max(a.ratio, b.ratio),
    p99ratio: Math.max(a.p99ratio, b.p99ratio),
  }));
  console.log(
    `turn: ratio=${worst.ratio.toFixed(2)} p99ratio=${worst.p99ratio.toFixed(2)} (worst of c=1 and c=50; target <= 1.3)`,
  );
}
