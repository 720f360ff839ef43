// The forecast's settings, one record per organization, set by its partner admins: the designation
// anniversary (YYYY-MM-DD), the loss threshold (points a metric may lose before it is a risk), the
// track Microsoft assigned (Azure areas and Business Applications). Each field is written on its own,
// so two admins setting different fields at once both win. Forecast alerts are each partner admin's own
// choice (off until they opt in): one record per admin who opted in, gone when they turn alerts off or
// delete their data (the organization-wide `alertsOptIn` field is kept as stored, and not used). Also the people Partner Link learned left the organization
// (the proactive worker's directory check), with the day it learned it: the forecast drops their
// certifications at Partner Center's next refresh. The port; its adapters are
// src/storage/sqlite/sqlite-forecast-settings.ts and src/storage/azure/azure-forecast-settings.ts. Both pass test/forecast/forecast-settings.contract.ts.
import { z } from 'zod';
import type { Track } from '../certifications/catalogue';
import { parseIsoDate } from './forecast-dates';
import type { ForecastSettings, PersonLeft } from './forecast-model';

export interface OrganizationSettings extends ForecastSettings {
  /** Organization-wide, stored but not used: alerts are each partner admin's choice (`alertsOn`). */
  alertsOptIn: boolean;
  /** Null until a partner admin set anything. */
  updatedAt: Date | null;
}

/** One field to write; `null` clears it. */
export type SettingChange =
  | { anniversary: string | null }
  | { lossThreshold: number | null }
  | { assignedTrack: Track | null }
  | { alertsOptIn: boolean };

export interface ForecastSettingsStore {
  /** The organization's settings (defaults when none were set). */
  get(tenantId: string): Promise<OrganizationSettings>;
  /** Writes one field; the others stay as they are. */
  set(tenantId: string, change: SettingChange, now: Date): Promise<OrganizationSettings>;
  /** The person left the organization: the first date learned is kept. */
  recordLeft(person: { tenantId: string; objectId: string }, on: Date): Promise<void>;
  /** The organization's people who left, at most `limit`. */
  left(tenantId: string, limit?: number): Promise<PersonLeft[]>;
  /** Whether this partner admin asked for forecast alerts (default no). */
  alertsOn(admin: { tenantId: string; objectId: string }): Promise<boolean>;
  /** This partner admin turns forecast alerts on or off for themselves. */
  setAlerts(admin: { tenantId: string; objectId: string }, on: boolean, now: Date): Promise<void>;
  /**
   * The partner admins who asked for forecast alerts (ids lower case), in one organization or, without
   * `tenantId`, in every one; at most `limit` (SUBSCRIBERS_READ_MAX).
   */
  alertSubscribers(options?: { tenantId?: string; limit?: number }): Promise<AlertSubscriber[]>;
  /** "Delete my data": their departure record and their alert choice go. */
  forgetPerson(person: { tenantId: string; objectId: string }): Promise<void>;
}

export interface AlertSubscriber {
  tenantId: string;
  objectId: string;
}

export const DEFAULT_SETTINGS: OrganizationSettings = { alertsOptIn: false, updatedAt: null };
/** Loss thresholds a partner admin may set, in points (a metric is worth at most 40). */
export const MAX_LOSS_THRESHOLD = 100;
/** Departures read per forecast at most. */
export const LEFT_READ_MAX = 50_000;
/** Partner admins read per alert check at most. */
export const SUBSCRIBERS_READ_MAX = 10_000;

const anniversary = z.string().refine((v) => parseIsoDate(v) !== undefined);
const threshold = z.number().finite().min(0).max(MAX_LOSS_THRESHOLD);
const track = z.enum(['enterprise', 'smb']);

/** A stored record as read back from either engine; a field that no longer parses is taken as unset, never shown. */
export function readSettings(raw: {
  anniversary?: unknown;
  lossThreshold?: unknown;
  assignedTrack?: unknown;
  alertsOptIn?: unknown;
  updatedAt?: unknown;
}): OrganizationSettings {
  const a = anniversary.safeParse(raw.anniversary);
  const t = threshold.safeParse(
    typeof raw.lossThreshold === 'string' && raw.lossThreshold !== '' ? Number(raw.lossThreshold) : raw.lossThreshold,
  );
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
  if ('anniversary' in change && change.anniversary !== null && !anniversary.safeParse(change.anniversary).success)
    throw new Error('anniversary must be a date written YYYY-MM-DD');
  if ('lossThreshold' in change && change.lossThreshold !== null && !threshold.safeParse(change.lossThreshold).success)
    throw new Error(`lossThreshold must be 0 to ${MAX_LOSS_THRESHOLD}`);
  if ('assignedTrack' in change && change.assignedTrack !== null && !track.safeParse(change.assignedTrack).success)
    throw new Error('assignedTrack must be enterprise or smb');
  return change;
}
