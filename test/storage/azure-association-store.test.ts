// Associations on Azure Table Storage: the association contract on a real Azurite, and
// what only a distributed store can get wrong — two instances racing, and a link or move that
// stopped half-way (a crash between its steps) being completed or undone by the next operation.
import assert from 'node:assert/strict';
import type { AssociationStore, LinkOutcome } from '../../src/associations/association-store';
import {
  createAzureAssociationStore,
  type AzureAssociationStoreOptions,
} from '../../src/storage/azure/azure-association-store';
import type { ClaimStep } from '../../src/storage/azure/azure-association-claims';
import { azureInstallationSecret } from '../../src/storage/azure/azure-installation-secret';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import {
  at,
  contoso,
  describeAssociationStoreContract,
  fabrikam,
  msa,
  northwind,
} from '../associations/association-store.contract';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

async function storesOn(prefix = uniquePrefix()) {
  const azurite = await sharedAzurite();
  return (options: AzureAssociationStoreOptions = {}): AssociationStore =>
    createAzureAssociationStore(createAzureStorage(azurite.auth, prefix), options);
}

function expectKind<K extends LinkOutcome['kind']>(outcome: LinkOutcome, kind: K): Extract<LinkOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, JSON.stringify(outcome));
  return outcome as Extract<LinkOutcome, { kind: K }>;
}

/** A store whose process "crashes" (throws) right after `step`. */
function crashingAfter(
  open: (options?: AzureAssociationStoreOptions) => AssociationStore,
  step: ClaimStep,
): AssociationStore {
  return open({
    afterStep: (reached) =>
      reached === step ? Promise.reject(new Error(`simulated crash after ${step}`)) : Promise.resolve(),
  });
}

