// What the bot router calls on every turn so proactive messages can reach people later. Saves the
// 1:1 conversation reference on install (installationUpdate add, or conversationUpdate adding the
// bot) and on messages in a personal chat — writing only when missing or changed; drops it on
// uninstall. An install (or a newly saved reference) re-queues the person's jobs that waited for
// one, and any turn from a stopped tenant lifts the stop (the bot works there again). People removed
// from a team the bot is in (conversationUpdate membersRemoved: someone who leaves the organization
// is removed from every team) get their pending link reminders cancelled and, when their own chat
// is gone too, nothing more is sent to them. Only a Teams (`msteams`) turn is looked at: any other
// channel sets tenant and aadObjectId itself, so it never writes or cancels anything for anyone.
import type { Turn } from '../channel/turn';
import type { ConversationReferenceStore, PersonKey, ProactiveReference, SendQueue } from './proactive-store';

export type RememberOutcome = 'saved' | 'unchanged' | 'dropped' | 'ignored' | 'members-removed';

export interface RememberDeps {
  references: ConversationReferenceStore;
  queue: SendQueue;
  now: () => Date;
  /** Told when jobs became due (the worker can look right away). */
  onRequeued?: () => void;
}

/** The one channel that vouches for tenant and aadObjectId. */
const TEAMS_CHANNEL_ID = 'msteams';
const MAX_ID = 512;
const MAX_URL = 2048;

function bounded(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

function personOf(context: Pick<Turn, 'activity'>): PersonKey | undefined {
  const activity = context.activity;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  // As acting-user.ts reads it: the tenant in channelData first, lower-cased ids.
  const tenantId = bounded(channelData?.tenant?.id, MAX_ID) ?? bounded(activity.conversation?.tenantId, MAX_ID);
  const aadObjectId = bounded(activity.from?.aadObjectId, MAX_ID);
  return tenantId && aadObjectId
    ? { tenantId: tenantId.toLowerCase(), aadObjectId: aadObjectId.toLowerCase() }
    : undefined;
}

function referenceOf(context: Pick<Turn, 'activity'>): ProactiveReference | undefined {
  const activity = context.activity;
  if (activity.conversation?.conversationType !== 'personal') return undefined;
  const serviceUrl = bounded(activity.serviceUrl, MAX_URL);
  const conversationId = bounded(activity.conversation.id, MAX_ID);
  const botId = bounded(activity.recipient?.id, MAX_ID);
  const userId = bounded(activity.from?.id, MAX_ID);
  const channelId = bounded(activity.channelId, 64);
  if (!serviceUrl || !/^https?:\/\//i.test(serviceUrl) || !conversationId || !botId || !userId || !channelId)
    return undefined;
  return { channelId, serviceUrl, conversationId, botId, userId };
}

function installAction(context: Pick<Turn, 'activity'>): 'add' | 'remove' | undefined {
  const activity = context.activity;
  if (activity.type === 'installationUpdate') {
    const action = String(activity.action ?? '').toLowerCase();
    if (action.startsWith('add')) return 'add';
    if (action.startsWith('remove')) return 'remove';
    return undefined;
  }
  if (activity.type === 'conversationUpdate') {
    const botId = activity.recipient?.id;
    if (activity.membersAdded?.some((m) => m.id === botId)) return 'add';
    if (activity.membersRemoved?.some((m) => m.id === botId)) return 'remove';
  }
  return undefined;
}

/** Per turn; cheap: two reads at once (one round trip) unless something changed. Never throws for odd activities. */
export async function rememberConversation(
  context: Pick<Turn, 'activity'>,
  deps: RememberDeps,
): Promise<RememberOutcome> {
  if (context.activity.channelId !== TEAMS_CHANNEL_ID) return 'ignored';
  if (await membersLeft(context, deps)) return 'members-removed';
  const person = personOf(context);
  if (!person) return 'ignored';
  const action = installAction(context);
  const now = deps.now();
  if (action === 'remove') {
    // Uninstalled for this person: forget the chat; their pending jobs wait for a reinstall.
    if (context.activity.conversation?.conversationType !== 'personal') return 'ignored';
    await deps.references.dropReference(person);
    await deps.queue.parkForInstall(person, 'Uninstalled', now);
    return 'dropped';
  }
  const reference = referenceOf(context);
  if (!reference) return 'ignored';
  if (action === undefined && context.activity.type !== 'message') return 'ignored';
  // Both reads at once: the reference as kept (written only when missing or changed) and the tenant's stop.
  const [saved, stopped] = await Promise.all([
    deps.references.saveReference(person, reference, now),
    deps.queue.isTenantStopped(person.tenantId),
  ]);
  let requeued = 0;
  // An install, or a new way to reach the person: what waited for one can go now.
  if (action === 'add' || saved === 'saved') requeued += await deps.queue.requeueWaitingInstall(person, now);
  // The bot is heard from in the tenant: an admin stop is over.
  if (stopped) requeued += await deps.queue.resumeTenant(person.tenantId, now);
  if (requeued > 0) deps.onRequeued?.();
  return saved;
}

/** membersRemoved in a team (not the bot itself): those people's pending link reminders stop. */
async function membersLeft(context: Pick<Turn, 'activity'>, deps: RememberDeps): Promise<boolean> {
  const activity = context.activity;
  if (activity.type !== 'conversationUpdate' || !activity.membersRemoved?.length) return false;
  if (activity.conversation?.conversationType === 'personal') return false;
  const botId = activity.recipient?.id;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = bounded(channelData?.tenant?.id, MAX_ID) ?? bounded(activity.conversation?.tenantId, MAX_ID);
  const removed = activity.membersRemoved.filter((m) => m.id !== botId).slice(0, 500);
  if (!tenantId || removed.length === 0) return false;
  for (const member of removed) {
    const aadObjectId = bounded(member.aadObjectId, MAX_ID);
    if (!aadObjectId) continue;
    await deps.queue.cancelPending(
      { tenantId: tenantId.toLowerCase(), aadObjectId: aadObjectId.toLowerCase() },
      'link-reminder',
      deps.now(),
    );
  }
  return true;
}
