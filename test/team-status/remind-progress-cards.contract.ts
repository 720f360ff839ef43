// One contract for every RemindProgressCards adapter (SQLite, Azure Table): what the updater relies on
// to keep a manager's progress card moving across a restart and across instances (the lease on
// updating it), and what "delete my data" relies on.
import assert from 'node:assert/strict';
import type { ProgressCardRecord, RemindProgressCards } from '../../src/team-status/remind-progress-cards';

export interface CardsFixture {
  cards: RemindProgressCards;
  /** The same data through a new adapter (a restart). */
  reopen: () => Promise<RemindProgressCards>;
  /** Another adapter over the same data, used at the same time (a second instance). */
  second: () => Promise<RemindProgressCards>;
  /** Every stored value, as text (what someone reading the store would see). */
  raw: () => Promise<string>;
  cleanup: () => Promise<void>;
}

const TENANT = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ADELE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';
const ALEX = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02';

function record(n: number, overrides: Partial<ProgressCardRecord> = {}): ProgressCardRecord {
  return {
    batch: `remind:${'a1'.repeat(32)}:0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`,
    viewer: { tenantId: TENANT, oid: ADELE },
    reference: {
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      channelId: 'msteams',
      conversation: { id: `a:1chat-${n}`, conversationType: 'personal', isGroup: false, name: '' },
      user: { id: '29:1adele', name: 'Adele Vance', aadObjectId: ADELE },
    },
    activityId: `1:card-${n}`,
    intro: `Sending ${n} reminders.`,
    back: { verb: 'teamPage', scope: 'direct', filter: 'all', page: 0, managerOid: ADELE, tenant: TENANT },
    createdAt: new Date(Date.UTC(2026, 10, 25, 10, n)),
    ...overrides,
  };
}

