// One contract for every RateLimiter adapter (SQLite and Azure Table), always with two limiter
// objects over one store: the bucket is shared by every instance, so the rate holds for all of them.
import assert from 'node:assert/strict';
import type { RateLimiter } from '../../src/proactive/proactive-store';

export interface RateLimiterFixture {
  /** Two limiters over one store (two instances) at `ratePerSecond`. */
  open(ratePerSecond: number): Promise<[RateLimiter, RateLimiter]>;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-11-24T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

export function describeRateLimiterContract(engine: string, makeFixture: () => Promise<RateLimiterFixture>): void {
  describe(`RateLimiter contract: ${engine}`, function () {
    this.timeout(60_000);
    let f: RateLimiterFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(() => f.close());

    it('two instances share one bucket per tenant at the configured rate', async () => {
      const [a, b] = await f.open(5);
      let granted = 0;
      let firstDenied: Date | undefined;
      for (let i = 0; i < 10; i += 1) {
        const decision = await (i % 2 ? a : b).acquire('tenant-1', undefined, at(0));
        if (decision.ok) granted += 1;
        else firstDenied ??= decision.retryAt;
      }
      assert.equal(granted, 5, 'one second of tokens across both instances');
      assert.equal(firstDenied?.getTime(), T0 + 200, 'the next token in 1/rate s');
      assert.equal((await a.acquire('tenant-2', undefined, at(0))).ok, true, 'another tenant has its own bucket');
      let later = 0;
      for (let i = 0; i < 10; i += 1)
        if ((await (i % 2 ? a : b).acquire('tenant-1', undefined, at(1_000))).ok) later += 1;
      assert.equal(later, 5);
    });

    it('many calls at once from two instances never take more than the bucket holds', async () => {
      const [a, b] = await f.open(5);
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire('tenant-1', undefined, at(0))),
      );
      const granted = decisions.filter((d) => d.ok).length;
      assert.ok(granted >= 1 && granted <= 5, `granted ${granted} of a bucket of 5`);
      for (const d of decisions)
        if (!d.ok)
          assert.ok(
            d.retryAt.getTime() > T0 && d.retryAt.getTime() <= T0 + 1_000,
            'a refusal says when to try again, soon',
          );
    });

    it("Teams' per-conversation limits across instances: 7 in 1 s, 8 in 2 s, 60 in 30 s", async () => {
      const [a, b] = await f.open(50);
      const pick = (i: number) => (i % 2 ? a : b);
      for (let i = 0; i < 7; i += 1) assert.equal((await pick(i).acquire('t', 'conv', at(i * 10))).ok, true);
      const eighth = await a.acquire('t', 'conv', at(100));
      assert.deepEqual(eighth.ok ? 'ok' : [eighth.reason, eighth.retryAt.getTime()], ['conversation-rate', T0 + 1_001]);
      assert.equal((await b.acquire('t', 'other-conv', at(100))).ok, true, 'other conversations are not held');
      assert.equal(
        (await b.acquire('t', `a:1${'/#?\\|'.repeat(400)}`, at(100))).ok,
        true,
        'any conversation id, however long, has its own count',
      );
      assert.equal((await b.acquire('t', 'conv', at(1_001))).ok, true, '8th call after the first second');
      assert.equal((await a.acquire('t', 'conv', at(1_100))).ok, false, 'but only 8 in 2 s');
      let sent = 8;
      for (let ms = 2_100, i = 0; ms < 30_000; ms += 150, i += 1)
        if ((await pick(i).acquire('t', 'conv', at(ms))).ok) sent += 1;
      assert.ok(sent <= 60 && sent >= 50, `at most 60 in 30 s, got ${sent}`);
    });

    it('a 429 hold on one instance stops the tenant on every instance until it ends', async () => {
      const [a, b] = await f.open(5);
      assert.equal((await a.acquire('tenant-1', undefined, at(0))).ok, true);
      await a.holdTenant('tenant-1', at(3_000));
      const held = await b.acquire('tenant-1', undefined, at(1_000));
      assert.deepEqual(held.ok ? 'ok' : [held.reason, held.retryAt.getTime()], ['throttled', T0 + 3_000]);
      await b.holdTenant('tenant-1', at(2_000));
      assert.equal(
        (await a.acquire('tenant-1', undefined, at(2_500))).ok,
        false,
        'a shorter hold does not cut a longer one',
      );
      assert.equal((await b.acquire('tenant-2', undefined, at(1_000))).ok, true, 'other tenants are not held');
      assert.equal(
        (await a.acquire('tenant-1', undefined, at(3_000))).ok,
        false,
        'the bucket starts empty after the hold',
      );
      assert.equal((await b.acquire('tenant-1', undefined, at(3_200))).ok, true, 'one token a fifth of a second later');
    });
  });
}
