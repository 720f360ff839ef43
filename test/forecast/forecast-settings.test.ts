// The ForecastSettingsStore contract on both engines: a SQLite file and Azure Table Storage (Azurite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzureForecastSettings } from '../../src/storage/azure/azure-forecast-settings';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { SqliteForecastSettings } from '../../src/storage/sqlite/sqlite-forecast-settings';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { describeForecastSettingsContract } from './forecast-settings.contract';

describeForecastSettingsContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-forecast-'));
  const file = path.join(dir, 'partner-link.db');
  let db = openDatabase(file);
  return Promise.resolve({
    store: new SqliteForecastSettings(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(new SqliteForecastSettings(db));
    },
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeForecastSettingsContract('Azure Table (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  return {
    store: new AzureForecastSettings(createAzureStorage(azurite.auth, prefix)),
    reopen: () => Promise.resolve(new AzureForecastSettings(createAzureStorage(azurite.auth, prefix))),
    cleanup: () => Promise.resolve(),
  };
});
