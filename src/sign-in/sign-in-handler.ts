// The sign-in capability's buttons: "link" starts the two-account flow, "cancelSignIn" stops it.
// The flow itself (dialog state, invokes, typed codes) is the router's plumbing, lent as SignInStarter.
import type { LearningView } from '../associations/learning-view';
import type { Purpose } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { ActionOf, Actor, CapabilityHandler } from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import { userMessage } from '../errors';

export interface SignInStarter {
  /** Starts a link for `purpose`: the card that says what to do next. */
  start(turn: Turn, user: Actor, purpose: Purpose): Promise<AdaptiveCard>;
  /** Cancels any pending sign-in; says whether one was pending. */
  cancel(turn: Turn): Promise<boolean>;
}

type SignInVerb = 'link' | 'cancelSignIn';

export class SignInHandler implements CapabilityHandler<SignInVerb, never> {
  readonly verbs = ['link', 'cancelSignIn'] as const;
  readonly intents = [] as const;

  constructor(private readonly deps: { learning: LearningView; signIn: SignInStarter }) {}

  async handle(turn: Turn, user: Actor, action: ActionOf<SignInVerb>): Promise<AdaptiveCard> {
    if (action.verb === 'link') return this.deps.signIn.start(turn, user, action.purpose);
    const wasPending = await this.deps.signIn.cancel(turn);
    return this.deps.learning.card(
      turn,
      user,
      wasPending ? { notice: { tone: 'good', text: userMessage('sign-in-cancelled') } } : {},
    );
  }

  answer(): Promise<AdaptiveCard> {
    return Promise.reject(new Error('the sign-in handler answers no typed command'));
  }
}
