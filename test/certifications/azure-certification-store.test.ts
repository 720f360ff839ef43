// The Azure Table CertificationStore on a real Azurite: the shared contract, plus what only this
// engine can show — the share id is in no entity in clear, concurrent writers both land (412 ->
// read again), the refresh index survives a crash between its writes, a transcript claim left by a
// crash is taken over, and a row written before transcripts were verified counts as never read.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TableEntityResult } from '@azure/data-tables';
import type { PersonKey, TranscriptRead } from '../../src/certifications/certification-store';
import type { CertificationRecord } from '../../src/certifications/transcript';
import { recordToJson } from '../../src/certifications/record-json';
import { MAX_ENTRIES } from '../../src/certifications/transcript';
import { AzureCertificationStore } from '../../src/storage/azure/azure-certification-store';
import { MAX_CHUNKED_BYTES } from '../../src/storage/azure/chunked-text';
import { createAzureStorage, type AzureStorage } from '../../src/storage/azure/azure-storage';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeCertificationStoreContract } from './certification-store.contract';

async function newStorage(): Promise<{ storage: AzureStorage; again: () => AzureStorage }> {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  return { storage: createAzureStorage(azurite.auth, prefix), again: () => createAzureStorage(azurite.auth, prefix) };
}

describeCertificationStoreContract('Azure Table (Azurite)', async () => {
  const { storage, again } = await newStorage();
  return {
    store: new AzureCertificationStore(storage),
    reopen: () => Promise.resolve(new AzureCertificationStore(again())),
    cleanup: () => Promise.resolve(),
  };
});

async function allEntities(
  storage: AzureStorage,
  table: string,
): Promise<TableEntityResult<Record<string, unknown>>[]> {
  const found: TableEntityResult<Record<string, unknown>>[] = [];
  for await (const entity of (await storage.table(table)).listEntities<Record<string, unknown>>()) found.push(entity);
  return found;
}

const record = {
  certifications: [
    {
      name: 'Microsoft Certified: Azure Administrator Associate',
      number: 'X1',
      status: 'Active',
      earnedOn: null,
      expiresOn: null,
      historical: false,
    },
  ],
  exams: [],
};
const person: PersonKey = { tenantId: 'tenant/contoso#1', objectId: 'adele?' };
const KEY = 'a'.repeat(64);
const readOf = (
  what: CertificationRecord,
  fetchedAt: Date,
  emailMatched = true,
  transcriptKey = KEY,
): TranscriptRead => ({ record: what, fetchedAt, transcriptKey, emailMatched });
const linkIdOf = (outcome: { linkId: string } | 'taken'): string => {
  if (outcome === 'taken') throw new Error('the transcript was taken');
  return outcome.linkId;
};

