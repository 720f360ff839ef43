// Composition of proactive messaging: the engine's stores, the sender (the channel's, retries off),
// the worker with the renderers each capability gives for its job kinds (renewal reminders,
// link reminders, approval cards), and the router's per-turn hook (rememberConversation). app.ts
// builds one and starts/stops it.
import type { Turn } from '../channel/turn';
import type { Logger } from '../log';
import type { AppInstaller } from './app-installer';
import type { PersonDirectory } from './person-directory';
import { localInboxSender } from './local-inbox-sender';
import type { ProactiveSender } from './proactive-sender';
import type {
  ConversationReferenceStore,
  JobKind,
  PersonKey,
  ProactiveStores,
  RateLimiter,
  ReminderPreferences,
  SendQueue,
} from './proactive-store';
import { ProactiveWorker, type JobRenderer, type WorkerDeps } from './proactive-worker';
import { rememberConversation, type RememberOutcome } from './remember-conversation';

export interface ProactiveOptions {
  /** The engine's stores (Stores.proactive). */
  stores: ProactiveStores;
  log: Logger;
  now: () => Date;
  /** Sends to Teams with the bot's credentials (the channel's connector sender; tests give their own). */
  sender: ProactiveSender;
  /** Each job kind's message, drawn at send time (from the capability that queues that kind). */
  renderers: Partial<Record<JobKind, JobRenderer>>;
  /** The kinds of job about the person themselves: cancelled when they leave the organization. */
  personalKinds?: readonly JobKind[];
  worker?: Pick<WorkerDeps, 'sleep' | 'random' | 'instanceId' | 'policy' | 'hooks'>;
  /** Who is still in the organization (Graph); without it nobody is taken for gone. */
  directory?: PersonDirectory;
  /** REMIND_INSTALL_VIA_GRAPH: installs the app for a person Teams says lacks it. */
  installer?: AppInstaller;
  /**
   * Local development only: the sign-in stand-in's URL, whose inbox takes the messages the Agents
   * Playground cannot show (local-inbox-sender.ts).
   */
  localInbox?: string;
  /** Told when the directory says a person left (after their jobs are cancelled): the skilling forecast records it. */
  onPersonLeft?: (person: PersonKey) => Promise<void>;
}

export interface ProactiveMessaging {
  references: ConversationReferenceStore;
  queue: SendQueue;
  limiter: RateLimiter;
  preferences: ReminderPreferences;
  worker: ProactiveWorker;
  /** For the bot router, once per turn (see remember-conversation.ts). */
  rememberConversation(turn: Pick<Turn, 'activity'>): Promise<RememberOutcome>;
  /** The router's hook on every Teams turn: the conversation reference kept; never fails the turn. */
  observeTurn: (turn: Pick<Turn, 'activity'>) => Promise<void>;
  /** The person left the organization (Graph 404 on them, asked by the worker before a send): pending jobs cancelled, reference dropped. */
  forgetPerson(person: PersonKey): Promise<void>;
}

export function createProactiveMessaging(options: ProactiveOptions): ProactiveMessaging {
  const { log, now } = options;
  const { references, queue, limiter, preferences } = options.stores;
  const sender = options.localInbox ? localInboxSender(options.sender, options.localInbox) : options.sender;
  /** The person left the organization: pending jobs cancelled, reference dropped. */
  const forgetPerson = async (person: PersonKey) => {
    for (const kind of options.personalKinds ?? []) await queue.cancelPending(person, kind, now());
    await references.dropReference(person);
    await options.onPersonLeft?.(person);
  };
  const worker = new ProactiveWorker({
    queue,
    references,
    limiter,
    sender,
    renderers: options.renderers,
    log,
    now,
    ...(options.directory ? { leavers: { directory: options.directory, forget: forgetPerson } } : {}),
    ...(options.installer ? { installer: options.installer } : {}),
    ...options.worker,
  });
  const remember = (turn: Pick<Turn, 'activity'>) =>
    rememberConversation(turn, { references, queue, now, onRequeued: () => worker.wake() });
  return {
    references,
    queue,
    limiter,
    preferences,
    worker,
    rememberConversation: remember,
    observeTurn: async (turn) => {
      // Cheap; a failure is logged, never the turn's.
      await remember(turn).catch((error: unknown) =>
        log.error(
          { event: 'proactive.remember-failed', err: error instanceof Error ? error.message : String(error) },
          'could not save the conversation reference',
        ),
      );
    },
    forgetPerson,
  };
}