export function describeRemindProgressCardsContract(name: string, makeFixture: () => Promise<CardsFixture>): void {
  describe(`RemindProgressCards contract: ${name}`, function () {
    this.timeout(60_000);
    let f: CardsFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(() => f.cleanup());

    it('a saved card is listed after a reopen, with everything needed to update it', async () => {
      await f.cards.save(record(2));
      await f.cards.save(record(1));
      const again = await f.reopen();
      const active = await again.active(10);
      assert.deepEqual(
        active.map((c) => c.batch),
        [record(1).batch, record(2).batch],
        'oldest first',
      );
      assert.deepEqual(active[0], record(1));
    });

    it('finish removes one card; finishing twice, or an unknown batch, is not an error', async () => {
      await f.cards.save(record(1));
      await f.cards.save(record(2));
      await f.cards.finish(record(1).batch);
      await f.cards.finish(record(1).batch);
      await f.cards.finish('remind:unknown');
      assert.deepEqual(
        (await f.cards.active(10)).map((c) => c.batch),
        [record(2).batch],
      );
    });

    it('saving the same batch again replaces it; active honours its limit', async () => {
      await f.cards.save(record(1));
      await f.cards.save(record(1, { activityId: '1:moved' }));
      for (const n of [2, 3, 4]) await f.cards.save(record(n));
      const active = await f.cards.active(2);
      assert.deepEqual(
        active.map((c) => [c.batch, c.activityId]),
        [
          [record(1).batch, '1:moved'],
          [record(2).batch, '1:card-2'],
        ],
      );
    });

    it("what names the manager (ids, name, the card's action) is not stored in clear", async () => {
      await f.cards.save(record(1));
      const stored = (await f.raw()).toLowerCase();
      assert.ok(stored.includes('1:card-1'), 'the test reads what was stored');
      for (const secret of [ADELE, 'adele vance', '29:1adele', 'a:1chat-1'])
        assert.ok(!stored.includes(secret), `the store does not hold ${secret}`);
    });

    it("forgetting a viewer removes every card of theirs and nobody else's", async () => {
      await f.cards.save(record(1));
      await f.cards.save(
        record(2, {
          batch: `remind:${'b2'.repeat(32)}:00000002-aaaa-4bbb-8ccc-dddddddddddd`,
          viewer: { tenantId: TENANT, oid: ALEX },
          back: { ...record(2).back, managerOid: ALEX },
        }),
      );
      await f.cards.save(record(3));
      assert.equal(await f.cards.forget({ tenantId: TENANT.toUpperCase(), oid: ADELE.toUpperCase() }), 2);
      assert.equal(await f.cards.forget({ tenantId: TENANT, oid: ADELE }), 0);
      assert.deepEqual(
        (await (await f.reopen()).active(10)).map((c) => c.viewer.oid),
        [ALEX],
      );
    });

    it('the instance that took the press holds its card; when it stops renewing, one other instance takes it over', async () => {
      const other = await f.second();
      const t0 = new Date(Date.UTC(2026, 10, 25, 11, 0));
      const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
      await f.cards.save(record(1), { holder: 'instance-a', until: at(15) });
      assert.deepEqual(
        await other.claim('instance-b', at(1), 15_000, 10),
        [],
        'held by the instance that took the press',
      );
      assert.deepEqual(
        (await f.cards.claim('instance-a', at(1), 15_000, 10)).map((c) => c.batch),
        [record(1).batch],
      );
      // Renewed once half the lease has gone: still held at 16 s.
      assert.equal((await f.cards.claim('instance-a', at(10), 15_000, 10)).length, 1);
      assert.deepEqual(await other.claim('instance-b', at(16), 15_000, 10), []);
      // Instance a dies: no renewal. Past the lease, b takes the card, with everything needed to update it.
      const taken = await other.claim('instance-b', at(26), 15_000, 10);
      assert.deepEqual(taken, [record(1)]);
      assert.deepEqual(
        await f.cards.claim('instance-a', at(27), 15_000, 10),
        [],
        'a holder that comes back finds it taken',
      );
      assert.equal((await other.claim('instance-b', at(28), 15_000, 10)).length, 1);
    });

    it('two instances claiming a free card at once: one of them gets it; a released card is free at once', async () => {
      const other = await f.second();
      const now = new Date(Date.UTC(2026, 10, 25, 12, 0));
      await f.cards.save(record(1));
      const [a, b] = await Promise.all([
        f.cards.claim('instance-a', now, 15_000, 10),
        other.claim('instance-b', now, 15_000, 10),
      ]);
      assert.equal(a.length + b.length, 1, 'one holder');
      const [holder, waiting, waitingId] = a.length ? [f.cards, other, 'instance-b'] : [other, f.cards, 'instance-a'];
      await holder.release(a.length ? 'instance-a' : 'instance-b');
      assert.deepEqual(
        (await waiting.claim(waitingId, now, 15_000, 10)).map((c) => c.batch),
        [record(1).batch],
        'free at once after a release',
      );
      await f.cards.save(record(2));
      await f.cards.save(record(3), { holder: 'instance-c', until: new Date(now.getTime() + 60_000) });
      assert.deepEqual(
        (await waiting.claim(waitingId, now, 15_000, 1)).map((c) => c.batch),
        [record(1).batch],
        'at most the limit, oldest first',
      );
      assert.deepEqual(
        (await waiting.claim(waitingId, now, 15_000, 10)).map((c) => c.batch),
        [record(1).batch, record(2).batch],
        'never a card another instance holds',
      );
    });

    it('a reference that is not one (no service URL, or oversized) is refused and nothing is kept', async () => {
      await assert.rejects(
        f.cards.save(
          record(1, {
            reference: { conversation: { id: 'x', conversationType: 'personal', isGroup: false, name: '' } },
          }),
        ),
      );
      await assert.rejects(
        f.cards.save(record(2, { reference: { ...record(2).reference, locale: 'x'.repeat(20_000) } })),
      );
      assert.deepEqual(await f.cards.active(10), []);
    });
  });
}
