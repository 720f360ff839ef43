import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';
import { SqliteRateLimiter } from '../../src/proactive/sqlite-rate-limiter';
import { openDatabase, type Database } from '../../src/storage/database';
import { Harness } from '../support/harness';
import { installedChat, queueReminder, remindersShown } from './support/proactive-harness';

describe('issue 8.5: the shared rate limiter (token bucket in the store)', () => {
  let dir: string;
  let dbs: Database[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-rate-'));
    dbs = [];
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    const db = openDatabase(path.join(dir, 'rate.db'));
    dbs.push(db);
    return db;
  };

  it('issue 8.5: two instances on one database share one bucket per tenant at the configured rate', async () => {
    const a = new SqliteRateLimiter(open(), { ratePerSecond: 5 });
    const b = new SqliteRateLimiter(open(), { ratePerSecond: 5 });
    const t0 = new Date('2026-11-24T09:00:00Z');
    let granted = 0;
    let firstDenied: Date | undefined;
    for (let i = 0; i < 10; i += 1) {
      const decision = await (i % 2 ? a : b).acquire('tenant-1', undefined, t0);
      if (decision.ok) granted += 1;
      else firstDenied ??= decision.retryAt;
    }
    assert.equal(granted, 5, 'one second of tokens across both instances');
    assert.equal(firstDenied?.getTime(), t0.getTime() + 200, 'the next token in 1/rate s');
    assert.equal((await a.acquire('tenant-2', undefined, t0)).ok, true, 'another tenant has its own bucket');
    const t1 = new Date(t0.getTime() + 1000);
    let later = 0;
    for (let i = 0; i < 10; i += 1) if ((await (i % 2 ? a : b).acquire('tenant-1', undefined, t1)).ok) later += 1;
    assert.equal(later, 5);
  });

  it("issue 8.5: Teams' per-conversation limits: 7 in 1 s, 8 in 2 s, 60 in 30 s", async () => {
    const limiter = new SqliteRateLimiter(open(), { ratePerSecond: 50 });
    const t0 = Date.parse('2026-11-24T09:00:00Z');
    const at = (ms: number) => new Date(t0 + ms);
    for (let i = 0; i < 7; i += 1) assert.equal((await limiter.acquire('t', 'conv', at(i * 10))).ok, true);
    const eighth = await limiter.acquire('t', 'conv', at(100));
    assert.equal(eighth.ok, false);
    assert.equal((await limiter.acquire('t', 'other-conv', at(100))).ok, true, 'other conversations are not held');
    assert.equal((await limiter.acquire('t', 'conv', at(1_001))).ok, true, '8th call after the first second');
    assert.equal((await limiter.acquire('t', 'conv', at(1_100))).ok, false, 'but only 8 in 2 s');
    let sent = 8;
    for (let ms = 2_100; ms < 30_000; ms += 150) if ((await limiter.acquire('t', 'conv', at(ms))).ok) sent += 1;
    assert.ok(sent <= 60, `at most 60 in 30 s, got ${sent}`);
  });

  it('issue 8.5: PROACTIVE_RATE_PER_SECOND defaults to 40 and is refused above 50', () => {
    assert.equal(loadConfig({}).proactiveRatePerSecond, 40);
    assert.equal(loadConfig({ PROACTIVE_RATE_PER_SECOND: '12.5' }).proactiveRatePerSecond, 12.5);
    assert.throws(() => loadConfig({ PROACTIVE_RATE_PER_SECOND: '60' }), (e: unknown) => e instanceof ConfigError && /PROACTIVE_RATE_PER_SECOND must be at most 50/.test(e.message));
    assert.throws(() => loadConfig({ PROACTIVE_RATE_PER_SECOND: 'fast' }), ConfigError);
  });
});

describe('issue 8.5: the worker keeps to the configured rate', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness({ PROACTIVE_RATE_PER_SECOND: '2' }, { proactive: { background: false, worker: { policy: { concurrency: 4 } } } }).start();
  });
  afterEach(() => h.stop());

  it('issue 8.5: at 2 per second, three reminders due at once go out two now and one a second later', async () => {
    const chats = [await installedChat(h, 'adele'), await installedChat(h, 'alex'), await installedChat(h, 'megan')];
    for (const chat of chats) await queueReminder(h, chat);
    const first = await h.app.proactive.worker.runOnce();
    assert.equal(first.sent, 2);
    assert.equal(first.deferred, 1);
    assert.equal(h.channel.faults.posts().length, 2);
    h.clock.advanceMs(1_000);
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(chats.map((c) => remindersShown(h, c).length), [1, 1, 1]);
  });
});
