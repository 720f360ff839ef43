// One contract for the "who viewed whose status" log: SQLite and Azure Table (Azurite) both keep
// every entry, list a tenant's newest first, filter by viewer, honour the limit, never mix tenants,
// name people only by keyed hashes, and forget entries a year old.
import assert from 'node:assert/strict';
import type { TeamAuditEntry, TeamViewAudit } from '../../src/team-status/team-view-audit';

export interface TeamViewAuditFixture {
  audit: TeamViewAudit;
  /** The same log through a new adapter object (a restart, or another instance). */
  reopen: () => Promise<TeamViewAudit>;
  /** Every stored value of every entry, as text (what someone reading the store would see). */
  raw: () => Promise<string>;
  cleanup: () => Promise<void>;
}

const T0 = new Date('2026-11-24T09:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const MEGAN = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a03';
const DIEGO = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a09';
const entry = (minutes: number, over: Partial<TeamAuditEntry> = {}): TeamAuditEntry => ({
  at: new Date(T0.getTime() + minutes * 60_000),
  tenantId: 'Tenant-Contoso',
  viewerOid: MEGAN.toUpperCase(),
  action: 'view',
  scope: 'direct',
  subject: MEGAN,
  basis: 'manager-of-roster',
  people: 7,
  ...over,
});

export function describeTeamViewAuditContract(name: string, makeFixture: () => Promise<TeamViewAuditFixture>): void {
  describe(`team view audit contract: ${name}`, () => {
    let f: TeamViewAuditFixture;
    let audit: TeamViewAudit;
    beforeEach(async () => {
      f = await makeFixture();
      audit = f.audit;
    });
    afterEach(async () => f.cleanup());

    it("keeps every entry across a restart and lists a tenant's newest first; the same person is the same key, whatever the case", async () => {
      await audit.record(entry(0));
      await audit.record(entry(1, { action: 'export', scope: 'org', people: 40 }));
      await audit.record(entry(2, { viewerOid: DIEGO, action: 'refused', basis: 'not-a-manager', people: 0 }));
      await audit.record(entry(3, { tenantId: 'tenant-fabrikam', viewerOid: 'viewer-adele' }));
      audit = await f.reopen();
      const listed = await audit.list('tenant-contoso');
      assert.deepEqual(
        listed.map((e) => [e.at.toISOString(), e.action, e.scope, e.people]),
        [
          ['2026-11-24T09:02:00.000Z', 'refused', 'direct', 0],
          ['2026-11-24T09:01:00.000Z', 'export', 'org', 40],
          ['2026-11-24T09:00:00.000Z', 'view', 'direct', 7],
        ],
      );
      const [diego, megan1, megan0] = listed;
      assert.equal(megan0?.viewerKey, megan1?.viewerKey, 'one viewer, one key');
      assert.equal(megan0?.viewerKey, megan0?.subjectKey, 'her own team: viewer and subject are the same key');
      assert.notEqual(diego?.viewerKey, megan0?.viewerKey);
      assert.match(megan0?.viewerKey ?? '', /^[0-9a-f]{64}$/);
      assert.deepEqual(
        { ...megan0, viewerKey: 'k', subjectKey: 'k' },
        {
          at: entry(0).at,
          tenantId: 'tenant-contoso',
          viewerKey: 'k',
          action: 'view',
          scope: 'direct',
          subjectKey: 'k',
          basis: 'manager-of-roster',
          people: 7,
        },
      );
      assert.equal((await audit.list('TENANT-FABRIKAM')).length, 1);
      assert.deepEqual(await audit.list('tenant-nobody'), []);
    });

    it('no object id is stored in clear, only keyed hashes', async () => {
      await audit.record(entry(0, { scope: 'team', subject: 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e10' }));
      await audit.record(entry(1, { viewerOid: DIEGO }));
      const stored = (await f.raw()).toLowerCase();
      for (const id of [MEGAN, DIEGO, 'c0ffee00-9a7e-4d1b-8c2f-5a6b7c8d9e10'])
        assert.ok(!stored.includes(id), `the store does not hold ${id}`);
      assert.ok(stored.includes('manager-of-roster'), 'the test reads what was stored');
    });

    it('filters by viewer (named by object id) and honours the limit, newest first; entries of the same instant keep their order', async () => {
      for (let i = 0; i < 12; i += 1)
        await audit.record(entry(i, { viewerOid: i % 3 === 0 ? DIEGO : MEGAN, people: i }));
      await audit.record(entry(20, { people: 100 }));
      await audit.record(entry(20, { people: 101 }));
      assert.deepEqual(
        (await audit.list('tenant-contoso', DIEGO.toUpperCase())).map((e) => e.people),
        [9, 6, 3, 0],
      );
      assert.deepEqual(
        (await audit.list('tenant-contoso', undefined, 4)).map((e) => e.people),
        [101, 100, 11, 10],
      );
      assert.deepEqual(
        (await audit.list('tenant-contoso', MEGAN, 2)).map((e) => e.people),
        [101, 100],
      );
      assert.equal((await audit.list('tenant-contoso')).length, 14);
    });

    it('a long subject is kept as its key, and a long basis is cut to its column size, not refused', async () => {
      await audit.record(entry(0, { subject: 'S'.repeat(500), basis: 'b'.repeat(200) }));
      const [only] = await audit.list('tenant-contoso');
      assert.match(only?.subjectKey ?? '', /^[0-9a-f]{64}$/);
      assert.equal(only?.basis, 'b'.repeat(40));
    });

    it('entries are kept 365 days, then purged', async () => {
      await audit.record(entry(0, { people: 1 }));
      await audit.record(entry(0, { tenantId: 'tenant-fabrikam', people: 2 }));
      await audit.record(entry(60 * 24 * 200, { people: 3 }));
      assert.equal(await audit.purgeExpired(new Date(T0.getTime() + 364 * DAY_MS)), 0);
      assert.equal(
        await audit.purgeExpired(new Date(T0.getTime() + 365 * DAY_MS)),
        2,
        "both tenants' entries of a year ago",
      );
      assert.deepEqual(
        (await audit.list('tenant-contoso')).map((e) => e.people),
        [3],
      );
      assert.deepEqual(await audit.list('tenant-fabrikam'), []);
      assert.equal(await audit.purgeExpired(new Date(T0.getTime() + 565 * DAY_MS)), 1);
    });
  });
}
