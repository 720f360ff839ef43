// Composition of the proactive capability: the SQLite adapters, the connector sender (retries off),
// the worker with its renderers per job kind, and the two entry points the bot router uses
// (rememberConversation per turn, the renewal schedule). app.ts builds one and starts/stops it.
import type { TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from '../log';
import type { Database } from '../storage/database';
import type { AppInstaller } from './app-installer';
import type { PersonDirectory } from './person-directory';
import { ConnectorSender, type ProactiveSender } from './proactive-connector';
import type { ConversationReferenceStore, JobKind, PersonKey, ProactiveStores, RateLimiter, ReminderPreferences, SendQueue } from './proactive-store';
import { ProactiveWorker, type JobRenderer, type WorkerDeps } from './proactive-worker';
import { rememberConversation, type RememberOutcome } from './remember-conversation';
import { LINK_REMINDER_KIND, renderLinkReminder } from './link-reminders';
import { RENEWAL_KIND, RenewalReminders, renderRenewalReminder } from './renewal-reminders';
import { SqliteConversationReferences, SqliteReminderPreferences } from './sqlite-proactive-records';
import { SqliteRateLimiter } from './sqlite-rate-limiter';
import { SqliteSendQueue } from './sqlite-send-queue';

export interface ProactiveOptions {
  /** The engine's stores; or `db`, for the SQLite ones (tests and tools). */
  stores?: ProactiveStores;
  db?: Database;
  log: Logger;
  now: () => Date;
  /** PROACTIVE_RATE_PER_SECOND: Teams calls per second per tenant, across all instances. */
  ratePerSecond: number;
  /** How the bot authenticates to the channel; used unless `sender` is given. */
  auth?: BotFrameworkAuthentication;
  botAppId?: string;
  sendTimeoutMs?: number;
  sender?: ProactiveSender;
  /** More job kinds (team reminders) register their renderer here. */
  renderers?: Partial<Record<JobKind, JobRenderer>>;
  worker?: Pick<WorkerDeps, 'sleep' | 'random' | 'instanceId' | 'policy' | 'hooks'>;
  /** Who is still in the organization (Graph); without it nobody is taken for gone. */
  directory?: PersonDirectory;
  /** REMIND_INSTALL_VIA_GRAPH: installs the app for a person Teams says lacks it. */
  installer?: AppInstaller;
  /** Told when the directory says a person left (after their jobs are cancelled): the skilling forecast records it. */
  onPersonLeft?: (person: PersonKey) => Promise<void>;
}

export interface ProactiveMessaging {
  references: ConversationReferenceStore;
  queue: SendQueue;
  limiter: RateLimiter;
  preferences: ReminderPreferences;
  renewals: RenewalReminders;
  worker: ProactiveWorker;
  /** For the bot router, once per turn (see remember-conversation.ts). */
  rememberConversation(context: Pick<TurnContext, 'activity'>): Promise<RememberOutcome>;
  /** The person left the organization (Graph 404 on them, asked by the worker before a send): pending jobs cancelled, reference dropped. */
  forgetPerson(person: PersonKey): Promise<void>;
}

/** The SQLite adapters over one database. */
export function sqliteProactiveStores(db: Database | undefined, ratePerSecond: number): ProactiveStores {
  if (!db) throw new Error('createProactiveMessaging needs `stores` or a SQLite `db`.');
  return {
    references: new SqliteConversationReferences(db),
    queue: new SqliteSendQueue(db),
    limiter: new SqliteRateLimiter(db, { ratePerSecond }),
    preferences: new SqliteReminderPreferences(db),
  };
}

export function createProactiveMessaging(options: ProactiveOptions): ProactiveMessaging {
  const { log, now } = options;
  const { references, queue, limiter, preferences } = options.stores ?? sqliteProactiveStores(options.db, options.ratePerSecond);
  const sender =
    options.sender ??
    (options.auth
      ? new ConnectorSender({ auth: options.auth, botAppId: options.botAppId ?? '', timeoutMs: options.sendTimeoutMs ?? 30_000 })
      : undefined);
  if (!sender) throw new Error('createProactiveMessaging needs `auth` (the bot\'s authentication) or a `sender`.');
  /** The person left the organization: pending jobs cancelled, reference dropped. */
  const forgetPerson = async (person: PersonKey) => {
    for (const kind of [RENEWAL_KIND, LINK_REMINDER_KIND] as const) await queue.cancelPending(person, kind, now());
    await references.dropReference(person);
    await options.onPersonLeft?.(person);
  };
  const worker = new ProactiveWorker({
    queue,
    references,
    limiter,
    sender,
    renderers: { [RENEWAL_KIND]: renderRenewalReminder, [LINK_REMINDER_KIND]: renderLinkReminder, ...options.renderers },
    log,
    now,
    ...(options.directory ? { leavers: { directory: options.directory, forget: forgetPerson } } : {}),
    ...(options.installer ? { installer: options.installer } : {}),
    ...options.worker,
  });
  const renewals = new RenewalReminders({ queue, preferences, onEnqueued: () => worker.wake() });
  return {
    references,
    queue,
    limiter,
    preferences,
    renewals,
    worker,
    rememberConversation: (context) => rememberConversation(context, { references, queue, now, onRequeued: () => worker.wake() }),
    forgetPerson,
  };
}
