// The bot state Storage contract on both engines: a SQLite file, and Azure Table on a real Azurite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzureBotStateStorage, MAX_STATE_BYTES } from '../../src/storage/azure/azure-bot-state-storage';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { SqliteBotStateStorage } from '../../src/storage/sqlite/sqlite-bot-state-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeBotStateContract } from './bot-state-storage.contract';

describeBotStateContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-state-'));
  const file = path.join(dir, 'state.db');
  let db = openDatabase(file);
  const others: ReturnType<typeof openDatabase>[] = [];
  return Promise.resolve({
    storage: new SqliteBotStateStorage(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(new SqliteBotStateStorage(db));
    },
    another: () => {
      const other = openDatabase(file);
      others.push(other);
      return Promise.resolve(new SqliteBotStateStorage(other));
    },
    cleanup: () => {
      others.forEach((other) => other.close());
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeBotStateContract(
  'Azure Table (Azurite)',
  async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    return {
      storage: new AzureBotStateStorage(createAzureStorage(azurite.auth, prefix)),
      reopen: () => Promise.resolve(new AzureBotStateStorage(createAzureStorage(azurite.auth, prefix))),
      another: () => Promise.resolve(new AzureBotStateStorage(createAzureStorage(azurite.auth, prefix))),
      cleanup: () => Promise.resolve(),
    };
  },
  { capBytes: MAX_STATE_BYTES },
);