describe('associations on Azure Table Storage (Azurite)', function () {
  this.timeout(60_000);

  describeAssociationStoreContract('Azure Table (Azurite)', async () => {
    const open = await storesOn();
    return { store: open(), reopen: () => Promise.resolve(open()), cleanup: () => Promise.resolve() };
  });

  it('concurrent instances agree on one installation secret', async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    const secrets = await Promise.all(
      [1, 2, 3, 4].map(() => azureInstallationSecret(createAzureStorage(azurite.auth, prefix), 'audit-account-key')),
    );
    assert.equal(secrets[0]?.length, 32);
    for (const secret of secrets) assert.ok(secret.equals(secrets[0]), 'every instance reads the same secret');
    const other = await azureInstallationSecret(createAzureStorage(azurite.auth, uniquePrefix()), 'audit-account-key');
    assert.ok(!other.equals(secrets[0]), 'another installation has its own');
  });

  it('two instances pressing remove at once: one removes, one audit entry', async () => {
    const open = await storesOn();
    const [one, two] = [open(), open()];
    const linked = expectKind(
      await one.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
      'linked',
    );
    const outcomes = await Promise.all([
      one.remove(contoso('adele'), 'training', linked.association.id, at(1)),
      two.remove(contoso('adele'), 'training', linked.association.id, at(1)),
      two.remove(contoso('adele'), 'training', linked.association.id, at(1)),
    ]);
    assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['already-removed', 'already-removed', 'removed']);
    const audit = (await two.exportUserData(contoso('adele'))).audit.map((e) => e.action);
    assert.deepEqual(audit, ['link', 'remove']);
  });

  it('two instances linking one account for two colleagues, and one person linking two accounts: one winner each', async () => {
    const open = await storesOn();
    const [one, two] = [open(), open()];
    const colleagues = await Promise.all([
      one.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0)),
      two.link({ user: contoso('alex'), purpose: 'learning', personal: msa('p1') }, at(0)),
    ]);
    assert.deepEqual(colleagues.map((o) => o.kind).sort(), ['held-by-colleague', 'linked']);
    const self = await Promise.all([
      one.link({ user: contoso('nina'), purpose: 'training', personal: msa('p2') }, at(0)),
      two.link({ user: contoso('nina'), purpose: 'training', personal: msa('p3') }, at(0)),
    ]);
    assert.deepEqual(self.map((o) => o.kind).sort(), ['linked', 'purpose-taken']);
    const winner = self.find((o) => o.kind === 'linked');
    assert.deepEqual(
      (await one.list(contoso('nina'))).map((a) => a.personal.accountId),
      [winner?.kind === 'linked' ? winner.association.personal.accountId : ''],
    );
    // The loser's account is free again for a colleague; the winner's is not.
    const loser = winner?.kind === 'linked' && winner.association.personal.accountId === 'p2' ? 'p3' : 'p2';
    expectKind(await two.link({ user: contoso('megan'), purpose: 'training', personal: msa(loser) }, at(1)), 'linked');
    const colleagueWinner = colleagues[0]?.kind === 'linked' ? 'adele' : 'alex';
    const audits = await Promise.all(
      ['adele', 'alex', 'nina'].map(async (id) => (await one.exportUserData(contoso(id))).audit.map((e) => e.action)),
    );
    assert.deepEqual(
      audits,
      [colleagueWinner === 'adele' ? ['link'] : [], colleagueWinner === 'alex' ? ['link'] : [], ['link']],
      'one audit entry per association made, none for a refusal',
    );
  });

  it('two instances confirming one move at once: it moves once', async () => {
    const open = await storesOn();
    const [one, two] = [open(), open()];
    await one.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
    const ask = expectKind(
      await two.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
      'move-needs-confirmation',
    );
    const outcomes = await Promise.all([
      one.confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
      two.confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
    ]);
    assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['linked', 'move-expired']);
    assert.deepEqual(
      (await one.exportUserData(contoso('adele'))).audit.map((e) => e.action),
      ['link', 'move-out'],
    );
    assert.deepEqual(
      (await two.exportUserData(fabrikam('diego'))).audit.map((e) => e.action),
      ['move-in'],
    );
  });

  it('two organizations confirming moves of one Learning account at once: it moves once, the other is told when it may', async () => {
    const open = await storesOn();
    const [one, two] = [open(), open()];
    await one.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
    const askF = expectKind(
      await one.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
      'move-needs-confirmation',
    );
    const askN = expectKind(
      await two.link({ user: northwind('nina'), purpose: 'learning', personal: msa('p1') }, at(31)),
      'move-needs-confirmation',
    );
    const outcomes = await Promise.all([
      one.confirmMove(fabrikam('diego'), askF.pendingId, at(31)),
      two.confirmMove(northwind('nina'), askN.pendingId, at(31)),
    ]);
    assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['cool-off', 'linked']);
    const holders = [
      ...(await one.list(contoso('adele'))),
      ...(await one.list(fabrikam('diego'))),
      ...(await two.list(northwind('nina'))),
    ];
    assert.equal(holders.length, 1, 'exactly one organization holds it');
    const moveIns = [
      ...(await one.exportUserData(fabrikam('diego'))).audit,
      ...(await one.exportUserData(northwind('nina'))).audit,
    ].map((e) => e.action);
    assert.deepEqual(moveIns, ['move-in']);
    assert.deepEqual(
      (await one.exportUserData(contoso('adele'))).audit.map((e) => e.action),
      ['link', 'move-out'],
    );
  });

  it('a card with a made-up pending move id is told the move expired, whatever the id holds', async () => {
    const store = (await storesOn())();
    await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
    const ask = expectKind(
      await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
      'move-needs-confirmation',
    );
    for (const forged of ['../x#?/\\', `${ask.pendingId}/..`, 'x'.repeat(10_000), '', '\u0000']) {
      assert.deepEqual(
        await store.confirmMove(fabrikam('diego'), forged, at(31)),
        { kind: 'move-expired' },
        JSON.stringify(forged.slice(0, 20)),
      );
      await store.cancelMove(fabrikam('diego'), forged);
    }
    expectKind(await store.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), 'linked');
  });

  it('after "delete my data" no row holds the personal id, the masked address or the name; what the 365-day rule needs ends on time', async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    const storage = createAzureStorage(azurite.auth, prefix);
    const store = createAzureAssociationStore(storage);
    const megan = { accountId: '00a1b2c3d4e5f603', displayName: 'Megan Bowen', maskedEmail: 'm***@outlook.com' };
    await store.link({ user: contoso('adele'), purpose: 'learning', personal: megan }, at(0));
    await store.link({ user: contoso('adele'), purpose: 'training', personal: megan }, at(0));
    await store.link(
      {
        user: contoso('alex'),
        purpose: 'training',
        personal: { accountId: '00a1b2c3d4e5f602', displayName: 'Alex Wilber', maskedEmail: 'a***@hotmail.com' },
      },
      at(0),
    );
    const table = await storage.table('Associations');
    const dump = async () => {
      const rows: unknown[] = [];
      for await (const row of table.listEntities()) rows.push(row);
      return JSON.stringify(rows).toLowerCase();
    };
    const before = await dump();
    assert.ok(
      before.includes('m***@outlook.com') && before.includes(megan.accountId),
      'the test looks for what was there',
    );
    assert.deepEqual(await store.deleteUserData(contoso('adele'), at(5)), { removed: 2 });
    const after = await dump();
    for (const secret of [megan.accountId, 'a1b2c3d4e5f603', 'megan bowen', 'm***@outlook.com', 'contoso adele'])
      assert.ok(!after.includes(secret), `no row holds ${secret}`);
    assert.ok(after.includes('a***@hotmail.com'), "alex's data stays");
    assert.deepEqual(
      (await store.exportUserData(contoso('adele'))).audit.map((e) => e.action),
      ['delete-data'],
    );
    assert.deepEqual(await store.purgeExpiredAudit(at(364)), { purged: 0 });
    assert.deepEqual(
      await store.purgeExpiredAudit(at(365)),
      { purged: 1 },
      'the Learning start, a year after it happened',
    );
    assert.deepEqual(
      await store.purgeExpiredAudit(at(370)),
      { purged: 1 },
      'the record of the deletion, a year after it',
    );
    assert.deepEqual((await store.exportUserData(contoso('adele'))).audit, []);
    assert.deepEqual(
      (await store.exportUserData(contoso('alex'))).audit.map((e) => e.action),
      ['link'],
      'a person who kept their data keeps their log',
    );
  });

  describe('a move stopped half-way is repaired by the next operation', () => {
    for (const step of ['committed', 'activated'] as const) {
      it(`crash after the claim is ${step}: the next look at either person completes the move`, async () => {
        const open = await storesOn();
        await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
        const ask = expectKind(
          await open().link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
          'move-needs-confirmation',
        );
        await assert.rejects(
          crashingAfter(open, step).confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
          /simulated crash/,
        );
        const next = open();
        assert.deepEqual(await next.list(contoso('adele')), [], 'the old organization no longer holds it');
        assert.deepEqual(
          (await next.list(fabrikam('diego'))).map((a) => a.personal.accountId),
          ['p1'],
        );
        assert.deepEqual(
          (await next.exportUserData(contoso('adele'))).audit.map((e) => e.action),
          ['link', 'move-out'],
        );
        assert.deepEqual(
          (await next.exportUserData(fabrikam('diego'))).audit.map((e) => e.action),
          ['move-in'],
        );
        // The move counted once: the next one is 30 days after it.
        expectKind(
          await next.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(40)),
          'cool-off',
        );
      });
    }

    it('crash after the claim is committed: a link of the same account by someone else completes it first', async () => {
      const open = await storesOn();
      await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const ask = expectKind(
        await open().link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      await assert.rejects(
        crashingAfter(open, 'committed').confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
        /simulated crash/,
      );
      // A colleague of diego's tries the same account: it is now held in fabrikam.
      assert.deepEqual(
        await open().link({ user: fabrikam('megan'), purpose: 'learning', personal: msa('p1') }, at(80)),
        { kind: 'held-by-colleague' },
      );
      assert.deepEqual(await open().list(contoso('adele')), []);
    });

    it('crash after the slot is reserved, before the claim: once the lease is over it is undone and nothing moved', async () => {
      const open = await storesOn();
      await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const ask = expectKind(
        await open().link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      await assert.rejects(
        crashingAfter(open, 'reserved').confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
        /simulated crash/,
      );
      const during = open();
      assert.deepEqual(await during.list(fabrikam('diego')), [], 'a reservation is never shown as linked');
      const next = open({ leaseMs: 0 });
      assert.deepEqual(await next.list(fabrikam('diego')), []);
      assert.deepEqual(
        (await next.list(contoso('adele'))).map((a) => a.personal.accountId),
        ['p1'],
        'the old organization still holds it',
      );
      assert.deepEqual((await next.exportUserData(fabrikam('diego'))).audit, []);
      // The confirmation was used; asking again works and is not blocked by the crashed attempt.
      const again = expectKind(
        await next.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      expectKind(await next.confirmMove(fabrikam('diego'), again.pendingId, at(31)), 'linked');
      assert.deepEqual(await next.list(contoso('adele')), []);
    });

    it('crash after the new holder is activated, then the new holder deletes their data: the move completes first, one holder at most', async () => {
      const open = await storesOn();
      await open().link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const ask = expectKind(
        await open().link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      await assert.rejects(
        crashingAfter(open, 'activated').confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
        /simulated crash/,
      );
      const next = open();
      assert.deepEqual(await next.deleteUserData(fabrikam('diego'), at(32)), { removed: 1 });
      assert.deepEqual(await next.list(contoso('adele')), [], 'the old organization does not silently keep it');
      assert.deepEqual(
        (await next.exportUserData(contoso('adele'))).audit.map((e) => e.action),
        ['link', 'move-out'],
      );
      const relinked = expectKind(
        await next.link({ user: northwind('nina'), purpose: 'learning', personal: msa('p1') }, at(80)),
        'linked',
      );
      assert.equal(relinked.moved, false, 'nobody holds it any more');
      // Both earlier starts still count: a fourth within the year is refused.
      await next.remove(northwind('nina'), 'learning', relinked.association.id, at(81));
      expectKind(
        await next.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(120)),
        'yearly-limit',
      );
    });

    it('crash in a remove before the claim was freed: a colleague can link the account next', async () => {
      const open = await storesOn();
      const store = open();
      const linked = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        'linked',
      );
      await assert.rejects(
        crashingAfter(open, 'slot-emptied').remove(contoso('adele'), 'training', linked.association.id, at(1)),
        /simulated crash/,
      );
      assert.deepEqual(await open().list(contoso('adele')), []);
      expectKind(
        await open().link({ user: contoso('alex'), purpose: 'training', personal: msa('p1') }, at(1)),
        'linked',
      );
      assert.equal(linked.association.personal.accountId, 'p1');
    });
  });

  it('reports unhealthy, saying why, when Azure Storage does not answer', async () => {
    const store = createAzureAssociationStore(
      createAzureStorage(
        {
          kind: 'connection-string',
          connectionString:
            'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;',
        },
        uniquePrefix(),
      ),
    );
    const health = await store.health();
    assert.equal(health.ok, false);
    assert.match(health.detail, /azure table unavailable: (no connection|no answer within 3 s)/);
    assert.doesNotMatch(
      health.detail,
      /devstoreaccount1|127\.0\.0\.1/,
      '/healthz answers anyone: no account or address in it',
    );
  });
});
