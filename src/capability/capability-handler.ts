// What the bot's router dispatches to. Each capability (sign-in, associations, my data, help,
// certifications, team status, …) owns its verbs and typed commands and exposes one handler; app.ts
// lists the handlers and the router loops over that list, naming none. Capabilities never import from
// bot/: each call gets the channel's view of the turn (channel/turn.ts) and the acting work user,
// resolved once by the router (from Teams, or the remembered sign-in; never from a card payload).
import type { WorkUser } from '../associations/model';
import type { CardAction, Verb } from '../cards/card-actions';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Turn } from '../channel/turn';
import type { InvokeAnswer } from '../channel/wire';
import type { Intent } from './intents';

/** What a button press is answered with when the pressed card must stay as it is. */
export interface MessageAnswer {
  message: string;
  /** Already posted to the conversation (the one line a group sees). */
  posted: boolean;
}
export type Answer = AdaptiveCard | MessageAnswer;

export function isMessage(answer: Answer): answer is MessageAnswer {
  return 'message' in answer;
}

export type ActionOf<V extends Verb> = Extract<CardAction, { verb: V }>;
export type IntentKind = Intent['kind'];
export type IntentOf<K extends IntentKind> = Extract<Intent, { kind: K }>;

/** The acting work user, resolved by the router; undefined when Teams does not say who it is. */
export type Actor = WorkUser | undefined;

/** Set on a turn that deleted someone's data: the router finishes the erasure once the turn's state is saved. */
export const DATA_ERASED = Symbol('data-erased');

/** A sign-in answer redeemed for the request that asked for the sign-in. */
export interface Redeemed<R = unknown> {
  request: R;
  token: string;
}

/** A work sign-in a capability asked for itself (sign-in/work-sign-in.ts), answered later. */
export interface SignInFollowUp<R = unknown> {
  /** The capability's sign-in (sign-in/work-sign-in.ts `purpose.id`). */
  readonly id: string;
  /** What was asked for, now that the person has signed in (slow: the router shows typing meanwhile). */
  afterSignIn(turn: Turn, user: Actor, redeemed: Redeemed<R>): Promise<AdaptiveCard>;
}

export interface CapabilityHandler<V extends Verb = Verb, K extends IntentKind = IntentKind> {
  /** Card verbs this handler answers (each verb has exactly one handler). */
  readonly verbs: readonly V[];
  /** Typed-command intents this handler answers in a 1:1 chat. */
  readonly intents: readonly K[];
  /** A button press in a 1:1 chat: the card that replaces the pressed one, or a message. */
  handle(turn: Turn, user: Actor, action: ActionOf<V>): Promise<Answer>;
  /** A typed command in a 1:1 chat: the card to send. */
  answer(turn: Turn, user: Actor, intent: IntentOf<K>): Promise<AdaptiveCard>;
  /**
   * Optional: any 1:1 message, read before intents are matched (a pasted link in a sentence).
   * Returns the answer (a new card, or one line when nothing changed) when the message was for this
   * capability, undefined to let others try.
   */
  message?(turn: Turn, user: Actor, text: string): Promise<Answer | undefined>;
  /**
   * Optional: what may take more than about a second (reading Learn, walking Graph, queuing reminders,
   * an export). The router shows Teams' typing indicator while these run.
   */
  readonly slow?: { verbs?: readonly V[]; intents?: readonly K[]; message?(text: string): boolean };
  /**
   * Optional: a message in a group chat or channel, read before anything else there. Returns the one
   * line to say to the person (nothing personal is shown or stored from a group), or undefined.
   */
  inGroup?(text: string): string | undefined;
  /** Optional: typed intents this capability answers itself in a group chat or channel (slow: Graph). */
  readonly inShared?: { intents: readonly K[]; answer(turn: Turn, user: Actor, intent: IntentOf<K>): Promise<void> };
  /** Optional: invokes besides card actions and sign-in (a file consent); 1:1 chats only. */
  readonly invokes?: {
    names: readonly string[];
    answer(turn: Turn, user: Actor): Promise<InvokeAnswer>;
    slow?(turn: Turn): boolean;
  };
  /** Optional: the work sign-ins this capability asks for itself, and what it answers once they are done. */
  readonly signIn?: SignInFollowUp;
}
