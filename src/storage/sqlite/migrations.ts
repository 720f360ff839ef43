// Versioned schema migrations, applied in order at start-up (database.ts). Append new ones; never edit
// or drop a shipped one, and never drop user data silently. Each table's statements sit next to the
// queries that use them (sqlite-*.ts), named by table and the version that made them; this list says
// which run under which version, in what order. A shipped statement's text stays as released, spacing
// included: SQLite keeps it in the file (test/storage/sqlite-migrations.test.ts holds the release).
import type { Migration } from './migration';
import { ASSOCIATIONS_V1, ASSOCIATIONS_V7, PENDING_MOVES_V1 } from './sqlite-association-schema';
import { AUDIT_LOG_V1, auditLogForgets } from './sqlite-audit-log';
import { BOT_STATE_V1 } from './sqlite-bot-state-storage';
import { CERTIFICATION_LINKS_V3, CERTIFICATIONS_V7 } from './sqlite-certification-schema';
import { FORECAST_ALERT_ADMINS_V11, FORECAST_SETTINGS_V9 } from './sqlite-forecast-settings';
import { INSTALLATION_SECRETS_V2 } from './sqlite-installation-secret';
import { PERSON_LIMITS_V8 } from './sqlite-person-limiter';
import { CONVERSATION_REFERENCES_V4, REMINDER_PREFERENCES_V4 } from './sqlite-proactive-records';
import { RATE_LIMITER_V4 } from './sqlite-rate-limiter';
import { REMIND_PROGRESS_CARDS_V10, REMIND_PROGRESS_CARDS_V6 } from './sqlite-remind-progress-cards';
import { SEND_QUEUE_V4 } from './sqlite-send-queue-schema';
import { TEAM_VIEW_AUDIT_V5 } from './sqlite-team-view-audit';
import { keyWorkAccounts } from './migration-keyed-accounts';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'associations, audit log, pending moves, bot state',
    sql: ASSOCIATIONS_V1 + AUDIT_LOG_V1 + PENDING_MOVES_V1 + BOT_STATE_V1,
  },
  {
    version: 2,
    description: 'installation secrets (the audit key); audit log with keyed account ids, erasure and expiry',
    sql: INSTALLATION_SECRETS_V2,
    run: auditLogForgets,
  },
  {
    version: 3,
    description: 'Learn transcript share ids (encrypted) and the certification cache',
    sql: CERTIFICATION_LINKS_V3,
  },
  {
    version: 4,
    description: 'proactive messaging: conversation references, send queue, rate buckets, reminder preferences',
    sql: CONVERSATION_REFERENCES_V4 + SEND_QUEUE_V4 + RATE_LIMITER_V4 + REMINDER_PREFERENCES_V4,
  },
  {
    version: 5,
    description: 'team status: who viewed whose status (append-only)',
    sql: TEAM_VIEW_AUDIT_V5,
  },
  {
    version: 6,
    description: 'team status: the reminder progress cards being updated in place (kept across restarts)',
    sql: REMIND_PROGRESS_CARDS_V6,
  },
  {
    version: 7,
    description:
      'verified certification credit: keyed personal addresses, one transcript per organization, partner admin decisions',
    sql: ASSOCIATIONS_V7 + CERTIFICATIONS_V7,
  },
  {
    version: 8,
    description:
      'work accounts by keyed hash only: team view audit, reminder batch ids and progress cards, records of deletions; per-person limits',
    sql: PERSON_LIMITS_V8,
    run: keyWorkAccounts,
  },
  {
    version: 9,
    description: 'skilling forecast: partner-admin settings per organization, and the people who left',
    sql: FORECAST_SETTINGS_V9,
  },
  {
    version: 10,
    description:
      'team status: updating a reminder progress card is a leased duty, taken over by any live instance when its holder stops',
    sql: REMIND_PROGRESS_CARDS_V10,
  },
  {
    version: 11,
    description: "skilling forecast: alerts are each partner admin's own choice",
    sql: FORECAST_ALERT_ADMINS_V11,
  },
];
