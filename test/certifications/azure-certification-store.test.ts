// The Azure Table CertificationStore on a real Azurite: the shared contract, plus what only this
// engine can show — the share id is in no entity in clear, concurrent writers both land (412 ->
// read again), and the refresh index survives a crash between its writes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TableEntityResult } from '@azure/data-tables';
import type { PersonKey } from '../../src/certifications/certification-store';
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
  return { store: new AzureCertificationStore(storage), reopen: () => Promise.resolve(new AzureCertificationStore(again())), cleanup: () => Promise.resolve() };
});

async function allEntities(storage: AzureStorage, table: string): Promise<TableEntityResult<Record<string, unknown>>[]> {
  const found: TableEntityResult<Record<string, unknown>>[] = [];
  for await (const entity of (await storage.table(table)).listEntities<Record<string, unknown>>()) found.push(entity);
  return found;
}

const record = { certifications: [{ name: 'Microsoft Certified: Azure Administrator Associate', number: 'X1', status: 'Active', earnedOn: null, expiresOn: null, historical: false }], exams: [] };
const person: PersonKey = { tenantId: 'tenant/contoso#1', objectId: 'adele?' };

describe('issue 10.1 Azure Table certification store (Azurite)', function () {
  this.timeout(60_000);

  it('issue 10.1: the share id is sealed — in no entity in clear — and opens after a restart with the same installation key', async () => {
    const { storage, again } = await newStorage();
    const shareId = 'secretshare8u6awert43q1plo';
    await new AzureCertificationStore(storage).setShareLink(person, 'a', shareId, new Date());
    const everything = JSON.stringify([...(await allEntities(storage, 'CertificationLinks')), ...(await allEntities(storage, 'CertificationDue'))], (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    assert.ok(!everything.includes(shareId));
    assert.equal((await new AzureCertificationStore(again()).shareLink(person))?.shareId, shareId);
  });

  it('issue 10.1: a sealed share id copied to another person\'s row does not open', async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const thief = { tenantId: person.tenantId, objectId: 'thief' };
    await store.setShareLink(person, 'a', 'victimsharelink1', new Date());
    await store.setShareLink(thief, 'b', 'thiefsharelink2', new Date());
    const rows = await allEntities(storage, 'CertificationLinks');
    const victimRow = rows.find((r) => r.objectId === person.objectId);
    const thiefRow = rows.find((r) => r.objectId === 'thief');
    assert.ok(victimRow && thiefRow);
    await (await storage.table('CertificationLinks')).updateEntity({ partitionKey: thiefRow.partitionKey ?? '', rowKey: thiefRow.rowKey ?? '', shareIdSealed: victimRow.shareIdSealed }, 'Merge');
    assert.equal(await store.shareLink(thief), undefined);
    assert.equal((await store.shareLink(person))?.shareId, 'victimsharelink1');
  });

  it('issue 10.1: two instances saving and confirming the same person at once both land (a 412 is read again, not lost)', async () => {
    const { storage, again } = await newStorage();
    const one = new AzureCertificationStore(storage);
    const two = new AzureCertificationStore(again());
    const { linkId } = await one.setShareLink(person, 'a', 'sharelink0001', new Date('2026-11-24T09:00:00Z'));
    await one.saveCertifications(person, linkId, record, new Date('2026-11-24T10:00:00Z'), 'different');
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => one.saveCertifications(person, linkId, record, new Date(Date.UTC(2026, 10, 24, 11 + i)), 'different')),
      two.confirmOwnership(person, linkId),
    ]);
    assert.deepEqual(outcomes, ['saved', 'saved', 'saved', 'saved', 'confirmed']);
    const cached = await two.cached(person);
    assert.equal(cached?.ownership, 'confirmed', 'no save overwrote the confirmation');
    assert.deepEqual(cached?.record, record);
    const due = await one.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10);
    assert.deepEqual(due, [person], 'one refresh entry per person, whatever the interleaving');
  });

  it('issue 10.1: the largest record the transcript parser keeps (1,000 certifications and 500 exams, 300-character names) is saved and read back whole', async () => {
    const { storage, again } = await newStorage();
    const name = (i: number) => `Microsoft Certified: ${i} ${'é'.repeat(100)} ${randomBytes(100).toString('hex')}`.slice(0, 300);
    const big = {
      certifications: Array.from({ length: 2 * MAX_ENTRIES }, (_, i) => ({ name: name(i), number: `N${i}`, status: 'Active', earnedOn: new Date(Date.UTC(2025, 0, 1 + (i % 300))), expiresOn: null, historical: i >= MAX_ENTRIES })),
      exams: Array.from({ length: MAX_ENTRIES }, (_, i) => ({ title: name(i), number: `AZ-${i}`, takenOn: null })),
    };
    assert.ok(Buffer.byteLength(recordToJson(big)) > MAX_CHUNKED_BYTES, 'more than one entity holds uncompressed');
    const store = new AzureCertificationStore(storage);
    const { linkId } = await store.setShareLink(person, 'a', 'sharelink0001', new Date());
    assert.equal(await store.saveCertifications(person, linkId, big, new Date(), 'consistent'), 'saved');
    assert.deepEqual((await new AzureCertificationStore(again()).cached(person))?.record, big);
  });

  it('issue 10.1: the refresh list skips an index entry left by a crash, and removes it once it is old', async () => {
    const { storage } = await newStorage();
    const store = new AzureCertificationStore(storage);
    const alex = { tenantId: 'tenant-contoso', objectId: 'alex' };
    const { linkId } = await store.setShareLink(alex, 'a', 'alexlink0001', new Date('2026-11-24T09:00:00Z'));
    await store.saveCertifications(alex, linkId, record, new Date('2026-11-24T10:00:00Z'), 'consistent');
    // A crash after the index row of a newer read was written, before the link row was: an entry that matches nothing.
    const due = await storage.table('CertificationDue');
    await due.upsertEntity({ partitionKey: 'due', rowKey: '02026-11-20T00:00:00.000Z|tenant-contoso|alex', tenantId: 'tenant-contoso', objectId: 'alex', dueKey: '02026-11-20T00:00:00.000Z' });
    await due.upsertEntity({ partitionKey: 'due', rowKey: '02026-11-20T00:00:00.000Z|tenant-contoso|ghost', tenantId: 'tenant-contoso', objectId: 'ghost', dueKey: '02026-11-20T00:00:00.000Z' });
    assert.deepEqual(await store.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10), [alex], 'no ghost, no duplicate');
    assert.deepEqual(await store.dueForRefresh(new Date('2026-11-24T09:30:00Z'), 10), [], 'alex was read at 10:00');
    assert.equal((await allEntities(storage, 'CertificationDue')).length, 3, 'young orphans are left alone (a write may be in flight)');
    const anHourLater = new AzureCertificationStore(storage, { now: () => new Date(Date.now() + 60 * 60_000) });
    assert.deepEqual(await anHourLater.dueForRefresh(new Date('2026-11-25T00:00:00Z'), 10), [alex]);
    assert.deepEqual((await allEntities(storage, 'CertificationDue')).map((e) => e.objectId), ['alex'], 'old orphans are removed');
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

describe('issue 10.1 Azure certification store reads only what a call needs (Azurite)', function () {
  this.timeout(60_000);

  it('issue 10.1: the daily refresh reads the due index and one link per person returned, never a scan of the links', async () => {
    const { storage } = await newStorage();
    const writer = new AzureCertificationStore(storage);
    for (let i = 0; i < 20; i += 1) {
      const p = { tenantId: `tenant-${i % 4}`, objectId: `person-${String(i).padStart(2, '0')}` };
      const { linkId } = await writer.setShareLink(p, 'a', `sharelink${i}`, new Date('2026-11-24T09:00:00Z'));
      await writer.saveCertifications(p, linkId, record, new Date(Date.UTC(2026, 10, 24, 10, i)), 'consistent');
    }
    const spy = counting(storage);
    const due = await new AzureCertificationStore(spy.storage).dueForRefresh(new Date('2026-11-25T00:00:00Z'), 3);
    assert.deepEqual(due.map((p) => p.objectId), ['person-00', 'person-01', 'person-02'], 'oldest read first');
    assert.equal(spy.calls.get('CertificationLinks.listEntities'), undefined, 'no query over the links table');
    assert.equal(spy.calls.get('CertificationLinks.getEntity'), 3, 'one point read per person returned');
    spy.calls.clear();
    const tenant = await new AzureCertificationStore(spy.storage).cachedInTenant('tenant-1');
    assert.deepEqual(tenant.map((e) => e.objectId), ['person-01', 'person-05', 'person-09', 'person-13', 'person-17']);
    assert.deepEqual([...spy.calls.keys()], ['CertificationLinks.listEntities'], 'one partition query');
  });
});
