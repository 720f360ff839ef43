// Every store Partner Link keeps, from one engine: SQLite (one file, the embedded default) or Azure
// Storage (tables and queues shared by several instances). app.ts asks for a Stores (open-stores.ts)
// and never names an engine; each port has one contract suite that both engines pass.
import type { AssociationStore, StoreHealth } from '../associations/association-store';
import type { CertificationStore } from '../certifications/certification-store';
import type { ForecastSettingsStore } from '../forecast/forecast-settings';
import type { PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { ProactiveErasure } from '../proactive/person-erasure';
import type { ProactiveStores } from '../proactive/proactive-store';
import type { RemindProgressCards } from '../team-status/remind-progress-cards';
import type { TeamViewAudit } from '../team-status/team-view-audit';
import type { IdentityKeys } from './identity-keys';
import type { Pseudonyms } from './pseudonyms';
import type { StateStorage } from './state-storage';

export interface Stores {
  engine: 'sqlite' | 'azure';
  associations: AssociationStore;
  /** The bot's conversation state (sign-in dialogs, per-person state), with eTags. */
  botState: StateStorage;
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
