// The team-view audit on SQLite (table team_view_audit): the port, what is kept and for how long are
// in team-status/team-view-audit.ts.
import { personKey } from '../pseudonyms';
import type { TeamScope } from '../../team-status/model';
import {
  teamAuditCutoff,
  type TeamAuditAction,
  type TeamAuditEntry,
  type TeamAuditRecord,
  type TeamViewAudit,
} from '../../team-status/team-view-audit';
import { readAuditKey } from './sqlite-installation-secret';
import type { Database } from './sqlite';

/** v5: the team-view audit as first released (ids in clear; rebuilt with keys in v8). */
export const TEAM_VIEW_AUDIT_V5 = `
      -- Each team view, export and reminder press by a manager, team owner or partner admin, and
      -- each refusal: who asked, about whose roster (a manager's object id or a team's group id),
      -- on what grounds, and how many people it covered. No names, no addresses.
      CREATE TABLE team_view_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        viewer_oid TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('view', 'export', 'remind', 'refused')),
        scope TEXT NOT NULL CHECK (scope IN ('direct', 'org', 'team')),
        subject TEXT NOT NULL,
        basis TEXT NOT NULL,
        people INTEGER NOT NULL
      );
      CREATE INDEX team_view_audit_viewer ON team_view_audit (tenant_id, viewer_oid);
      CREATE INDEX team_view_audit_subject ON team_view_audit (tenant_id, subject);
      CREATE TRIGGER team_view_audit_no_update BEFORE UPDATE ON team_view_audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

/** v8: the table rebuilt with keyed hashes (migration-keyed-accounts.ts). */
export const TEAM_VIEW_AUDIT_V8 = `
  CREATE TABLE team_view_audit_v8 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    viewer_key TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('view', 'export', 'remind', 'refused')),
    scope TEXT NOT NULL CHECK (scope IN ('direct', 'org', 'team')),
    subject_key TEXT NOT NULL,
    basis TEXT NOT NULL,
    people INTEGER NOT NULL
  );`;

export const TEAM_VIEW_AUDIT_V8_INDEXES = `
  CREATE INDEX team_view_audit_viewer ON team_view_audit (tenant_id, viewer_key);
  CREATE INDEX team_view_audit_subject ON team_view_audit (tenant_id, subject_key);
  CREATE INDEX team_view_audit_age ON team_view_audit (at);
  CREATE TRIGGER team_view_audit_no_update BEFORE UPDATE ON team_view_audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`;

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
      .prepare(
        'INSERT INTO team_view_audit (at, tenant_id, viewer_key, action, scope, subject_key, basis, people) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.at.toISOString(),
        entry.tenantId.toLowerCase(),
        this.key(entry.tenantId, entry.viewerOid),
        entry.action,
        entry.scope,
        this.key(entry.tenantId, entry.subject),
        entry.basis.slice(0, 40),
        entry.people,
      );
    return Promise.resolve();
  }

  list(tenantId: string, viewerOid?: string, limit = 100): Promise<TeamAuditRecord[]> {
    const tenant = tenantId.toLowerCase();
    const rows = (
      viewerOid
        ? this.db
            .prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? AND viewer_key = ? ORDER BY seq DESC LIMIT ?')
            .all(tenant, this.key(tenantId, viewerOid), limit)
        : this.db
            .prepare('SELECT * FROM team_view_audit WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?')
            .all(tenant, limit)
    ) as Row[];
    return Promise.resolve(
      rows.map((r) => ({
        at: new Date(r.at),
        tenantId: r.tenant_id,
        viewerKey: r.viewer_key,
        action: r.action,
        scope: r.scope,
        subjectKey: r.subject_key,
        basis: r.basis,
        people: r.people,
      })),
    );
  }

  purgeExpired(now: Date): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM team_view_audit WHERE at <= ?').run(teamAuditCutoff(now).toISOString()).changes,
    );
  }
}
