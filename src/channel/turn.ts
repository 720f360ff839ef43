// Partner Link's own view of a turn: who acts, in which conversation, what they typed or pressed, and
// what the bot may do back (send, update, continue in the person's 1:1 chat, ask the token service).
// The router, the capabilities, proactive messaging and team status see turns only through this view;
// the bot SDK behind it (bot-turn.ts) stays in this folder. No SDK import here.
import type { ConversationReference, InvokeAnswer, OutgoingActivity, WireActivity } from './wire';

/** Who acts on this turn, as the channel (authenticated) says. */
export interface TurnUser {
  /** The channel's id for the person (29:… in Teams). */
  id: string | undefined;
  name: string | undefined;
  /** The Entra object id as sent; Teams sends it in 1:1 chats, other clients may not. */
  aadObjectId: string | undefined;
  /** The tenant as sent: channelData.tenant.id, else conversation.tenantId. */
  tenantId: string | undefined;
}

export interface TurnConversation {
  id: string | undefined;
  /** personal, groupChat or channel, as sent. */
  type: string | undefined;
  /** A group chat or channel: seen by several people. */
  shared: boolean;
}

/**
 * The person's tokens for one OAuth connection, held by the token service (never by the bot). Signing
 * in (the sign-in card, Teams SSO's exchange, a typed code) is the sign-in prompts' (sign-in-prompts.ts).
 */
export interface UserTokens {
  /** The token the service holds now. */
  token(): Promise<string | undefined>;
  /** The service forgets the person's sign-in for this connection. */
  signOut(): Promise<void>;
}

export type PrivateChatOutcome =
  | { kind: 'opened' }
  /** Teams' 403 ForbiddenOperationException: the app is not installed for this person. */
  | { kind: 'not-installed' }
  | { kind: 'failed' };

/** Called with the activities about to be sent; may replace them (returns the new list) or throw to refuse. */
export type SendHook = (activities: OutgoingActivity[]) => OutgoingActivity[] | void;

export interface Turn {
  /** The activity as received, read-only. */
  readonly activity: Readonly<WireActivity>;
  readonly channelId: string | undefined;
  readonly user: TurnUser;
  readonly conversation: TurnConversation;
  readonly text: string | undefined;
  readonly value: unknown;
  /** Values kept for this turn only (a flag a capability leaves for the router). */
  readonly locals: Map<symbol, unknown>;
  /** Sends a message (or a typing indicator) into this conversation; the sent activity's id. */
  send(activity: OutgoingActivity | string): Promise<string | undefined>;
  /** Replaces an activity the bot sent earlier in this conversation. */
  update(activityId: string, activity: OutgoingActivity): Promise<void>;
  /** Every later send of this turn passes through `hook` first. */
  onSend(hook: SendHook): void;
  /** Where this conversation is, to continue it later. */
  reference(): ConversationReference;
  /** The person's tokens for `connectionName`; undefined when this turn has no token service. */
  tokens(connectionName: string): UserTokens | undefined;
  /** Opens (creates or reuses) the acting person's 1:1 chat and runs `logic` there, as them. */
  privateChat(logic: (personal: Turn) => Promise<void>): Promise<PrivateChatOutcome>;
  /** A team channel's team as Teams describes it; throws when Teams cannot say. */
  teamDetails(): Promise<{ aadGroupId?: string; name?: string }>;
}

/** A per-turn value kept in the bot's state storage between turns. */
export interface StateProperty<T> {
  get(turn: Turn): Promise<T | undefined>;
  set(turn: Turn, value: T): Promise<void>;
  delete(turn: Turn): Promise<void>;
}

/**
 * Conversation state between turns: per person per conversation (`personal`, a sign-in belongs to
 * whoever started it) and per person (`user`); written back by `save` at the end of a turn.
 */
export interface TurnMemory {
  personal<T>(name: string): StateProperty<T>;
  user<T>(name: string): StateProperty<T>;
  save(turn: Turn): Promise<void>;
}

/**
 * What the channel calls on each inbound turn (the bot's router implements it). `run` comes first and
 * calls `dispatch`, which calls the others by the activity's type (or answers on its own).
 */
export interface TurnRouter {
  run(turn: Turn, dispatch: () => Promise<void>): Promise<void>;
  message(turn: Turn): Promise<void>;
  /** conversationUpdate with members added (the bot itself, on install, among them or not). */
  membersAdded(turn: Turn): Promise<void>;
  /** The token service's tokens/response event. */
  tokenResponse(turn: Turn): Promise<void>;
  /** An invoke: its answer, or undefined to leave it to the channel's stock answer (501 Not Implemented, …). */
  invoke(turn: Turn): Promise<InvokeAnswer | undefined>;
}
