// One contract for every bot state storage adapter (dialog and conversation state), // SQLite and Azure Table (Azurite) both pass it. eTags follow botbuilder's MemoryStorage: a stale
// eTag is refused, '*' overwrites, a restart (a new adapter object) reads what was written.
import assert from 'node:assert/strict';
import { CREATE_ONLY, type StateStorage as Storage } from '../../src/storage/state-storage';

export interface BotStateFixture {
  storage: Storage;
  /** The same data through a new adapter object (a restart, or another instance). */
  reopen: () => Promise<Storage>;
  /** A second adapter on the same data, open at the same time (another instance). */
  another: () => Promise<Storage>;
  cleanup: () => Promise<void>;
}

export interface BotStateContractOptions {
  /** The adapter's stated cap on one key's state, in UTF-8 bytes of JSON, if it has one. */
  capBytes?: number;
}

type Item = Record<string, unknown> & { eTag?: string };
const KEY = 'msteams/conversations/a:1Xw9-Kz/Q?#%2f\\x/';

export function describeBotStateContract(
  name: string,
  makeFixture: () => Promise<BotStateFixture>,
  options: BotStateContractOptions = {},
): void {
  describe(`bot state Storage contract: ${name}`, () => {
    let f: BotStateFixture;
    let storage: Storage;
    beforeEach(async () => {
      f = await makeFixture();
      storage = f.storage;
    });
    afterEach(async () => f.cleanup());

    it('reads back what it wrote, with an eTag, after a restart; missing keys are absent', async () => {
      await storage.write({
        [KEY]: { dialogState: { dialogStack: [{ id: 'signIn', state: { step: 2 } }] } },
        'msteams/users/29:abc/': { n: 1 },
      });
      storage = await f.reopen();
      const items = await storage.read([KEY, 'msteams/users/29:abc/', 'missing/key/']);
      assert.deepEqual(Object.keys(items).sort(), [KEY, 'msteams/users/29:abc/'].sort());
      const item = items[KEY] as Item;
      assert.deepEqual(item.dialogState, { dialogStack: [{ id: 'signIn', state: { step: 2 } }] });
      assert.equal(typeof item.eTag, 'string');
      assert.deepEqual(await storage.read([]), {});
    });

    it('a key longer than a Table key may be (700 characters) is kept under its own name', async () => {
      const long = `msteams/conversations/${'a'.repeat(700)}/`;
      await storage.write({ [long]: { n: 1 }, [`${long}x`]: { n: 2 } });
      const items = await (await f.reopen()).read([long, `${long}x`]);
      assert.deepEqual([(items[long] as Item).n, (items[`${long}x`] as Item).n], [1, 2]);
    });

    it('a write with a stale eTag is refused and changes nothing; "*" and no eTag overwrite', async () => {
      await storage.write({ k: { n: 1 } });
      const first = (await storage.read(['k'])).k as Item;
      await storage.write({ k: { n: 2, eTag: first.eTag } });
      const second = (await storage.read(['k'])).k as Item;
      assert.notEqual(second.eTag, first.eTag, 'every write changes the eTag');
      await assert.rejects(storage.write({ k: { n: 3, eTag: first.eTag } }), /eTag conflict/);
      assert.equal(((await storage.read(['k'])).k as Item).n, 2, 'the losing write left nothing behind');
      await storage.write({ k: { n: 4, eTag: '*' } });
      assert.equal(((await storage.read(['k'])).k as Item).n, 4);
      await storage.write({ k: { n: 5 } });
      assert.equal(((await storage.read(['k'])).k as Item).n, 5);
    });

    it('two instances that read the same eTag: the first write wins, the second is told', async () => {
      await storage.write({ k: { step: 'start' } });
      const other = await f.another();
      const mine = (await storage.read(['k'])).k as Item;
      const theirs = (await other.read(['k'])).k as Item;
      await other.write({ k: { step: 'theirs', eTag: theirs.eTag } });
      await assert.rejects(storage.write({ k: { step: 'mine', eTag: mine.eTag } }), /eTag conflict/);
      assert.equal(((await storage.read(['k'])).k as Item).step, 'theirs');
    });

    it('two instances writing the same eTag at the same moment: exactly one lands', async () => {
      await storage.write({ k: { step: 'start' } });
      const other = await f.another();
      const read = (await storage.read(['k'])).k as Item;
      const outcomes = await Promise.allSettled([
        storage.write({ k: { step: 'one', eTag: read.eTag } }),
        other.write({ k: { step: 'two', eTag: read.eTag } }),
      ]);
      const landed = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i === 0 ? 'one' : 'two'] : []));
      assert.equal(landed.length, 1, 'one write wins');
      assert.equal(((await other.read(['k'])).k as Item).step, landed[0]);
    });

    it('a create-only write creates a missing key once: the same write from another instance, even at the same moment, is refused', async () => {
      const other = await f.another();
      const outcomes = await Promise.allSettled([
        storage.write({ once: { by: 'one', eTag: CREATE_ONLY } }),
        other.write({ once: { by: 'two', eTag: CREATE_ONLY } }),
      ]);
      const landed = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i === 0 ? 'one' : 'two'] : []));
      assert.equal(landed.length, 1, 'one creates it');
      const refused = outcomes.find((o) => o.status === 'rejected');
      assert.match(String((refused as PromiseRejectedResult).reason), /eTag conflict/);
      await assert.rejects(storage.write({ once: { by: 'three', eTag: CREATE_ONLY } }), /eTag conflict/);
      assert.equal(((await other.read(['once'])).once as Item).by, landed[0]);
    });

    it('delete removes the keys (a missing key is no error) and a deleted key can be written again', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      const a = (await storage.read(['a'])).a as Item;
      await storage.delete(['a', 'never-written']);
      assert.deepEqual(Object.keys(await storage.read(['a', 'b'])), ['b']);
      await storage.write({ a: { n: 3, eTag: a.eTag } });
      assert.equal(((await storage.read(['a'])).a as Item).n, 3);
    });

    it('a large dialog state (about 500 KB, non-ASCII included) survives a restart intact', async () => {
      const big = {
        history: Array.from({ length: 5_000 }, (_, i) => `turn ${i}: ${'é€😀'.repeat(4)} ${'x'.repeat(50)}`),
      };
      const size = Buffer.byteLength(JSON.stringify(big), 'utf8');
      assert.ok(size > 450_000 && size < 600_000, `state is ${size} bytes`);
      await storage.write({ [KEY]: big });
      storage = await f.reopen();
      const item = (await storage.read([KEY]))[KEY] as Item;
      assert.deepEqual(item.history, big.history);
      await storage.write({ [KEY]: { history: ['short now'], eTag: item.eTag } });
      assert.deepEqual(
        ((await storage.read([KEY]))[KEY] as Item).history,
        ['short now'],
        'a shorter state leaves no old chunks behind',
      );
    });

    const cap = options.capBytes;
    if (cap !== undefined) {
      it(`a state of exactly the stated cap (${cap} bytes) is kept; one byte more is refused with a clear error and the earlier state stays`, async () => {
        const atCap = { blob: 'y'.repeat(cap - '{"blob":""}'.length) };
        assert.equal(Buffer.byteLength(JSON.stringify(atCap)), cap);
        await storage.write({ k: atCap });
        assert.equal((((await storage.read(['k'])).k as Item).blob as string).length, atCap.blob.length);
        await assert.rejects(
          storage.write({ k: { blob: `${atCap.blob}y` } }),
          new RegExp(`at most ${cap} bytes per key. Nothing was written`),
        );
        assert.equal((((await storage.read(['k'])).k as Item).blob as string).length, atCap.blob.length);
      });
    }
  });
}
