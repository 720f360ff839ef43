// One contract for every SendQueue adapter (SQLite and Azure Storage), run with two queue objects
// over one store, as two instances have. Times are the real clock: Azure's queue messages stay
// invisible in real seconds, so a "not before its time" case waits about a second.
import assert from 'node:assert/strict';
import type { NewJob, PersonKey, SendQueue } from '../../src/proactive/proactive-store';

export interface SendQueueFixture {
  /** Two queue objects over one store (two instances). */
  queues: [SendQueue, SendQueue];
  /** "Delete my data" for the person's jobs (the engine's erasure). */
  eraseJobs(person: PersonKey): Promise<number>;
  close(): Promise<void>;
}

const LEASE = 60_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const after = (ms: number) => new Date(Date.now() + ms);
const person = (n: number, tenantId = 'tenant-contoso'): PersonKey => ({
  tenantId,
  aadObjectId: `0000000${n}-aaaa-bbbb-cccc-000000000000`,
});

function job(key: string, who: PersonKey, extra: Partial<NewJob> = {}): NewJob {
  return {
    dedupeKey: key,
    kind: 'renewal-reminder',
    person: who,
    payload: { number: 'AZ-104', name: 'Azure Administrator' },
    ...extra,
  };
}

/** Claims until nothing more comes back (a message may need a moment to show up again). */
async function claimAll(queue: SendQueue, owner: string, leaseMs = LEASE): Promise<number[]> {
  const ids: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const claimed = await queue.claimDue(owner, new Date(), 32, leaseMs);
    if (claimed.length === 0) break;
    ids.push(...claimed.map((j) => j.id));
  }
  return ids.sort((a, b) => a - b);
}

