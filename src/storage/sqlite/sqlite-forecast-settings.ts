// The forecast settings (ForecastSettingsStore) on SQLite: one row per organization in
// forecast_settings, each field written by one statement of its own (inserted with this field, or only
// this field and the time updated), so two partner admins setting different fields at once both win;
// the people who left in forecast_leavers, inserted once: the first date learned stays; the partner
// admins who asked for forecast alerts in forecast_alert_admins (a row while alerts are on).
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
import type { Database } from './sqlite';

/** v9: the forecast's settings per organization, and the people who left. */
export const FORECAST_SETTINGS_V9 = `
      -- One record per organization (forecast/forecast-settings.ts); each field is written on its own.
      CREATE TABLE forecast_settings (
        tenant_id TEXT PRIMARY KEY,
        -- The designation anniversary, YYYY-MM-DD.
        anniversary TEXT,
        -- Points a metric may lose before it counts as a risk.
        loss_threshold REAL,
        assigned_track TEXT CHECK (assigned_track IN ('enterprise', 'smb')),
        alerts_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (alerts_opt_in IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      -- People the directory says left the organization, with the day Partner Link learned it.
      CREATE TABLE forecast_leavers (
        tenant_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        left_on TEXT NOT NULL,
        PRIMARY KEY (tenant_id, object_id)
      );
    `;

/** v11: forecast alerts are each partner admin's own choice. */
export const FORECAST_ALERT_ADMINS_V11 = `
      -- The partner admins who asked for forecast alerts (a row while on; forecast/forecast-settings.ts).
      CREATE TABLE forecast_alert_admins (
        tenant_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, object_id)
      );
    `;

interface Row {
  anniversary: string | null;
  loss_threshold: number | null;
  assigned_track: string | null;
  alerts_opt_in: number;
  updated_at: string;
}

const COLUMNS = {
  anniversary: 'anniversary',
  lossThreshold: 'loss_threshold',
  assignedTrack: 'assigned_track',
  alertsOptIn: 'alerts_opt_in',
} as const;

export class SqliteForecastSettings implements ForecastSettingsStore {
  constructor(private readonly db: Database) {}

  get(tenantId: string): Promise<OrganizationSettings> {
    const row = this.db
      .prepare<[string], Row>(
        'SELECT anniversary, loss_threshold, assigned_track, alerts_opt_in, updated_at FROM forecast_settings WHERE tenant_id = ?',
      )
      .get(tenantId.toLowerCase());
    if (!row) return Promise.resolve({ ...DEFAULT_SETTINGS });
    return Promise.resolve(
      readSettings({
        anniversary: row.anniversary,
        lossThreshold: row.loss_threshold,
        assignedTrack: row.assigned_track,
        alertsOptIn: row.alerts_opt_in,
        updatedAt: row.updated_at,
      }),
    );
  }

  async set(tenantId: string, change: SettingChange, now: Date): Promise<OrganizationSettings> {
    const [field, value] = Object.entries(checkChange(change))[0] as [
      keyof typeof COLUMNS,
      string | number | boolean | null,
    ];
    const column = COLUMNS[field];
    const stored = typeof value === 'boolean' ? Number(value) : value;
    // One statement: inserted with this field, or only this field (and the time) updated.
    this.db
      .prepare(
        `INSERT INTO forecast_settings (tenant_id, ${column}, updated_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
      )
      .run(tenantId.toLowerCase(), stored, now.toISOString());
    return this.get(tenantId);
  }

  recordLeft(person: { tenantId: string; objectId: string }, on: Date): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO forecast_leavers (tenant_id, object_id, left_on) VALUES (?, ?, ?)')
      .run(person.tenantId.toLowerCase(), person.objectId.toLowerCase(), on.toISOString());
    return Promise.resolve();
  }

  left(tenantId: string, limit = LEFT_READ_MAX): Promise<PersonLeft[]> {
    const rows = this.db
      .prepare<[string, number], { object_id: string; left_on: string }>(
        'SELECT object_id, left_on FROM forecast_leavers WHERE tenant_id = ? ORDER BY object_id LIMIT ?',
      )
      .all(tenantId.toLowerCase(), limit);
    return Promise.resolve(
      rows.flatMap((r) =>
        Number.isNaN(Date.parse(r.left_on)) ? [] : [{ personId: r.object_id, on: new Date(r.left_on) }],
      ),
    );
  }

  alertsOn(admin: { tenantId: string; objectId: string }): Promise<boolean> {
    const row = this.db
      .prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM forecast_alert_admins WHERE tenant_id = ? AND object_id = ?',
      )
      .get(admin.tenantId.toLowerCase(), admin.objectId.toLowerCase());
    return Promise.resolve(row !== undefined);
  }

  setAlerts(admin: { tenantId: string; objectId: string }, on: boolean, now: Date): Promise<void> {
    const key = [admin.tenantId.toLowerCase(), admin.objectId.toLowerCase()] as const;
    if (on)
      this.db
        .prepare(
          'INSERT INTO forecast_alert_admins (tenant_id, object_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id, object_id) DO NOTHING',
        )
        .run(...key, now.toISOString());
    else this.db.prepare('DELETE FROM forecast_alert_admins WHERE tenant_id = ? AND object_id = ?').run(...key);
    return Promise.resolve();
  }

  alertSubscribers({ tenantId, limit = SUBSCRIBERS_READ_MAX }: { tenantId?: string; limit?: number } = {}): Promise<
    AlertSubscriber[]
  > {
    type Row = { tenant_id: string; object_id: string };
    const rows =
      tenantId === undefined
        ? this.db
            .prepare<[number], Row>(
              'SELECT tenant_id, object_id FROM forecast_alert_admins ORDER BY tenant_id, object_id LIMIT ?',
            )
            .all(limit)
        : this.db
            .prepare<[string, number], Row>(
              'SELECT tenant_id, object_id FROM forecast_alert_admins WHERE tenant_id = ? ORDER BY object_id LIMIT ?',
            )
            .all(tenantId.toLowerCase(), limit);
    return Promise.resolve(rows.map((r) => ({ tenantId: r.tenant_id, objectId: r.object_id })));
  }

  forgetPerson(person: { tenantId: string; objectId: string }): Promise<void> {
    const key = [person.tenantId.toLowerCase(), person.objectId.toLowerCase()] as const;
    this.db.prepare('DELETE FROM forecast_leavers WHERE tenant_id = ? AND object_id = ?').run(...key);
    this.db.prepare('DELETE FROM forecast_alert_admins WHERE tenant_id = ? AND object_id = ?').run(...key);
    return Promise.resolve();
  }
}
