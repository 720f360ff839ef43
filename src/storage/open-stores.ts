// The store factory: the one place that picks the engine named by STORE (storage-config.ts). The
// process (index.ts, dev/) reaches the engines only through here.
import type { StorageConfig } from './storage-config';
import type { StoreOptions, Stores } from './stores';
import { openSqliteStores } from './sqlite/sqlite-stores';

export { DatabaseVersionError, isPartnerLinkDatabase } from './sqlite/database';

/** Opens nothing remote yet: Azure tables and queues are created on first use. */
export function openStores(config: StorageConfig, options: StoreOptions): Stores {
  if (config.engine === 'sqlite') return openSqliteStores(config.sqlitePath, options);
  // Loaded only for STORE=azure: the Azure SDK adds about a third of a second to every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openAzureStores } = require('./azure/azure-stores') as typeof import('./azure/azure-stores');
  return openAzureStores(config, options);
}
