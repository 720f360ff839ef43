// "Delete my data" for proactive messaging: the person's saved conversation reference, their
// reminder preference, and their jobs (queued ones and the record of sent ones, whose payload names
// certifications). A job being sent right now ('sending') is left to finish; its row holds no
// address. The reference is saved again on the person's next 1:1 message, as on first contact.
import type { Database } from '../storage/sqlite/sqlite';
import type { PersonKey } from './proactive-store';

export interface ProactiveErasure {
  erase(person: PersonKey): Promise<{ references: number; preferences: number; jobs: number }>;
}

export class SqliteProactiveErasure implements ProactiveErasure {
  constructor(private readonly db: Database) {}

  erase(person: PersonKey): Promise<{ references: number; preferences: number; jobs: number }> {
    const args = [person.tenantId, person.aadObjectId] as const;
    const run = this.db.transaction(() => ({
      references: this.db.prepare('DELETE FROM conversation_references WHERE tenant_id = ? AND aad_object_id = ?').run(...args).changes,
      preferences: this.db.prepare('DELETE FROM reminder_preferences WHERE tenant_id = ? AND aad_object_id = ?').run(...args).changes,
      jobs: this.db.prepare("DELETE FROM proactive_jobs WHERE tenant_id = ? AND aad_object_id = ? AND state <> 'sending'").run(...args).changes,
    }));
    return Promise.resolve(run());
  }
}
