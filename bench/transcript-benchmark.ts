// Reading and rendering a 60-certification transcript, against a "status" turn, same run.
// Each of USERS people has a Learning association and a share link to their own copy of the Learn
// stand-in's 60-certification transcript (a transcript counts for one person per organization). A "refresh" turn reads it over HTTP (GET, zod check, keep only the
// certification fields), saves it, builds the card with the certifications section and replies to
// the Teams channel stand-in; a "status" turn builds the same card from the cache. The clients run in
// the driver thread (turn-driver.ts), one turn at a time, alternating rounds between the two kinds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '../src/app';
import { learningAssociationOf } from '../src/certifications/certifications-service';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { DEV_SHARE_IDS, LearnStandIn } from '../src/stand-ins/learn-stand-in';
import { TeamsChannelStandIn } from '../src/stand-ins/teams-channel-stand-in';
import { objectId, type DriveRequest, type Sample } from './turn-driver';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const USERS = 50;
const TURNS_PER_ROUND = 300;
const ROUNDS = 5;
const shareIdOf = (user: number) => `${DEV_SHARE_IDS.sixty}u${user}`;
const linkOf = (user: number) => `https://learn.microsoft.com/en-us/users/bench/transcript/${shareIdOf(user)}`;

function driveIn(driver: Worker, request: Omit<DriveRequest, 'users' | 'tenantId'>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    driver.once('message', (reply: { ok: true; sample: Sample } | { ok: false; error: string }) =>
      reply.ok ? resolve(reply.sample) : reject(new Error(reply.error)),
    );
    driver.postMessage({ ...request, users: USERS, tenantId: TENANT });
  });
}

export async function runTranscriptBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-'));
  const channel = new TeamsChannelStandIn();
  const serviceUrl = `${await channel.start()}/amer/`;
  const learn = new LearnStandIn();
  const learnUrl = await learn.start();
  const config = loadConfig({
    SQLITE_PATH: path.join(dir, 'bench.db'),
    OAuthUrl: 'http://127.0.0.1:9',
    GRAPH_URL: 'http://127.0.0.1:9',
    LEARN_API_URL: learnUrl,
    LOG_LEVEL: 'warn',
  });
  // A person's link is read from Learn at most once a minute: the clock moves a minute each time it is
  // read, so every "refresh" turn reads Learn (what this benchmark measures), as it would a minute apart.
  let clock = Date.now();
  const now = () => new Date((clock += 61_000));
  const app = createApp(config, {
    now,
    log: createLogger('warn'),
    proactive: { background: false },
    certifications: { background: false },
  });
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const driver = new Worker(path.join(__dirname, 'turn-driver.js'));

  const sixty = learn.transcript(DEV_SHARE_IDS.sixty);
  if (!sixty) throw new Error('the Learn stand-in has no 60-certification transcript');
  for (let user = 0; user < USERS; user += 1)
    learn.share(shareIdOf(user), { ...sixty, userName: `bench-user-${user}` });
  for (let user = 0; user < USERS; user += 1) {
    const work = { tenantId: TENANT, objectId: objectId(user), displayName: `User ${user}` };
    const outcome = await app.store.link(
      {
        user: work,
        purpose: 'learning',
        personal: { accountId: `msa-${user}`, displayName: `User ${user}`, maskedEmail: 'a***@outlook.com' },
      },
      new Date(),
    );
    if (outcome.kind !== 'linked') throw new Error(`could not link user ${user}: ${outcome.kind}`);
    const learning = (await app.store.list(work)).find((a) => a.purpose === 'learning');
    if (!learning) throw new Error('no learning association');
    const read = await app.certifications.service.pasteLink(work, learningAssociationOf(learning), linkOf(user), now());
    if (
      read.kind !== 'read' ||
      read.view.active.length + read.view.expiringSoon.length + read.view.expiredOrRetired.length !== 60
    )
      throw new Error(`the 60-certification transcript was not read: ${read.kind}`);
  }

  console.log(
    `transcript benchmark: ${ROUNDS} alternating rounds x ${TURNS_PER_ROUND} turns per kind, one at a time, ${USERS} people with 60 certifications, node ${process.version}, ${os.cpus().length} cpus`,
  );
  await driveIn(driver, { url, serviceUrl, concurrency: 1, turns: 100, text: 'status' }); // warm-up
  await driveIn(driver, { url, serviceUrl, concurrency: 1, turns: 100, text: 'refresh' });
  const status: Sample[] = [];
  const refresh: Sample[] = [];
  const learnReads = () =>
    Array.from({ length: USERS }, (_, user) => learn.requestCount(shareIdOf(user))).reduce((a, b) => a + b, 0);
  const before = learnReads();
  for (let round = 0; round < ROUNDS; round += 1) {
    channel.clear();
    status.push(await driveIn(driver, { url, serviceUrl, concurrency: 1, turns: TURNS_PER_ROUND, text: 'status' }));
    channel.clear();
    refresh.push(await driveIn(driver, { url, serviceUrl, concurrency: 1, turns: TURNS_PER_ROUND, text: 'refresh' }));
  }
  const reads = learnReads() - before;
  const cost = (samples: Sample[]) =>
    samples.reduce((sum, s) => sum + s.wallMs, 0) / samples.reduce((sum, s) => sum + s.latencies.length, 0);
  const s = cost(status);
  const t = cost(refresh);
  const cardBytes = Math.max(
    ...channel.activities().map((a) => Buffer.byteLength(JSON.stringify(a.attachments ?? []), 'utf8')),
  );
  console.log(`  status     cost/turn=${s.toFixed(3)} ms`);
  console.log(
    `  transcript cost/turn=${t.toFixed(3)} ms  (Learn reads: ${reads} for ${ROUNDS * TURNS_PER_ROUND} turns; largest card ${cardBytes} bytes)`,
  );
  await driver.terminate();
  await app.close();
  await learn.stop();
  await channel.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  if (reads !== ROUNDS * TURNS_PER_ROUND)
    throw new Error('not every refresh turn read Learn: the figure would be wrong');
  console.log(`transcript: ratio=${(t / s).toFixed(2)} (refresh with a 60-certification read vs status; target <= 2)`);
}
