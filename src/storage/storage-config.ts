// Which engine keeps the data (STORE) and how to reach Azure Storage. config.ts merges these keys
// into its one schema; this module turns them into a StorageConfig. SQLite is the embedded default
// (one machine, local disk); STORE=azure uses Table Storage and Storage Queues, reached with a
// connection string or, in Azure, a managed identity and the account name.
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackUrl } from '../loopback';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const endpoint = (which: string) =>
  optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && (v.startsWith('https://') || isLoopbackUrl(v))),
    `must be the account's ${which} endpoint, an https URL (http only for Azurite on this machine)`,
  );

export const storageFields = {
  STORE: z
    .enum(['sqlite', 'azure'], 'must be sqlite (one machine, the default) or azure (Azure Storage, several instances)')
    .default('sqlite'),
  SQLITE_PATH: z.string().trim().min(1, 'must be a file path').default('data/partner-link.db'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_ACCOUNT_NAME: optionalText.refine(
    (v) => v === undefined || /^[a-z0-9]{3,24}$/.test(v),
    'must be the storage account name (3 to 24 lower-case letters and digits)',
  ),
  /** Sovereign clouds: core.usgovcloudapi.net, core.chinacloudapi.cn. */
  AZURE_STORAGE_ENDPOINT_SUFFIX: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a DNS suffix such as core.windows.net')
    .default('core.windows.net'),
  AZURE_STORAGE_TABLE_ENDPOINT: endpoint('Table'),
  AZURE_STORAGE_QUEUE_ENDPOINT: endpoint('Queue'),
  /** A user-assigned managed identity's client id; empty = the app's system-assigned identity. */
  AZURE_CLIENT_ID: optionalText.refine(
    (v) => v === undefined || /^[0-9a-f-]{36}$/i.test(v),
    "must be the managed identity's client id (a GUID), or empty for the system-assigned identity",
  ),
  /** Tables are `${prefix}Associations`…, queues `${prefix}-reminders`: several deployments can share one account. */
  AZURE_STORAGE_PREFIX: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9]{1,19}$/, 'must be 2 to 20 lower-case letters and digits, starting with a letter')
    .default('partnerlink'),
};

export const STORAGE_SECRET_KEYS = ['AZURE_STORAGE_CONNECTION_STRING'] as const;

type StorageParsed = { [K in keyof typeof storageFields]: z.output<(typeof storageFields)[K]> };

export type AzureStorageAuth =
  | { kind: 'connection-string'; connectionString: string }
  | {
      kind: 'managed-identity';
      accountName: string;
      clientId: string | undefined;
      tableEndpoint: string;
      queueEndpoint: string;
    };

export type StorageConfig =
  { engine: 'sqlite'; sqlitePath: string } | { engine: 'azure'; auth: AzureStorageAuth; prefix: string };

/** Rules across the storage keys (checked on the raw values, like config.ts's other cross-key rules). */
export function storageProblems(value: (key: string) => string): { key: string; message: string }[] {
  if (value('STORE').toLowerCase() !== 'azure') return [];
  const cs = value('AZURE_STORAGE_CONNECTION_STRING');
  const account = value('AZURE_STORAGE_ACCOUNT_NAME');
  if (cs !== '' && account !== '') {
    return [
      {
        key: 'AZURE_STORAGE_ACCOUNT_NAME',
        message:
          'must be empty when AZURE_STORAGE_CONNECTION_STRING is set: give one way to reach the account (the managed identity with the account name is the one for Azure)',
      },
    ];
  }
  if (cs === '' && account === '') {
    return [
      {
        key: 'AZURE_STORAGE_ACCOUNT_NAME',
        message:
          "is required when STORE is azure: the storage account's name (reached with the app's managed identity), or set AZURE_STORAGE_CONNECTION_STRING instead",
      },
    ];
  }
  if (cs !== '' && !/(^|;)\s*AccountName=[^;]+/i.test(cs)) {
    return [
      {
        key: 'AZURE_STORAGE_CONNECTION_STRING',
        message:
          "must be the storage account's connection string with its AccountName (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…; for Azurite, its account with TableEndpoint= and QueueEndpoint=)",
      },
    ];
  }
  return [];
}

export function storageConfig(parsed: StorageParsed): StorageConfig {
  if (parsed.STORE === 'sqlite') return { engine: 'sqlite', sqlitePath: path.resolve(parsed.SQLITE_PATH) };
  if (parsed.AZURE_STORAGE_CONNECTION_STRING) {
    return {
      engine: 'azure',
      auth: { kind: 'connection-string', connectionString: parsed.AZURE_STORAGE_CONNECTION_STRING },
      prefix: parsed.AZURE_STORAGE_PREFIX,
    };
  }
  const accountName = parsed.AZURE_STORAGE_ACCOUNT_NAME ?? '';
  const suffix = parsed.AZURE_STORAGE_ENDPOINT_SUFFIX;
  return {
    engine: 'azure',
    auth: {
      kind: 'managed-identity',
      accountName,
      clientId: parsed.AZURE_CLIENT_ID?.toLowerCase(),
      tableEndpoint: (parsed.AZURE_STORAGE_TABLE_ENDPOINT ?? `https://${accountName}.table.${suffix}`).replace(
        /\/+$/,
        '',
      ),
      queueEndpoint: (parsed.AZURE_STORAGE_QUEUE_ENDPOINT ?? `https://${accountName}.queue.${suffix}`).replace(
        /\/+$/,
        '',
      ),
    },
    prefix: parsed.AZURE_STORAGE_PREFIX,
  };
}
