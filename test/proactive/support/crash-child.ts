// A worker process for the crash tests: opens the SQLite file, runs one pass of the proactive worker
// against the saved references (the channel stand-in of the parent test), and kills itself with
// SIGKILL — no cleanup, no finally — the N-th time it reaches the crash point CRASH_AT.
import { connectorSender } from '../../../src/channel/bot-channel';
import { REMINDER_RENDERERS } from '../../../src/reminder-kinds';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { createProactiveMessaging } from '../../../src/proactive/proactive-messaging';
import { openDatabase } from '../../../src/storage/sqlite/database';
import { sqliteProactiveStores } from '../../../src/storage/sqlite/sqlite-stores';

const file = process.env.SQLITE_PATH ?? '';
const crashAt = process.env.CRASH_AT;
const crashOn = Number(process.env.CRASH_ON ?? '1');
const now = new Date(Number(process.env.NOW_MS));
let reached = 0;

const db = openDatabase(file);
const proactive = createProactiveMessaging({
  stores: sqliteProactiveStores(db, 40),
  renderers: REMINDER_RENDERERS,
  log: createLogger('silent'),
  now: () => now,
  sender: connectorSender(loadConfig({ SQLITE_PATH: file }), 3_000),
  worker: {
    policy: { concurrency: 1 },
    hooks: {
      at: (point) => {
        if (point === crashAt && ++reached === crashOn) process.kill(process.pid, 'SIGKILL');
      },
    },
  },
});
proactive.worker.runOnce().then(
  () => {
    db.close();
    process.exit(0);
  },
  () => process.exit(1),
);
