// "Delete my data" for proactive messaging on SQLite (proactive/person-erasure.ts): one transaction.
import type { ProactiveErasure } from '../../proactive/person-erasure';
import type { PersonKey } from '../../proactive/proactive-store';
import type { Database } from './sqlite';

export class SqliteProactiveErasure implements ProactiveErasure {
  constructor(private readonly db: Database) {}

  erase(person: PersonKey): Promise<{ references: number; preferences: number; jobs: number }> {
    const args = [person.tenantId, person.aadObjectId] as const;
    const run = this.db.transaction(() => ({
      references: this.db
        .prepare('DELETE FROM conversation_references WHERE tenant_id = ? AND aad_object_id = ?')
        .run(...args).changes,
      preferences: this.db
        .prepare('DELETE FROM reminder_preferences WHERE tenant_id = ? AND aad_object_id = ?')
        .run(...args).changes,
      jobs: this.db
        .prepare("DELETE FROM proactive_jobs WHERE tenant_id = ? AND aad_object_id = ? AND state <> 'sending'")
        .run(...args).changes,
    }));
    return Promise.resolve(run());
  }
}
