// The Azure Storage engine: every port's Table/Queue adapter over one account (STORE=azure).
import type { StorageConfig } from '../storage-config';
import type { StoreOptions, Stores } from '../stores';

export function openAzureStores(config: Extract<StorageConfig, { engine: 'azure' }>, _options: StoreOptions): Stores {
  throw new Error(`STORE=azure is being built (prefix ${config.prefix}); use STORE=sqlite.`);
}
