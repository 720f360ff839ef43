// One contract for every PersonLimiter adapter (SQLite, Azure Table): at most `max` uses at once,
// coming back evenly over `perMs`; a refusal says when the next use is allowed; keys are separate;
// two instances on one store draw from one bucket; idle buckets are purged.
import assert from 'node:assert/strict';
import type { PersonLimiter } from '../../src/limits/person-limiter';

export interface LimiterFixture {
  limiter: PersonLimiter;
  /** Another adapter object on the same store (another instance). */
  other: () => PersonLimiter;
  cleanup: () => Promise<void>;
}

const T0 = new Date('2026-11-25T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

export function describePersonLimiterContract(name: string, makeFixture: () => Promise<LimiterFixture>): void {
  describe(`per-person limiter contract: ${name}`, function () {
    this.timeout(60_000);
    let f: LimiterFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(() => f.cleanup());

    it('allows `max` uses, then refuses with the time the next one is allowed, and allows it then', async () => {
      const limit = { max: 3, perMs: 3 * MINUTE };
      for (let i = 0; i < 3; i++) assert.deepEqual(await f.limiter.take('team-view:k1', limit, at(0)), { ok: true });
      assert.deepEqual(await f.limiter.take('team-view:k1', limit, at(1_000)), { ok: false, retryAt: at(MINUTE) });
      assert.deepEqual(
        await f.other().take('team-view:k1', limit, at(MINUTE - 1)),
        { ok: false, retryAt: at(MINUTE) },
        'another instance sees the same bucket',
      );
      assert.deepEqual(await f.limiter.take('team-view:k1', limit, at(MINUTE)), { ok: true });
      assert.equal((await f.limiter.take('team-view:k1', limit, at(MINUTE))).ok, false);
      assert.deepEqual(
        await f.limiter.take('team-view:k2', limit, at(MINUTE)),
        { ok: true },
        'another key is another bucket',
      );
    });

    it('one use a minute: a second within the minute is refused until the minute is over', async () => {
      const limit = { max: 1, perMs: MINUTE };
      assert.equal((await f.limiter.take('learn:link', limit, at(0))).ok, true);
      assert.deepEqual(await f.limiter.take('learn:link', limit, at(20_000)), { ok: false, retryAt: at(MINUTE) });
      assert.equal((await f.limiter.take('learn:link', limit, at(MINUTE))).ok, true);
    });

    it('many uses at once from two instances never exceed the bucket', async () => {
      const limit = { max: 4, perMs: 10 * MINUTE };
      const decisions = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? f.other() : f.limiter).take('team-remind:k', limit, at(0))),
      );
      const allowed = decisions.filter((d) => d.ok).length;
      assert.ok(allowed <= 4 && allowed >= 1, `${allowed} allowed`);
    });

    it('purges buckets idle since a time, and only those', async () => {
      const limit = { max: 1, perMs: MINUTE };
      await f.limiter.take('old', limit, at(0));
      await f.limiter.take('new', limit, at(10 * MINUTE));
      assert.equal(await f.limiter.purge(at(5 * MINUTE)), 1);
      assert.equal((await f.limiter.take('new', limit, at(10 * MINUTE))).ok, false, 'the recent bucket is kept');
      assert.equal((await f.limiter.take('old', limit, at(10 * MINUTE))).ok, true);
    });
  });
}
