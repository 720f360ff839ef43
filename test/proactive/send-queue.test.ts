// The send queue contract on both engines (a SQLite file opened twice; Azure Storage on a real
// Azurite through two queue objects over one prefix), and what only the Azure queue has: messages
// past the dequeue limit go to a dead-letter queue, and a wait beyond the queue's 7 days.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/log';
import { SqliteProactiveErasure } from '../../src/storage/sqlite/sqlite-proactive-erasure';
import { SqliteSendQueue } from '../../src/storage/sqlite/sqlite-send-queue';
import { AzureSendQueue, SEND_QUEUE_NAMES } from '../../src/storage/azure/azure-send-queue';
import { createAzureStorage, type AzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeSendQueueContract } from './send-queue.contract';

describeSendQueueContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-queue-'));
  const file = path.join(dir, 'queue.db');
  const dbs = [openDatabase(file), openDatabase(file)] as const;
  return Promise.resolve({
    queues: [new SqliteSendQueue(dbs[0]), new SqliteSendQueue(dbs[1])],
    eraseJobs: async (person) => (await new SqliteProactiveErasure(dbs[0]).erase(person)).jobs,
    close: () => {
      for (const db of dbs) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeSendQueueContract('Azure Table + Queue (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  const first = new AzureSendQueue(createAzureStorage(azurite.auth, prefix));
  return {
    queues: [first, new AzureSendQueue(createAzureStorage(azurite.auth, prefix))],
    eraseJobs: (person) => first.eraseJobs(person),
    close: () => Promise.resolve(),
  };
});

describe("the Azure send queue's own rules (Azurite)", function () {
  this.timeout(60_000);
  const person = { tenantId: 'tenant-contoso', aadObjectId: '00000001-aaaa-bbbb-cccc-000000000000' };
  const job = (key: string) => ({
    dedupeKey: key,
    kind: 'renewal-reminder' as const,
    person,
    payload: { number: 'AZ-104' },
  });
  let storage: AzureStorage;
  let another: AzureStorage;
  beforeEach(async () => {
    const { auth } = await sharedAzurite();
    const prefix = uniquePrefix();
    storage = createAzureStorage(auth, prefix);
    another = createAzureStorage(auth, prefix);
  });

  it('a message taken past the dequeue limit moves to the dead-letter queue, counted, and its job fails instead of looping', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const queue = new AzureSendQueue(storage, { maxDequeueCount: 2, log });
    const { id } = await queue.enqueue(job('poison'), new Date());
    // Two workers take the job and die before finishing (their lease is 1 s).
    for (const owner of ['crash-1', 'crash-2']) {
      assert.deepEqual(
        (await queue.claimDue(owner, new Date(), 5, 1_000)).map((j) => j.id),
        [id],
      );
      await new Promise((resolve) => setTimeout(resolve, 1_300));
    }
    assert.deepEqual(await queue.claimDue('third', new Date(), 5, 1_000), [], 'the third taking is refused');
    assert.equal(await queue.deadLettered(), 1);
    const [failed] = await queue.list({ person });
    assert.deepEqual(
      { state: failed?.state, code: failed?.lastCode },
      { state: 'failed-permanent', code: 'DeadLettered' },
    );
    const dead = await (await storage.queue(SEND_QUEUE_NAMES.dead)).peekMessages();
    assert.equal(dead.peekedMessageItems[0]?.messageText, String(id), 'the dead letter names the job');
    assert.ok(
      lines.some((line) => line.includes('"event":"proactive.dead-lettered"')),
      'the operator sees a log event',
    );
    assert.equal((await (await storage.queue(SEND_QUEUE_NAMES.work)).peekMessages()).peekedMessageItems.length, 0);
  });

  it("a job due beyond the queue's 7-day visibility is kept, and an early message is checked against the record", async () => {
    const queue = new AzureSendQueue(storage);
    const notBefore = new Date(Date.now() + 30 * 86_400_000);
    const { id, created } = await queue.enqueue({ ...job('far'), notBefore }, new Date());
    assert.equal(created, true);
    // The capped message shows up after 7 days while the job is still weeks away: simulate that.
    const work = await storage.queue(SEND_QUEUE_NAMES.work);
    await work.sendMessage(String(id));
    assert.deepEqual(await queue.claimDue('a', new Date(), 5, 60_000), [], 'not due: not handed out');
    assert.equal(
      (await work.peekMessages()).peekedMessageItems.length,
      0,
      'the early message waits again, out of sight',
    );
    const [record] = await queue.list({ person });
    assert.deepEqual(
      { state: record?.state, at: record?.nextAttemptAt.toISOString() },
      { state: 'queued', at: notBefore.toISOString() },
    );
    assert.deepEqual(
      await queue.claimDue('b', new Date(notBefore.getTime() + 1), 5, 60_000),
      [],
      'and the message is not visible before its time either',
    );
  });

  it('spare messages for one job (a crash between message and record) still hand it to one owner only', async () => {
    const [a, b] = [new AzureSendQueue(storage), new AzureSendQueue(another)];
    const { id } = await a.enqueue(job('spare'), new Date());
    const work = await storage.queue(SEND_QUEUE_NAMES.work);
    for (let i = 0; i < 3; i += 1) await work.sendMessage(String(id));
    const claims = await Promise.all([
      a.claimDue('a', new Date(), 1, 60_000),
      b.claimDue('b', new Date(), 1, 60_000),
      a.claimDue('c', new Date(), 1, 60_000),
      b.claimDue('d', new Date(), 1, 60_000),
    ]);
    assert.equal(claims.flat().length, 1, 'four messages, four owners, one claim');
    const owner = ['a', 'b', 'c', 'd'][claims.findIndex((c) => c.length === 1)] ?? '';
    assert.equal(await a.markSending(id, owner, new Date(), 60_000), true);
    await b.markSent(id, owner, 'activity-1', new Date());
    assert.deepEqual(await a.claimDue('e', new Date(), 5, 60_000), [], 'nothing more is handed out');
    assert.equal((await work.peekMessages()).peekedMessageItems.length, 0);
  });

  it('an enqueue cut off between its writes is finished by the next enqueue of the key: one job, sent once', async () => {
    // The job table refuses the first insert, as if the process died right before it.
    let cutOff = false;
    const dying: AzureStorage = {
      description: storage.description,
      queue: (name) => storage.queue(name),
      table: async (name) => {
        const table = await storage.table(name);
        if (name !== 'SendJobs') return table;
        return new Proxy(table, {
          get(target, property) {
            if (property === 'createEntity' && !cutOff) {
              cutOff = true;
              return () => Promise.reject(new Error('the process died here'));
            }
            const value: unknown = Reflect.get(target, property);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
      },
    };
    await assert.rejects(new AzureSendQueue(dying).enqueue(job('half'), new Date()), /the process died here/);
    const queue = new AzureSendQueue(another);
    const again = await queue.enqueue(job('half'), new Date());
    assert.equal(again.state, 'queued');
    const claimed = await queue.claimDue('a', new Date(), 5, 60_000);
    assert.deepEqual(
      claimed.map((j) => j.id),
      [again.id],
      'one job, claimed once, though two messages were sent for it',
    );
    assert.equal((await queue.list({ person })).length, 1);
  });

  it('a message whose job record never appeared is dropped after the grace, not dead-lettered', async () => {
    const queue = new AzureSendQueue(storage, { orphanGraceMs: 0 });
    const work = await storage.queue(SEND_QUEUE_NAMES.work);
    await work.sendMessage('1234567');
    await work.sendMessage('not-a-number');
    assert.deepEqual(await queue.claimDue('a', new Date(), 5, 60_000), []);
    assert.equal((await work.peekMessages()).peekedMessageItems.length, 0);
    assert.equal(await queue.deadLettered(), 0);
  });
});