describe('Azure Table certification store (Azurite)', function () {
  this.timeout(60_000);

  it('the share id is sealed — in no entity in clear — and opens after a restart with the same installation key', async () => {
    const { storage, again } = await newStorage();
    const shareId = 'secretshare8u6awert43q1plo';
    await new AzureCertificationStore(storage).setShareLink(person, 'a', shareId, new Date());
    const everything = JSON.stringify(
      [...(await allEntities(storage, 'CertificationLinks')), ...(await allEntities(storage, 'CertificationDue'))],
      (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v),
    );
    assert.ok(!everything.includes(shareId));
    assert.equal((await new AzureCertificationStore(again()).shareLink(person))?.shareId, shareId);
  });

  it("a sealed share id copied to another person's row does not open", async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const thief = { tenantId: person.tenantId, objectId: 'thief' };
    await store.setShareLink(person, 'a', 'victimsharelink1', new Date());
    await store.setShareLink(thief, 'b', 'thiefsharelink2', new Date());
    const rows = await allEntities(storage, 'CertificationLinks');
    const victimRow = rows.find((r) => r.objectId === person.objectId);
    const thiefRow = rows.find((r) => r.objectId === 'thief');
    assert.ok(victimRow && thiefRow);
    await (
      await storage.table('CertificationLinks')
    ).updateEntity(
      {
        partitionKey: thiefRow.partitionKey ?? '',
        rowKey: thiefRow.rowKey ?? '',
        shareIdSealed: victimRow.shareIdSealed,
      },
      'Merge',
    );
    assert.equal(await store.shareLink(thief), undefined);
    assert.equal((await store.shareLink(person))?.shareId, 'victimsharelink1');
  });

  it('two instances saving and declaring the same person at once both land (a 412 is read again, not lost)', async () => {
    const { storage, again } = await newStorage();
    const one = new AzureCertificationStore(storage);
    const two = new AzureCertificationStore(again());
    const linkId = linkIdOf(await one.setShareLink(person, 'a', 'sharelink0001', new Date('2026-11-24T09:00:00Z')));
    await one.saveCertifications(person, linkId, readOf(record, new Date('2026-11-24T10:00:00Z'), false));
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        one.saveCertifications(person, linkId, readOf(record, new Date(Date.UTC(2026, 10, 24, 11 + i)), false)),
      ),
      two.declareOwnership(person, KEY, 'Adele Vance'),
    ]);
    assert.deepEqual(outcomes, ['saved', 'saved', 'saved', 'saved', 'self-declared']);
    const cached = await two.cached(person);
    assert.equal(cached?.ownership, 'self-declared', 'no save overwrote the declaration');
    assert.deepEqual(cached?.record, record);
    const due = await one.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10);
    assert.deepEqual(due, [person], 'one refresh entry per person, whatever the interleaving');
  });

  it('the largest record the transcript parser keeps (1,000 certifications and 500 exams, 300-character names) is saved and read back whole', async () => {
    const { storage, again } = await newStorage();
    const name = (i: number) =>
      `Microsoft Certified: ${i} ${'é'.repeat(100)} ${randomBytes(100).toString('hex')}`.slice(0, 300);
    const big = {
      certifications: Array.from({ length: 2 * MAX_ENTRIES }, (_, i) => ({
        name: name(i),
        number: `N${i}`,
        status: 'Active',
        earnedOn: new Date(Date.UTC(2025, 0, 1 + (i % 300))),
        expiresOn: null,
        historical: i >= MAX_ENTRIES,
      })),
      exams: Array.from({ length: MAX_ENTRIES }, (_, i) => ({ title: name(i), number: `AZ-${i}`, takenOn: null })),
    };
    assert.ok(Buffer.byteLength(recordToJson(big)) > MAX_CHUNKED_BYTES, 'more than one entity holds uncompressed');
    const store = new AzureCertificationStore(storage);
    const linkId = linkIdOf(await store.setShareLink(person, 'a', 'sharelink0001', new Date()));
    assert.equal(await store.saveCertifications(person, linkId, readOf(big, new Date())), 'saved');
    assert.deepEqual((await new AzureCertificationStore(again()).cached(person))?.record, big);
  });

  it('the refresh list skips an index entry left by a crash, and removes it once it is old', async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const alex = { tenantId: 'tenant-contoso', objectId: 'alex' };
    const linkId = linkIdOf(await store.setShareLink(alex, 'a', 'alexlink0001', new Date('2026-11-24T09:00:00Z')));
    await store.saveCertifications(alex, linkId, readOf(record, new Date('2026-11-24T10:00:00Z')));
    // A crash after the index row of a newer read was written, before the link row was: an entry that matches nothing.
    const due = await storage.table('CertificationDue');
    await due.upsertEntity({
      partitionKey: 'due',
      rowKey: '02026-11-20T00:00:00.000Z|tenant-contoso|alex',
      tenantId: 'tenant-contoso',
      objectId: 'alex',
      dueKey: '02026-11-20T00:00:00.000Z',
    });
    await due.upsertEntity({
      partitionKey: 'due',
      rowKey: '02026-11-20T00:00:00.000Z|tenant-contoso|ghost',
      tenantId: 'tenant-contoso',
      objectId: 'ghost',
      dueKey: '02026-11-20T00:00:00.000Z',
    });
    assert.deepEqual(await store.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10), [alex], 'no ghost, no duplicate');
    assert.deepEqual(await store.dueForRefresh(new Date('2026-11-24T09:30:00Z'), 10), [], 'alex was read at 10:00');
    assert.equal(
      (await allEntities(storage, 'CertificationDue')).length,
      3,
      'young orphans are left alone (a write may be in flight)',
    );
    const anHourLater = new AzureCertificationStore(storage, { now: () => new Date(Date.now() + 60 * 60_000) });
    assert.deepEqual(await anHourLater.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10), [alex]);
    assert.deepEqual(
      (await allEntities(storage, 'CertificationDue')).map((e) => e.objectId),
      ['alex'],
      'old orphans are removed',
    );
  });
});

