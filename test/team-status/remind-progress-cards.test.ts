// The RemindProgressCards contract on both engines: a SQLite file and Azure Table Storage (Azurite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzureRemindProgressCards } from '../../src/storage/azure/azure-remind-progress-cards';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { SqliteRemindProgressCards } from '../../src/storage/sqlite/sqlite-remind-progress-cards';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { allRows, dumpText } from '../support/sqlite-rows';
import { describeRemindProgressCardsContract } from './remind-progress-cards.contract';

describeRemindProgressCardsContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-cards-'));
  const file = path.join(dir, 'partner-link.db');
  let db = openDatabase(file);
  const opened: ReturnType<typeof openDatabase>[] = [];
  return Promise.resolve({
    cards: new SqliteRemindProgressCards(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(new SqliteRemindProgressCards(db));
    },
    second: () => {
      const other = openDatabase(file);
      opened.push(other);
      return Promise.resolve(new SqliteRemindProgressCards(other));
    },
    raw: () =>
      Promise.resolve(
        dumpText({ remind_progress_cards: allRows(file).remind_progress_cards ?? [] }) +
          fs.readFileSync(file, 'latin1'),
      ),
    cleanup: () => {
      db.close();
      for (const other of opened) other.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeRemindProgressCardsContract('Azure Table (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  return {
    cards: new AzureRemindProgressCards(createAzureStorage(azurite.auth, prefix)),
    reopen: () => Promise.resolve(new AzureRemindProgressCards(createAzureStorage(azurite.auth, prefix))),
    second: () => Promise.resolve(new AzureRemindProgressCards(createAzureStorage(azurite.auth, prefix))),
    raw: async () => {
      const rows: unknown[] = [];
      for await (const row of (
        await createAzureStorage(azurite.auth, prefix).table('RemindProgressCards')
      ).listEntities())
        rows.push(row);
      return JSON.stringify(rows);
    },
    cleanup: () => Promise.resolve(),
  };
});
