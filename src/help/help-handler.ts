// Welcome and help: the cards anyone can see, in a 1:1 chat or (through the router) a group.
import type { AdaptiveCard } from '../cards/card-attachment';
import { helpMenuCard, helpTopicCard, unknownInputCard } from './help-cards';
import { welcomeCard } from './welcome-card';
import type { ActionOf, CapabilityHandler, IntentOf } from '../capability/capability-handler';

type HelpVerb = 'welcome' | 'help';
type HelpIntent = 'welcome' | 'help' | 'unknown';

export class HelpHandler implements CapabilityHandler<HelpVerb, HelpIntent> {
  readonly verbs = ['welcome', 'help'] as const;
  readonly intents = ['welcome', 'help', 'unknown'] as const;

  handle(_turn: unknown, _user: unknown, action: ActionOf<HelpVerb>): Promise<AdaptiveCard> {
    if (action.verb === 'welcome') return Promise.resolve(welcomeCard());
    return Promise.resolve(action.topic ? helpTopicCard(action.topic) : helpMenuCard());
  }

  answer(_turn: unknown, _user: unknown, intent: IntentOf<HelpIntent>): Promise<AdaptiveCard> {
    if (intent.kind === 'welcome') return Promise.resolve(welcomeCard());
    if (intent.kind === 'help') return Promise.resolve(intent.topic ? helpTopicCard(intent.topic) : helpMenuCard());
    return Promise.resolve(unknownInputCard());
  }
}
