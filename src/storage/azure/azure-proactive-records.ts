// Conversation references and reminder preferences on Azure Table Storage (STORE=azure), and "delete
// my data" for them. One entity per person in each table: PartitionKey = escaped tenant id, RowKey =
// escaped Entra object id; every call is a point read or write of that entity. Partition per tenant
// keeps one organization's rows together (an operator can list or remove a tenant in one query).
// A reference is written only when missing or changed, so remembering it on every turn costs one
// point read. The jobs part of erasure belongs to the queue adapter: passed in as `eraseJobs`.
import type { TableClient } from '@azure/data-tables';
import type { ProactiveErasure } from '../../proactive/person-erasure';
import type {
  ConversationReferenceStore,
  PersonKey,
  ProactiveReference,
  ReminderPreferences,
} from '../../proactive/proactive-store';
import type { AzureStorage } from './azure-storage';
import { isNotFound, tableKey } from './table-errors';

/** A reference is ids and a URL (a few hundred characters); far above that is not a Teams reference. */
const MAX_REFERENCE_CHARS = 8_000;

const keysOf = (person: PersonKey) => ({
  partitionKey: tableKey(person.tenantId),
  rowKey: tableKey(person.aadObjectId),
});

async function pointRead<T extends object>(
  table: TableClient,
  person: PersonKey,
): Promise<(T & { tenantId?: unknown; aadObjectId?: unknown }) | undefined> {
  const { partitionKey, rowKey } = keysOf(person);
  try {
    const entity = await table.getEntity<T & { tenantId?: unknown; aadObjectId?: unknown }>(partitionKey, rowKey);
    return entity.tenantId === person.tenantId && entity.aadObjectId === person.aadObjectId ? entity : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function pointDelete(table: TableClient, person: PersonKey): Promise<number> {
  const { partitionKey, rowKey } = keysOf(person);
  try {
    await table.deleteEntity(partitionKey, rowKey);
    return 1;
  } catch (error) {
    if (isNotFound(error)) return 0;
    throw error;
  }
}

const referencesTable = (storage: AzureStorage) => storage.table('ConversationReferences');
const preferencesTable = (storage: AzureStorage) => storage.table('ReminderPreferences');

export class AzureConversationReferences implements ConversationReferenceStore {
  constructor(private readonly storage: AzureStorage) {}

  async getReference(person: PersonKey): Promise<ProactiveReference | undefined> {
    const entity = await pointRead<{ reference: string }>(await referencesTable(this.storage), person);
    return entity ? (JSON.parse(entity.reference) as ProactiveReference) : undefined;
  }

  async saveReference(person: PersonKey, reference: ProactiveReference, now: Date): Promise<'saved' | 'unchanged'> {
    const json = JSON.stringify(reference);
    if (json.length > MAX_REFERENCE_CHARS)
      throw new Error(`conversation reference of ${json.length} characters refused (at most ${MAX_REFERENCE_CHARS})`);
    const table = await referencesTable(this.storage);
    const current = await pointRead<{ reference: string }>(table, person);
    if (current?.reference === json) return 'unchanged';
    // Last writer wins, as on SQLite: both writers hold a reference Teams just gave them.
    await table.upsertEntity(
      {
        ...keysOf(person),
        tenantId: person.tenantId,
        aadObjectId: person.aadObjectId,
        reference: json,
        updatedAt: now.toISOString(),
      },
      'Replace',
    );
    return 'saved';
  }

  async dropReference(person: PersonKey): Promise<boolean> {
    return (await pointDelete(await referencesTable(this.storage), person)) > 0;
  }
}

export class AzureReminderPreferences implements ReminderPreferences {
  constructor(private readonly storage: AzureStorage) {}

  async remindersOn(person: PersonKey): Promise<boolean> {
    const entity = await pointRead<{ remindersOn: boolean }>(await preferencesTable(this.storage), person);
    return entity === undefined || entity.remindersOn !== false;
  }

  async setRemindersOn(person: PersonKey, on: boolean, now: Date): Promise<void> {
    const table = await preferencesTable(this.storage);
    await table.upsertEntity(
      {
        ...keysOf(person),
        tenantId: person.tenantId,
        aadObjectId: person.aadObjectId,
        remindersOn: on,
        updatedAt: now.toISOString(),
      },
      'Replace',
    );
  }
}

export interface AzureProactiveErasureOptions {
  /** Deletes the person's jobs (not one being sent right now) and says how many: the queue adapter's part. */
  eraseJobs?: (person: PersonKey) => Promise<number>;
}

export class AzureProactiveErasure implements ProactiveErasure {
  constructor(
    private readonly storage: AzureStorage,
    private readonly options: AzureProactiveErasureOptions = {},
  ) {}

  async erase(person: PersonKey): Promise<{ references: number; preferences: number; jobs: number }> {
    // Jobs first: a queued job that outlived its reference would only wait for an install.
    const jobs = this.options.eraseJobs ? await this.options.eraseJobs(person) : 0;
    const [references, preferences] = await Promise.all([
      pointDelete(await referencesTable(this.storage), person),
      pointDelete(await preferencesTable(this.storage), person),
    ]);
    return { references, preferences, jobs };
  }
}
