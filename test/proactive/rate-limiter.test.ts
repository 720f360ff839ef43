import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';
import { SqliteRateLimiter } from '../../src/storage/sqlite/sqlite-rate-limiter';
import { AzureRateLimiter } from '../../src/storage/azure/azure-rate-limiter';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase, type Database } from '../../src/storage/sqlite/database';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeRateLimiterContract } from './rate-limiter.contract';
import { Harness } from '../support/harness';
import { installedChat, queueReminder, remindersShown } from './support/proactive-harness';

describeRateLimiterContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-rate-'));
  const dbs: Database[] = [];
  return Promise.resolve({
    open: (ratePerSecond: number) => {
      const limiters = [0, 1].map(() => {
        const db = openDatabase(path.join(dir, 'rate.db'));
        dbs.push(db);
        return new SqliteRateLimiter(db, { ratePerSecond });
      });
      return Promise.resolve(limiters as [SqliteRateLimiter, SqliteRateLimiter]);
    },
    close: () => {
      for (const db of dbs) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeRateLimiterContract('Azure Table (Azurite)', async () => {
  const { auth } = await sharedAzurite();
  const prefix = uniquePrefix();
  return {
    open: (ratePerSecond: number) =>
      Promise.resolve([
        new AzureRateLimiter(createAzureStorage(auth, prefix), { ratePerSecond }),
        new AzureRateLimiter(createAzureStorage(auth, prefix), { ratePerSecond }),
      ] as [AzureRateLimiter, AzureRateLimiter]),
    close: () => Promise.resolve(),
  };
});

describe('the send rate setting', () => {
  it('PROACTIVE_RATE_PER_SECOND defaults to 40 and is refused above 50', () => {
    assert.equal(loadConfig({}).proactiveRatePerSecond, 40);
    assert.equal(loadConfig({ PROACTIVE_RATE_PER_SECOND: '12.5' }).proactiveRatePerSecond, 12.5);
    assert.throws(
      () => loadConfig({ PROACTIVE_RATE_PER_SECOND: '60' }),
      (e: unknown) => e instanceof ConfigError && /PROACTIVE_RATE_PER_SECOND must be at most 50/.test(e.message),
    );
    assert.throws(() => loadConfig({ PROACTIVE_RATE_PER_SECOND: 'fast' }), ConfigError);
  });
});

describe('the worker keeps to the configured rate', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness(
      { PROACTIVE_RATE_PER_SECOND: '2' },
      { proactive: { background: false, worker: { policy: { concurrency: 4 } } } },
    ).start();
  });
  afterEach(() => h.stop());

  it('at 2 per second, three reminders due at once go out two now and one a second later', async () => {
    const chats = [await installedChat(h, 'adele'), await installedChat(h, 'alex'), await installedChat(h, 'megan')];
    for (const chat of chats) await queueReminder(h, chat);
    const first = await h.app.proactive.worker.runOnce();
    assert.equal(first.sent, 2);
    assert.equal(first.deferred, 1);
    assert.equal(h.channel.faults.posts().length, 2);
    h.clock.advanceMs(1_000);
    await h.app.proactive.worker.runOnce();
    assert.deepEqual(
      chats.map((c) => remindersShown(h, c).length),
      [1, 1, 1],
    );
  });
});
