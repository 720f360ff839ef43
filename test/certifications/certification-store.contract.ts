// One contract for every CertificationStore adapter (SQLite, and Azure Table on Azurite): the link
// and its cache survive a restart, a new link drops the old cache, a late save for a replaced link is
// refused, deleting a person's data leaves nothing of it; whose a transcript is (matched by email,
// in doubt, self-declared, a partner admin's decision with its audit entry); and one transcript
// counts for one person per organization, decided atomically.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { CertificationStore, PersonKey, TranscriptRead } from '../../src/certifications/certification-store';
import type { CertificationRecord } from '../../src/certifications/transcript';

export interface CertificationStoreFixture {
  store: CertificationStore;
  /** Closes and opens the same data again (a restart). */
  reopen: () => Promise<CertificationStore>;
  cleanup: () => Promise<void>;
}

const T0 = new Date('2026-11-24T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const adele: PersonKey = { tenantId: 'tenant-contoso', objectId: 'adele' };
const alex: PersonKey = { tenantId: 'tenant-contoso', objectId: 'alex' };
const megan: PersonKey = { tenantId: 'tenant-contoso', objectId: 'megan' };
const diego: PersonKey = { tenantId: 'tenant-fabrikam', objectId: 'diego' };

const record = (name: string): CertificationRecord => ({
  certifications: [
    {
      name,
      number: 'ABC123-DEF456',
      status: 'Active',
      earnedOn: new Date('2026-01-02T00:00:00Z'),
      expiresOn: new Date('2027-01-02T00:00:00Z'),
      historical: false,
    },
    {
      name: 'Microsoft 365 Certified: Fundamentals',
      number: null,
      status: 'Active',
      earnedOn: null,
      expiresOn: null,
      historical: false,
    },
  ],
  exams: [{ title: 'Microsoft Azure Administrator', number: 'AZ-104', takenOn: new Date('2026-01-01T00:00:00Z') }],
});

/** A keyed transcript identity as the Learn client makes them (64 hex digits). */
const transcript = (whose: string) => createHash('sha256').update(`transcript of ${whose}`).digest('hex');
const read = (
  whose: string,
  emailMatched: boolean,
  hours: number,
  name = `Certification of ${whose}`,
): TranscriptRead => ({ record: record(name), fetchedAt: at(hours), transcriptKey: transcript(whose), emailMatched });

async function linked(
  store: CertificationStore,
  person: PersonKey,
  shareId: string,
  hours: number,
  what?: TranscriptRead,
): Promise<string> {
  const outcome = await store.setShareLink(person, `assoc-${person.objectId}`, shareId, at(hours), what);
  assert.notEqual(outcome, 'taken', `${person.objectId} could not keep ${shareId}`);
  return (outcome as { linkId: string }).linkId;
}

export function describeCertificationStoreContract(
  name: string,
  makeFixture: () => Promise<CertificationStoreFixture>,
): void {
  describe(`CertificationStore contract: ${name}`, () => {
    let f: CertificationStoreFixture;
    let store: CertificationStore;
    beforeEach(async () => {
      f = await makeFixture();
      store = f.store;
    });
    afterEach(async () => f.cleanup());

    it('keeps the share link and the certifications with their fetch time, across a restart', async () => {
      const linkId = await linked(store, adele, 'adelev8transcript01', 0);
      assert.equal((await store.cached(adele))?.fetchedAt, null, 'nothing read yet');
      assert.equal(
        await store.saveCertifications(
          adele,
          linkId,
          read('adele', true, 1, 'Microsoft Certified: Azure Administrator Associate'),
        ),
        'saved',
      );
      store = await f.reopen();
      const link = await store.shareLink(adele);
      assert.deepEqual(link, { linkId, associationId: 'assoc-adele', shareId: 'adelev8transcript01', linkedAt: at(0) });
      const cached = await store.cached(adele);
      assert.deepEqual(cached?.fetchedAt, at(1));
      assert.deepEqual(cached?.record, record('Microsoft Certified: Azure Administrator Associate'));
      assert.equal(cached?.ownership, 'email-matched');
      assert.equal(cached?.transcriptKey, transcript('adele'));
      assert.equal(await store.cached(alex), undefined);
      assert.equal(await store.shareLink(diego), undefined);
    });

    it('a link read before it is saved keeps its certifications at once', async () => {
      const linkId = await linked(store, adele, 'adelev8transcript01', 0, read('adele', true, 0));
      const cached = await store.cached(adele);
      assert.equal(cached?.linkId, linkId);
      assert.deepEqual(cached?.fetchedAt, at(0));
      assert.equal(cached?.ownership, 'email-matched');
      assert.deepEqual(cached?.record, record('Certification of adele'));
    });

    it('a transcript whose email does not match stays in doubt until the person declares that very transcript theirs; it stays declared through refreshes', async () => {
      const linkId = await linked(store, adele, 'someoneslink01', 0);
      assert.equal((await store.cached(adele))?.ownership, 'unchecked');
      await store.saveCertifications(adele, linkId, read('nestor', false, 1));
      assert.equal((await store.cached(adele))?.ownership, 'different');
      assert.equal(
        await store.declareOwnership(adele, transcript('alex'), 'Adele Vance'),
        'stale',
        'a card about another transcript declares nothing',
      );
      assert.equal((await store.cached(adele))?.ownership, 'different');
      assert.equal(await store.declareOwnership(adele, transcript('nestor'), 'Adele Vance'), 'self-declared');
      assert.equal(
        await store.declareOwnership(adele, transcript('nestor'), 'Adele Vance'),
        'self-declared',
        'pressing twice is no error',
      );
      await store.saveCertifications(adele, linkId, read('nestor', false, 2));
      const cached = await store.cached(adele);
      assert.equal(cached?.ownership, 'self-declared');
      assert.equal(cached?.declaredName, 'Adele Vance');
      await linked(store, adele, 'adelev8transcript01', 3, read('adele', false, 3));
      assert.equal((await store.cached(adele))?.ownership, 'different', 'another transcript starts over');
    });

    it('a transcript matched by email cannot be declared (nothing is in doubt)', async () => {
      await linked(store, adele, 'adelev8transcript01', 0, read('adele', true, 0));
      assert.equal(await store.declareOwnership(adele, transcript('adele'), 'Adele Vance'), 'stale');
      assert.equal((await store.cached(adele))?.ownership, 'email-matched');
    });

    it("a partner admin's decision lands only on the self-declared transcript it names, once, with an audit entry; erasing a person's data takes their id out of it", async () => {
      await linked(store, adele, 'nestorlink01', 0, read('nestor', false, 0));
      assert.equal(
        await store.decide(adele, transcript('nestor'), 'approved', 'patti', at(1)),
        'stale',
        'not declared yet',
      );
      await store.declareOwnership(adele, transcript('nestor'), 'Adele Vance');
      assert.equal(
        await store.decide(adele, transcript('alex'), 'approved', 'patti', at(1)),
        'stale',
        'another transcript',
      );
      assert.equal(await store.decide(adele, transcript('nestor'), 'approved', 'patti', at(1)), 'decided');
      assert.equal(
        await store.decide(adele, transcript('nestor'), 'declined', 'lee', at(2)),
        'stale',
        'already decided',
      );
      assert.equal((await store.cached(adele))?.ownership, 'approved');
      store = await f.reopen();
      assert.deepEqual(await store.decisions('tenant-contoso', at(3)), [
        {
          at: at(1),
          tenantId: 'tenant-contoso',
          subjectObjectId: 'adele',
          adminObjectId: 'patti',
          decision: 'approved',
        },
      ]);
      assert.deepEqual(await store.decisions('tenant-fabrikam', at(3)), []);
      await linked(store, adele, 'nestorlink02', 4, read('nestor', false, 4));
      assert.equal(
        (await store.cached(adele))?.ownership,
        'approved',
        'the same transcript shared again keeps its decision',
      );
      await store.eraseFromDecisions(adele, at(5));
      assert.deepEqual(await store.decisions('tenant-contoso', at(5)), [
        { at: at(1), tenantId: 'tenant-contoso', subjectObjectId: null, adminObjectId: 'patti', decision: 'approved' },
      ]);
      await store.eraseFromDecisions({ tenantId: 'tenant-contoso', objectId: 'patti' }, at(5));
      assert.deepEqual((await store.decisions('tenant-contoso', at(5)))[0]?.adminObjectId, null);
      assert.deepEqual(
        await store.decisions('tenant-contoso', new Date(at(1).getTime() + 366 * DAY)),
        [],
        'kept 365 days',
      );
    });

    it('a transcript counts for one person per organization: a colleague is refused and nothing of theirs changes; another organization is not concerned', async () => {
      await linked(store, adele, 'adelev8transcript01', 0, read('adele', true, 0));
      const alexLink = await linked(store, alex, 'alexw4transcript02', 0, read('alex', true, 0));
      assert.equal(
        await store.setShareLink(alex, 'assoc-alex', 'adelescopy01', at(1), read('adele', false, 1)),
        'taken',
      );
      assert.equal(
        await store.setShareLink(alex, 'assoc-alex', 'adelescopy01', at(1), read('adele', true, 1)),
        'taken',
        'even with a matching email: it counts for Adele',
      );
      const kept = await store.cached(alex);
      assert.equal(kept?.linkId, alexLink, "Alex's own link stays");
      assert.equal(kept?.transcriptKey, transcript('alex'));
      assert.equal((await store.shareLink(alex))?.shareId, 'alexw4transcript02');
      await linked(store, diego, 'adelesinfabrikam', 1, read('adele', false, 1));
      assert.equal(
        (await store.cached(diego))?.transcriptKey,
        transcript('adele'),
        'one per organization, not one in the world',
      );
      assert.equal((await store.cached(adele))?.ownership, 'email-matched');
    });

    it('a link whose transcript turns out to count for a colleague is dropped when it is read', async () => {
      await linked(store, adele, 'adelev8transcript01', 0, read('adele', true, 0));
      const unread = await linked(store, megan, 'adelescopy02', 1);
      assert.equal(await store.saveCertifications(megan, unread, read('adele', false, 2)), 'taken');
      assert.equal(await store.cached(megan), undefined, 'nothing of it is kept');
      assert.equal(await store.shareLink(megan), undefined);
      assert.equal((await store.cached(adele))?.ownership, 'email-matched');
    });

    it('two colleagues saving one transcript at the same moment: exactly one keeps it', async () => {
      // Both "matching" (as two people with one address cannot be) so that neither gives way.
      const outcomes = await Promise.all(
        [alex, megan].map((p) =>
          store.setShareLink(p, `assoc-${p.objectId}`, `nestorlink-${p.objectId}`, at(0), read('nestor', true, 0)),
        ),
      );
      assert.equal(outcomes.filter((o) => o === 'taken').length, 1, JSON.stringify(outcomes));
      const holders = (await store.cachedInTenant('tenant-contoso')).filter(
        (e) => e.cached.transcriptKey === transcript('nestor'),
      );
      assert.equal(holders.length, 1);
      const unverified = await Promise.all(
        [alex, megan].map((p) =>
          store.setShareLink(p, `assoc-${p.objectId}`, `leelink-${p.objectId}`, at(1), read('lee', false, 1)),
        ),
      );
      assert.ok(
        unverified.every((o) => o !== 'taken'),
        'an unverified hold gives way',
      );
      assert.equal(
        (await store.cachedInTenant('tenant-contoso')).filter((e) => e.cached.transcriptKey === transcript('lee'))
          .length,
        1,
        'still one holder',
      );
    });

    it("pasting a colleague's link cannot keep its owner out: a hold nobody declared, or one a partner admin declined, goes to the next person who pastes it", async () => {
      await linked(store, megan, 'alexscopy01', 0, read('alex', false, 0));
      await linked(store, alex, 'alexw4transcript02', 1, read('alex', false, 1));
      assert.equal((await store.cached(alex))?.transcriptKey, transcript('alex'));
      assert.deepEqual(
        [(await store.cached(megan))?.transcriptKey, (await store.cached(megan))?.record],
        [null, null],
        "Megan's copy is cleared",
      );
      await store.declareOwnership(alex, transcript('alex'), 'Alex Wilber');
      assert.equal(await store.decide(alex, transcript('alex'), 'declined', 'patti', at(2)), 'decided');
      await linked(store, megan, 'alexscopy02', 3, read('alex', false, 3));
      assert.equal((await store.cached(megan))?.transcriptKey, transcript('alex'), 'a declined hold gives way');
    });

    it("a declared hold gives way only to the colleague whose address matches; the other's copy is cleared and is refused at its next read", async () => {
      const alexLink = await linked(store, alex, 'adelescopy03', 0, read('adele', false, 0));
      await store.declareOwnership(alex, transcript('adele'), 'Alex Wilber');
      assert.equal(
        await store.setShareLink(adele, 'assoc-adele', 'adelev8transcript01', at(1), read('adele', false, 1)),
        'taken',
        'no email match: first come keeps it',
      );
      await linked(store, adele, 'adelev8transcript01', 1, read('adele', true, 1));
      assert.equal((await store.cached(adele))?.ownership, 'email-matched');
      const cleared = await store.cached(alex);
      assert.deepEqual([cleared?.transcriptKey, cleared?.record, cleared?.ownership], [null, null, 'unchecked']);
      assert.equal(await store.saveCertifications(alex, alexLink, read('adele', false, 2)), 'taken');
      assert.equal(await store.cached(alex), undefined);
    });

    it('another link, or deleting the person, frees their transcript for a colleague', async () => {
      await linked(store, adele, 'alexw4transcript02', 0, read('alex', false, 0));
      await store.declareOwnership(adele, transcript('alex'), 'Adele Vance');
      assert.equal(
        await store.setShareLink(alex, 'assoc-alex', 'alexw4transcript02', at(1), read('alex', false, 1)),
        'taken',
      );
      await linked(store, adele, 'nestorw9transcript05', 2, read('nestor', false, 2));
      await store.declareOwnership(adele, transcript('nestor'), 'Adele Vance');
      await linked(store, alex, 'alexw4transcript02', 3, read('alex', false, 3));
      assert.equal(
        await store.setShareLink(megan, 'assoc-megan', 'nestorcopy', at(4), read('nestor', false, 4)),
        'taken',
      );
      await store.deletePerson(adele);
      await linked(store, megan, 'nestorcopy', 5, read('nestor', false, 5));
      assert.equal((await store.cached(megan))?.transcriptKey, transcript('nestor'));
    });

    it('a new link replaces the old one and drops its cache; a late save through the old link is refused', async () => {
      const first = await linked(store, adele, 'firstlink001', 0);
      await store.saveCertifications(adele, first, read('old', true, 1));
      const second = await linked(store, adele, 'secondlink002', 2);
      assert.notEqual(second, first);
      assert.equal((await store.cached(adele))?.record, null);
      assert.equal(await store.saveCertifications(adele, first, read('late', true, 3)), 'stale');
      assert.equal((await store.cached(adele))?.record, null);
      assert.equal((await store.shareLink(adele))?.shareId, 'secondlink002');
    });

    it('deleting a person removes the link and the cache, and only theirs; a save afterwards is refused', async () => {
      const a = await linked(store, adele, 'adelelink01', 0);
      const b = await linked(store, alex, 'alexlink02', 0);
      await store.saveCertifications(adele, a, read('adele', true, 1));
      await store.saveCertifications(alex, b, read('alex', true, 1));
      assert.deepEqual(await store.deletePerson(adele), { removed: true });
      assert.deepEqual(await store.deletePerson(adele), { removed: false });
      assert.equal(await store.shareLink(adele), undefined);
      assert.equal(await store.cached(adele), undefined);
      assert.equal(await store.saveCertifications(adele, a, read('adele', true, 2)), 'stale');
      assert.equal(await store.cached(adele), undefined, 'a read that finishes after the delete writes nothing');
      assert.equal((await store.shareLink(alex))?.shareId, 'alexlink02');
    });

    it('lists who is due for the daily refresh, never-read first, then oldest', async () => {
      const a = await linked(store, adele, 'adelelink01', 0);
      const b = await linked(store, alex, 'alexlink02', 0);
      await linked(store, diego, 'diegolink03', 0);
      await store.saveCertifications(adele, a, read('adele', true, 5));
      await store.saveCertifications(alex, b, read('alex', true, 1));
      assert.deepEqual(await store.dueForRefresh(at(10), 10), [diego, alex, adele]);
      assert.deepEqual(await store.dueForRefresh(at(3), 10), [diego, alex]);
      assert.deepEqual(await store.dueForRefresh(at(10), 1), [diego]);
      assert.deepEqual(
        (await store.cachedInTenant('tenant-contoso')).map((e) => e.objectId),
        ['adele', 'alex'],
      );
    });
  });
}
