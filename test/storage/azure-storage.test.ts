// The Azure Storage access layer on a real Azurite: tables and queues are created on first use under
// the configured prefix, and the two concurrency answers (409 on insert, 412 on a stale ETag) are
// both recognised as "someone else changed this first".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { isConcurrencyConflict, isNotFound, tableKey } from '../../src/storage/azure/table-errors';
import { loadConfig } from '../../src/config';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';

describe('Azure Storage access (Azurite)', function () {
  this.timeout(60_000);

  it('creates the prefixed table on first use and maps 409 and 412 to a concurrency conflict', async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    const storage = createAzureStorage(azurite.auth, prefix);
    const table = await storage.table('Probe');
    assert.equal(table.tableName, `${prefix}Probe`);
    assert.equal(await storage.table('Probe'), table, 'one client per table');
    const created = await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 1 });
    const insertAgain = await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 2 }).catch((e: unknown) => e);
    assert.ok(isConcurrencyConflict(insertAgain), 'a second insert of the same key is a conflict');
    await table.updateEntity({ partitionKey: 'p', rowKey: 'r', value: 3 }, 'Replace', { etag: created.etag });
    const stale = await table
      .updateEntity({ partitionKey: 'p', rowKey: 'r', value: 4 }, 'Replace', { etag: created.etag })
      .catch((e: unknown) => e);
    assert.ok(isConcurrencyConflict(stale), 'an update with a stale ETag is a conflict');
    assert.equal((await table.getEntity<{ value: number }>('p', 'r')).value, 3);
    assert.ok(isNotFound(await table.getEntity('p', 'missing').catch((e: unknown) => e)));
  });

  it('creates the prefixed queue on first use', async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    const queue = await createAzureStorage(azurite.auth, prefix).queue('probe');
    assert.equal(queue.name, `${prefix}-probe`);
    await queue.sendMessage('hello');
    const received = await queue.receiveMessages({ numberOfMessages: 1 });
    assert.equal(received.receivedMessageItems[0]?.messageText, 'hello');
  });

  it('escapes outside ids in table keys so different ids never share a key', () => {
    assert.notEqual(tableKey('a/b'), tableKey('a%2fb'));
    assert.notEqual(tableKey('a|b', 'c'), tableKey('a', 'b|c'));
    assert.doesNotMatch(tableKey('x/y\\z#?\u0001'), /[/\\#?\u0001]/);
  });
});

describe('storage configuration', () => {
  it('STORE=azure needs one way to reach the account, and says which key to set', () => {
    assert.throws(() => loadConfig({ STORE: 'azure' }), /AZURE_STORAGE_ACCOUNT_NAME is required when STORE is azure/);
    assert.throws(
      () =>
        loadConfig({
          STORE: 'azure',
          AZURE_STORAGE_ACCOUNT_NAME: 'acct1',
          AZURE_STORAGE_CONNECTION_STRING: 'AccountName=x;AccountKey=y',
        }),
      /AZURE_STORAGE_ACCOUNT_NAME must be empty/,
    );
    assert.throws(() => loadConfig({ STORE: 'mysql' }), /STORE must be sqlite/);
  });

  it('derives the table and queue endpoints from the account name, with an override for sovereign clouds', () => {
    const config = loadConfig({
      STORE: 'azure',
      AZURE_STORAGE_ACCOUNT_NAME: 'contosolink',
      AZURE_STORAGE_ENDPOINT_SUFFIX: 'core.chinacloudapi.cn',
    });
    assert.equal(config.storage.engine, 'azure');
    assert.deepEqual(config.storage.engine === 'azure' && config.storage.auth, {
      kind: 'managed-identity',
      accountName: 'contosolink',
      clientId: undefined,
      tableEndpoint: 'https://contosolink.table.core.chinacloudapi.cn',
      queueEndpoint: 'https://contosolink.queue.core.chinacloudapi.cn',
    });
  });

  it('never shows the connection string in a configuration error', () => {
    assert.throws(
      () => loadConfig({ STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'secret-value-without-account' }),
      (error: Error) =>
        /AZURE_STORAGE_CONNECTION_STRING must be/.test(error.message) && !error.message.includes('secret-value'),
    );
  });
});

describe('STORE=azure opens nothing of SQLite (Azurite)', function () {
  this.timeout(60_000);

  it('runs a turn on Azure Storage and never creates the SQLite file', async () => {
    const azurite = await sharedAzurite();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-azure-only-'));
    const sqlitePath = path.join(dir, 'data', 'partner-link.db');
    const h = await new Harness({ ...azurite.env(), SQLITE_PATH: sqlitePath }).start();
    try {
      const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
      const turn = await adele.say('status');
      assert.equal(turn.status, 200);
      assert.ok(turn.replies.length > 0);
      const health = await h.health();
      assert.equal(health.status, 200);
      assert.match(JSON.stringify(health.body), /azure table ok.*dead-lettered sends: 0/);
      assert.doesNotMatch(
        JSON.stringify(health.body),
        /devstoreaccount1|connection string|127\.0\.0\.1/,
        'no account or address on the unauthenticated /healthz',
      );
      assert.equal(h.app.stores.engine, 'azure');
    } finally {
      await h.stop();
    }
    assert.equal(fs.existsSync(path.dirname(sqlitePath)), false, 'no SQLite folder or file was created');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
