// One contract for every ForecastSettingsStore adapter (SQLite, Azure Table): what the forecast and
// the partner admins' settings commands rely on, across a restart.
import assert from 'node:assert/strict';
import type { ForecastSettingsStore } from '../../src/forecast/forecast-settings';

export interface SettingsFixture {
  store: ForecastSettingsStore;
  /** The same data through a new adapter (a restart). */
  reopen: () => Promise<ForecastSettingsStore>;
  cleanup: () => Promise<void>;
}

const CONTOSO = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const FABRIKAM = '8b2e4f60-1a3c-4d5e-9f70-1b2c3d4e5f60';
const LEE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a04';
const PATTI = '5c2a7e1d-9b3f-4a6c-8d2e-1f0a9b8c7d6e';
const ADMIN_TWO = '7e4c9a2b-1d3f-4b5a-9c8d-2e1f0a3b4c5d';
const NOW = new Date('2026-11-24T09:00:00Z');

export function describeForecastSettingsContract(name: string, makeFixture: () => Promise<SettingsFixture>): void {
  describe(`ForecastSettingsStore contract: ${name}`, function () {
    this.timeout(60_000);
    let f: SettingsFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(() => f.cleanup());

    it('an organization nobody configured has no anniversary, no threshold, no recorded track, and alerts off', async () => {
      assert.deepEqual(await f.store.get(CONTOSO), { alertsOptIn: false, updatedAt: null });
    });

    it('each setting is kept on its own, after a restart, and for its organization only (tenant ids in any case)', async () => {
      await f.store.set(CONTOSO, { anniversary: '2027-03-31' }, NOW);
      await f.store.set(CONTOSO.toUpperCase(), { lossThreshold: 5.5 }, NOW);
      await f.store.set(CONTOSO, { assignedTrack: 'smb' }, NOW);
      const later = new Date(NOW.getTime() + 60_000);
      const last = await f.store.set(CONTOSO, { alertsOptIn: true }, later);
      const expected = {
        anniversary: '2027-03-31',
        lossThreshold: 5.5,
        assignedTrack: 'smb',
        alertsOptIn: true,
        updatedAt: later,
      };
      assert.deepEqual(last, expected);
      const again = await f.reopen();
      assert.deepEqual(await again.get(CONTOSO), expected);
      assert.deepEqual(await again.get(FABRIKAM), { alertsOptIn: false, updatedAt: null });
    });

    it('a setting can be cleared, and changed, leaving the others as they were', async () => {
      await f.store.set(CONTOSO, { anniversary: '2027-03-31' }, NOW);
      await f.store.set(CONTOSO, { lossThreshold: 4 }, NOW);
      await f.store.set(CONTOSO, { lossThreshold: null }, NOW);
      await f.store.set(CONTOSO, { anniversary: '2027-06-30' }, NOW);
      await f.store.set(CONTOSO, { alertsOptIn: true }, NOW);
      await f.store.set(CONTOSO, { alertsOptIn: false }, NOW);
      assert.deepEqual(await f.store.get(CONTOSO), { anniversary: '2027-06-30', alertsOptIn: false, updatedAt: NOW });
    });

    it('two partner admins setting different fields at the same time both win', async () => {
      await Promise.all([
        f.store.set(CONTOSO, { anniversary: '2027-03-31' }, NOW),
        f.store.set(CONTOSO, { lossThreshold: 3 }, NOW),
        f.store.set(CONTOSO, { assignedTrack: 'enterprise' }, NOW),
      ]);
      const settings = await f.store.get(CONTOSO);
      assert.deepEqual(
        [settings.anniversary, settings.lossThreshold, settings.assignedTrack],
        ['2027-03-31', 3, 'enterprise'],
      );
    });

    it('refuses a value no partner admin could set, writing nothing', async () => {
      for (const change of [
        { anniversary: '2027-02-30' },
        { anniversary: 'next March' },
        { lossThreshold: -1 },
        { lossThreshold: Number.NaN },
        { assignedTrack: 'gold' as 'smb' },
      ]) {
        await assert.rejects(f.store.set(CONTOSO, change, NOW));
      }
      assert.deepEqual(await f.store.get(CONTOSO), { alertsOptIn: false, updatedAt: null });
    });

    it('keeps the first day a person was learned to have left, per organization, until they are forgotten', async () => {
      await f.store.recordLeft({ tenantId: CONTOSO, objectId: LEE.toUpperCase() }, NOW);
      await f.store.recordLeft({ tenantId: CONTOSO, objectId: LEE }, new Date('2026-12-01T00:00:00Z'));
      const again = await f.reopen();
      assert.deepEqual(await again.left(CONTOSO.toUpperCase()), [{ personId: LEE, on: NOW }]);
      assert.deepEqual(await again.left(FABRIKAM), []);
      await again.forgetPerson({ tenantId: CONTOSO, objectId: LEE });
      await again.forgetPerson({ tenantId: CONTOSO, objectId: LEE });
      assert.deepEqual(await again.left(CONTOSO), []);
    });

    it('each partner admin turns forecast alerts on and off for themselves, kept across a restart, per organization', async () => {
      assert.equal(await f.store.alertsOn({ tenantId: CONTOSO, objectId: PATTI }), false);
      assert.deepEqual(await f.store.alertSubscribers(), []);
      await f.store.setAlerts({ tenantId: CONTOSO.toUpperCase(), objectId: PATTI.toUpperCase() }, true, NOW);
      await f.store.setAlerts({ tenantId: CONTOSO, objectId: PATTI }, true, NOW);
      await f.store.setAlerts({ tenantId: FABRIKAM, objectId: ADMIN_TWO }, true, NOW);
      const again = await f.reopen();
      assert.equal(await again.alertsOn({ tenantId: CONTOSO, objectId: PATTI.toUpperCase() }), true);
      assert.equal(
        await again.alertsOn({ tenantId: CONTOSO, objectId: ADMIN_TWO }),
        false,
        'another admin chose nothing',
      );
      assert.equal(await again.alertsOn({ tenantId: FABRIKAM, objectId: PATTI }), false, 'another organization');
      assert.deepEqual(await again.alertSubscribers(), [
        { tenantId: CONTOSO, objectId: PATTI },
        { tenantId: FABRIKAM, objectId: ADMIN_TWO },
      ]);
      assert.deepEqual(await again.alertSubscribers({ tenantId: FABRIKAM.toUpperCase() }), [
        { tenantId: FABRIKAM, objectId: ADMIN_TWO },
      ]);
      assert.deepEqual(await again.get(CONTOSO), { alertsOptIn: false, updatedAt: null }, 'no organization setting');
      await again.setAlerts({ tenantId: CONTOSO, objectId: PATTI }, false, NOW);
      await again.setAlerts({ tenantId: CONTOSO, objectId: PATTI }, false, NOW);
      assert.equal(await again.alertsOn({ tenantId: CONTOSO, objectId: PATTI }), false);
      assert.deepEqual(await again.alertSubscribers(), [{ tenantId: FABRIKAM, objectId: ADMIN_TWO }]);
      assert.deepEqual(await again.alertSubscribers({ limit: 0 }), []);
    });

    it("a partner admin who deletes their data no longer gets forecast alerts; nobody else's choice changes", async () => {
      await f.store.setAlerts({ tenantId: CONTOSO, objectId: PATTI }, true, NOW);
      await f.store.setAlerts({ tenantId: CONTOSO, objectId: ADMIN_TWO }, true, NOW);
      await f.store.forgetPerson({ tenantId: CONTOSO, objectId: PATTI });
      assert.equal(await f.store.alertsOn({ tenantId: CONTOSO, objectId: PATTI }), false);
      assert.deepEqual(await f.store.alertSubscribers(), [{ tenantId: CONTOSO, objectId: ADMIN_TWO }]);
    });
  });
}
