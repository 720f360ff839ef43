// One contract for every AssociationStore adapter (SQLite and Azure Table Storage): the
// association rules as observable outcomes, with exact dates.
import assert from 'node:assert/strict';
import type { AssociationStore, LinkOutcome } from '../../src/associations/association-store';
import type { PersonalAccount, WorkUser } from '../../src/associations/model';

export interface StoreFixture {
  store: AssociationStore;
  /** Closes and opens the same data again (a restart). */
  reopen: () => Promise<AssociationStore>;
  cleanup: () => Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-01-10T12:00:00Z');
/** The contract's dates: `days` after its first day. */
export const at = (days: number) => new Date(T0.getTime() + days * DAY);

export const contoso = (id: string): WorkUser => ({
  tenantId: 'tenant-contoso',
  objectId: id,
  displayName: `Contoso ${id}`,
});
export const fabrikam = (id: string): WorkUser => ({
  tenantId: 'tenant-fabrikam',
  objectId: id,
  displayName: `Fabrikam ${id}`,
});
export const northwind = (id: string): WorkUser => ({
  tenantId: 'tenant-northwind',
  objectId: id,
  displayName: `Northwind ${id}`,
});
export const msa = (id: string): PersonalAccount => ({
  accountId: id,
  displayName: `Person ${id}`,
  maskedEmail: `${id[0]}***@outlook.com`,
});

function expectKind<K extends LinkOutcome['kind']>(outcome: LinkOutcome, kind: K): Extract<LinkOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, JSON.stringify(outcome));
  return outcome as Extract<LinkOutcome, { kind: K }>;
}

