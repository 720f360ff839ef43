// Conversation references and reminder preferences on SQLite: one row per person (tenant + Entra
// object id). A reference is written only when it is missing or changed, so remembering it on every
// turn costs one indexed read.
import type { Database } from './sqlite';
import type {
  ConversationReferenceStore,
  PersonKey,
  ProactiveReference,
  ReminderPreferences,
} from '../../proactive/proactive-store';

interface ReferenceRow {
  reference: string;
}

/** v4: conversation references. */
export const CONVERSATION_REFERENCES_V4 = `
      -- Where to reach a person proactively: saved on install or on their first 1:1 message.
      CREATE TABLE conversation_references (
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        service_url TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, aad_object_id)
      );
`;

/** v4: reminder preferences. */
export const REMINDER_PREFERENCES_V4 = `
      CREATE TABLE reminder_preferences (
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        reminders_on INTEGER NOT NULL CHECK (reminders_on IN (0, 1)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, aad_object_id)
      );
`;

export class SqliteConversationReferences implements ConversationReferenceStore {
  constructor(private readonly db: Database) {}

  getReference(person: PersonKey): Promise<ProactiveReference | undefined> {
    const row = this.db
      .prepare('SELECT reference FROM conversation_references WHERE tenant_id = ? AND aad_object_id = ?')
      .get(person.tenantId, person.aadObjectId) as ReferenceRow | undefined;
    return Promise.resolve(row ? (JSON.parse(row.reference) as ProactiveReference) : undefined);
  }

  saveReference(person: PersonKey, reference: ProactiveReference, now: Date): Promise<'saved' | 'unchanged'> {
    const json = JSON.stringify(reference);
    // Read first: the per-turn call must not take the write lock when nothing changed.
    const current = this.db
      .prepare('SELECT reference FROM conversation_references WHERE tenant_id = ? AND aad_object_id = ?')
      .get(person.tenantId, person.aadObjectId) as ReferenceRow | undefined;
    if (current?.reference === json) return Promise.resolve('unchanged');
    const result = this.db
      .prepare(
        `INSERT INTO conversation_references (tenant_id, aad_object_id, service_url, conversation_id, reference, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET service_url = excluded.service_url, conversation_id = excluded.conversation_id,
           reference = excluded.reference, updated_at = excluded.updated_at WHERE reference <> excluded.reference`,
      )
      .run(
        person.tenantId,
        person.aadObjectId,
        reference.serviceUrl,
        reference.conversationId,
        json,
        now.toISOString(),
      );
    return Promise.resolve(result.changes > 0 ? 'saved' : 'unchanged');
  }

  dropReference(person: PersonKey): Promise<boolean> {
    const result = this.db
      .prepare('DELETE FROM conversation_references WHERE tenant_id = ? AND aad_object_id = ?')
      .run(person.tenantId, person.aadObjectId);
    return Promise.resolve(result.changes > 0);
  }
}

export class SqliteReminderPreferences implements ReminderPreferences {
  constructor(private readonly db: Database) {}

  remindersOn(person: PersonKey): Promise<boolean> {
    const row = this.db
      .prepare('SELECT reminders_on FROM reminder_preferences WHERE tenant_id = ? AND aad_object_id = ?')
      .get(person.tenantId, person.aadObjectId) as { reminders_on: number } | undefined;
    return Promise.resolve(row === undefined || row.reminders_on === 1);
  }

  setRemindersOn(person: PersonKey, on: boolean, now: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO reminder_preferences (tenant_id, aad_object_id, reminders_on, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET reminders_on = excluded.reminders_on, updated_at = excluded.updated_at`,
      )
      .run(person.tenantId, person.aadObjectId, on ? 1 : 0, now.getTime());
    return Promise.resolve();
  }
}
