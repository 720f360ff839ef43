// The AssociationStore on SQLite. Each use case runs in one transaction (node:sqlite is
// synchronous, so a transaction is never interleaved with another turn's): two cards or two clicks
// racing end with one winner, and the loser's outcome describes the current state. The audit log
// keeps keyed hashes of personal account ids and forgets deleted people (storage/audit-retention.ts).
import { randomUUID } from 'node:crypto';
import type {
  AssociationStore,
  LinkOutcome,
  LinkRequest,
  RemoveOutcome,
  StoreHealth,
  UserDataExport,
} from '../../associations/association-store';
import type { Association, AuditEntry, PersonalAccount, Purpose, WorkUser } from '../../associations/model';
import { canonicalMsaId, checkLearningLimits } from '../../associations/rules';
import { accountKey, expiresAfterRetention } from '../audit-retention';
import { eraseAuditRows, purgeExpiredAudit } from './sqlite-audit-log';
import { readAuditKey } from './sqlite-installation-secret';
import { schemaVersion } from './migration';
import type { Database, Statement } from './sqlite';
import { personKey } from '../pseudonyms';

const PENDING_MOVE_MS = 15 * 60 * 1000;

interface AssociationRow {
  id: string;
  tenant_id: string;
  work_object_id: string;
  purpose: Purpose;
  personal_account_id: string;
  personal_display_name: string;
  personal_masked_email: string;
  personal_email_key: string | null;
  linked_at: string;
}

interface AuditRow {
  seq: number;
  at: string;
  tenant_id: string;
  work_object_id: string;
  action: AuditEntry['action'];
  purpose: Purpose | null;
  personal_masked_email: string | null;
}

interface PendingMoveRow {
  id: string;
  tenant_id: string;
  work_object_id: string;
  personal_account_id: string;
  personal_display_name: string;
  personal_masked_email: string;
  personal_email_key: string | null;
  expires_at: string;
}

type UserKey = Pick<WorkUser, 'tenantId' | 'objectId'>;

function toAssociation(row: AssociationRow): Association {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    workObjectId: row.work_object_id,
    purpose: row.purpose,
    personal: {
      accountId: row.personal_account_id,
      displayName: row.personal_display_name,
      maskedEmail: row.personal_masked_email,
      ...(row.personal_email_key ? { emailKey: row.personal_email_key } : {}),
    },
    linkedAt: new Date(row.linked_at),
  };
}

export class SqliteAssociationStore implements AssociationStore {
  private listStatement: Statement<[string, string], AssociationRow> | undefined;
  private readonly auditKey: Buffer;

  constructor(
    private readonly db: Database,
    private readonly newId: () => string = randomUUID,
  ) {
    this.auditKey = readAuditKey(db);
  }

  list(user: UserKey): Promise<Association[]> {
    return Promise.resolve(this.rowsOf(user).map(toAssociation));
  }

  link(request: LinkRequest, now: Date): Promise<LinkOutcome> {
    const personal = { ...request.personal, accountId: canonicalMsaId(request.personal.accountId) };
    return this.run(() => this.linkNow({ ...request, personal }, now, undefined));
  }

  confirmMove(user: WorkUser, pendingId: string, now: Date): Promise<LinkOutcome> {
    return this.run(() => {
      const pending = this.db
        .prepare<[string, string, string], PendingMoveRow>(
          'SELECT * FROM pending_moves WHERE id = ? AND tenant_id = ? AND work_object_id = ?',
        )
        .get(pendingId, user.tenantId, user.objectId);
      if (!pending) return { kind: 'move-expired' };
      this.db.prepare('DELETE FROM pending_moves WHERE id = ?').run(pendingId);
      if (new Date(pending.expires_at) <= now) return { kind: 'move-expired' };
      const personal: PersonalAccount = {
        accountId: pending.personal_account_id,
        displayName: pending.personal_display_name,
        maskedEmail: pending.personal_masked_email,
        ...(pending.personal_email_key ? { emailKey: pending.personal_email_key } : {}),
      };
      return this.linkNow({ user, purpose: 'learning', personal }, now, pendingId);
    });
  }

