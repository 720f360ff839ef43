// "Who viewed whose status": an append-only record, one entry per team view, export, reminder
// press or refusal. It names the viewer and the roster (a manager's object id or a team's group id)
// only by keyed hashes (storage/pseudonyms.ts), with the grounds (manager, manager of some of a team's
// members, partner admin, or why not) and how many people the answer covered; never a name, an address or an object id.
// Each entry is kept for 365 days (as the association audit's), then purged at start-up, once a
// day and on each "delete my data"; "delete my data" leaves the entries as they are: keyed, dated.
import { AUDIT_RETENTION_DAYS } from '../storage/audit-retention';
import type { TeamScope } from './model';

export type TeamAuditAction = 'view' | 'export' | 'remind' | 'refused';

/** What is recorded: who asked about whose roster, in clear; the store keeps keyed hashes only. */
export interface TeamAuditEntry {
  at: Date;
  tenantId: string;
  viewerOid: string;
  action: TeamAuditAction;
  scope: TeamScope;
  /** Whose roster: the root manager's object id, or the team's group id. */
  subject: string;
  /** manager-of-roster | manager-of-members | partner-admin | a refusal reason (e.g. other-account). */
  basis: string;
  people: number;
}

/** What is kept: the viewer and the subject as keyed hashes (the same key for the same id). */
export interface TeamAuditRecord {
  at: Date;
  tenantId: string;
  viewerKey: string;
  action: TeamAuditAction;
  scope: TeamScope;
  subjectKey: string;
  basis: string;
  people: number;
}

/** How long an entry is kept. */
export const TEAM_AUDIT_RETENTION_DAYS = AUDIT_RETENTION_DAYS;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Entries at or before this time are past their retention. */
export function teamAuditCutoff(now: Date): Date {
  return new Date(now.getTime() - TEAM_AUDIT_RETENTION_DAYS * DAY_MS);
}

/** The port; its adapters are in src/storage/sqlite/ and src/storage/azure/. */
export interface TeamViewAudit {
  record(entry: TeamAuditEntry): Promise<void>;
  /** The latest entries for a tenant, newest first (optionally one viewer's, named by object id). */
  list(tenantId: string, viewerOid?: string, limit?: number): Promise<TeamAuditRecord[]>;
  /** Deletes the entries older than the retention period; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}
