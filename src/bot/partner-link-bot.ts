// Turn routing for Partner Link: typed commands, card buttons (Universal Actions), the invokes a
// capability claims, and the sign-in answers. This file only routes: the channel guard, group chats
// (shared-conversation.ts), the sign-in plumbing (sign-in/sign-in-turns.ts), and dispatch by verb,
// intent or invoke to the capabilities app.ts lists (capability/handler-registry.ts); it names none of
// them. The acting user is resolved here, once per turn, and handed to the capability.
import type { Purpose } from '../associations/model';
import {
  cardActionSchema,
  parseCardAction,
  type CardAction,
  type ParsedCardAction,
  type Verb,
} from '../cards/card-actions';
import { cardAttachment, type AdaptiveCard } from '../cards/card-attachment';
import type { Notice } from '../associations/learning-card';
import {
  DATA_ERASED,
  isMessage,
  type Actor,
  type Answer,
  type CapabilityHandler,
  type IntentKind,
} from '../capability/capability-handler';
import { HandlerRegistry } from '../capability/handler-registry';
import { containsMagicCode, recognize } from '../capability/intents';
import { withLocalSignInLinks } from '../channel/local-sign-in-link';
import type { Waiting } from '../channel/sign-in-prompts';
import type { Turn, TurnMemory, TurnRouter } from '../channel/turn';
import type { InvokeAnswer } from '../channel/wire';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import { LINK_PENDING_SAID, type Continued } from '../sign-in/sign-in-turns';
import { SharedConversation, type PrivateRequest } from './shared-conversation';
import {
  answerOutsideTeams,
  guardSharedConversation,
  isTypedMessage,
  messageAnswer,
  TEAMS_CHANNEL_ID,
} from './turn-guards';
import { whileTyping } from './typing';

/** The sign-in plumbing the router drives (sign-in/sign-in-turns.ts). */
export interface RouterSignIn {
  actingUser(turn: Turn): Promise<Actor>;
  pending(turn: Turn): Promise<Waiting>;
  cancel(turn: Turn): Promise<boolean>;
  /** A sign-in activity for the pending sign-in (the link flow's or a capability's). */
  continue(turn: Turn): Promise<Continued>;
  /** A typed message while a sign-in waits (the magic code). */
  run(turn: Turn): Promise<Continued>;
  startInPrivateChat(turn: Turn, user: Actor, purpose: Purpose): Promise<void>;
}

export interface PartnerLinkBotDeps {
  /** Every capability's handler; the first to claim free text wins, so the order is kept. */
  capabilities: readonly CapabilityHandler[];
  signIn: RouterSignIn;
  /** Conversation state, written back at the end of each turn. */
  memory: TurnMemory;
  /** Where things stand for the person, with a notice on top: the answer to a press the bot cannot read. */
  home: { card(turn: Turn, user: Actor, options: { notice: Notice }): Promise<AdaptiveCard> };
  /** The Teams app id for the install link (org catalogue id when an admin uploaded the app). */
  teamsAppId: string | undefined;
  log: Logger;
  /** Local use with the sign-in stand-in: add the sign-in page as an Open URL button (see local-sign-in-link.ts). */
  localSignInLinks: boolean;
  /** Told of every Teams turn before it is routed, or alongside a typed message (proactive messaging keeps the conversation reference). */
  observers?: readonly ((turn: Turn) => Promise<void>)[];
  /** After a turn that deleted someone's data, once its state is saved (the store leaves no old copy behind). */
  afterErasure?: () => Promise<void>;
}

/** Every verb of the one schema and every intent must reach a handler (checked at start-up). */
const ALL_VERBS: Verb[] = cardActionSchema.options.map((o) => o.shape.verb.value);
// A Record, so a new intent kind does not compile until it is listed here (and a handler claims it).
const ROUTED: Record<Exclude<IntentKind, 'cancel'>, true> = {
  welcome: true,
  status: true,
  help: true,
  'my-data': true,
  'delete-my-data': true,
  refresh: true,
  'team-status': true,
  'skilling-forecast': true,
  'forecast-setting': true,
  unknown: true,
};
const ROUTED_INTENTS = Object.keys(ROUTED) as IntentKind[];
/** The acting user, once resolved on a turn. */
const ACTOR = Symbol('acting-user');

export class PartnerLinkBot implements TurnRouter {
  private readonly registry: HandlerRegistry;
  private readonly shared: SharedConversation;

  constructor(private readonly deps: PartnerLinkBotDeps) {
    this.registry = new HandlerRegistry(deps.capabilities);
    this.registry.assertCovers(ALL_VERBS, ROUTED_INTENTS);
    this.shared = new SharedConversation({
      teamsAppId: deps.teamsAppId,
      log: deps.log,
      inPrivateChat: (personal, request) => this.inPrivateChat(personal, request),
      // Welcome and help: nobody's accounts, so no acting user either.
      forAnyone: (turn, action) => this.registry.handle(turn, undefined, action),
    });
  }

