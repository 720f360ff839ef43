// The SQLite engine (STORE=sqlite, the default): every port's adapter over one database file.
import type { ProactiveStores } from '../../proactive/proactive-store';
import { IDENTITY_KEY_NAME, identityKeys } from '../identity-keys';
import type { StoreOptions, Stores } from '../stores';
import { openDatabase } from './database';
import type { Database } from './sqlite';
import { SqliteAssociationStore } from './sqlite-association-store';
import { SqliteBotStateStorage } from './sqlite-bot-state-storage';
import { SqliteCertificationStore } from './sqlite-certification-store';
import { SqliteForecastSettings } from './sqlite-forecast-settings';
import { installationSecret, sqlitePseudonyms } from './sqlite-installation-secret';
import { SqlitePersonLimiter } from './sqlite-person-limiter';
import { SqliteProactiveErasure } from './sqlite-proactive-erasure';
import { SqliteConversationReferences, SqliteReminderPreferences } from './sqlite-proactive-records';
import { SqliteRateLimiter } from './sqlite-rate-limiter';
import { SqliteRemindProgressCards } from './sqlite-remind-progress-cards';
import { SqliteSendQueue } from './sqlite-send-queue';
import { SqliteTeamViewAudit } from './sqlite-team-view-audit';

/** The proactive capability's stores over one database. */
export function sqliteProactiveStores(db: Database, ratePerSecond: number): ProactiveStores {
  return {
    references: new SqliteConversationReferences(db),
    queue: new SqliteSendQueue(db),
    limiter: new SqliteRateLimiter(db, { ratePerSecond }),
    preferences: new SqliteReminderPreferences(db),
  };
}

export function openSqliteStores(file: string, options: StoreOptions): Stores {
  const db = openDatabase(file);
  const associations = new SqliteAssociationStore(db);
  return {
    engine: 'sqlite',
    associations,
    botState: new SqliteBotStateStorage(db),
    certifications: new SqliteCertificationStore(db),
    identityKeys: identityKeys(() => Promise.resolve(installationSecret(db, IDENTITY_KEY_NAME))),
    proactive: sqliteProactiveStores(db, options.ratePerSecond),
    erasure: new SqliteProactiveErasure(db),
    teamViewAudit: new SqliteTeamViewAudit(db),
    remindProgressCards: new SqliteRemindProgressCards(db),
    pseudonyms: sqlitePseudonyms(db),
    limiter: new SqlitePersonLimiter(db),
    forecastSettings: new SqliteForecastSettings(db),
    compact: () => {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Best effort: a busy reader only delays it to SQLite's next automatic checkpoint.
      }
      return Promise.resolve();
    },
    health: () => associations.health(),
    close: () => {
      associations.close();
      return Promise.resolve();
    },
  };
}
