// The team view audit log on both engines: a SQLite file, and Azure Table on a real Azurite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzureTeamViewAudit } from '../../src/storage/azure/azure-team-view-audit';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { openDatabase } from '../../src/storage/sqlite/database';
import { SqliteTeamViewAudit } from '../../src/storage/sqlite/sqlite-team-view-audit';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { allRows, dumpText } from '../support/sqlite-rows';
import { describeTeamViewAuditContract } from './team-view-audit.contract';

describeTeamViewAuditContract('SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-team-audit-'));
  const file = path.join(dir, 'partner-link.db');
  let db = openDatabase(file);
  return Promise.resolve({
    audit: new SqliteTeamViewAudit(db),
    reopen: () => {
      db.close();
      db = openDatabase(file);
      return Promise.resolve(new SqliteTeamViewAudit(db));
    },
    raw: () => Promise.resolve(dumpText({ team_view_audit: allRows(file).team_view_audit ?? [] })),
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeTeamViewAuditContract('Azure Table (Azurite)', async () => {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  const storage = createAzureStorage(azurite.auth, prefix);
  return {
    audit: new AzureTeamViewAudit(storage),
    reopen: () => Promise.resolve(new AzureTeamViewAudit(createAzureStorage(azurite.auth, prefix))),
    raw: async () => {
      const rows: unknown[] = [];
      for await (const row of (await storage.table('TeamViewAudit')).listEntities()) rows.push(row);
      return JSON.stringify(rows);
    },
    cleanup: () => Promise.resolve(),
  };
});