  async run(turn: Turn, dispatch: () => Promise<void>): Promise<void> {
    // Only Teams vouches for tenant and aadObjectId: any other channel is answered with one line
    // before anything is read or written, saved conversations and reminders included.
    if (turn.channelId !== TEAMS_CHANNEL_ID) return answerOutsideTeams(turn);
    this.prepareSends(turn);
    const observed = this.observe(turn);
    // A typed message erases nothing (that takes a button), so it need not wait for the observers;
    // anything else does, so "delete my data" finds the conversation reference this turn may have saved.
    if (isTypedMessage(turn.activity)) await Promise.all([observed, dispatch()]);
    else await observed.then(dispatch);
    await this.saveState(turn);
  }

  async membersAdded(turn: Turn): Promise<void> {
    const botId = turn.activity.recipient?.id;
    if (turn.activity.membersAdded?.some((member) => member.id === botId))
      await this.send(turn, this.answer(turn, { kind: 'welcome' }));
  }

  async tokenResponse(turn: Turn): Promise<void> {
    // The event's token is never used (see sign-in/link-flow.ts); it only wakes the prompt up.
    await this.signedIn(turn, await this.deps.signIn.continue(turn));
  }

  async invoke(turn: Turn): Promise<InvokeAnswer | undefined> {
    const name = turn.activity.name;
    if (name === 'adaptiveCard/action') {
      const answer = await this.handleCardAction(turn, parseCardAction(turn.value));
      if (isMessage(answer)) return { status: 200, body: messageAnswer(answer.message) };
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer } };
    }
    if (name === 'signin/verifyState' || name === 'signin/tokenExchange') return this.signInAnswer(turn, name);
    const claimed = this.registry.invoke(name);
    if (!claimed) return undefined;
    // A capability's invokes (a file consent) are a 1:1 matter: Teams offers them there only.
    if (turn.conversation.shared) return { status: 200 };
    const answer = async () => claimed.answer(turn, await this.actor(turn));
    return claimed.slow?.(turn) ? whileTyping(turn, answer) : answer();
  }

  async message(turn: Turn): Promise<void> {
    if (turn.value !== undefined && turn.value !== null && !turn.text) {
      // Action.Submit from an older card or client: same schema, answered with a new card.
      const answer = await this.handleCardAction(turn, parseCardAction(turn.value));
      if (!isMessage(answer)) await turn.send({ attachments: [cardAttachment(answer)] });
      else if (!answer.posted) await turn.send(answer.message);
      return;
    }
    const intent = recognize(turn.text);
    const shared = turn.conversation.shared;
    const ownAnswer = shared ? this.registry.inShared(intent) : undefined;
    if (ownAnswer) {
      // Graph is read; whileTyping shows nothing in a channel, where Teams has no typing indicator.
      await whileTyping(turn, async () => ownAnswer(turn, await this.actor(turn)));
      return;
    }
    if (shared) {
      const line = this.registry.groupLine(turn.text ?? '');
      if (line) await this.shared.tell(turn, line);
      else if (!(await this.shared.message(turn, intent))) await this.send(turn, this.answer(turn, intent));
      return;
    }
    const signIn = this.deps.signIn;
    const text = turn.text ?? '';
    // The sign-in state is read while a quick answer is worked out; "cancel", a code and slow work wait for it. Nothing is sent before.
    const pendingRead = signIn.pending(turn);
    pendingRead.catch(() => undefined);
    const first =
      intent.kind === 'cancel' ||
      containsMagicCode(text) ||
      this.registry.isSlow({ text }) ||
      this.registry.isSlow({ intent: intent.kind });
    const pending = first ? await pendingRead : undefined;
    if (pending && intent.kind === 'cancel') {
      await signIn.cancel(turn);
      await turn.send(userMessage('sign-in-cancelled'));
      return;
    }
    // A capability's free text (a pasted transcript link) first: a link's digits are no sign-in code.
    const read = async () => this.registry.message(turn, await this.actor(turn), text);
    const claimed = await (this.registry.isSlow({ text }) ? whileTyping(turn, read) : read());
    if (claimed) {
      // A new message at the bottom of the chat, never an earlier card changed out of sight.
      await this.send(
        turn,
        pendingRead.then(() => claimed),
      );
    } else if (pending && containsMagicCode(turn.text)) {
      await this.signedIn(turn, await signIn.run(turn));
      return;
    } else if (intent.kind === 'cancel') await turn.send(userMessage('nothing-to-cancel'));
    else {
      const answer = this.registry.isSlow({ intent: intent.kind })
        ? whileTyping(turn, () => this.answer(turn, intent))
        : this.answer(turn, intent);
      await this.send(
        turn,
        Promise.all([answer, pendingRead]).then(([card]) => card),
      );
    }
    // A reminder for the link flow only: a capability's sign-in is asked again by asking again.
    if ((await pendingRead) === 'link' && !turn.locals.has(LINK_PENDING_SAID))
      await turn.send(userMessage('sign-in-already-pending'));
  }

  /** The observers, one after the other (each keeps its own failures). */
  private async observe(turn: Turn): Promise<void> {
    for (const observe of this.deps.observers ?? []) await observe(turn);
  }

  /** The turn's state, then (after "delete my data") the store's own clean-up. */
  private async saveState(turn: Turn): Promise<void> {
    await this.deps.memory.save(turn);
    if (turn.locals.get(DATA_ERASED) === true) await this.deps.afterErasure?.();
  }

  private prepareSends(turn: Turn): void {
    guardSharedConversation(turn);
    if (this.deps.localSignInLinks) turn.onSend(withLocalSignInLinks);
  }

  /** The acting work user, resolved once per turn (from Teams, else the remembered sign-in). */
  private async actor(turn: Turn): Promise<Actor> {
    if (turn.locals.has(ACTOR)) return turn.locals.get(ACTOR) as Actor;
    const user = await this.deps.signIn.actingUser(turn);
    turn.locals.set(ACTOR, user);
    return user;
  }

  private async answer(turn: Turn, intent: Parameters<HandlerRegistry['answer']>[2]): Promise<AdaptiveCard> {
    return this.registry.answer(turn, await this.actor(turn), intent);
  }

  private async send(turn: Turn, card: Promise<Answer>): Promise<void> {
    const answer = await card;
    if (isMessage(answer)) await turn.send(answer.message);
    else await turn.send({ attachments: [cardAttachment(answer)] });
  }

  /** Answers a button press with the card that replaces the one pressed. Never throws on bad input. */
  private async handleCardAction(turn: Turn, parsed: ParsedCardAction): Promise<Answer> {
    if (turn.conversation.shared) return this.shared.cardAction(turn, parsed);
    if (!parsed.ok) {
      this.deps.log.info({ event: 'card-action.rejected', problem: parsed.problem }, 'card action rejected');
      return this.deps.home.card(turn, await this.actor(turn), {
        notice: { tone: 'warning', text: userMessage('bad-card-action') },
      });
    }
    const action = parsed.action;
    const handle = async () => this.registry.handle(turn, await this.actor(turn), action);
    return this.registry.isSlow({ verb: action.verb }) ? whileTyping(turn, handle) : handle();
  }

  /** signin/verifyState and signin/tokenExchange, for whichever sign-in waits (the prompt answers the invoke). */
  private async signInAnswer(turn: Turn, name: 'signin/verifyState' | 'signin/tokenExchange'): Promise<InvokeAnswer> {
    const continued = await this.deps.signIn.continue(turn);
    if (continued.kind !== 'nothing-pending') {
      await this.signedIn(turn, continued);
      return { status: 200 };
    }
    const body =
      name === 'signin/tokenExchange'
        ? { id: readId(turn.value), connectionName: '', failureDetail: 'No sign-in is in progress.' }
        : undefined;
    // Someone else's sign-in activity in a group is ignored, not answered.
    if (!turn.conversation.shared) await turn.send(userMessage('sign-in-expired'));
    return { status: name === 'signin/tokenExchange' ? 412 : 200, body };
  }

  /** A capability's work sign-in ended: what it was asked for, from the capability that asked. */
  private async signedIn(turn: Turn, continued: Continued): Promise<void> {
    if (continued.kind !== 'work-signed-in') return;
    const followUp = this.registry.signIns.find((s) => s.id === continued.capability);
    if (!followUp) return;
    const user = await this.actor(turn);
    const view = await whileTyping(turn, () => followUp.afterSignIn(turn, user, continued.redeemed));
    await turn.send({ attachments: [cardAttachment(view)] });
  }

  /** A proactive turn in the person's 1:1 chat (see shared-conversation.ts). */
  private async inPrivateChat(personal: Turn, request: PrivateRequest): Promise<void> {
    this.prepareSends(personal);
    const user = await this.actor(personal);
    if (request.kind === 'link') await this.deps.signIn.startInPrivateChat(personal, user, request.purpose);
    else await this.send(personal, this.registry.handle(personal, user, PRIVATE_ACTIONS[request.kind]));
    await this.saveState(personal);
  }
}

/** What a request continued from a group chat shows in the 1:1 chat. */
const PRIVATE_ACTIONS: Record<Exclude<PrivateRequest['kind'], 'link'>, CardAction> = {
  status: { verb: 'status' },
  'my-data': { verb: 'dataExport' },
  'delete-data': { verb: 'deleteDataRequest' },
};

function readId(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && 'id' in value && typeof value.id === 'string'
    ? value.id
    : undefined;
}
