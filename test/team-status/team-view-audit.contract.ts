// One contract for the "who viewed whose status" log (issue 10.1): SQLite and Azure Table
// (Azurite) both keep every entry, list a tenant's newest first, filter by viewer, honour the limit,
// and never mix tenants.
import assert from 'node:assert/strict';
import type { TeamAuditEntry, TeamViewAudit } from '../../src/team-status/team-view-audit';

export interface TeamViewAuditFixture {
  audit: TeamViewAudit;
  /** The same log through a new adapter object (a restart, or another instance). */
  reopen: () => Promise<TeamViewAudit>;
  cleanup: () => Promise<void>;
}

const T0 = new Date('2026-11-24T09:00:00Z');
const entry = (minutes: number, over: Partial<TeamAuditEntry> = {}): TeamAuditEntry => ({
  at: new Date(T0.getTime() + minutes * 60_000),
  tenantId: 'Tenant-Contoso',
  viewerOid: 'Viewer-Megan',
  action: 'view',
  scope: 'direct',
  subject: 'Manager-Megan',
  basis: 'manager-of-roster',
  people: 7,
  ...over,
});

export function describeTeamViewAuditContract(name: string, makeFixture: () => Promise<TeamViewAuditFixture>): void {
  describe(`issue 10.1 team view audit contract: ${name}`, () => {
    let f: TeamViewAuditFixture;
    let audit: TeamViewAudit;
    beforeEach(async () => {
      f = await makeFixture();
      audit = f.audit;
    });
    afterEach(async () => f.cleanup());

    it('issue 10.1: keeps every entry across a restart and lists a tenant\'s newest first, ids lower-cased', async () => {
      await audit.record(entry(0));
      await audit.record(entry(1, { action: 'export', scope: 'org', people: 40 }));
      await audit.record(entry(2, { viewerOid: 'viewer-diego', action: 'refused', basis: 'not-a-manager', people: 0 }));
      await audit.record(entry(3, { tenantId: 'tenant-fabrikam', viewerOid: 'viewer-adele' }));
      audit = await f.reopen();
      const listed = await audit.list('tenant-contoso');
      assert.deepEqual(
        listed.map((e) => [e.at.toISOString(), e.viewerOid, e.action, e.scope, e.people]),
        [
          ['2026-11-24T09:02:00.000Z', 'viewer-diego', 'refused', 'direct', 0],
          ['2026-11-24T09:01:00.000Z', 'viewer-megan', 'export', 'org', 40],
          ['2026-11-24T09:00:00.000Z', 'viewer-megan', 'view', 'direct', 7],
        ],
      );
      assert.deepEqual(listed[2], { at: entry(0).at, tenantId: 'tenant-contoso', viewerOid: 'viewer-megan', action: 'view', scope: 'direct', subject: 'manager-megan', basis: 'manager-of-roster', people: 7 });
      assert.deepEqual((await audit.list('TENANT-FABRIKAM')).map((e) => e.viewerOid), ['viewer-adele']);
      assert.deepEqual(await audit.list('tenant-nobody'), []);
    });

    it('issue 10.1: filters by viewer and honours the limit, newest first; entries of the same instant keep their order', async () => {
      for (let i = 0; i < 12; i += 1) await audit.record(entry(i, { viewerOid: i % 3 === 0 ? 'viewer-diego' : 'viewer-megan', people: i }));
      await audit.record(entry(20, { people: 100 }));
      await audit.record(entry(20, { people: 101 }));
      assert.deepEqual((await audit.list('tenant-contoso', 'Viewer-Diego')).map((e) => e.people), [9, 6, 3, 0]);
      assert.deepEqual((await audit.list('tenant-contoso', undefined, 4)).map((e) => e.people), [101, 100, 11, 10]);
      assert.deepEqual((await audit.list('tenant-contoso', 'viewer-megan', 2)).map((e) => e.people), [101, 100]);
      assert.equal((await audit.list('tenant-contoso')).length, 14);
    });

    it('issue 10.1: a long subject and basis are cut to their column sizes, not refused', async () => {
      await audit.record(entry(0, { subject: 'S'.repeat(500), basis: 'b'.repeat(200) }));
      const [only] = await audit.list('tenant-contoso');
      assert.equal(only?.subject, 's'.repeat(100));
      assert.equal(only?.basis, 'b'.repeat(40));
    });
  });
}
