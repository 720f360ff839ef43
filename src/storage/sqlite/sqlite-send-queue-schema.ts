// The tables of the send queue (sqlite-send-queue.ts), made by migration 4. Each statement's text is
// kept as released, spacing included.

/** v4: the send queue and the tenants it does not send to. */
export const SEND_QUEUE_V4 = `
      -- The durable send queue. At most once: 'sending' is committed before the POST; a row still
      -- 'sending' after its lease is 'in-doubt' and never sent again.
      CREATE TABLE proactive_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        aad_object_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        -- Groups jobs of one run (a manager's "remind the unlinked" press) for its progress card.
        batch TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed-permanent', 'waiting-install', 'in-doubt', 'tenant-stopped', 'cancelled', 'expired')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        not_after INTEGER,
        lease_owner TEXT,
        lease_until INTEGER,
        last_code TEXT,
        activity_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX proactive_jobs_due ON proactive_jobs (state, next_attempt_at);
      CREATE INDEX proactive_jobs_person ON proactive_jobs (tenant_id, aad_object_id, state);
      CREATE INDEX proactive_jobs_batch ON proactive_jobs (batch, state) WHERE batch IS NOT NULL;

      -- BotDisabledByAdmin: nothing is sent to the tenant until the bot is heard from there again.
      CREATE TABLE proactive_tenant_stops (
        tenant_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        stopped_at INTEGER NOT NULL
      );
`;
