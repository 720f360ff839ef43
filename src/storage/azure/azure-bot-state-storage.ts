// The bot's state storage (dialog and conversation state) on Azure Table Storage, for STORE=azure.
// One entity per state key: PartitionKey = the escaped key (state keys never share a partition, so
// instances never contend on unrelated conversations), RowKey 'state'. The JSON document is chunked
// over binary properties of that ONE entity (chunked-text.ts), so a read is atomic and the Table
// ETag, handed out as the item's eTag, covers all of it. eTags follow MemoryStorage and the SQLite
// adapter: no eTag or '*' overwrites; any other eTag must match the stored one (If-Match, a 412 is a
// conflict); a key that does not exist is created (an insert: a concurrent creation is a conflict).
import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { CREATE_ONLY, type StateStorage, type StoreItems } from '../state-storage';
import type { AzureStorage } from './azure-storage';
import { MAX_CHUNKED_BYTES, chunkedBytes, fromChunks, toChunks } from './chunked-text';
import { isConcurrencyConflict, isNotFound, tableKey } from './table-errors';

/**
 * Largest state document (UTF-8 JSON) one key may hold. The entity limit is 1 MiB; binary travels as
 * base64 (4/3), and Azurite checks the request body, so 720,000 bytes (960,000 on the wire plus the
 * property names) is what fits both Azurite and the service.
 */
export const MAX_STATE_BYTES = MAX_CHUNKED_BYTES;
const ROW = 'state';

/** Escaped key; a key too long for Table is replaced by its hash ('%h' never comes out of tableKey). */
function partitionOf(key: string): string {
  try {
    return tableKey(key);
  } catch {
    return `%h${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  }
}

export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

export class AzureBotStateStorage implements StateStorage {
  constructor(private readonly storage: AzureStorage) {}

  private table(): Promise<TableClient> {
    return this.storage.table('BotState');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const table = await this.table();
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const entity = await table.getEntity<Record<string, unknown>>(partitionOf(key), ROW).catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        });
        if (!entity || entity.key !== key) return;
        const text = fromChunks('d', entity);
        if (text === undefined)
          throw new Error(`Storage: the state stored for "${key}" is damaged (a chunk is missing).`);
        items[key] = { ...(JSON.parse(text) as object), eTag: entity.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const table = await this.table();
    await Promise.all(
      Object.entries(changes).map(([key, value]) =>
        this.writeOne(table, key, (value ?? {}) as Record<string, unknown>),
      ),
    );
  }

  private async writeOne(table: TableClient, key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...document } = item;
    const text = JSON.stringify(document);
    const bytes = chunkedBytes(text);
    if (bytes > MAX_STATE_BYTES) {
      throw new Error(
        `Storage: the state for "${key}" is ${bytes} bytes; Azure Table storage keeps at most ${MAX_STATE_BYTES} bytes per key. Nothing was written; keep less in this conversation's state.`,
      );
    }
    const entity = {
      partitionKey: partitionOf(key),
      rowKey: ROW,
      key,
      updatedAt: new Date().toISOString(),
      ...toChunks('d', text),
    };
    try {
      if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
        await table.upsertEntity(entity, 'Replace');
        return;
      }
      if (eTag === CREATE_ONLY) {
        await table.createEntity(entity);
        return;
      }
      try {
        await table.updateEntity(entity, 'Replace', { etag: eTag });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        // Gone since it was read (or never written): created, unless someone else creates it first.
        await table.createEntity(entity);
      }
    } catch (error) {
      if (isConcurrencyConflict(error)) throw eTagConflict(key);
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const table = await this.table();
    await Promise.all(
      keys.map((key) =>
        table.deleteEntity(partitionOf(key), ROW).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        }),
      ),
    );
  }
}
