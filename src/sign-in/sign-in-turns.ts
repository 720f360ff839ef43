// The sign-in plumbing of the router, one path for every sign-in: the link flow and a capability's work
// sign-in share the channel's prompts (one pending at a time per person per conversation; one nobody
// finished expires after SIGN_IN_TIMEOUT_MS) and the invokes and typed codes that continue them. Also
// the work account remembered for clients that do not say who is chatting (the acting user).
import type { LearningView } from '../associations/learning-view';
import { linkNotice } from '../associations/link-notice';
import type { Purpose, WorkUser } from '../associations/model';
import { cardAttachment, type AdaptiveCard } from '../cards/card-attachment';
import { activityDateLocale } from '../cards/date-format';
import type { Notice } from '../associations/learning-card';
import { moveConfirmCard } from '../associations/move-confirm-card';
import type { Actor, Redeemed } from '../capability/capability-handler';
import type { LinkStart, Waiting, WorkRequest } from '../channel/sign-in-prompts';
import type { StateProperty, Turn } from '../channel/turn';
import { userMessage, type UserMessageCode } from '../errors';
import type { AssociationStore } from '../associations/association-store';
import { actingWorkUser, teamsUser } from './acting-user';
import {
  isWorkSignIn,
  type LinkFlow,
  type LinkFlowOptions,
  type LinkFlowResult,
  type WorkSignInResult,
} from './link-flow';
import type { SignInStarter } from './sign-in-handler';
import type { Asked, WorkSignInStarter } from './work-sign-in';

/** The channel's sign-in prompts (channel/sign-in-prompts.ts). */
export interface SignInPromptsPort {
  waiting(turn: Turn): Promise<Waiting>;
  pending(turn: Turn): Promise<Waiting>;
  begin(turn: Turn, options: LinkFlowOptions): Promise<LinkStart<LinkFlowResult>>;
  beginWorkOnly(turn: Turn, asked: WorkRequest): Promise<WorkSignInResult | undefined>;
  continue(turn: Turn): Promise<LinkFlowResult | WorkSignInResult | undefined>;
  cancel(turn: Turn): Promise<boolean>;
}

/** Set on a turn that already told the person a link sign-in waits (the router then says it only once). */
export const LINK_PENDING_SAID = Symbol('link-pending-said');

/**
 * A sign-in answer, fed to whatever waited: nothing waited here; it was taken (a link's step, a code
 * to retry, a refusal said); or a capability's work sign-in ended, for the router to hand back.
 */
export type Continued =
  | { kind: 'nothing-pending' }
  | { kind: 'handled' }
  | { kind: 'work-signed-in'; capability: string; redeemed: Redeemed };

export interface SignInTurnsDeps {
  store: AssociationStore;
  learning: LearningView;
  flow: LinkFlow;
  prompts: SignInPromptsPort;
  /** The work account remembered at sign-in, per person (user state). */
  workUser: StateProperty<WorkUser>;
  /** Teams SSO's token exchanges, one per client: the first of each goes on (sso-exchanges.ts). */
  exchanges: { first(turn: Turn): Promise<boolean> };
}

export class SignInTurns implements SignInStarter, WorkSignInStarter {
  constructor(private readonly deps: SignInTurnsDeps) {}

  /** The acting work user; the remembered sign-in is read only when Teams does not say who it is. */
  async actingUser(turn: Turn): Promise<Actor> {
    return actingWorkUser(turn, undefined) ?? actingWorkUser(turn, await this.deps.workUser.get(turn));
  }

  async start(turn: Turn, user: Actor, purpose: Purpose): Promise<AdaptiveCard> {
    const learning = this.deps.learning;
    const teams = teamsUser(turn);
    if (!teams) return learning.card(turn, user, { notice: notice('not-in-teams', 'attention') });
    // A link waiting is finished or cancelled first; a capability's work sign-in gives way to the link's own.
    if ((await this.deps.prompts.waiting(turn)) === 'link')
      return learning.card(turn, user, { notice: notice('sign-in-already-pending', 'warning') });
    // Already linked for this purpose: show where things stand, nothing to sign in.
    if (user && (await this.deps.store.list(user)).some((a) => a.purpose === purpose)) {
      return learning.card(turn, user, {
        notice: notice(purpose === 'training' ? 'already-has-training' : 'already-has-learning', 'default'),
      });
    }
    const started = await this.deps.prompts.begin(turn, { purpose, teams });
    // The work token was already at the token service and the flow ended on this turn (a refusal).
    if ('done' in started) return this.finish(turn, started.done, false);
    // Word the steps as the person will see them: no work step when the work token is already there.
    return learning.card(turn, user, {
      notice: notice(started.waitingFor === 'personal' ? 'sign-in-personal-step' : 'sign-in-both-steps', 'default'),
    });
  }

