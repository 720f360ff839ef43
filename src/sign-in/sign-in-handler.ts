// The sign-in capability's buttons: "link" starts the two-account flow, "cancelSignIn" stops it.
// The flow itself (dialog state, invokes, typed codes) is the router's plumbing, lent as SignInStarter.
import type { TurnContext } from 'botbuilder';
import type { Purpose } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { ActionOf, CapabilityHandler, TurnKit } from '../capability/capability-handler';
import { userMessage } from '../errors';

export interface SignInStarter {
  /** Starts a link for `purpose`: the card that says what to do next. */
  start(context: TurnContext, purpose: Purpose): Promise<AdaptiveCard>;
  /** Cancels any pending sign-in; says whether one was pending. */
  cancel(context: TurnContext): Promise<boolean>;
}

type SignInVerb = 'link' | 'cancelSignIn';

export class SignInHandler implements CapabilityHandler<SignInVerb, never> {
  readonly verbs = ['link', 'cancelSignIn'] as const;
  readonly intents = [] as const;

  constructor(private readonly deps: { kit: TurnKit; signIn: SignInStarter }) {}

  async handle(context: TurnContext, action: ActionOf<SignInVerb>): Promise<AdaptiveCard> {
    if (action.verb === 'link') return this.deps.signIn.start(context, action.purpose);
    const wasPending = await this.deps.signIn.cancel(context);
    return this.deps.kit.learningCard(context, wasPending ? { notice: { tone: 'good', text: userMessage('sign-in-cancelled') } } : {});
  }

  answer(): Promise<AdaptiveCard> {
    return Promise.reject(new Error('the sign-in handler answers no typed command'));
  }
}
