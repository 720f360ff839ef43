// The router's table: verb → handler and intent → handler, checked once at start-up so that two
// capabilities can never claim the same verb (the second would silently win otherwise).
import type { CardAction, Verb } from '../cards/card-actions';
import type { Intent } from './intents';
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Answer, CapabilityHandler, IntentKind } from './capability-handler';

/** A handler with its verb and intent types widened: the registry only hands it its own. */
type AnyHandler = CapabilityHandler;

export class HandlerRegistry {
  private readonly byVerb = new Map<Verb, AnyHandler>();
  private readonly byIntent = new Map<IntentKind, AnyHandler>();

  private readonly readers: AnyHandler[];

  constructor(handlers: readonly AnyHandler[]) {
    this.readers = handlers.filter((h) => h.message !== undefined || h.inGroup !== undefined);
    for (const handler of handlers) {
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

  handle(context: TurnContext, action: CardAction): Promise<Answer> {
    const handler = this.byVerb.get(action.verb);
    if (!handler) throw new Error(`No handler for the card verb "${action.verb}"`);
    return handler.handle(context, action);
  }

  /** Whether a press, a typed command or a message may take more than about a second (see CapabilityHandler.slow). */
  isSlow(request: { verb: Verb } | { intent: IntentKind } | { text: string }): boolean {
    if ('verb' in request) return this.byVerb.get(request.verb)?.slow?.verbs?.includes(request.verb) ?? false;
    if ('intent' in request) return this.byIntent.get(request.intent)?.slow?.intents?.includes(request.intent) ?? false;
    return this.readers.some((h) => h.slow?.message?.(request.text) ?? false);
  }

  /** Free text a capability recognizes before intents (a pasted link): the first answer wins. */
  async message(context: TurnContext, text: string): Promise<Answer | undefined> {
    for (const handler of this.readers) {
      const answer = await handler.message?.(context, text);
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

  answer(context: TurnContext, intent: Intent): Promise<AdaptiveCard> {
    const handler = this.byIntent.get(intent.kind);
    if (!handler) throw new Error(`No handler for the intent "${intent.kind}"`);
    return handler.answer(context, intent);
  }
}
