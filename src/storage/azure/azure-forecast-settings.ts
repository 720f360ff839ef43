// The forecast settings (ForecastSettingsStore) in Azure Table Storage. One entity per organization
// in ForecastSettings (partition: the tenant, row "settings"), each field written with a Merge upsert
// of that field alone, so two partner admins setting different fields at once both win; a cleared
// field is stored as "" (read back as unset). The people who left are ForecastLeavers entities
// (partition: the tenant, row: the person), created once: the first date learned stays. A partner
// admin who asked for forecast alerts has an entity of kind "alert" in ForecastSettings (partition:
// the tenant, row "alert|<admin>") while alerts are on.
import type { TableClient } from '@azure/data-tables';
import {
  checkChange,
  DEFAULT_SETTINGS,
  LEFT_READ_MAX,
  readSettings,
  SUBSCRIBERS_READ_MAX,
  type AlertSubscriber,
  type ForecastSettingsStore,
  type OrganizationSettings,
  type SettingChange,
} from '../../forecast/forecast-settings';
import type { PersonLeft } from '../../forecast/forecast-model';
import type { AzureStorage } from './azure-storage';
import { isNotFound, odata, statusOf, tableKey } from './table-errors';

const ROW = 'settings';

interface SettingsEntity {
  partitionKey: string;
  rowKey: string;
  anniversary?: string;
  lossThreshold?: string;
  assignedTrack?: string;
  alertsOptIn?: boolean;
  updatedAt?: string;
}

interface AlertEntity {
  partitionKey: string;
  rowKey: string;
  kind: 'alert';
  tenantId: string;
  objectId: string;
  updatedAt: string;
}

const alertKey = (admin: { tenantId: string; objectId: string }) => ({
  partitionKey: tableKey(admin.tenantId.toLowerCase()),
  rowKey: tableKey('alert', admin.objectId.toLowerCase()),
});

interface LeaverEntity {
  partitionKey: string;
  rowKey: string;
  objectId: string;
  leftOn: string;
}

export class AzureForecastSettings implements ForecastSettingsStore {
  constructor(private readonly storage: AzureStorage) {}

  private settings(): Promise<TableClient> {
    return this.storage.table('ForecastSettings');
  }

  private leavers(): Promise<TableClient> {
    return this.storage.table('ForecastLeavers');
  }

  async get(tenantId: string): Promise<OrganizationSettings> {
    try {
      const entity = await (await this.settings()).getEntity<SettingsEntity>(tableKey(tenantId.toLowerCase()), ROW);
      return readSettings(entity);
    } catch (error) {
      if (isNotFound(error)) return { ...DEFAULT_SETTINGS };
      throw error;
    }
  }

  async set(tenantId: string, change: SettingChange, now: Date): Promise<OrganizationSettings> {
    const [field, value] = Object.entries(checkChange(change))[0] as [
      keyof SettingChange,
      string | number | boolean | null,
    ];
    const stored = typeof value === 'boolean' ? value : value === null ? '' : String(value);
    const entity: SettingsEntity = {
      partitionKey: tableKey(tenantId.toLowerCase()),
      rowKey: ROW,
      [field]: stored,
      updatedAt: now.toISOString(),
    };
    await (await this.settings()).upsertEntity(entity, 'Merge');
    return this.get(tenantId);
  }

  async recordLeft(person: { tenantId: string; objectId: string }, on: Date): Promise<void> {
    const objectId = person.objectId.toLowerCase();
    const entity: LeaverEntity = {
      partitionKey: tableKey(person.tenantId.toLowerCase()),
      rowKey: tableKey(objectId),
      objectId,
      leftOn: on.toISOString(),
    };
    try {
      await (await this.leavers()).createEntity(entity);
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
  }

  async left(tenantId: string, limit = LEFT_READ_MAX): Promise<PersonLeft[]> {
    const table = await this.leavers();
    const people: PersonLeft[] = [];
    const filter = odata`PartitionKey eq ${tableKey(tenantId.toLowerCase())}`;
    for await (const entity of table.listEntities<LeaverEntity>({
      queryOptions: { filter, select: ['objectId', 'leftOn'] },
    })) {
      if (typeof entity.objectId === 'string' && !Number.isNaN(Date.parse(entity.leftOn)))
        people.push({ personId: entity.objectId, on: new Date(entity.leftOn) });
      if (people.length >= limit) break;
    }
    return people.sort((a, b) => a.personId.localeCompare(b.personId));
  }

  async alertsOn(admin: { tenantId: string; objectId: string }): Promise<boolean> {
    const { partitionKey, rowKey } = alertKey(admin);
    try {
      await (
        await this.settings()
      ).getEntity<AlertEntity>(partitionKey, rowKey, { queryOptions: { select: ['kind'] } });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async setAlerts(admin: { tenantId: string; objectId: string }, on: boolean, now: Date): Promise<void> {
    const table = await this.settings();
    const key = alertKey(admin);
    if (!on) return this.deleteQuietly(table, key.partitionKey, key.rowKey);
    const entity: AlertEntity = {
      ...key,
      kind: 'alert',
      tenantId: admin.tenantId.toLowerCase(),
      objectId: admin.objectId.toLowerCase(),
      updatedAt: now.toISOString(),
    };
    await table.upsertEntity(entity, 'Replace');
  }

  async alertSubscribers({
    tenantId,
    limit = SUBSCRIBERS_READ_MAX,
  }: { tenantId?: string; limit?: number } = {}): Promise<AlertSubscriber[]> {
    const table = await this.settings();
    const found: AlertSubscriber[] = [];
    // One organization is one partition.
    const filter =
      tenantId === undefined
        ? odata`kind eq ${'alert'}`
        : odata`PartitionKey eq ${tableKey(tenantId.toLowerCase())} and kind eq ${'alert'}`;
    for await (const entity of table.listEntities<AlertEntity>({
      queryOptions: { filter, select: ['tenantId', 'objectId'] },
    })) {
      if (found.length >= limit) break;
      if (typeof entity.tenantId === 'string' && typeof entity.objectId === 'string')
        found.push({ tenantId: entity.tenantId, objectId: entity.objectId });
    }
    return found.sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.objectId.localeCompare(b.objectId));
  }

  async forgetPerson(person: { tenantId: string; objectId: string }): Promise<void> {
    const alert = alertKey(person);
    await Promise.all([
      this.deleteQuietly(await this.leavers(), alert.partitionKey, tableKey(person.objectId.toLowerCase())),
      this.deleteQuietly(await this.settings(), alert.partitionKey, alert.rowKey),
    ]);
  }

  private async deleteQuietly(table: TableClient, partitionKey: string, rowKey: string): Promise<void> {
    try {
      await table.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
