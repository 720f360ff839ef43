import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteBotStateStorage } from '../../src/storage/bot-state-storage';
import { openDatabase } from '../../src/storage/database';

describe('bot state storage on SQLite', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-state-'));
    file = path.join(dir, 'state.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, with an eTag, after a restart', async () => {
    const db = openDatabase(file);
    await new SqliteBotStateStorage(db).write({ 'conv/1': { dialogState: { step: 2 } } });
    db.close();
    const reopened = openDatabase(file);
    const items = await new SqliteBotStateStorage(reopened).read(['conv/1', 'missing']);
    assert.deepEqual(Object.keys(items), ['conv/1']);
    const item = items['conv/1'] as { dialogState?: unknown; eTag?: unknown } | undefined;
    assert.deepEqual(item?.dialogState, { step: 2 });
    assert.equal(typeof item?.eTag, 'string');
    reopened.close();
  });

  it('refuses a write with a stale eTag and accepts "*"', async () => {
    const db = openDatabase(file);
    const storage = new SqliteBotStateStorage(db);
    await storage.write({ k: { n: 1 } });
    const first = (await storage.read(['k'])).k as { eTag: string };
    await storage.write({ k: { n: 2, eTag: first.eTag } });
    await assert.rejects(storage.write({ k: { n: 3, eTag: first.eTag } }), /eTag conflict/);
    await storage.write({ k: { n: 4, eTag: '*' } });
    assert.equal(((await storage.read(['k'])).k as { n: number }).n, 4);
    await storage.delete(['k']);
    assert.deepEqual(await storage.read(['k']), {});
    db.close();
  });
});
