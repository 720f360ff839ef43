// `npm run bench -- store`. Two comparisons, each measured in this run:
// 1. azurite_vs_sqlite: (at 1 user; 50 is printed too) the cost of a "status" turn (reads the person's associations and their
//    conversation state, builds the card, replies to the channel stand-in) with STORE=azure on a
//    real Azurite, divided by the same turn with STORE=sqlite. Both apps run in this process and take
//    alternating rounds, so drift hits both.
// 2. two_vs_one: turns per second that two bot processes sharing one Azurite answer at 50 concurrent
//    users, divided by what one process answers. Each instance is a real `node dist/src/index.js`;
//    the load generator spreads the users over the instances as a load balancer would.
// There is no target yet; on a 2-core machine Azurite, the load generator and the bots share the
// cores, which bounds what a second instance can add.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { TeamsChannelStandIn } from '../src/stand-ins/teams-channel-stand-in';
import { startAzurite, uniquePrefix } from '../test/support/azurite';
import { freePort, listeningAddress, runBot, type BotProcess } from '../test/support/bot-process';
import { objectId, type DriveRequest, type Sample } from './turn-driver';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const USERS = 200;
const ROUNDS = 4;
const TURNS = 600;

function driveIn(driver: Worker, request: Omit<DriveRequest, 'users' | 'tenantId'>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    driver.once('message', (reply: { ok: true; sample: Sample } | { ok: false; error: string }) =>
      reply.ok ? resolve(reply.sample) : reject(new Error(reply.error)),
    );
    driver.postMessage({ ...request, users: USERS, tenantId: TENANT });
  });
}

const costMs = (samples: Sample[]) =>
  samples.reduce((sum, s) => sum + s.wallMs, 0) / samples.reduce((sum, s) => sum + s.latencies.length, 0);

async function seed(app: App): Promise<void> {
  for (let user = 0; user < USERS; user += 2) {
    await app.store.link(
      {
        user: { tenantId: TENANT, objectId: objectId(user), displayName: `User ${user}` },
        purpose: 'training',
        personal: {
          accountId: (0x1000 + user).toString(16).padStart(16, '0'),
          displayName: `User ${user}`,
          maskedEmail: 'u***@outlook.com',
        },
      },
      new Date(),
    );
  }
}

export async function runStoreBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-store-'));
  const azurite = await startAzurite();
  const channel = new TeamsChannelStandIn();
  const serviceUrl = `${await channel.start()}/amer/`;
  const driver = new Worker(path.join(__dirname, 'turn-driver.js'));
  const common = { OAuthUrl: 'http://127.0.0.1:9', GRAPH_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'warn' };
  const bots: BotProcess[] = [];
  const apps: App[] = [];
  try {
    console.log(
      `store benchmark: node ${process.version}, ${os.cpus().length} cpus, ${USERS} users, Azurite 3.35 on this machine`,
    );
    // 1. The same status turn on SQLite and on Azurite, in this process.
    const sqlite = createApp(loadConfig({ ...common, SQLITE_PATH: path.join(dir, 'bench.db') }), {
      log: createLogger('warn'),
      proactive: { background: false },
      certifications: { background: false },
    });
    const azure = createApp(loadConfig({ ...common, ...azurite.env(uniquePrefix()) }), {
      log: createLogger('warn'),
      proactive: { background: false },
      certifications: { background: false },
    });
    apps.push(sqlite, azure);
    const urls: string[] = [];
    for (const app of apps) {
      await seed(app);
      urls.push(`http://127.0.0.1:${(await app.listen(0, '127.0.0.1')).port}`);
    }
    const [sqliteUrl = '', azureUrl = ''] = urls;
    const perEngine: Record<'sqlite' | 'azure', Sample[]> = { sqlite: [], azure: [] };
    // The headline is one turn at a time (c=1): the store's own cost per turn, not how it queues.
    let azuriteVsSqlite = NaN;
    for (const concurrency of [1, 50]) {
      perEngine.sqlite = [];
      perEngine.azure = [];
      await driveIn(driver, { url: sqliteUrl, serviceUrl, concurrency, turns: 200 }); // warm-up
      await driveIn(driver, { url: azureUrl, serviceUrl, concurrency, turns: 200 });
      for (let round = 0; round < ROUNDS; round++) {
        channel.clear();
        perEngine.sqlite.push(await driveIn(driver, { url: sqliteUrl, serviceUrl, concurrency, turns: TURNS }));
        channel.clear();
        perEngine.azure.push(await driveIn(driver, { url: azureUrl, serviceUrl, concurrency, turns: TURNS }));
      }
      const ratio = costMs(perEngine.azure) / costMs(perEngine.sqlite);
      if (concurrency === 1) azuriteVsSqlite = ratio;
      console.log(
        `  c=${String(concurrency).padStart(2)} sqlite cost/turn=${costMs(perEngine.sqlite).toFixed(3)} ms  azurite cost/turn=${costMs(perEngine.azure).toFixed(3)} ms  ratio=${ratio.toFixed(2)}`,
      );
    }
    await Promise.all(apps.splice(0).map((app) => app.close()));

    // 2. One bot process against two, sharing one Azurite, 50 concurrent users.
    const prefix = uniquePrefix();
    const start = async () => {
      const port = await freePort();
      // LOG_LEVEL info only to learn that it listens (the turns themselves log nothing at info).
      const bot = runBot({ ...common, LOG_LEVEL: 'info', ...azurite.env(prefix), PORT: String(port) });
      bots.push(bot);
      return `http://127.0.0.1:${(await listeningAddress(bot, 30_000)).port}`;
    };
    const first = await start();
    await driveIn(driver, { url: first, serviceUrl, concurrency: 50, turns: 300 });
    const one: Sample[] = [];
    const two: Sample[] = [];
    const second = await start();
    await driveIn(driver, { url: second, urls: [first, second], serviceUrl, concurrency: 50, turns: 300 });
    for (let round = 0; round < ROUNDS; round++) {
      channel.clear();
      one.push(await driveIn(driver, { url: first, serviceUrl, concurrency: 50, turns: TURNS }));
      channel.clear();
      two.push(await driveIn(driver, { url: first, urls: [first, second], serviceUrl, concurrency: 50, turns: TURNS }));
    }
    const perSecond = (samples: Sample[]) => 1000 / costMs(samples);
    const twoVsOne = perSecond(two) / perSecond(one);
    console.log(
      `  c=50 one instance ${perSecond(one).toFixed(0)} turns/s  two instances ${perSecond(two).toFixed(0)} turns/s`,
    );
    console.log(`store: azurite_vs_sqlite=${azuriteVsSqlite.toFixed(2)} two_vs_one=${twoVsOne.toFixed(2)}`);
  } finally {
    await driver.terminate();
    await Promise.all(apps.map((app) => app.close()));
    for (const bot of bots) bot.child.kill('SIGTERM');
    await Promise.all(bots.map((bot) => bot.exited));
    await channel.stop();
    await azurite.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
