// Every store Partner Link keeps, from one engine: SQLite (one file, the embedded default) or Azure
// Storage (tables and queues shared by several instances). app.ts asks for a Stores and never
// names an engine; each port has one contract suite that both engines pass.
import type { Storage } from 'botbuilder';
import type { AssociationStore, StoreHealth } from '../associations/association-store';
import { SqliteAssociationStore } from '../associations/sqlite-association-store';
import type { CertificationStore } from '../certifications/certification-store';
import { SqliteCertificationStore } from '../certifications/sqlite-certification-store';
import { SqliteProactiveErasure, type ProactiveErasure } from '../proactive/person-erasure';
import { sqliteProactiveStores } from '../proactive/proactive-messaging';
import type { ProactiveStores } from '../proactive/proactive-store';
import { SqliteRemindProgressCards, type RemindProgressCards } from '../team-status/remind-progress-cards';
import { SqliteTeamViewAudit, type TeamViewAudit } from '../team-status/team-view-audit';
import { SqliteBotStateStorage } from './bot-state-storage';
import { openDatabase } from './database';
import { IDENTITY_KEY_NAME, identityKeys, type IdentityKeys } from './identity-keys';
import { installationSecret } from './installation-secret';
import { sqlitePseudonyms, type Pseudonyms } from './pseudonyms';
import { SqlitePersonLimiter, type PersonLimiter } from '../limits/person-limiter';
import { SqliteForecastSettings, type ForecastSettingsStore } from '../forecast/forecast-settings';
import type { Logger } from '../log';
import type { StorageConfig } from './storage-config';

export interface Stores {
  engine: 'sqlite' | 'azure';
  associations: AssociationStore;
  /** botbuilder's Storage (sign-in dialogs, per-person state), with eTags. */
  botState: Storage;
  certifications: CertificationStore;
  /** Keyed hashes of personal addresses and transcript identities, under this installation's secret. */
  identityKeys: IdentityKeys;
  proactive: ProactiveStores;
  erasure: ProactiveErasure;
  teamViewAudit: TeamViewAudit;
  /** The reminder progress cards being updated in place (kept across restarts). */
  remindProgressCards: RemindProgressCards;
  /** Keyed hashes of work accounts, for records that must name nobody (reminder batch ids). */
  pseudonyms: Pseudonyms;
  /** Per-person limits (Learn reads, team views, reminders), shared by every instance. */
  limiter: PersonLimiter;
  /** The skilling forecast's partner-admin settings per organization, and the people who left. */
  forecastSettings: ForecastSettingsStore;
  /** After "delete my data": SQLite checkpoints its write-ahead log, so no old page image of the erased rows stays in the files. */
  compact(): Promise<void>;
  /** For /healthz and the start-up check: can the engine be reached now. */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Teams calls per second per tenant (the shared send-rate bucket). */
  ratePerSecond: number;
  log?: Logger;
}

/** Opens nothing remote yet: Azure tables and queues are created on first use. */
export function openStores(config: StorageConfig, options: StoreOptions): Stores {
  if (config.engine === 'sqlite') return openSqliteStores(config.sqlitePath, options);
  // Loaded only for STORE=azure: the Azure SDK adds about a third of a second to every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openAzureStores } = require('./azure/azure-stores') as typeof import('./azure/azure-stores');
  return openAzureStores(config, options);
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