  cancelMove(user: UserKey, pendingId: string): Promise<void> {
    this.db
      .prepare('DELETE FROM pending_moves WHERE id = ? AND tenant_id = ? AND work_object_id = ?')
      .run(pendingId, user.tenantId, user.objectId);
    return Promise.resolve();
  }

  remove(user: UserKey, purpose: Purpose, associationId: string, now: Date): Promise<RemoveOutcome> {
    return this.run((): RemoveOutcome => {
      const current = this.rowsOf(user).find((row) => row.purpose === purpose);
      if (!current) return { kind: 'already-removed' };
      if (current.id !== associationId) return { kind: 'stale', current: toAssociation(current) };
      this.db.prepare('DELETE FROM associations WHERE id = ?').run(current.id);
      this.audit(now, user, 'remove', purpose, current.personal_account_id, current.personal_masked_email);
      return { kind: 'removed', association: toAssociation(current) };
    });
  }

  exportUserData(user: UserKey): Promise<UserDataExport> {
    const audit = this.db
      .prepare<[string, string, string], AuditRow>(
        'SELECT seq, at, tenant_id, work_object_id, action, purpose, personal_masked_email FROM audit_log WHERE tenant_id = ? AND work_object_id IN (?, ?) ORDER BY seq',
      )
      .all(user.tenantId, user.objectId, personKey(this.auditKey, user.tenantId, user.objectId))
      .map((row): AuditEntry => ({
        seq: row.seq,
        at: new Date(row.at),
        tenantId: row.tenant_id,
        workObjectId: row.work_object_id,
        action: row.action,
        purpose: row.purpose,
        personalMaskedEmail: row.personal_masked_email,
      }));
    const pending = this.db
      .prepare<[string, string], { n: number }>(
        'SELECT count(*) AS n FROM pending_moves WHERE tenant_id = ? AND work_object_id = ?',
      )
      .get(user.tenantId, user.objectId);
    return Promise.resolve({
      associations: this.rowsOf(user).map(toAssociation),
      audit,
      pendingMoves: pending?.n ?? 0,
    });
  }

