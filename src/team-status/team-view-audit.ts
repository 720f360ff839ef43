// "Who viewed whose status": an append-only SQLite table (migration 5), one row per team view,
// export, reminder press or refusal. It names the viewer and the roster (a manager's object id or a
// team's group id), the grounds (manager, manager of some of a team's members, partner admin, or why
// not) and how many people the answer covered; never a name or an address.
import type { Database } from '../storage/database';
import type { TeamScope } from './model';

export type TeamAuditAction = 'view' | 'export' | 'remind' | 'refused';

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

interface Row {
  at: string;
  tenant_id: string;
  viewer_oid: string;
  action: TeamAuditAction;
  scope: TeamScope;
  subject: string;
  basis: string;
  people: number;
}

/** The port: SQLite here, Azure Table in src/storage/azure/. */
export interface TeamViewAudit {
  record(entry: TeamAuditEntry): Promise<void>;
  /** The latest entries for a tenant, newest first (optionally one viewer's). */
  list(tenantId: string, viewerOid?: string, limit?: number): Promise<TeamAuditEntry[]>;
}

export class SqliteTeamViewAudit implements TeamViewAudit {
  constructor(private readonly db: Database) {}

  record(entry: TeamAuditEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO team_view_audit (at, tenant_id, viewer_oid, action, scope, subject, basis, people) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.toISOString(), entry.tenantId.toLowerCase(), entry.viewerOid.toLowerCase(), entry.action, entry.scope, entry.subject.toLowerCase().slice(0, 100), entry.basis.slice(0, 40), entry.people);
    return Promise.resolve();
  }

  list(tenantId: string, viewerOid?: string, limit = 100): Promise<TeamAuditEntry[]> {
    const rows = (
      viewerOid
        ? this.db.prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? AND viewer_oid = ? ORDER BY seq DESC LIMIT ?').all(tenantId.toLowerCase(), viewerOid.toLowerCase(), limit)
        : this.db.prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?').all(tenantId.toLowerCase(), limit)
    ) as Row[];
    return Promise.resolve(rows.map((r) => ({ at: new Date(r.at), tenantId: r.tenant_id, viewerOid: r.viewer_oid, action: r.action, scope: r.scope, subject: r.subject, basis: r.basis, people: r.people })));
  }
}
