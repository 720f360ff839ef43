// The forecast's settings, one record per organization, set by its partner admins: the designation
// anniversary (YYYY-MM-DD), the loss threshold (points a metric may lose before it is a risk), the
// track Microsoft assigned (Azure areas and Business Applications), and whether partner admins get
// forecast alerts (off until one opts in). Each field is written on its own, so two admins setting
// different fields at once both win. Also the people Partner Link learned left the organization
// (the proactive worker's directory check), with the day it learned it: the forecast drops their
// certifications at Partner Center's next refresh. The port and the SQLite adapter; the Azure Table
// adapter is src/storage/azure/azure-forecast-settings.ts. Both pass test/forecast/forecast-settings.contract.ts.
import { z } from 'zod';
import type { Track } from '../certifications/catalogue';
import type { Database } from '../storage/database';
import { parseIsoDate } from './forecast-dates';
import type { ForecastSettings, PersonLeft } from './forecast-model';

export interface OrganizationSettings extends ForecastSettings {
  /** Partner admins get a forecast alert card (default off). */
  alertsOptIn: boolean;
  /** Null until a partner admin set anything. */
  updatedAt: Date | null;
}

/** One field to write; `null` clears it. */
export type SettingChange = { anniversary: string | null } | { lossThreshold: number | null } | { assignedTrack: Track | null } | { alertsOptIn: boolean };

export interface ForecastSettingsStore {
  /** The organization's settings (defaults when none were set). */
  get(tenantId: string): Promise<OrganizationSettings>;
  /** Writes one field; the others stay as they are. */
  set(tenantId: string, change: SettingChange, now: Date): Promise<OrganizationSettings>;
  /** The person left the organization: the first date learned is kept. */
  recordLeft(person: { tenantId: string; objectId: string }, on: Date): Promise<void>;
  /** The organization's people who left, at most `limit`. */
  left(tenantId: string, limit?: number): Promise<PersonLeft[]>;
  /** "Delete my data": their departure record goes. */
  forgetPerson(person: { tenantId: string; objectId: string }): Promise<void>;
}

export const DEFAULT_SETTINGS: OrganizationSettings = { alertsOptIn: false, updatedAt: null };
/** Loss thresholds a partner admin may set, in points (a metric is worth at most 40). */
export const MAX_LOSS_THRESHOLD = 100;
/** Departures read per forecast at most. */
export const LEFT_READ_MAX = 50_000;

const anniversary = z.string().refine((v) => parseIsoDate(v) !== undefined);
const threshold = z.number().finite().min(0).max(MAX_LOSS_THRESHOLD);
const track = z.enum(['enterprise', 'smb']);

/** A stored record as read back from either engine; a field that no longer parses is taken as unset, never shown. */
export function readSettings(raw: { anniversary?: unknown; lossThreshold?: unknown; assignedTrack?: unknown; alertsOptIn?: unknown; updatedAt?: unknown }): OrganizationSettings {
  const a = anniversary.safeParse(raw.anniversary);
  const t = threshold.safeParse(typeof raw.lossThreshold === 'string' && raw.lossThreshold !== '' ? Number(raw.lossThreshold) : raw.lossThreshold);
  const k = track.safeParse(raw.assignedTrack);
  const at = typeof raw.updatedAt === 'string' ? new Date(raw.updatedAt) : null;
  return {
    ...(a.success ? { anniversary: a.data } : {}),
    ...(t.success ? { lossThreshold: t.data } : {}),
    ...(k.success ? { assignedTrack: k.data } : {}),
    alertsOptIn: raw.alertsOptIn === true || raw.alertsOptIn === 1,
    updatedAt: at && !Number.isNaN(at.getTime()) ? at : null,
  };
}

/** Refuses a change no partner admin could have typed (the chat parses input first; this is the store's own guard). */
export function checkChange(change: SettingChange): SettingChange {
  if ('anniversary' in change && change.anniversary !== null && !anniversary.safeParse(change.anniversary).success) throw new Error('anniversary must be a date written YYYY-MM-DD');
  if ('lossThreshold' in change && change.lossThreshold !== null && !threshold.safeParse(change.lossThreshold).success) throw new Error(`lossThreshold must be 0 to ${MAX_LOSS_THRESHOLD}`);
  if ('assignedTrack' in change && change.assignedTrack !== null && !track.safeParse(change.assignedTrack).success) throw new Error('assignedTrack must be enterprise or smb');
  return change;
}

interface Row {
  anniversary: string | null;
  loss_threshold: number | null;
  assigned_track: string | null;
  alerts_opt_in: number;
  updated_at: string;
}

const COLUMNS = { anniversary: 'anniversary', lossThreshold: 'loss_threshold', assignedTrack: 'assigned_track', alertsOptIn: 'alerts_opt_in' } as const;

export class SqliteForecastSettings implements ForecastSettingsStore {
  constructor(private readonly db: Database) {}

  get(tenantId: string): Promise<OrganizationSettings> {
    const row = this.db.prepare<[string], Row>('SELECT anniversary, loss_threshold, assigned_track, alerts_opt_in, updated_at FROM forecast_settings WHERE tenant_id = ?').get(tenantId.toLowerCase());
    if (!row) return Promise.resolve({ ...DEFAULT_SETTINGS });
    return Promise.resolve(readSettings({ anniversary: row.anniversary, lossThreshold: row.loss_threshold, assignedTrack: row.assigned_track, alertsOptIn: row.alerts_opt_in, updatedAt: row.updated_at }));
  }

  async set(tenantId: string, change: SettingChange, now: Date): Promise<OrganizationSettings> {
    const [field, value] = Object.entries(checkChange(change))[0] as [keyof typeof COLUMNS, string | number | boolean | null];
    const column = COLUMNS[field];
    const stored = typeof value === 'boolean' ? Number(value) : value;
    // One statement: inserted with this field, or only this field (and the time) updated.
    this.db
      .prepare(`INSERT INTO forecast_settings (tenant_id, ${column}, updated_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`)
      .run(tenantId.toLowerCase(), stored, now.toISOString());
    return this.get(tenantId);
  }

  recordLeft(person: { tenantId: string; objectId: string }, on: Date): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO forecast_leavers (tenant_id, object_id, left_on) VALUES (?, ?, ?)').run(person.tenantId.toLowerCase(), person.objectId.toLowerCase(), on.toISOString());
    return Promise.resolve();
  }

  left(tenantId: string, limit = LEFT_READ_MAX): Promise<PersonLeft[]> {
    const rows = this.db.prepare<[string, number], { object_id: string; left_on: string }>('SELECT object_id, left_on FROM forecast_leavers WHERE tenant_id = ? ORDER BY object_id LIMIT ?').all(tenantId.toLowerCase(), limit);
    return Promise.resolve(rows.flatMap((r) => (Number.isNaN(Date.parse(r.left_on)) ? [] : [{ personId: r.object_id, on: new Date(r.left_on) }])));
  }

  forgetPerson(person: { tenantId: string; objectId: string }): Promise<void> {
    this.db.prepare('DELETE FROM forecast_leavers WHERE tenant_id = ? AND object_id = ?').run(person.tenantId.toLowerCase(), person.objectId.toLowerCase());
    return Promise.resolve();
  }
}
