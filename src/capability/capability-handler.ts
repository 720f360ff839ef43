// What the bot's router dispatches to. Each capability (sign-in, associations, my data, help,
// certifications, …) owns its verbs and typed commands and exposes one handler; adding a capability
// is one new handler plus one line in the router's registry (bot/partner-link-bot.ts). Capabilities
// never import from bot/: what they need from the turn comes in through `TurnKit`.
import type { TurnContext } from 'botbuilder';
import type { Association, Purpose, WorkUser } from '../associations/model';
import type { CardAction, Verb } from '../cards/card-actions';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Notice } from '../cards/learning-card';
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

/** How the Learning card is drawn this turn: a notice on top, or a removal to confirm. */
export interface LearningCardOptions {
  notice?: Notice;
  confirmRemove?: Purpose;
  /** Whose card, when known better than from the turn (the end of a sign-in). */
  user?: WorkUser;
  /** That person's associations as this turn just read them (not read again). */
  associations?: readonly Association[];
}

/** What the router lends handlers on every turn (1:1 chats only: group chats never reach them). */
export interface TurnKit {
  /** The acting work user, from Teams or the remembered sign-in; never from a card payload. */
  actingUser(context: TurnContext): Promise<WorkUser | undefined>;
  /** The "Your learning" card as it stands now for the acting person. */
  learningCard(context: TurnContext, options?: LearningCardOptions): Promise<AdaptiveCard>;
}

export interface CapabilityHandler<V extends Verb = Verb, K extends IntentKind = IntentKind> {
  /** Card verbs this handler answers (each verb has exactly one handler). */
  readonly verbs: readonly V[];
  /** Typed-command intents this handler answers in a 1:1 chat. */
  readonly intents: readonly K[];
  /** A button press in a 1:1 chat: the card that replaces the pressed one, or a message. */
  handle(context: TurnContext, action: ActionOf<V>): Promise<Answer>;
  /** A typed command in a 1:1 chat: the card to send. */
  answer(context: TurnContext, intent: IntentOf<K>): Promise<AdaptiveCard>;
  /**
   * Optional: any 1:1 message, read before intents are matched (a pasted link in a sentence).
   * Returns the answer (a new card, or one line when nothing changed) when the message was for this
   * capability, undefined to let others try.
   */
  message?(context: TurnContext, text: string): Promise<Answer | undefined>;
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
}
