// What the audit log keeps, for how long, and how it forgets, on either engine (SQLite:
// sqlite/sqlite-audit-log.ts; Azure: azure/azure-association-person.ts).
//  - While a person's data exists, their rows name their work account (tenant + object id) and the
//    masked personal address. The personal account id is never written in clear: only its keyed
//    hash (HMAC-SHA256 with this installation's secret, see installation-secret.ts, never
//    logged), which is all the Learning limits need to compare (3 associations a year, 30 days apart).
//  - "Delete my data" erases the person's rows: the Learning association starts that the 365-day
//    rule still counts keep only date, purpose, action and the keyed id, and expire 365 days after
//    they happened; every other row of theirs goes at once. A dated "data deleted" record, naming the
//    work account only, expires 365 days after the deletion.
//  - Expired rows are purged at start-up and on each deletion. Everything else is append-only: a
//    row can only be erased (once) and only an erased or expiring row deleted.
import { createHmac } from 'node:crypto';
import { LEARNING_YEAR_DAYS, canonicalMsaId } from '../associations/rules';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest the 365-day rule looks back; nothing of a deleted person is kept longer. */
export const AUDIT_RETENTION_DAYS = LEARNING_YEAR_DAYS;

/** The keyed hash that stands for a personal account id in the audit log. */
export function accountKey(secret: Buffer, accountId: string): string {
  return createHmac('sha256', secret).update(canonicalMsaId(accountId)).digest('hex');
}

export function expiresAfterRetention(from: Date): Date {
  return new Date(from.getTime() + AUDIT_RETENTION_DAYS * DAY_MS);
}
