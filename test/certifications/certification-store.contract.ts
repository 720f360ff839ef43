// One contract for every CertificationStore adapter (SQLite, and Azure Table on Azurite), issue 8.1/8.3 and 10.1:
// the link and its cache survive a restart, a new link drops the old cache, a late save for a
// replaced link is refused, and deleting a person's data leaves nothing of it.
import assert from 'node:assert/strict';
import type { CertificationStore, PersonKey } from '../../src/certifications/certification-store';
import type { CertificationRecord } from '../../src/certifications/transcript';

export interface CertificationStoreFixture {
  store: CertificationStore;
  /** Closes and opens the same data again (a restart). */
  reopen: () => Promise<CertificationStore>;
  cleanup: () => Promise<void>;
}

const T0 = new Date('2026-11-24T09:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const adele: PersonKey = { tenantId: 'tenant-contoso', objectId: 'adele' };
const alex: PersonKey = { tenantId: 'tenant-contoso', objectId: 'alex' };
const diego: PersonKey = { tenantId: 'tenant-fabrikam', objectId: 'diego' };

const record = (name: string): CertificationRecord => ({
  certifications: [
    { name, number: 'ABC123-DEF456', status: 'Active', earnedOn: new Date('2026-01-02T00:00:00Z'), expiresOn: new Date('2027-01-02T00:00:00Z'), historical: false },
    { name: 'Microsoft 365 Certified: Fundamentals', number: null, status: 'Active', earnedOn: null, expiresOn: null, historical: false },
  ],
  exams: [{ title: 'Microsoft Azure Administrator', number: 'AZ-104', takenOn: new Date('2026-01-01T00:00:00Z') }],
});

export function describeCertificationStoreContract(name: string, makeFixture: () => Promise<CertificationStoreFixture>): void {
  describe(`issue 8.3 CertificationStore contract: ${name}`, () => {
    let f: CertificationStoreFixture;
    let store: CertificationStore;
    beforeEach(async () => {
      f = await makeFixture();
      store = f.store;
    });
    afterEach(async () => f.cleanup());

    it('issue 8.3: keeps the share link and the certifications with their fetch time, across a restart', async () => {
      const { linkId } = await store.setShareLink(adele, 'assoc-1', 'adelev8transcript01', at(0));
      assert.equal((await store.cached(adele))?.fetchedAt, null, 'nothing read yet');
      assert.equal(await store.saveCertifications(adele, linkId, record('Microsoft Certified: Azure Administrator Associate'), at(1), 'consistent'), 'saved');
      store = await f.reopen();
      const link = await store.shareLink(adele);
      assert.deepEqual(link, { linkId, associationId: 'assoc-1', shareId: 'adelev8transcript01', linkedAt: at(0) });
      const cached = await store.cached(adele);
      assert.deepEqual(cached?.fetchedAt, at(1));
      assert.deepEqual(cached?.record, record('Microsoft Certified: Azure Administrator Associate'));
      assert.equal(cached?.ownership, 'consistent');
      assert.equal(await store.cached(alex), undefined);
      assert.equal(await store.shareLink(diego), undefined);
    });

    it('issue 8.1: a transcript flagged "different" stays so until the person confirms; confirmed survives refreshes, not a new link', async () => {
      const { linkId } = await store.setShareLink(adele, 'assoc-1', 'someoneslink01', at(0));
      assert.equal((await store.cached(adele))?.ownership, 'unchecked');
      await store.saveCertifications(adele, linkId, record('X'), at(1), 'different');
      assert.equal((await store.cached(adele))?.ownership, 'different');
      assert.equal(await store.confirmOwnership(adele, 'another-link-id'), 'stale');
      assert.equal(await store.confirmOwnership(adele, linkId), 'confirmed');
      await store.saveCertifications(adele, linkId, record('X'), at(2), 'different');
      assert.equal((await store.cached(adele))?.ownership, 'confirmed');
      await store.setShareLink(adele, 'assoc-1', 'newlink02', at(3));
      assert.equal((await store.cached(adele))?.ownership, 'unchecked');
    });

    it('issue 8.3: a new link replaces the old one and drops its cache; a late save through the old link is refused', async () => {
      const first = await store.setShareLink(adele, 'assoc-1', 'firstlink001', at(0));
      await store.saveCertifications(adele, first.linkId, record('Old'), at(1), 'consistent');
      const second = await store.setShareLink(adele, 'assoc-1', 'secondlink002', at(2));
      assert.notEqual(second.linkId, first.linkId);
      assert.equal((await store.cached(adele))?.record, null);
      assert.equal(await store.saveCertifications(adele, first.linkId, record('Late'), at(3), 'consistent'), 'stale');
      assert.equal((await store.cached(adele))?.record, null);
      assert.equal((await store.shareLink(adele))?.shareId, 'secondlink002');
    });

    it('issue 8.3: deleting a person removes the link and the cache, and only theirs; a save afterwards is refused', async () => {
      const a = await store.setShareLink(adele, 'assoc-1', 'adelelink01', at(0));
      const b = await store.setShareLink(alex, 'assoc-2', 'alexlink02', at(0));
      await store.saveCertifications(adele, a.linkId, record('A'), at(1), 'consistent');
      await store.saveCertifications(alex, b.linkId, record('B'), at(1), 'consistent');
      assert.deepEqual(await store.deletePerson(adele), { removed: true });
      assert.deepEqual(await store.deletePerson(adele), { removed: false });
      assert.equal(await store.shareLink(adele), undefined);
      assert.equal(await store.cached(adele), undefined);
      assert.equal(await store.saveCertifications(adele, a.linkId, record('A'), at(2), 'consistent'), 'stale');
      assert.equal(await store.cached(adele), undefined, 'a read that finishes after the delete writes nothing');
      assert.equal((await store.shareLink(alex))?.shareId, 'alexlink02');
    });

    it('issue 8.3: lists who is due for the daily refresh, never-read first, then oldest', async () => {
      const a = await store.setShareLink(adele, 'assoc-1', 'adelelink01', at(0));
      const b = await store.setShareLink(alex, 'assoc-2', 'alexlink02', at(0));
      await store.setShareLink(diego, 'assoc-3', 'diegolink03', at(0));
      await store.saveCertifications(adele, a.linkId, record('A'), at(5), 'consistent');
      await store.saveCertifications(alex, b.linkId, record('B'), at(1), 'consistent');
      assert.deepEqual(await store.dueForRefresh(at(10), 10), [diego, alex, adele]);
      assert.deepEqual(await store.dueForRefresh(at(3), 10), [diego, alex]);
      assert.deepEqual(await store.dueForRefresh(at(10), 1), [diego]);
      assert.deepEqual((await store.cachedInTenant('tenant-contoso')).map((e) => e.objectId), ['adele', 'alex']);
    });
  });
}