export function describeSendQueueContract(engine: string, open: () => Promise<SendQueueFixture>): void {
  describe(`SendQueue contract: ${engine}`, function () {
    this.timeout(60_000);
    let f: SendQueueFixture;
    let a: SendQueue;
    let b: SendQueue;
    beforeEach(async () => {
      f = await open();
      [a, b] = f.queues;
    });
    afterEach(() => f.close());

    it('enqueue is idempotent by dedupe key across instances, and a cancelled job is revived', async () => {
      const first = await a.enqueue(job('k1', person(1)), new Date());
      assert.deepEqual({ created: first.created, state: first.state }, { created: true, state: 'queued' });
      const again = await b.enqueue(job('k1', person(1)), new Date());
      assert.deepEqual(again, { id: first.id, created: false, state: 'queued' });
      const racing = await Promise.all([
        a.enqueue(job('k2', person(1)), new Date()),
        b.enqueue(job('k2', person(1)), new Date()),
      ]);
      assert.equal(racing.filter((r) => r.created).length, 1, 'two instances enqueue one key: one job');
      assert.equal(racing[0].id, racing[1].id);
      assert.equal(await a.cancelPending(person(1), 'renewal-reminder', new Date()), 2);
      const revived = await b.enqueue(job('k1', person(1)), new Date());
      assert.deepEqual(revived, { id: first.id, created: false, state: 'queued' });
      assert.deepEqual((await a.list({ person: person(1) })).map((j) => j.state).sort(), ['cancelled', 'queued']);
      assert.deepEqual(await claimAll(a, 'a'), [first.id], 'the revived job is due again; the cancelled one is not');
    });

    it('a key held without sending is finished at once: never claimed, revived or cancelled, and a plain enqueue of it changes nothing', async () => {
      const held = await a.enqueue(job('held', person(1), { finished: { code: 'ShownOnCard' } }), new Date());
      assert.deepEqual({ created: held.created, state: held.state }, { created: true, state: 'expired' });
      assert.deepEqual(await b.enqueue(job('held', person(1)), new Date()), {
        id: held.id,
        created: false,
        state: 'expired',
      });
      const queued = await a.enqueue(job('queued-then-cancelled', person(1)), new Date());
      assert.equal(
        await b.cancelPending(person(1), 'renewal-reminder', new Date()),
        1,
        'only the queued job is cancelled',
      );
      assert.deepEqual(
        await a.enqueue(job('queued-then-cancelled', person(1), { finished: { code: 'ShownOnCard' } }), new Date()),
        { id: queued.id, created: false, state: 'cancelled' },
        'holding a cancelled key does not revive it',
      );
      assert.deepEqual(await claimAll(a, 'a'), []);
      const listed = await b.list({ person: person(1) });
      assert.deepEqual(
        listed.map((j) => [j.dedupeKey, j.state, j.lastCode ?? null]),
        [
          ['held', 'expired', 'ShownOnCard'],
          ['queued-then-cancelled', 'cancelled', null],
        ],
      );
    });

    it('two owners claiming at once each get different jobs, and every job is claimed once', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 10; i += 1) ids.push((await a.enqueue(job(`race-${i}`, person(i % 3)), new Date())).id);
      const [byA, byB] = await Promise.all([claimAll(a, 'owner-a'), claimAll(b, 'owner-b')]);
      assert.equal(byA.filter((id) => byB.includes(id)).length, 0, 'no job handed to both owners');
      assert.deepEqual(
        [...byA, ...byB].sort((x, y) => x - y),
        [...ids].sort((x, y) => x - y),
      );
      assert.deepEqual(await claimAll(b, 'owner-c'), [], 'leased jobs are not claimed again');
    });

    it('"sending" is committed by the lease owner only, then "sent" with the activity id', async () => {
      const { id } = await a.enqueue(job('send-1', person(1)), new Date());
      assert.deepEqual(await claimAll(a, 'a'), [id]);
      assert.equal(await b.markSending(id, 'b', new Date(), LEASE), false, 'not the owner');
      assert.equal(await a.markSending(id, 'a', new Date(), LEASE), true);
      assert.equal(await a.markSending(id, 'a', new Date(), LEASE), false, 'once');
      const sending = (await b.list({ person: person(1) }))[0];
      assert.deepEqual({ state: sending?.state, attempts: sending?.attempts }, { state: 'sending', attempts: 1 });
      await a.markSent(id, 'a', 'activity-1', new Date());
      const sent = (await b.list({ person: person(1) }))[0];
      assert.deepEqual(
        { state: sent?.state, activityId: sent?.activityId },
        { state: 'sent', activityId: 'activity-1' },
      );
      assert.deepEqual(await claimAll(b, 'b'), []);
      assert.deepEqual(await b.recoverInDoubt(after(10 * LEASE)), [], 'a sent job is never in doubt');
    });

    it('retryAt and release are not claimable before their time, and are after it', async () => {
      const retried = await a.enqueue(job('retry-1', person(1)), new Date());
      const released = await a.enqueue(job('release-1', person(2)), new Date());
      assert.deepEqual(
        await claimAll(a, 'a'),
        [retried.id, released.id].sort((x, y) => x - y),
      );
      assert.equal(await a.markSending(retried.id, 'a', new Date(), LEASE), true);
      await a.retryAt(retried.id, 'a', after(1_000), 'ServiceUnavailable', new Date());
      await a.release(released.id, 'a', after(1_000), new Date());
      assert.deepEqual(await claimAll(b, 'b'), [], 'not before their time');
      await pause(1_600);
      const again = await b.claimDue('b', new Date(), 10, LEASE);
      assert.deepEqual(
        again.map((j) => j.id).sort((x, y) => x - y),
        [retried.id, released.id].sort((x, y) => x - y),
      );
      const byId = new Map(again.map((j) => [j.id, j]));
      assert.deepEqual(
        { attempts: byId.get(retried.id)?.attempts, code: byId.get(retried.id)?.lastCode },
        { attempts: 1, code: 'ServiceUnavailable' },
      );
      assert.equal(byId.get(released.id)?.attempts, 0, 'a release counts no attempt');
    });

    it('a send left "sending" past its lease is reported in doubt once, and never handed out again', async () => {
      const { id } = await a.enqueue(job('doubt-1', person(1)), new Date());
      await claimAll(a, 'crashed', 1_000);
      assert.equal(await a.markSending(id, 'crashed', new Date(), 1_000), true);
      assert.deepEqual(await b.recoverInDoubt(new Date()), [], 'the lease still holds');
      const recovered = await b.recoverInDoubt(after(5_000));
      assert.deepEqual(
        recovered.map((j) => [j.id, j.state, j.lastCode]),
        [[id, 'in-doubt', 'LeaseExpiredWhileSending']],
      );
      assert.deepEqual(await a.recoverInDoubt(after(5_000)), [], 'reported once');
      await pause(1_200);
      assert.deepEqual(await claimAll(b, 'b'), [], 'an in-doubt send is never repeated');
      assert.equal((await b.counts({ person: person(1) }))['in-doubt'], 1);
    });

    it('a stopped tenant gets nothing until it is resumed, and new jobs wait with it', async () => {
      const t1 = [
        await a.enqueue(job('stop-1', person(1, 'tenant-one')), new Date()),
        await a.enqueue(job('stop-2', person(2, 'tenant-one')), new Date()),
      ];
      const other = await a.enqueue(job('stop-3', person(3, 'tenant-two')), new Date());
      assert.equal(await b.stopTenant('tenant-one', 'BotDisabledByAdmin', new Date()), 2);
      assert.equal(await a.isTenantStopped('tenant-one'), true);
      assert.equal(await a.isTenantStopped('tenant-two'), false);
      assert.deepEqual(await claimAll(a, 'a'), [other.id], 'only the other tenant is sent to');
      const late = await a.enqueue(job('stop-4', person(4, 'tenant-one')), new Date());
      assert.equal(late.state, 'tenant-stopped');
      assert.equal((await a.list({ person: person(1, 'tenant-one') }))[0]?.lastCode, 'BotDisabledByAdmin');
      assert.equal(await b.resumeTenant('tenant-one', new Date()), 3);
      assert.equal(await b.resumeTenant('tenant-one', new Date()), 0, 'resuming twice changes nothing');
      assert.deepEqual(
        await claimAll(b, 'b'),
        [...t1.map((r) => r.id), late.id].sort((x, y) => x - y),
      );
    });

    it("an uninstall parks the person's jobs and the next install makes them due", async () => {
      const { id } = await a.enqueue(job('park-1', person(1)), new Date());
      const other = await a.enqueue(job('park-2', person(2)), new Date());
      assert.equal(await b.parkForInstall(person(1), 'BotNotInConversationRoster', new Date()), 1);
      assert.deepEqual(await claimAll(a, 'a'), [other.id]);
      assert.deepEqual(
        (await a.list({ person: person(1) })).map((j) => [j.state, j.lastCode]),
        [['waiting-install', 'BotNotInConversationRoster']],
      );
      assert.equal(await a.requeueWaitingInstall(person(1), new Date()), 1);
      assert.deepEqual(await claimAll(b, 'b'), [id]);
    });

    it('retention deletes finished jobs older than the cut-off (with their keys), never a pending one', async () => {
      const day = 86_400_000;
      const old = new Date(Date.now() - 300 * day);
      const cutOff = new Date(Date.now() - 200 * day);
      await a.enqueue(job('retain-old-cancelled', person(1)), old);
      await a.cancelPending(person(1), 'renewal-reminder', old);
      await a.enqueue(job('retain-old-pending', person(2)), old);
      await a.enqueue(job('retain-recent-cancelled', person(3)), new Date());
      await a.cancelPending(person(3), 'renewal-reminder', new Date());
      assert.equal(await b.purgeFinished(cutOff), 1);
      assert.equal(await a.purgeFinished(cutOff), 0, 'a second purge (another instance) finds nothing more');
      const left = (await a.list({})).map((j) => `${j.dedupeKey}:${j.state}`).sort();
      assert.deepEqual(left, ['retain-old-pending:queued', 'retain-recent-cancelled:cancelled']);
      // The key went with the job: enqueueing it again makes a new job.
      assert.equal((await a.enqueue(job('retain-old-cancelled', person(1)), new Date())).created, true);
    });

    it("cancelPending cancels the person's pending jobs of one kind, except those kept", async () => {
      const kept = await a.enqueue(job('cancel-keep', person(1)), new Date());
      await a.enqueue(job('cancel-a', person(1)), new Date());
      await a.enqueue(job('cancel-b', person(1), { notBefore: after(3_600_000) }), new Date());
      await a.enqueue(job('cancel-link', person(1), { kind: 'link-reminder' }), new Date());
      await a.enqueue(job('cancel-other-person', person(2)), new Date());
      assert.equal(await b.cancelPending(person(1), 'renewal-reminder', new Date(), new Set(['cancel-keep'])), 2);
      const states = Object.fromEntries((await a.list({ person: person(1) })).map((j) => [j.dedupeKey, j.state]));
      assert.deepEqual(states, {
        'cancel-keep': 'queued',
        'cancel-a': 'cancelled',
        'cancel-b': 'cancelled',
        'cancel-link': 'queued',
      });
      assert.equal((await a.counts({ person: person(2) })).queued, 1);
      assert.ok((await claimAll(b, 'b')).includes(kept.id));
    });

    it('counts and lists by batch, person, kind and state, in id order', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 4; i += 1)
        ids.push(
          (await a.enqueue(job(`batch-${i}`, person(i), { batch: 'run-1', kind: 'link-reminder' }), new Date())).id,
        );
      await a.enqueue(job('batch-other', person(1), { batch: 'run-2', kind: 'link-reminder' }), new Date());
      await a.enqueue(job('no-batch', person(1)), new Date());
      await a.cancelPending(person(3), 'link-reminder', new Date());
      const counts = await b.counts({ batch: 'run-1', kind: 'link-reminder' });
      assert.deepEqual(
        { queued: counts.queued, cancelled: counts.cancelled, sent: counts.sent },
        { queued: 3, cancelled: 1, sent: 0 },
      );
      assert.deepEqual(
        (await b.list({ batch: 'run-1' })).map((j) => j.id),
        [...ids].sort((x, y) => x - y),
      );
      assert.deepEqual(
        (await b.list({ batch: 'run-1', limit: 2 })).map((j) => j.id),
        [...ids].sort((x, y) => x - y).slice(0, 2),
      );
      assert.deepEqual((await b.list({ person: person(1) })).map((j) => j.dedupeKey).sort(), [
        'batch-1',
        'batch-other',
        'no-batch',
      ]);
      assert.deepEqual(
        (await b.list({ state: 'cancelled' })).map((j) => j.dedupeKey),
        ['batch-3'],
      );
      assert.equal((await b.counts({ kind: 'renewal-reminder' })).queued, 1);
      assert.equal((await b.counts()).queued, 5);
    });

    it("counts a run's jobs per state and last outcome code, so a card can say why each was not sent", async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i += 1)
        ids.push(
          (await a.enqueue(job(`why-${i}`, person(i), { batch: 'run-why', kind: 'link-reminder' }), new Date())).id,
        );
      await a.enqueue(job('why-other-run', person(1), { batch: 'run-else', kind: 'link-reminder' }), new Date());
      assert.deepEqual(
        (await claimAll(a, 'a')).filter((id) => ids.includes(id)),
        ids,
      );
      const [blocked, refused, gone, alsoBlocked] = ids as [number, number, number, number, number];
      await a.settle(blocked, 'a', 'failed-permanent', 'ConversationBlockedByUser', new Date());
      await a.settle(alsoBlocked, 'a', 'failed-permanent', 'ConversationBlockedByUser', new Date());
      await a.settle(refused, 'a', 'failed-permanent', 'UserNotFound', new Date());
      await a.settle(gone, 'a', 'waiting-install', 'CannotReach:NotInstalled', new Date());
      const outcomes = (await b.outcomes({ batch: 'run-why', kind: 'link-reminder' }))
        .map((o) => `${o.state}|${o.code ?? '-'}|${o.count}`)
        .sort();
      assert.deepEqual(outcomes, [
        'failed-permanent|ConversationBlockedByUser|2',
        'failed-permanent|UserNotFound|1',
        'queued|-|1',
        'waiting-install|CannotReach:NotInstalled|1',
      ]);
    });

    it('renaming batches by their start changes those batches only, and their counts follow', async () => {
      await a.enqueue(
        job('rename-1', person(1), { batch: 'remind:t:manager:run-1', kind: 'link-reminder' }),
        new Date(),
      );
      await a.enqueue(
        job('rename-2', person(2), { batch: 'remind:t:manager:run-2', kind: 'link-reminder' }),
        new Date(),
      );
      await a.enqueue(
        job('rename-3', person(3), { batch: 'remind:t:manager-2:run-3', kind: 'link-reminder' }),
        new Date(),
      );
      assert.equal(await b.renameBatches('remind:t:manager:', 'remind:key:'), 2);
      assert.equal((await a.counts({ batch: 'remind:key:run-1' })).queued, 1);
      assert.equal((await a.counts({ batch: 'remind:key:run-2' })).queued, 1);
      assert.equal((await a.counts({ batch: 'remind:t:manager-2:run-3' })).queued, 1, 'another batch stays as it was');
      assert.equal((await a.list({ batch: 'remind:t:manager:run-1' })).length, 0);
      assert.equal(await b.renameBatches('remind:t:manager:', 'remind:key:'), 0);
    });

    it("erasing a person's jobs keeps a send in flight and frees the dedupe keys", async () => {
      const inFlight = await a.enqueue(job('erase-sending', person(1)), new Date());
      await a.enqueue(job('erase-queued', person(1), { notBefore: after(3_600_000) }), new Date());
      await a.enqueue(job('erase-other', person(2), { notBefore: after(3_600_000) }), new Date());
      await claimAll(a, 'a');
      assert.equal(await a.markSending(inFlight.id, 'a', new Date(), LEASE), true);
      assert.equal(await f.eraseJobs(person(1)), 1);
      assert.deepEqual(
        (await b.list({ person: person(1) })).map((j) => j.state),
        ['sending'],
      );
      assert.equal((await b.list({ person: person(2) })).length, 1, "nobody else's");
      assert.equal(
        (await b.enqueue(job('erase-queued', person(1)), new Date())).created,
        true,
        'the key is free again',
      );
      await a.markSent(inFlight.id, 'a', 'activity-9', new Date());
      assert.equal((await b.counts({ person: person(1) })).sent, 1);
    });

    it("erasing the approval requests about a person removes them from every admin, sent or queued, and no one else's", async () => {
      const subject = person(3);
      const about = (key: string, admin: PersonKey, who: PersonKey, notBefore?: Date) =>
        job(key, admin, {
          kind: 'credit-approval',
          payload: { subject: who.aadObjectId.toUpperCase(), transcript: 't' },
          ...(notBefore ? { notBefore } : {}),
        });
      const sent = await a.enqueue(about('about-sent', person(1), subject), new Date());
      await claimAll(a, 'a');
      assert.equal(await a.markSending(sent.id, 'a', new Date(), LEASE), true);
      await a.markSent(sent.id, 'a', 'activity-1', new Date());
      await a.enqueue(about('about-queued', person(2), subject, after(3_600_000)), new Date());
      await a.enqueue(about('about-other', person(2), person(4), after(3_600_000)), new Date());
      await a.enqueue(about('about-elsewhere', person(1, 'tenant-fabrikam'), subject, after(3_600_000)), new Date());
      await a.enqueue(job('own-reminder', subject, { notBefore: after(3_600_000) }), new Date());

      assert.equal(await b.eraseAbout(subject, 'credit-approval'), 2);
      const left = [...(await a.list({ kind: 'credit-approval' })), ...(await a.list({ kind: 'renewal-reminder' }))];
      assert.deepEqual(left.map((j) => j.dedupeKey).sort(), ['about-elsewhere', 'about-other', 'own-reminder']);
      assert.equal((await a.enqueue(about('about-queued', person(2), subject), new Date())).created, true, 'key freed');
    });
  });
}
