// "Who viewed whose status": an append-only SQLite table, one row per team view, export, reminder
// press or refusal. It names the viewer and the roster (a manager's object id or a team's group id)
// only by keyed hashes (storage/pseudonyms.ts), with the grounds (manager, manager of some of a team's
// members, partner admin, or why not) and how many people the answer covered; never a name, an address or an object id.
// Each entry is kept for 365 days (as the association audit's), then purged at start-up, once a
// day and on each "delete my data"; "delete my data" leaves the entries as they are: keyed, dated.
import { AUDIT_RETENTION_DAYS, readAuditKey } from '../storage/audit-retention';
import type { Database } from '../storage/sqlite/sqlite';
import { personKey } from '../storage/pseudonyms';
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

/** The port: SQLite here, Azure Table in src/storage/azure/. */
export interface TeamViewAudit {
  record(entry: TeamAuditEntry): Promise<void>;
  /** The latest entries for a tenant, newest first (optionally one viewer's, named by object id). */
  list(tenantId: string, viewerOid?: string, limit?: number): Promise<TeamAuditRecord[]>;
  /** Deletes the entries older than the retention period; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

interface Row {
  at: string;
  tenant_id: string;
  viewer_key: string;
  action: TeamAuditAction;
  scope: TeamScope;
  subject_key: string;
  basis: string;
  people: number;
}

export class SqliteTeamViewAudit implements TeamViewAudit {
  private secret: Buffer | undefined;

  constructor(private readonly db: Database) {}

  private key(tenantId: string, id: string): string {
    this.secret ??= readAuditKey(this.db);
    return personKey(this.secret, tenantId, id);
  }

  record(entry: TeamAuditEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO team_view_audit (at, tenant_id, viewer_key, action, scope, subject_key, basis, people) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.toISOString(), entry.tenantId.toLowerCase(), this.key(entry.tenantId, entry.viewerOid), entry.action, entry.scope, this.key(entry.tenantId, entry.subject), entry.basis.slice(0, 40), entry.people);
    return Promise.resolve();
  }

  list(tenantId: string, viewerOid?: string, limit = 100): Promise<TeamAuditRecord[]> {
    const tenant = tenantId.toLowerCase();
    const rows = (
      viewerOid
        ? this.db.prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? AND viewer_key = ? ORDER BY seq DESC LIMIT ?').all(tenant, this.key(tenantId, viewerOid), limit)
        : this.db.prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?').all(tenant, limit)
    ) as Row[];
    return Promise.resolve(rows.map((r) => ({ at: new Date(r.at), tenantId: r.tenant_id, viewerKey: r.viewer_key, action: r.action, scope: r.scope, subjectKey: r.subject_key, basis: r.basis, people: r.people })));
  }

  purgeExpired(now: Date): Promise<number> {
    return Promise.resolve(this.db.prepare('DELETE FROM team_view_audit WHERE at <= ?').run(teamAuditCutoff(now).toISOString()).changes);
  }
}
