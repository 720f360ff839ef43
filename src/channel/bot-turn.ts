// The turn view (turn.ts) over botbuilder's TurnContext. One view per context, kept in its turn
// state, so what a capability leaves in `locals` or hooks with `onSend` holds for the whole turn.
import { TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import type { PrivateChat } from './private-chat';
import { tenantOf } from './private-chat';
import type { PrivateChatOutcome, SendHook, Turn, TurnConversation, TurnUser, UserTokens } from './turn';
import { userTokens } from './user-tokens';
import type { ConversationReference, OutgoingActivity, WireActivity } from './wire';

const VIEW = Symbol('partner-link-turn');

class BotTurn implements Turn {
  readonly locals = new Map<symbol, unknown>();

  constructor(
    readonly context: TurnContext,
    private readonly privateChats: PrivateChat | undefined,
  ) {}

  get activity(): Readonly<WireActivity> {
    return this.context.activity;
  }

  get channelId(): string | undefined {
    return this.context.activity.channelId;
  }

  get user(): TurnUser {
    const from = this.context.activity.from;
    return { id: from?.id, name: from?.name, aadObjectId: from?.aadObjectId, tenantId: tenantOf(this.context) };
  }

  get conversation(): TurnConversation {
    const conversation = this.context.activity.conversation;
    const type = conversation?.conversationType;
    // Teams conversation types other than `personal` are seen by several people.
    const shared =
      conversation?.isGroup === true || (type !== undefined && type !== null && type !== '' && type !== 'personal');
    return { id: conversation?.id, type, shared };
  }

  get text(): string | undefined {
    return this.context.activity.text;
  }

  get value(): unknown {
    return this.context.activity.value as unknown;
  }

  async send(activity: OutgoingActivity | string): Promise<string | undefined> {
    const sent = await this.context.sendActivity(
      typeof activity === 'string' ? activity : (activity as Partial<Activity>),
    );
    return sent?.id;
  }

  async update(activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.context.updateActivity({ id: activityId, ...(activity as Partial<Activity>) });
  }

  onSend(hook: SendHook): void {
    this.context.onSendActivities(async (_context, activities, next) => {
      const replaced = hook(activities);
      if (replaced) activities.splice(0, activities.length, ...(replaced as Partial<Activity>[]));
      return next();
    });
  }

  reference(): ConversationReference {
    return TurnContext.getConversationReference(this.context.activity);
  }

  tokens(connectionName: string): UserTokens | undefined {
    return userTokens(this.context, connectionName);
  }

  privateChat(logic: (personal: Turn) => Promise<void>): Promise<PrivateChatOutcome> {
    if (!this.privateChats) return Promise.resolve({ kind: 'failed' });
    return this.privateChats.open(this.context, (personal) => logic(botTurn(personal, this.privateChats)));
  }

  async teamDetails(): Promise<{ aadGroupId?: string; name?: string }> {
    const details = await TeamsInfo.getTeamDetails(this.context);
    return {
      ...(details.aadGroupId ? { aadGroupId: details.aadGroupId } : {}),
      ...(details.name ? { name: details.name } : {}),
    };
  }
}

/** The view of `context` (the same one for the whole turn). */
export function botTurn(context: TurnContext, privateChats?: PrivateChat): Turn {
  const existing = context.turnState.get<BotTurn | undefined>(VIEW);
  if (existing) return existing;
  const turn = new BotTurn(context, privateChats);
  context.turnState.set(VIEW, turn);
  return turn;
}

/** The TurnContext behind a view (for this folder's state and dialogs). */
export function contextOf(turn: Turn): TurnContext {
  if (!(turn instanceof BotTurn)) throw new Error('This turn did not come through the bot channel');
  return turn.context;
}
