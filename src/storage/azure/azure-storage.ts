// How Partner Link reaches one Azure Storage account: Table and Queue clients by name, created on
// first use (the tables and queues too), with a connection string (Azurite, a developer's account)
// or a managed identity (Azure; no key anywhere). Names carry the configured prefix so several
// deployments can share an account. Only loopback endpoints may use plain http (Azurite).
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { TableClient } from '@azure/data-tables';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { isLoopbackUrl } from '../../loopback';
import type { AzureStorageAuth } from '../storage-config';

export interface AzureStorage {
  /** The table `${prefix}${name}`, created if missing. `name`: letters and digits, starting with a capital. */
  table(name: string): Promise<TableClient>;
  /** The queue `${prefix}-${name}`, created if missing. `name`: lower case, digits and dashes. */
  queue(name: string): Promise<QueueClient>;
  /** For logs and /healthz: the account and how it is reached, never a key. */
  readonly description: string;
}

export function createAzureStorage(auth: AzureStorageAuth, prefix: string): AzureStorage {
  const tables = new Map<string, Promise<TableClient>>();
  const queues = new Map<string, Promise<QueueClient>>();
  const credential: TokenCredential | undefined =
    auth.kind === 'managed-identity'
      ? new ManagedIdentityCredential(auth.clientId ? { clientId: auth.clientId } : {})
      : undefined;
  const connection = auth.kind === 'connection-string' ? parseConnectionString(auth.connectionString) : undefined;

  const newTableClient = (tableName: string): TableClient => {
    if (auth.kind === 'connection-string') {
      const allowInsecureConnection =
        connection?.tableEndpoint !== undefined && isLoopbackUrl(connection.tableEndpoint);
      return TableClient.fromConnectionString(auth.connectionString, tableName, { allowInsecureConnection });
    }
    return new TableClient(auth.tableEndpoint, tableName, credential as TokenCredential);
  };
  const newQueueClient = (queueName: string): QueueClient =>
    auth.kind === 'connection-string'
      ? QueueServiceClient.fromConnectionString(auth.connectionString).getQueueClient(queueName)
      : new QueueClient(`${auth.queueEndpoint}/${queueName}`, credential);

  return {
    description:
      auth.kind === 'connection-string'
        ? `Azure Storage account ${connection?.accountName ?? '(development storage)'} (connection string)`
        : `Azure Storage account ${auth.accountName} (managed identity${auth.clientId ? ` ${auth.clientId}` : ', system-assigned'})`,
    table(name) {
      if (!/^[A-Z][A-Za-z0-9]{1,40}$/.test(name)) throw new Error(`invalid table name "${name}"`);
      return createdOnce(tables, `${prefix}${name}`, (tableName) => {
        const client = newTableClient(tableName);
        return client.createTable().then(() => client);
      });
    },
    queue(name) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > 40) throw new Error(`invalid queue name "${name}"`);
      return createdOnce(queues, `${prefix}-${name}`, (queueName) => {
        const client = newQueueClient(queueName);
        return client.createIfNotExists().then(() => client);
      });
    },
  };
}

/** One creation per name, shared by every caller; a failed one (network, permissions) is tried again on the next call, not cached. */
function createdOnce<T>(
  cache: Map<string, Promise<T>>,
  name: string,
  create: (name: string) => Promise<T>,
): Promise<T> {
  let ready = cache.get(name);
  if (!ready) {
    ready = create(name);
    ready.catch(() => cache.delete(name));
    cache.set(name, ready);
  }
  return ready;
}

/** The parts of a connection string that decide how to talk to it (never the key). */
function parseConnectionString(connectionString: string): {
  accountName: string | undefined;
  tableEndpoint: string | undefined;
} {
  const parts = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return { accountName: parts.get('accountname'), tableEndpoint: parts.get('tableendpoint') };
}
