// Listing a person's associations on Azure Table Storage: both slots in one query, and their claims
// read alongside when this instance has read the person before. What that remembering must never
// do is hide a change made on another instance; what it must do is save a round trip.
import assert from 'node:assert/strict';
import type { AssociationStore, LinkOutcome, RemoveOutcome } from '../../src/associations/association-store';
import type { ClaimStep } from '../../src/storage/azure/azure-association-claims';
import {
  createAzureAssociationStore,
  type AzureAssociationStoreOptions,
} from '../../src/storage/azure/azure-association-store';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { at, contoso, fabrikam, msa } from '../associations/association-store.contract';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { StorageRequests } from '../support/storage-requests';

function expectKind<O extends LinkOutcome | RemoveOutcome, K extends O['kind']>(
  outcome: O,
  kind: K,
): Extract<O, { kind: K }> {
  assert.equal(outcome.kind, kind, JSON.stringify(outcome));
  return outcome as Extract<O, { kind: K }>;
}

const accounts = async (store: AssociationStore, user: ReturnType<typeof contoso>) =>
  (await store.list(user)).map((a) => `${a.purpose}:${a.personal.accountId}`);

describe('listing associations on Azure Table Storage, with several instances', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let open: (options?: AzureAssociationStoreOptions) => AssociationStore;

  beforeEach(async () => {
    azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    open = (options = {}) => createAzureAssociationStore(createAzureStorage(azurite.auth, prefix), options);
  });

  it('an instance that showed a person their accounts shows what another instance changed since: removed, linked again, another account', async () => {
    const [watcher, other] = [open(), open()];
    const first = expectKind(
      await other.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
      'linked',
    );
    await other.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p9') }, at(0));
    assert.deepEqual(await accounts(watcher, contoso('adele')), ['training:p1', 'learning:p9']);
    expectKind(await other.remove(contoso('adele'), 'training', first.association.id, at(1)), 'removed');
    assert.deepEqual(await accounts(watcher, contoso('adele')), ['learning:p9']);
    expectKind(await other.link({ user: contoso('adele'), purpose: 'training', personal: msa('p2') }, at(2)), 'linked');
    assert.deepEqual(await accounts(watcher, contoso('adele')), ['training:p2', 'learning:p9']);
    const second = (await other.list(contoso('adele'))).find((a) => a.purpose === 'training');
    expectKind(await other.remove(contoso('adele'), 'training', second?.id ?? '', at(3)), 'removed');
    expectKind(await other.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(4)), 'linked');
    const shown = (await watcher.list(contoso('adele'))).find((a) => a.purpose === 'training');
    assert.equal(shown?.personal.accountId, 'p1');
    assert.notEqual(shown?.id, first.association.id, 'the new association, not the one it showed before');
  });

  it('an instance that showed a person their Learning account shows it gone once another instance moved it away', async () => {
    const [watcher, other] = [open(), open()];
    await other.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
    assert.deepEqual(await accounts(watcher, contoso('adele')), ['learning:p1']);
    const ask = expectKind(
      await other.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
      'move-needs-confirmation',
    );
    expectKind(await other.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), 'linked');
    assert.deepEqual(await accounts(watcher, contoso('adele')), []);
    assert.deepEqual(await accounts(watcher, fabrikam('diego')), ['learning:p1']);
  });

  for (const step of ['committed', 'activated'] as ClaimStep[]) {
    it(`a move that stopped after the claim was ${step}, on another instance, is completed by an instance that had shown both people before`, async () => {
      const watcher = open();
      await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      await open().link({ user: fabrikam('diego'), purpose: 'training', personal: msa('p5') }, at(0));
      assert.deepEqual(await accounts(watcher, contoso('adele')), ['learning:p1']);
      assert.deepEqual(await accounts(watcher, fabrikam('diego')), ['training:p5']);
      const ask = expectKind(
        await open().link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      const crashing = open({
        afterStep: (reached) =>
          reached === step ? Promise.reject(new Error(`simulated crash after ${step}`)) : Promise.resolve(),
      });
      await assert.rejects(crashing.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), /simulated crash/);
      assert.deepEqual(await accounts(watcher, contoso('adele')), [], 'the old organization no longer holds it');
      assert.deepEqual(await accounts(watcher, fabrikam('diego')), ['training:p5', 'learning:p1']);
      assert.deepEqual(
        (await watcher.exportUserData(contoso('adele'))).audit.map((e) => e.action),
        ['link', 'move-out'],
      );
    });
  }

  for (const step of ['committed', 'activated'] as ClaimStep[]) {
    it(`a Partner University link that stopped after the claim was ${step} is shown linked, and the account stays the holder's until removed`, async () => {
      const crashing = open({
        afterStep: (reached) =>
          reached === step ? Promise.reject(new Error(`simulated crash after ${step}`)) : Promise.resolve(),
      });
      await assert.rejects(
        crashing.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        /simulated crash/,
      );
      const [watcher, other] = [open(), open()];
      const [shown] = await watcher.list(contoso('adele'));
      assert.equal(shown?.personal.accountId, 'p1');
      assert.deepEqual(await other.link({ user: contoso('alex'), purpose: 'training', personal: msa('p1') }, at(1)), {
        kind: 'held-by-colleague',
      });
      expectKind(
        await watcher.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(1)),
        'already-linked',
      );
      expectKind(await other.remove(contoso('adele'), 'training', shown?.id ?? '', at(2)), 'removed');
      expectKind(
        await watcher.link({ user: contoso('alex'), purpose: 'training', personal: msa('p1') }, at(3)),
        'linked',
      );
      assert.deepEqual(
        (await watcher.exportUserData(contoso('adele'))).audit.map((e) => e.action),
        ['link', 'remove'],
      );
    });
  }

  it('a person this instance read before is listed in one round trip; the first time, or with nothing linked, as few as the rows allow', async () => {
    const store = open();
    await open().link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0));
    await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p2') }, at(0));
    await store.list(contoso('nobody')); // the table and the secret, once per instance
    const requests = new StorageRequests([azurite.tableUrl]).start();
    try {
      const counted = async (user: ReturnType<typeof contoso>) => {
        requests.take();
        await store.list(user);
        const { requests: count, roundTrips } = requests.take();
        return { count, roundTrips };
      };
      assert.deepEqual(
        await counted(contoso('adele')),
        { count: 2, roundTrips: 2 },
        'first time: the slots in one query, then the Learning claim',
      );
      assert.deepEqual(
        await counted(contoso('adele')),
        { count: 2, roundTrips: 1 },
        'after that: the slots and the Learning claim at once',
      );
      assert.deepEqual(await counted(contoso('alex')), { count: 1, roundTrips: 1 }, 'nothing linked: one query');
      await open().link({ user: contoso('nina'), purpose: 'training', personal: msa('p3') }, at(0));
      assert.deepEqual(
        await counted(contoso('nina')),
        { count: 1, roundTrips: 1 },
        'Partner University access only: one query',
      );
    } finally {
      requests.stop();
    }
  });
});
