// One contract for every RemindProgressCards adapter (SQLite, Azure Table): what the updater relies on
// to keep a manager's progress card moving across a restart.
import assert from 'node:assert/strict';
import type { ProgressCardRecord, RemindProgressCards } from '../../src/team-status/remind-progress-cards';

export interface CardsFixture {
  cards: RemindProgressCards;
  /** The same data through a new adapter (a restart). */
  reopen: () => Promise<RemindProgressCards>;
  cleanup: () => Promise<void>;
}

const TENANT = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ADELE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';

function record(n: number, overrides: Partial<ProgressCardRecord> = {}): ProgressCardRecord {
  return {
    batch: `remind:${TENANT}:${ADELE}:0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`,
    viewer: { tenantId: TENANT, oid: ADELE },
    reference: { serviceUrl: 'https://smba.trafficmanager.net/amer/', channelId: 'msteams', conversation: { id: `a:1chat-${n}`, conversationType: 'personal', isGroup: false, name: '' } },
    activityId: `1:card-${n}`,
    intro: `Sending ${n} reminders.`,
    back: { verb: 'teamPage', scope: 'direct', filter: 'all', page: 0, managerOid: ADELE, tenant: TENANT },
    createdAt: new Date(Date.UTC(2026, 10, 25, 10, n)),
    ...overrides,
  };
}

export function describeRemindProgressCardsContract(name: string, makeFixture: () => Promise<CardsFixture>): void {
  describe(`issue 9.4: RemindProgressCards contract: ${name}`, function () {
    this.timeout(60_000);
    let f: CardsFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(() => f.cleanup());

    it('issue 9.4: a saved card is listed after a reopen, with everything needed to update it', async () => {
      await f.cards.save(record(2));
      await f.cards.save(record(1));
      const again = await f.reopen();
      const active = await again.active(10);
      assert.deepEqual(active.map((c) => c.batch), [record(1).batch, record(2).batch], 'oldest first');
      assert.deepEqual(active[0], record(1));
    });

    it('issue 9.4: finish removes one card; finishing twice, or an unknown batch, is not an error', async () => {
      await f.cards.save(record(1));
      await f.cards.save(record(2));
      await f.cards.finish(record(1).batch);
      await f.cards.finish(record(1).batch);
      await f.cards.finish('remind:unknown');
      assert.deepEqual((await f.cards.active(10)).map((c) => c.batch), [record(2).batch]);
    });

    it('issue 9.4: saving the same batch again replaces it; active honours its limit', async () => {
      await f.cards.save(record(1));
      await f.cards.save(record(1, { activityId: '1:moved' }));
      for (const n of [2, 3, 4]) await f.cards.save(record(n));
      const active = await f.cards.active(2);
      assert.deepEqual(active.map((c) => [c.batch, c.activityId]), [[record(1).batch, '1:moved'], [record(2).batch, '1:card-2']]);
    });

    it('issue 9.4: a reference that is not one (no service URL, or oversized) is refused and nothing is kept', async () => {
      await assert.rejects(f.cards.save(record(1, { reference: { conversation: { id: 'x', conversationType: 'personal', isGroup: false, name: '' } } })));
      await assert.rejects(f.cards.save(record(2, { reference: { ...record(2).reference, locale: 'x'.repeat(20_000) } })));
      assert.deepEqual(await f.cards.active(10), []);
    });
  });
}