describe('Azure certification store: transcript claims and rows from before verification (Azurite)', function () {
  this.timeout(60_000);
  const contoso = (objectId: string): PersonKey => ({ tenantId: 'tenant-contoso', objectId });

  it("a transcript claim left by a crash (its holder's row no longer carries it) is taken over, not refused", async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const table = await storage.table('CertificationLinks');
    await table.createEntity({ partitionKey: 'tenant-contoso', rowKey: `t|${KEY}`, holderObject: 'ghost' });
    linkIdOf(await store.setShareLink(contoso('alex'), 'a', 'alexlink0001', new Date(), readOf(record, new Date())));
    assert.equal((await store.cached(contoso('alex')))?.transcriptKey, KEY);
    assert.equal(
      await store.setShareLink(contoso('megan'), 'b', 'copy', new Date(), readOf(record, new Date(), false)),
      'taken',
      "now it is Alex's",
    );
  });

  it("deleting a person leaves no claim naming them; a decision's audit entry keeps no id of someone who deleted their data", async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const adele = contoso('adele');
    linkIdOf(await store.setShareLink(adele, 'a', 'nestorlink', new Date(), readOf(record, new Date(), false)));
    await store.declareOwnership(adele, KEY, 'Adele Vance');
    assert.equal(await store.decide(adele, KEY, 'declined', 'patti', new Date()), 'decided');
    await store.deletePerson(adele);
    await store.eraseFromDecisions(adele, new Date());
    const entities = JSON.stringify(await allEntities(storage, 'CertificationLinks'));
    assert.ok(!entities.includes('"adele"'), entities);
    assert.ok(!entities.includes('Adele Vance'), entities);
    assert.equal((await store.decisions('tenant-contoso', new Date()))[0]?.decision, 'declined');
  });

  it('a row saved before transcripts were verified counts as never read: no certifications, nothing counts, due for the refresh', async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const lee = contoso('lee');
    const linkId = linkIdOf(await store.setShareLink(lee, 'a', 'leegu2transcript04', new Date('2026-11-24T09:00:00Z')));
    await store.saveCertifications(lee, linkId, readOf(record, new Date('2026-11-24T10:00:00Z')));
    // What the previous release wrote: an ownership of its own, no transcript key.
    await (
      await storage.table('CertificationLinks')
    ).updateEntity(
      { partitionKey: 'tenant-contoso', rowKey: 'lee', ownership: 'confirmed', transcriptKey: '' },
      'Merge',
    );
    const cached = await store.cached(lee);
    assert.deepEqual(
      [cached?.ownership, cached?.record, cached?.fetchedAt, cached?.transcriptKey],
      ['unchecked', null, null, null],
    );
    assert.equal((await store.shareLink(lee))?.shareId, 'leegu2transcript04', 'the link stays');
    assert.equal(
      await store.saveCertifications(lee, linkId, readOf(record, new Date('2026-11-25T10:00:00Z'))),
      'saved',
    );
    assert.equal((await store.cached(lee))?.ownership, 'email-matched');
  });
});

/** The same storage, counting the Table calls each table receives. */
function counting(storage: AzureStorage): { storage: AzureStorage; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    calls,
    storage: {
      description: storage.description,
      queue: (name) => storage.queue(name),
      table: async (name) => {
        const client = await storage.table(name);
        return new Proxy(client, {
          get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (typeof value !== 'function' || typeof property !== 'string') return value;
            return (...args: unknown[]): unknown => {
              const key = `${name}.${property}`;
              calls.set(key, (calls.get(key) ?? 0) + 1);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
      },
    },
  };
}

describe('Azure certification store reads only what a call needs (Azurite)', function () {
  this.timeout(60_000);

  it('the daily refresh reads the due index and one link per person returned, never a scan of the links', async () => {
    const { storage } = await newStorage();
    const writer = new AzureCertificationStore(storage);
    for (let i = 0; i < 20; i += 1) {
      const p = { tenantId: `tenant-${i % 4}`, objectId: `person-${String(i).padStart(2, '0')}` };
      const linkId = linkIdOf(await writer.setShareLink(p, 'a', `sharelink${i}`, new Date('2026-11-24T09:00:00Z')));
      await writer.saveCertifications(
        p,
        linkId,
        readOf(record, new Date(Date.UTC(2026, 10, 24, 10, i)), true, String(i).padStart(64, '0')),
      );
    }
    const spy = counting(storage);
    const due = await new AzureCertificationStore(spy.storage).dueForRefresh(new Date('2026-11-25T00:00:00Z'), 3);
    assert.deepEqual(
      due.map((p) => p.objectId),
      ['person-00', 'person-01', 'person-02'],
      'oldest read first',
    );
    assert.equal(spy.calls.get('CertificationLinks.listEntities'), undefined, 'no query over the links table');
    assert.equal(spy.calls.get('CertificationLinks.getEntity'), 3, 'one point read per person returned');
    spy.calls.clear();
    const tenant = await new AzureCertificationStore(spy.storage).cachedInTenant('tenant-1');
    assert.deepEqual(
      tenant.map((e) => e.objectId),
      ['person-01', 'person-05', 'person-09', 'person-13', 'person-17'],
    );
    assert.deepEqual([...spy.calls.keys()], ['CertificationLinks.listEntities'], 'one partition query');
  });
});
