// The router's table: verb → handler and intent → handler, checked once at start-up so that two
// capabilities can never claim the same verb (the second would silently win otherwise).
import type { CardAction, Verb } from '../cards/card-actions';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Turn } from '../channel/turn';
import type { Actor, Answer, CapabilityHandler, IntentKind, SignInFollowUp } from './capability-handler';
import type { Intent } from './intents';

/** A handler with its verb and intent types widened: the registry only hands it its own. */
type AnyHandler = CapabilityHandler;

export class HandlerRegistry {
  private readonly byVerb = new Map<Verb, AnyHandler>();
  private readonly byIntent = new Map<IntentKind, AnyHandler>();
  private readonly sharedByIntent = new Map<IntentKind, AnyHandler>();
  private readonly byInvoke = new Map<string, AnyHandler>();

  private readonly readers: AnyHandler[];
  /** The work sign-ins capabilities ask for themselves, in list order. */
  readonly signIns: readonly SignInFollowUp[];

  constructor(handlers: readonly AnyHandler[]) {
    this.readers = handlers.filter((h) => h.message !== undefined || h.inGroup !== undefined);
    this.signIns = handlers.flatMap((h) => (h.signIn ? [h.signIn] : []));
    for (const handler of handlers) {
      for (const intent of handler.inShared?.intents ?? []) {
        if (this.sharedByIntent.has(intent))
          throw new Error(`Two handlers claim the intent "${intent}" in group chats`);
        this.sharedByIntent.set(intent, handler);
      }
      for (const name of handler.invokes?.names ?? []) {
        if (this.byInvoke.has(name)) throw new Error(`Two handlers claim the invoke "${name}"`);
        this.byInvoke.set(name, handler);
      }
      for (const verb of handler.verbs) {
        if (this.byVerb.has(verb)) throw new Error(`Two handlers claim the card verb "${verb}"`);
        this.byVerb.set(verb, handler);
      }
      for (const intent of handler.intents) {
        if (this.byIntent.has(intent)) throw new Error(`Two handlers claim the intent "${intent}"`);
        this.byIntent.set(intent, handler);
      }
    }
  }

  /** Every verb of the one schema (cards/card-actions.ts) must have a handler. */
  assertCovers(verbs: readonly Verb[], intents: readonly IntentKind[]): void {
    const missing = [...verbs.filter((v) => !this.byVerb.has(v)), ...intents.filter((i) => !this.byIntent.has(i))];
    if (missing.length) throw new Error(`No handler for: ${missing.join(', ')}`);
  }

  handle(turn: Turn, user: Actor, action: CardAction): Promise<Answer> {
    const handler = this.byVerb.get(action.verb);
    if (!handler) throw new Error(`No handler for the card verb "${action.verb}"`);
    return handler.handle(turn, user, action);
  }

  /** Whether a press, a typed command or a message may take more than about a second (see CapabilityHandler.slow). */
  isSlow(request: { verb: Verb } | { intent: IntentKind } | { text: string }): boolean {
    if ('verb' in request) return this.byVerb.get(request.verb)?.slow?.verbs?.includes(request.verb) ?? false;
    if ('intent' in request) return this.byIntent.get(request.intent)?.slow?.intents?.includes(request.intent) ?? false;
    return this.readers.some((h) => h.slow?.message?.(request.text) ?? false);
  }

  /** Free text a capability recognizes before intents (a pasted link): the first answer wins. */
  async message(turn: Turn, user: Actor, text: string): Promise<Answer | undefined> {
    for (const handler of this.readers) {
      const answer = await handler.message?.(turn, user, text);
      if (answer) return answer;
    }
    return undefined;
  }

  /** The line a capability says about a group message (e.g. a posted link), if any. */
  groupLine(text: string): string | undefined {
    for (const handler of this.readers) {
      const line = handler.inGroup?.(text);
      if (line) return line;
    }
    return undefined;
  }

  answer(turn: Turn, user: Actor, intent: Intent): Promise<AdaptiveCard> {
    const handler = this.byIntent.get(intent.kind);
    if (!handler) throw new Error(`No handler for the intent "${intent.kind}"`);
    return handler.answer(turn, user, intent);
  }

  /** The capability that answers `intent` itself in a group chat or channel, if one does. */
  inShared(intent: Intent): ((turn: Turn, user: Actor) => Promise<void>) | undefined {
    const shared = this.sharedByIntent.get(intent.kind)?.inShared;
    return shared ? (turn, user) => shared.answer(turn, user, intent) : undefined;
  }

  /** The capability that answers the invoke `name` (a file consent), if one does. */
  invoke(name: string | undefined): NonNullable<AnyHandler['invokes']> | undefined {
    return name === undefined ? undefined : this.byInvoke.get(name)?.invokes;
  }
}
