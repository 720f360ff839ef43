// The Azure Storage engine (STORE=azure): every port's adapter over one storage account — tables for
// the records, Storage Queues for the proactive sends — so several instances share one state.
// Nothing here opens SQLite. Tables and queues are created on first use.
import type { StorageConfig } from '../storage-config';
import type { StoreOptions, Stores } from '../stores';
import { createAzureAssociationStore } from './azure-association-store';
import { AzureBotStateStorage } from './azure-bot-state-storage';
import { AzureCertificationStore } from './azure-certification-store';
import { azureInstallationSecret } from './azure-installation-secret';
import { IDENTITY_KEY_NAME, identityKeys } from '../identity-keys';
import {
  AzureConversationReferences,
  AzureProactiveErasure,
  AzureReminderPreferences,
} from './azure-proactive-records';
import { AzureRateLimiter } from './azure-rate-limiter';
import { AzureRemindProgressCards } from './azure-remind-progress-cards';
import { AzureSendQueue } from './azure-send-queue';
import { createAzureStorage } from './azure-storage';
import { AzureTeamViewAudit } from './azure-team-view-audit';
import { within } from '../../within';
import { PSEUDONYM_SECRET, pseudonymsFrom } from '../pseudonyms';
import { AzurePersonLimiter } from './azure-person-limiter';
import { AzureForecastSettings } from './azure-forecast-settings';

export function openAzureStores(config: Extract<StorageConfig, { engine: 'azure' }>, options: StoreOptions): Stores {
  const storage = createAzureStorage(config.auth, config.prefix);
  options.log?.info(
    { event: 'store.azure', storage: storage.description, prefix: config.prefix },
    'data kept in Azure Storage',
  );
  const associations = createAzureAssociationStore(storage);
  const queue = new AzureSendQueue(storage, options.log ? { log: options.log } : {});
  return {
    engine: 'azure',
    associations,
    botState: new AzureBotStateStorage(storage),
    certifications: new AzureCertificationStore(storage),
    identityKeys: identityKeys(() => azureInstallationSecret(storage, IDENTITY_KEY_NAME)),
    proactive: {
      references: new AzureConversationReferences(storage),
      queue,
      limiter: new AzureRateLimiter(storage, { ratePerSecond: options.ratePerSecond }),
      preferences: new AzureReminderPreferences(storage),
    },
    erasure: new AzureProactiveErasure(storage, { eraseJobs: (person) => queue.eraseJobs(person) }),
    teamViewAudit: new AzureTeamViewAudit(storage),
    remindProgressCards: new AzureRemindProgressCards(storage),
    pseudonyms: pseudonymsFrom(() => azureInstallationSecret(storage, PSEUDONYM_SECRET)),
    limiter: new AzurePersonLimiter(storage),
    forecastSettings: new AzureForecastSettings(storage),
    // A deleted entity is gone from what any reader of the account sees: nothing to finish.
    compact: () => Promise.resolve(),
    // The operator's view of the dead-letter queue rides on /healthz: sends given up after repeated failed deliveries.
    health: async () => {
      const [health, deadLettered] = await Promise.all([
        associations.health(),
        within(
          3_000,
          queue.deadLettered().catch(() => undefined),
        ),
      ]);
      return { ...health, detail: `${health.detail}; dead-lettered sends: ${deadLettered?.value ?? 'unknown'}` };
    },
    close: () => Promise.resolve(),
  };
}
