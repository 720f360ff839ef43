// Per-installation secrets on Azure Table Storage (the Table twin of sqlite/sqlite-installation-secret.ts):
// 32 random bytes per name, created the first time they are asked for. The row is inserted with
// createEntity, so when several instances start at once exactly one insert wins (the others get 409)
// and every instance reads back the same secret. The secret is never logged.
import { randomBytes } from 'node:crypto';
import type { AzureStorage } from './azure-storage';
import { isConcurrencyConflict, isNotFound, tableKey } from './table-errors';
import { SECRET_BYTES } from '../installation-secret';

const PARTITION = 'installation-secret';

interface SecretEntity {
  secret: Uint8Array;
  createdAt: string;
}

/** The secret called `name`, created at random on first use (concurrent callers agree). */
export async function azureInstallationSecret(storage: AzureStorage, name: string): Promise<Buffer> {
  const table = await storage.table('Secrets');
  const rowKey = tableKey(name);
  const read = async (): Promise<Buffer | undefined> => {
    try {
      const entity = await table.getEntity<SecretEntity>(PARTITION, rowKey);
      const secret = Buffer.from(entity.secret);
      if (secret.length !== SECRET_BYTES) throw new Error(`installation secret "${name}" is damaged`);
      return secret;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const existing = await read();
  if (existing) return existing;
  try {
    await table.createEntity<SecretEntity>({
      partitionKey: PARTITION,
      rowKey,
      secret: randomBytes(SECRET_BYTES),
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    // Another instance created it first: theirs is the secret.
    if (!isConcurrencyConflict(error)) throw error;
  }
  const secret = await read();
  if (!secret) throw new Error(`installation secret "${name}" is missing`);
  return secret;
}
