// Conversation references, reminder preferences and their erasure on both engines: a SQLite file,
// and Azure Table on a real Azurite (where the jobs part of erasure is the queue adapter's, passed in).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteProactiveErasure } from '../../src/storage/sqlite/sqlite-proactive-erasure';
import type { PersonKey } from '../../src/proactive/proactive-store';
import {
  SqliteConversationReferences,
  SqliteReminderPreferences,
} from '../../src/storage/sqlite/sqlite-proactive-records';
import {
  AzureConversationReferences,
  AzureProactiveErasure,
  AzureReminderPreferences,
} from '../../src/storage/azure/azure-proactive-records';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase, type Database } from '../../src/storage/sqlite/database';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeProactiveRecordsContract, type ProactiveRecords } from './proactive-records.contract';

describeProactiveRecordsContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-proactive-'));
  const file = path.join(dir, 'partner-link.db');
  let db: Database = openDatabase(file);
  const on = (d: Database): ProactiveRecords => ({
    references: new SqliteConversationReferences(d),
    preferences: new SqliteReminderPreferences(d),
    erasure: new SqliteProactiveErasure(d),
  });
  return Promise.resolve({
    records: on(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(on(db));
    },
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeProactiveRecordsContract('Azure Table (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  const on = (): ProactiveRecords => {
    const storage = createAzureStorage(azurite.auth, prefix);
    return {
      references: new AzureConversationReferences(storage),
      preferences: new AzureReminderPreferences(storage),
      erasure: new AzureProactiveErasure(storage),
    };
  };
  return { records: on(), reopen: () => Promise.resolve(on()), cleanup: () => Promise.resolve() };
});

describe('Azure proactive erasure (Azurite)', function () {
  this.timeout(60_000);

  it("erasure asks the queue adapter to erase the person's jobs first, and reports its count", async () => {
    const storage = createAzureStorage((await sharedAzurite()).auth, uniquePrefix());
    const adele: PersonKey = { tenantId: 't1', aadObjectId: 'adele' };
    const asked: PersonKey[] = [];
    const references = new AzureConversationReferences(storage);
    await references.saveReference(
      adele,
      {
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        conversationId: 'a:1',
        botId: '28:b',
        userId: '29:u',
      },
      new Date(),
    );
    const erasure = new AzureProactiveErasure(storage, {
      eraseJobs: async (person) => {
        asked.push(person);
        assert.ok(await references.getReference(adele), 'jobs go before the reference');
        return 3;
      },
    });
    assert.deepEqual(await erasure.erase(adele), { references: 1, preferences: 0, jobs: 3 });
    assert.deepEqual(asked, [adele]);
  });

  it('a queue that cannot erase stops the erasure with its error, so the person is not told it is done', async () => {
    const storage = createAzureStorage((await sharedAzurite()).auth, uniquePrefix());
    const adele: PersonKey = { tenantId: 't1', aadObjectId: 'adele' };
    await new AzureReminderPreferences(storage).setRemindersOn(adele, false, new Date());
    const erasure = new AzureProactiveErasure(storage, {
      eraseJobs: () => Promise.reject(new Error('queue unreachable')),
    });
    await assert.rejects(erasure.erase(adele), /queue unreachable/);
    assert.equal(
      await new AzureReminderPreferences(storage).remindersOn(adele),
      false,
      'nothing half-erased: pressing delete again does it all',
    );
  });
});