  /** Starts a link in a 1:1 chat opened from a group. */
  async startInPrivateChat(turn: Turn, user: Actor, purpose: Purpose): Promise<void> {
    const card = await this.start(turn, user, purpose);
    await turn.send({ attachments: [cardAttachment(card)] });
  }

  /** Cancels any sign-in; says whether one was pending. */
  cancel(turn: Turn): Promise<boolean> {
    return this.deps.prompts.cancel(turn);
  }

  /**
   * "Delete my data": any sign-in cancelled, the token service forgets the person's work sign-in (so
   * nothing of theirs stays signed in for this bot and the next link asks for the work account again;
   * a failure is logged, not shown: the token expires on its own), and the remembered work user goes.
   */
  async forget(turn: Turn): Promise<void> {
    await this.cancel(turn);
    await this.deps.flow.signOutWork(turn);
    await this.deps.workUser.delete(turn);
  }

  /**
   * A capability's work sign-in (its card sent), unless a link waits: its work step comes first. Ends
   * at once, with the token, only if the token service got the work token since the capability looked.
   */
  async beginWorkOnly(turn: Turn, capability: string, request: unknown): Promise<Asked> {
    if ((await this.deps.prompts.waiting(turn)) === 'link') {
      turn.locals.set(LINK_PENDING_SAID, true);
      return 'link-pending';
    }
    const ended = await this.deps.prompts.beginWorkOnly(turn, { capability, request });
    return ended && 'token' in ended ? { token: ended.token } : 'asked';
  }

  /** What sign-in waits (most turns neither create nor write dialog state). */
  pending(turn: Turn): Promise<Waiting> {
    return this.deps.prompts.pending(turn);
  }

  /** Feeds a sign-in activity (code, verifyState, tokenExchange, tokens/response) to the pending prompt. */
  async continue(turn: Turn): Promise<Continued> {
    // Sign-ins happen only in 1:1 chats, and the state read is the acting person's own.
    if (turn.conversation.shared) return { kind: 'nothing-pending' };
    // A copy of a token exchange another Teams client sent: answered, nothing more (even once the sign-in is over).
    if (turn.activity.name === 'signin/tokenExchange' && !(await this.deps.exchanges.first(turn)))
      return { kind: 'handled' };
    if (!(await this.pending(turn))) return { kind: 'nothing-pending' };
    return this.run(turn);
  }

  /** A typed message while a sign-in is pending (the magic code). */
  async run(turn: Turn): Promise<Continued> {
    const done = await this.deps.prompts.continue(turn);
    if (!done) return { kind: 'handled' };
    if (!isWorkSignIn(done)) {
      await this.finish(turn, done, true);
      return { kind: 'handled' };
    }
    return this.workEnded(turn, done);
  }

  /** A capability's work sign-in ended: its request with the token, or one line saying why not. */
  private async workEnded(turn: Turn, done: WorkSignInResult): Promise<Continued> {
    if ('refused' in done) {
      await turn.send(userMessage(done.refused));
      return { kind: 'handled' };
    }
    return {
      kind: 'work-signed-in',
      capability: done.capability,
      redeemed: { request: done.request, token: done.token },
    };
  }

  /**
   * Shows the end of a link flow. `announce` (it ended on a later turn: a typed code or a sign-in
   * activity): a new card with where things stand, then one line saying what happened, both at the
   * bottom of the chat; the card that started the flow is left alone, as it may be far above. Else
   * the card, with the line on top, is the answer to the press that started the flow.
   */
  private async finish(turn: Turn, flow: LinkFlowResult, announce: boolean): Promise<AdaptiveCard> {
    const resultNotice =
      flow.outcome.kind === 'refused'
        ? notice(flow.outcome.code, 'attention')
        : linkNotice(flow.purpose, flow.outcome.result, activityDateLocale(turn.activity));
    // Whose card: the linked user, else who is acting now (the flow may have just remembered them).
    const whose = flow.outcome.kind === 'stored' ? flow.outcome.user : await this.actingUser(turn);
    const card = await this.deps.learning.card(turn, whose, announce ? {} : { notice: resultNotice });
    if (announce) {
      await turn.send({ attachments: [cardAttachment(card)] });
      await turn.send(resultNotice.text);
    }
    if (flow.outcome.kind === 'stored' && flow.outcome.result.kind === 'move-needs-confirmation') {
      await turn.send({ attachments: [cardAttachment(moveConfirmCard({ pendingId: flow.outcome.result.pendingId }))] });
    }
    return card;
  }
}

function notice(code: UserMessageCode, tone: Notice['tone']): Notice {
  return { tone, text: userMessage(code) };
}