  deleteUserData(user: UserKey, now: Date): Promise<{ removed: number }> {
    return this.run(() => {
      const removed = this.db
        .prepare('DELETE FROM associations WHERE tenant_id = ? AND work_object_id = ?')
        .run(user.tenantId, user.objectId).changes;
      this.db
        .prepare('DELETE FROM pending_moves WHERE tenant_id = ? AND work_object_id = ?')
        .run(user.tenantId, user.objectId);
      eraseAuditRows(this.db, user, now);
      // The dated record that this happened names the work account by its keyed hash only.
      this.audit(
        now,
        { tenantId: user.tenantId, objectId: personKey(this.auditKey, user.tenantId, user.objectId) },
        'delete-data',
        null,
        null,
        null,
        expiresAfterRetention(now),
      );
      purgeExpiredAudit(this.db, now);
      return { removed };
    }).then((result) => {
      // Out of the write-ahead log too: the deleted rows' old page images go with the checkpoint.
      // Best effort: a busy reader only delays it to SQLite's next automatic checkpoint.
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // the deletion itself is committed
      }
      return result;
    });
  }

  purgeExpiredAudit(now: Date): Promise<{ purged: number }> {
    return this.run(() => ({ purged: purgeExpiredAudit(this.db, now) }));
  }

  health(): Promise<StoreHealth> {
    try {
      this.db.prepare('SELECT 1').get();
      return Promise.resolve({ ok: true, detail: `sqlite ok, schema v${schemaVersion(this.db)}` });
    } catch (error) {
      return Promise.resolve({
        ok: false,
        detail: `sqlite unavailable: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- inside a transaction ---------------------------------------------------------------

  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private rowsOf(user: UserKey): AssociationRow[] {
    // Every turn that shows a card reads here: prepared once, not per call.
    this.listStatement ??= this.db.prepare<[string, string], AssociationRow>(
      'SELECT * FROM associations WHERE tenant_id = ? AND work_object_id = ? ORDER BY purpose DESC',
    );
    return this.listStatement.all(user.tenantId, user.objectId);
  }

  private linkNow({ user, purpose, personal }: LinkRequest, now: Date, confirmedMove: string | undefined): LinkOutcome {
    const mine = this.rowsOf(user).find((row) => row.purpose === purpose);
    if (mine) {
      return mine.personal_account_id === personal.accountId
        ? { kind: 'already-linked', association: toAssociation(mine) }
        : { kind: 'purpose-taken', association: toAssociation(mine) };
    }
    const colleague = this.db
      .prepare<[string, string, string], { id: string }>(
        'SELECT id FROM associations WHERE tenant_id = ? AND purpose = ? AND personal_account_id = ?',
      )
      .get(user.tenantId, purpose, personal.accountId);
    if (colleague) return { kind: 'held-by-colleague' };

    let elsewhere: AssociationRow | undefined;
    if (purpose === 'learning') {
      const starts = this.db
        .prepare<[string], { at: string }>(
          "SELECT at FROM audit_log WHERE personal_account_key = ? AND purpose = 'learning' AND action IN ('link', 'move-in')",
        )
        .all(accountKey(this.auditKey, personal.accountId))
        .map((row) => new Date(row.at));
      const limits = checkLearningLimits(starts, now);
      if (limits.kind !== 'ok') return limits;
      elsewhere = this.db
        .prepare<[string], AssociationRow>(
          "SELECT * FROM associations WHERE purpose = 'learning' AND personal_account_id = ?",
        )
        .get(personal.accountId);
      if (elsewhere && !confirmedMove) {
        const pendingId = this.newId();
        const expiresAt = new Date(now.getTime() + PENDING_MOVE_MS);
        this.db
          .prepare('DELETE FROM pending_moves WHERE tenant_id = ? AND work_object_id = ?')
          .run(user.tenantId, user.objectId);
        this.db
          .prepare(
            'INSERT INTO pending_moves (id, tenant_id, work_object_id, personal_account_id, personal_display_name, personal_masked_email, personal_email_key, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            pendingId,
            user.tenantId,
            user.objectId,
            personal.accountId,
            personal.displayName,
            personal.maskedEmail,
            personal.emailKey ?? null,
            expiresAt.toISOString(),
          );
        return { kind: 'move-needs-confirmation', pendingId, expiresAt };
      }
    }

    if (elsewhere) {
      this.db.prepare('DELETE FROM associations WHERE id = ?').run(elsewhere.id);
      this.audit(
        now,
        { tenantId: elsewhere.tenant_id, objectId: elsewhere.work_object_id },
        'move-out',
        'learning',
        elsewhere.personal_account_id,
        elsewhere.personal_masked_email,
      );
    }
    const association: Association = {
      id: this.newId(),
      tenantId: user.tenantId,
      workObjectId: user.objectId,
      purpose,
      personal,
      linkedAt: now,
    };
    this.db
      .prepare(
        'INSERT INTO associations (id, tenant_id, work_object_id, work_display_name, purpose, personal_account_id, personal_display_name, personal_masked_email, personal_email_key, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        association.id,
        user.tenantId,
        user.objectId,
        user.displayName,
        purpose,
        personal.accountId,
        personal.displayName,
        personal.maskedEmail,
        personal.emailKey ?? null,
        now.toISOString(),
      );
    this.audit(now, user, elsewhere ? 'move-in' : 'link', purpose, personal.accountId, personal.maskedEmail);
    return { kind: 'linked', association, moved: elsewhere !== undefined };
  }

  private audit(
    now: Date,
    user: UserKey,
    action: AuditEntry['action'],
    purpose: Purpose | null,
    accountId: string | null,
    masked: string | null,
    expiresAt?: Date,
  ): void {
    const key = accountId === null ? null : accountKey(this.auditKey, accountId);
    this.db
      .prepare(
        'INSERT INTO audit_log (at, tenant_id, work_object_id, action, purpose, personal_account_key, personal_masked_email, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        now.toISOString(),
        user.tenantId,
        user.objectId,
        action,
        purpose,
        key,
        masked,
        expiresAt?.toISOString() ?? null,
      );
  }
}
