// The AssociationStore port: the only way the bot reads or changes associations. Every adapter
// (SQLite and Azure Table Storage) passes the same contract tests in test/associations/.
import type { Association, AuditEntry, PersonalAccount, Purpose, WorkUser } from './model';

export interface LinkRequest {
  user: WorkUser;
  purpose: Purpose;
  personal: PersonalAccount;
}

export type LinkOutcome =
  /** Stored. `moved` is true when a Learning account's credit moved here from another organization. */
  | { kind: 'linked'; association: Association; moved: boolean }
  /** This exact personal account is already linked for this purpose: nothing changed. */
  | { kind: 'already-linked'; association: Association }
  /** Another personal account is linked for this purpose; the person must remove it first. */
  | { kind: 'purpose-taken'; association: Association }
  /** Someone else in the same organization holds this personal account for this purpose (who is never said). */
  | { kind: 'held-by-colleague' }
  /** The Learning account credits another organization: ask the person, then call confirmMove. */
  | { kind: 'move-needs-confirmation'; pendingId: string; expiresAt: Date }
  /** Partner Center's 30-day gap between Learning associations. */
  | { kind: 'cool-off'; nextAllowed: Date }
  /** Partner Center's limit of 3 Learning associations in 365 days. */
  | { kind: 'yearly-limit'; nextAllowed: Date }
  /** confirmMove/cancelMove for a pending move that does not exist, expired, or belongs to someone else. */
  | { kind: 'move-expired' };

export type RemoveOutcome =
  | { kind: 'removed'; association: Association }
  /** Nothing is linked for this purpose (removing twice is not an error). */
  | { kind: 'already-removed' }
  /** The card named an association that is no longer the current one; `current` is what is linked now. */
  | { kind: 'stale'; current: Association };

export interface UserDataExport {
  associations: Association[];
  audit: AuditEntry[];
  pendingMoves: number;
}

export interface StoreHealth {
  ok: boolean;
  detail: string;
}

export interface AssociationStore {
  /** Current associations of one work account, at most one per purpose. */
  list(user: Pick<WorkUser, 'tenantId' | 'objectId'>): Promise<Association[]>;
  link(request: LinkRequest, now: Date): Promise<LinkOutcome>;
  /** Completes a move asked for by `link`; re-checks every rule at `now`. */
  confirmMove(user: WorkUser, pendingId: string, now: Date): Promise<LinkOutcome>;
  cancelMove(user: Pick<WorkUser, 'tenantId' | 'objectId'>, pendingId: string): Promise<void>;
  /** Removes the association `associationId` if it is still the current one for `purpose`. */
  remove(
    user: Pick<WorkUser, 'tenantId' | 'objectId'>,
    purpose: Purpose,
    associationId: string,
    now: Date,
  ): Promise<RemoveOutcome>;
  exportUserData(user: Pick<WorkUser, 'tenantId' | 'objectId'>): Promise<UserDataExport>;
  /**
   * Removes every association and pending move of the user and erases their audit entries: what the
   * 365-day Learning rule still needs stays, without anything readable (no work account, no address,
   * the personal account id only as a keyed hash), until it expires. A dated record that the deletion
   * happened is kept for 365 days.
   */
  deleteUserData(user: Pick<WorkUser, 'tenantId' | 'objectId'>, now: Date): Promise<{ removed: number }>;
  /** Forgets audit entries whose time is up (run at start-up; deletions run it too). */
  purgeExpiredAudit(now: Date): Promise<{ purged: number }>;
  health(): Promise<StoreHealth>;
  close(): void;
}