export function describeAssociationStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`AssociationStore contract: ${name}`, () => {
    let f: StoreFixture;
    let store: AssociationStore;
    beforeEach(async () => {
      f = await makeFixture();
      store = f.store;
    });
    afterEach(async () => f.cleanup());

    it('links, lists, and answers already-linked / purpose-taken without changing anything', async () => {
      const linked = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        'linked',
      );
      assert.equal(linked.moved, false);
      assert.deepEqual(
        (await store.list(contoso('adele'))).map((a) => [a.purpose, a.personal.accountId, a.linkedAt.toISOString()]),
        [['training', 'p1', at(0).toISOString()]],
      );
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(1)),
        'already-linked',
      );
      const taken = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p2') }, at(1)),
        'purpose-taken',
      );
      assert.equal(taken.association.personal.accountId, 'p1');
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(1)),
        'linked',
      );
      assert.equal((await store.list(contoso('adele'))).length, 2);
    });

    it('refuses a personal account a colleague holds in the same organization, for either purpose', async () => {
      await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0));
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      assert.deepEqual(await store.link({ user: contoso('alex'), purpose: 'training', personal: msa('p1') }, at(1)), {
        kind: 'held-by-colleague',
      });
      assert.deepEqual(await store.link({ user: contoso('alex'), purpose: 'learning', personal: msa('p1') }, at(40)), {
        kind: 'held-by-colleague',
      });
      assert.deepEqual(await store.list(contoso('alex')), []);
    });

    it('allows the same personal account for training in two organizations', async () => {
      await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0));
      expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'training', personal: msa('p1') }, at(0)),
        'linked',
      );
    });

    it('moves a Learning account between organizations only after confirmation, then credits one organization', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const ask = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      assert.equal(ask.expiresAt.toISOString(), new Date(at(31).getTime() + 15 * 60 * 1000).toISOString());
      assert.equal((await store.list(contoso('adele'))).length, 1, 'nothing moves before confirmation');
      assert.deepEqual(
        await store.confirmMove(contoso('alex'), ask.pendingId, at(31)),
        { kind: 'move-expired' },
        'someone else cannot confirm it',
      );
      const moved = expectKind(await store.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), 'linked');
      assert.equal(moved.moved, true);
      assert.deepEqual(await store.list(contoso('adele')), []);
      assert.equal((await store.list(fabrikam('diego')))[0]?.personal.accountId, 'p1');
      assert.deepEqual(
        await store.confirmMove(fabrikam('diego'), ask.pendingId, at(31)),
        { kind: 'move-expired' },
        'a confirmation is used once',
      );
      const adeleAudit = (await store.exportUserData(contoso('adele'))).audit.map((e) => e.action);
      assert.deepEqual(adeleAudit, ['link', 'move-out']);
    });

    it('cancelling a move, or confirming after 15 minutes, changes nothing', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const first = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      await store.cancelMove(fabrikam('diego'), first.pendingId);
      assert.deepEqual(await store.confirmMove(fabrikam('diego'), first.pendingId, at(31)), { kind: 'move-expired' });
      const second = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      assert.deepEqual(
        await store.confirmMove(fabrikam('diego'), second.pendingId, new Date(at(31).getTime() + 16 * 60 * 1000)),
        { kind: 'move-expired' },
      );
      assert.equal((await store.list(contoso('adele'))).length, 1);
      assert.deepEqual(await store.list(fabrikam('diego')), []);
    });

    it('enforces 30 days between Learning associations with the exact next date, re-linking included', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const current = (await store.list(contoso('adele')))[0];
      assert.ok(current);
      await store.remove(contoso('adele'), 'learning', current.id, at(5));
      const refused = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(10)),
        'cool-off',
      );
      assert.equal(refused.nextAllowed.toISOString(), at(30).toISOString());
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(30)),
        'linked',
      );
      // Training has no such limit.
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(30)),
        'linked',
      );
    });

    it('allows at most 3 Learning associations in 365 days; the 4th is refused until the first is a year old', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      let ask = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(40)),
        'move-needs-confirmation',
      );
      expectKind(await store.confirmMove(fabrikam('diego'), ask.pendingId, at(40)), 'linked');
      ask = expectKind(
        await store.link({ user: northwind('nina'), purpose: 'learning', personal: msa('p1') }, at(80)),
        'move-needs-confirmation',
      );
      expectKind(await store.confirmMove(northwind('nina'), ask.pendingId, at(80)), 'linked');
      const fourth = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(120)),
        'yearly-limit',
      );
      assert.equal(fourth.nextAllowed.toISOString(), at(365).toISOString());
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(365)),
        'move-needs-confirmation',
      );
    });

    it('re-checks the limits when a move is confirmed', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      const ask = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      const other = expectKind(
        await store.link({ user: northwind('nina'), purpose: 'learning', personal: msa('p1') }, at(31)),
        'move-needs-confirmation',
      );
      expectKind(await store.confirmMove(northwind('nina'), other.pendingId, at(31)), 'linked');
      expectKind(await store.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), 'cool-off');
    });

    it('removes only the current association; twice is not an error; a stale id gets the current one', async () => {
      const first = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        'linked',
      );
      assert.equal((await store.remove(contoso('adele'), 'training', first.association.id, at(1))).kind, 'removed');
      assert.deepEqual(await store.remove(contoso('adele'), 'training', first.association.id, at(1)), {
        kind: 'already-removed',
      });
      const second = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p2') }, at(2)),
        'linked',
      );
      const stale = await store.remove(contoso('adele'), 'training', first.association.id, at(3));
      assert.equal(stale.kind, 'stale');
      assert.equal(stale.kind === 'stale' ? stale.current.id : '', second.association.id);
      assert.equal((await store.list(contoso('adele'))).length, 1);
    });

    it('two concurrent removes: exactly one removes', async () => {
      const linked = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        'linked',
      );
      const outcomes = await Promise.all([
        store.remove(contoso('adele'), 'training', linked.association.id, at(1)),
        store.remove(contoso('adele'), 'training', linked.association.id, at(1)),
      ]);
      assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['already-removed', 'removed']);
    });

    it('two colleagues linking the same personal account at once: exactly one wins', async () => {
      const outcomes = await Promise.all([
        store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0)),
        store.link({ user: contoso('alex'), purpose: 'training', personal: msa('p1') }, at(0)),
      ]);
      assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['held-by-colleague', 'linked']);
    });

    it('keeps everything across a restart', async () => {
      await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0));
      store = await f.reopen();
      assert.equal((await store.list(contoso('adele')))[0]?.personal.maskedEmail, 'p***@outlook.com');
      assert.equal((await store.exportUserData(contoso('adele'))).audit.length, 1);
    });

    it('exports and deletes a user’s data, keeping a record that it happened', async () => {
      await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p1') }, at(0));
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p2') }, at(0));
      const exported = await store.exportUserData(contoso('adele'));
      assert.equal(exported.associations.length, 2);
      assert.deepEqual(
        exported.audit.map((e) => [e.action, e.purpose, e.personalMaskedEmail]),
        [
          ['link', 'training', 'p***@outlook.com'],
          ['link', 'learning', 'p***@outlook.com'],
        ],
      );
      assert.deepEqual(await store.deleteUserData(contoso('adele'), at(1)), { removed: 2 });
      const after = await store.exportUserData(contoso('adele'));
      assert.deepEqual(after.associations, []);
      assert.deepEqual(
        after.audit.map((e) => [e.action, e.personalMaskedEmail]),
        [['delete-data', null]],
        'only the dated record that it happened',
      );
      assert.equal(JSON.stringify(after).includes('p1'), false, 'the export holds no account ids');
    });

    it('after "delete my data" the 30-day cool-off still applies to the same Learning account, for anyone', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      await store.deleteUserData(contoso('adele'), at(5));
      const again = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(10)),
        'cool-off',
      );
      assert.equal(again.nextAllowed.toISOString(), at(30).toISOString());
      const elsewhere = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(10)),
        'cool-off',
      );
      assert.equal(elsewhere.nextAllowed.toISOString(), at(30).toISOString());
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(30)),
        'linked',
      );
    });

    it('the yearly limit counts associations made before a deletion, until they are a year old', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(0));
      await store.deleteUserData(contoso('adele'), at(35));
      await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(40));
      await store.deleteUserData(fabrikam('diego'), at(75));
      await store.link({ user: northwind('nina'), purpose: 'learning', personal: msa('p1') }, at(80));
      await store.deleteUserData(northwind('nina'), at(100));
      store = await f.reopen();
      const fourth = expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(120)),
        'yearly-limit',
      );
      assert.equal(fourth.nextAllowed.toISOString(), at(365).toISOString());
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('p1') }, at(365)),
        'linked',
      );
    });

    it('a Microsoft-account id in another spelling is the same account', async () => {
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('A1B2C3D4E5F6') }, at(0));
      await store.deleteUserData(contoso('adele'), at(1));
      expectKind(
        await store.link({ user: contoso('adele'), purpose: 'learning', personal: msa('0000a1b2c3d4e5f6') }, at(2)),
        'cool-off',
      );
    });

    it("keeps the personal address's keyed hash with the Learning association, across a move and a restart; an association made without one has none", async () => {
      const withKey: PersonalAccount = { ...msa('p1'), emailKey: 'e'.repeat(64) };
      await store.link({ user: contoso('adele'), purpose: 'learning', personal: withKey }, at(0));
      await store.link({ user: contoso('adele'), purpose: 'training', personal: msa('p2') }, at(0));
      const listed = await store.list(contoso('adele'));
      assert.equal(listed.find((a) => a.purpose === 'learning')?.personal.emailKey, 'e'.repeat(64));
      assert.equal(listed.find((a) => a.purpose === 'training')?.personal.emailKey, undefined);
      const ask = expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: withKey }, at(31)),
        'move-needs-confirmation',
      );
      expectKind(await store.confirmMove(fabrikam('diego'), ask.pendingId, at(31)), 'linked');
      store = await f.reopen();
      assert.equal((await store.list(fabrikam('diego')))[0]?.personal.emailKey, 'e'.repeat(64));
      await store.deleteUserData(fabrikam('diego'), at(32));
      expectKind(
        await store.link({ user: fabrikam('diego'), purpose: 'learning', personal: msa('p1') }, at(70)),
        'linked',
      );
      assert.equal(
        (await store.list(fabrikam('diego')))[0]?.personal.emailKey,
        undefined,
        'a new association keeps only what it was given',
      );
    });

    it('reports its health', async () => {
      assert.equal((await store.health()).ok, true);
    });
  });
}
