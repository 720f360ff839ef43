// The per-turn "has this tenant's admin stopped the bot?" on Azure Storage, answered from a snapshot
// of the few stop rows: one read a minute per instance instead of one per turn, this instance's own
// stops and lifts seen at once, another instance's within the minute.
import assert from 'node:assert/strict';
import { STOPS_FRESH_MS, TenantStopSnapshot } from '../../src/storage/azure/azure-tenant-stops';

describe('stopped tenants, as each turn asks on Azure Storage', () => {
  let rows: Map<string, string>;
  let reads: number;
  let now: number;
  let snapshot: TenantStopSnapshot;

  beforeEach(() => {
    rows = new Map();
    reads = 0;
    now = 1_000_000;
    snapshot = new TenantStopSnapshot(
      () => {
        reads += 1;
        return Promise.resolve(new Map(rows));
      },
      () => now,
    );
  });

  it('many turns within a minute read the stops once', async () => {
    rows.set('tenant-one', 'BotDisabledByAdmin');
    const answers = await Promise.all([
      snapshot.isStopped('tenant-one'),
      snapshot.isStopped('tenant-two'),
      snapshot.isStopped('tenant-one'),
    ]);
    assert.deepEqual(answers, [true, false, true]);
    now += STOPS_FRESH_MS - 1;
    assert.equal(await snapshot.isStopped('tenant-two'), false);
    assert.equal(reads, 1);
  });

  it('a stop recorded on another instance is seen here within a minute', async () => {
    assert.equal(await snapshot.isStopped('tenant-one'), false);
    rows.set('tenant-one', 'BotDisabledByAdmin');
    now += STOPS_FRESH_MS;
    assert.equal(await snapshot.isStopped('tenant-one'), true);
    rows.delete('tenant-one');
    now += STOPS_FRESH_MS;
    assert.equal(await snapshot.isStopped('tenant-one'), false, 'and its lifting too');
  });

  it("this instance's own stop and lift are seen on the next turn", async () => {
    assert.equal(await snapshot.isStopped('tenant-one'), false);
    rows.set('tenant-one', 'BotDisabledByAdmin');
    snapshot.changed();
    assert.equal(await snapshot.isStopped('tenant-one'), true);
    rows.delete('tenant-one');
    snapshot.changed();
    assert.equal(await snapshot.isStopped('tenant-one'), false);
  });

  it('a read begun before this instance changed a stop is not kept', async () => {
    const pending: ((stops: Map<string, string>) => void)[] = [];
    const slow = new TenantStopSnapshot(
      () => new Promise((resolve) => pending.push(resolve)),
      () => now,
    );
    const early = slow.isStopped('tenant-one');
    slow.changed(); // this instance records a stop while that read is in flight
    pending.shift()?.(new Map());
    assert.equal(await early, false, 'the question asked before the stop gets the rows as read then');
    const next = slow.isStopped('tenant-one');
    assert.equal(pending.length, 1, 'the next question reads again');
    pending.shift()?.(new Map([['tenant-one', 'BotDisabledByAdmin']]));
    assert.equal(await next, true);
  });

  it('a failed read is not kept: the next turn reads again', async () => {
    let fail = true;
    const flaky = new TenantStopSnapshot(
      () =>
        fail
          ? Promise.reject(new Error('storage unavailable'))
          : Promise.resolve(new Map([['tenant-one', 'BotDisabledByAdmin']])),
      () => now,
    );
    await assert.rejects(flaky.isStopped('tenant-one'), /storage unavailable/);
    fail = false;
    assert.equal(await flaky.isStopped('tenant-one'), true);
  });
});
