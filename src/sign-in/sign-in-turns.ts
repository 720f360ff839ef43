// The sign-in plumbing of the router: the link flow and its prompts (one pending at a time; one nobody
// finished expires after SIGN_IN_TIMEOUT_MS), the invokes and typed codes that continue it, and the
// work account remembered for clients that do not say who is chatting (the acting user).
import type { LearningView } from '../associations/learning-view';
import { linkNotice } from '../associations/link-notice';
import type { Purpose, WorkUser } from '../associations/model';
import { cardAttachment, type AdaptiveCard } from '../cards/card-attachment';
import { activityDateLocale } from '../cards/date-format';
import type { Notice } from '../associations/learning-card';
import { moveConfirmCard } from '../associations/move-confirm-card';
import type { Actor } from '../capability/capability-handler';
import type { LinkStart } from '../channel/link-prompts';
import type { StateProperty, Turn } from '../channel/turn';
import { userMessage, type UserMessageCode } from '../errors';
import type { AssociationStore } from '../associations/association-store';
import { actingWorkUser, teamsUser } from './acting-user';
import type { LinkFlow, LinkFlowOptions, LinkFlowResult } from './link-flow';
import type { SignInStarter } from './sign-in-handler';

/** The channel's prompts for the link flow (channel/link-prompts.ts). */
export interface LinkPromptsPort {
  active(turn: Turn): Promise<boolean>;
  pending(turn: Turn): Promise<boolean>;
  begin(turn: Turn, options: LinkFlowOptions): Promise<LinkStart<LinkFlowResult>>;
  continue(turn: Turn): Promise<LinkFlowResult | undefined>;
  cancel(turn: Turn): Promise<boolean>;
}

export interface SignInTurnsDeps {
  store: AssociationStore;
  learning: LearningView;
  flow: LinkFlow;
  prompts: LinkPromptsPort;
  /** The work account remembered at sign-in, per person (user state). */
  workUser: StateProperty<WorkUser>;
}

export class SignInTurns implements SignInStarter {
  constructor(private readonly deps: SignInTurnsDeps) {}

  /** The acting work user; the remembered sign-in is read only when Teams does not say who it is. */
  async actingUser(turn: Turn): Promise<Actor> {
    return actingWorkUser(turn, undefined) ?? actingWorkUser(turn, await this.deps.workUser.get(turn));
  }

  async start(turn: Turn, user: Actor, purpose: Purpose): Promise<AdaptiveCard> {
    const learning = this.deps.learning;
    const teams = teamsUser(turn);
    if (!teams) return learning.card(turn, user, { notice: notice('not-in-teams', 'attention') });
    if (await this.deps.prompts.active(turn))
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

  /** Whether a sign-in is waiting (most turns neither create nor write dialog state). */
  pending(turn: Turn): Promise<boolean> {
    return this.deps.prompts.pending(turn);
  }

  /** Feeds a sign-in activity (code, verifyState, tokenExchange, tokens/response) to the pending prompt. */
  async continue(turn: Turn): Promise<boolean> {
    // Sign-ins happen only in 1:1 chats, and the state read is the acting person's own.
    if (turn.conversation.shared || !(await this.pending(turn))) return false;
    await this.run(turn);
    return true;
  }

  /** A typed message while a sign-in is pending (the magic code). */
  async run(turn: Turn): Promise<void> {
    const done = await this.deps.prompts.continue(turn);
    if (done) await this.finish(turn, done, true);
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
