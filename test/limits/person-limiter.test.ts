// The per-person limiter contract on both engines: a SQLite file, and Azure Table Storage (Azurite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqlitePersonLimiter } from '../../src/storage/sqlite/sqlite-person-limiter';
import { AzurePersonLimiter } from '../../src/storage/azure/azure-person-limiter';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describePersonLimiterContract } from './person-limiter.contract';

describePersonLimiterContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-limits-'));
  const file = path.join(dir, 'partner-link.db');
  const dbs = [openDatabase(file)];
  return Promise.resolve({
    limiter: new SqlitePersonLimiter(dbs[0]!),
    other: () => {
      const db = openDatabase(file);
      dbs.push(db);
      return new SqlitePersonLimiter(db);
    },
    cleanup: () => {
      for (const db of dbs) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describePersonLimiterContract('Azure Table (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  return {
    limiter: new AzurePersonLimiter(createAzureStorage(azurite.auth, prefix)),
    other: () => new AzurePersonLimiter(createAzureStorage(azurite.auth, prefix)),
    cleanup: () => Promise.resolve(),
  };
});
