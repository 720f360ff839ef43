// The sign-in plumbing of the router: the link dialog, its per-person state (a marker with the start
// time), and the invokes and typed codes that continue it. Only one sign-in
// is pending at a time; a sign-in nobody finished expires after SIGN_IN_TIMEOUT_MS.
import { type PrivateConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { AssociationStore } from '../associations/association-store';
import type { Purpose, WorkUser } from '../associations/model';
import { cardAttachment, type AdaptiveCard } from '../cards/card-attachment';
import { activityDateLocale } from '../cards/date-format';
import type { Notice } from '../cards/learning-card';
import { moveConfirmCard } from '../cards/move-confirm-card';
import type { TurnKit } from '../capability/capability-handler';
import { userMessage, type UserMessageCode } from '../errors';
import type { Logger } from '../log';
import { LINK_DIALOG_ID, LinkDialog, SIGN_IN_TIMEOUT_MS, type LinkFlowOptions, type LinkFlowResult } from '../sign-in/link-dialog';
import type { SignInStarter } from '../sign-in/sign-in-handler';
import { teamsUser } from './acting-user';
import { linkNotice } from '../associations/link-notice';
import { isSharedConversation } from './private-chat';

interface SignInMarker {
  startedAt: string;
}

export interface SignInTurnsDeps {
  store: AssociationStore;
  signInState: PrivateConversationState;
  workUser: StatePropertyAccessor<WorkUser | undefined>;
  kit: TurnKit;
  graphUrl: string;
  workConnectionName: string;
  personalConnectionName: string;
  now: () => Date;
  log: Logger;
  /** Keyed hash of a personal address (the link dialog keeps it with the association). */
  emailKey: (email: string) => Promise<string>;
}

export class SignInTurns implements SignInStarter {
  private readonly dialogs: DialogSet;
  private readonly linkDialog: LinkDialog;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly marker: StatePropertyAccessor<SignInMarker | undefined>;

  constructor(private readonly deps: SignInTurnsDeps) {
    this.marker = deps.signInState.createProperty('signInMarker');
    this.dialogState = deps.signInState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.linkDialog = new LinkDialog({
      store: deps.store,
      graphUrl: deps.graphUrl,
      workConnectionName: deps.workConnectionName,
      personalConnectionName: deps.personalConnectionName,
      now: deps.now,
      log: deps.log,
      rememberWorkUser: (context, user) => deps.workUser.set(context, user),
      emailKey: deps.emailKey,
    });
    this.dialogs.add(this.linkDialog);
  }

  async start(context: TurnContext, purpose: Purpose): Promise<AdaptiveCard> {
    const kit = this.deps.kit;
    const teams = teamsUser(context);
    if (!teams) return kit.learningCard(context, { notice: notice('not-in-teams', 'attention') });
    const dc = await this.dialogContext(context);
    if (dc.activeDialog !== undefined) return kit.learningCard(context, { notice: notice('sign-in-already-pending', 'warning') });
    const user = await kit.actingUser(context);
    // Already linked for this purpose: show where things stand, nothing to sign in.
    if (user && (await this.deps.store.list(user)).some((a) => a.purpose === purpose)) {
      return kit.learningCard(context, { notice: notice(purpose === 'training' ? 'already-has-training' : 'already-has-learning', 'default') });
    }
    const options: LinkFlowOptions = { purpose, teams };
    await this.marker.set(context, { startedAt: this.deps.now().toISOString() });
    const result = await dc.beginDialog(LINK_DIALOG_ID, options);
    if (result.status === DialogTurnStatus.complete) {
      // The work token was already at the token service and the flow ended on this turn (a refusal).
      await this.marker.delete(context);
      return this.finish(context, result.result as LinkFlowResult, false);
    }
    // Word the steps as the person will see them: no work step when the work token is already there.
    const waitsFor = LinkDialog.waitingFor(dc);
    return kit.learningCard(context, { notice: notice(waitsFor === 'personal' ? 'sign-in-personal-step' : 'sign-in-both-steps', 'default') });
  }

  /** Starts a link in a 1:1 chat opened from a group. */
  async startInPrivateChat(context: TurnContext, purpose: Purpose): Promise<void> {
    const card = await this.start(context, purpose);
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  /** Cancels any sign-in; says whether one was pending. */
  async cancel(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogContext(context);
    const wasPending = dc.activeDialog !== undefined;
    await dc.cancelAllDialogs();
    await this.marker.delete(context);
    return wasPending;
  }

  /**
   * "Delete my data": the token service also forgets the person's work sign-in, so nothing of theirs
   * stays signed in for this bot and the next link asks for the work account again. A failure is
   * logged, not shown: the token expires on its own.
   */
  signOutWork(context: TurnContext): Promise<void> {
    return this.linkDialog.signOutWork(context);
  }

  /**
   * Whether a sign-in is waiting, without creating a dialog context: most turns (status, help)
   * then neither create nor write dialog state.
   */
  async pending(context: TurnContext): Promise<boolean> {
    const state = await this.dialogState.get(context);
    if (!state?.dialogStack?.length) return false;
    return (await this.dialogContext(context)).activeDialog !== undefined;
  }

  /** Feeds a sign-in activity (code, verifyState, tokenExchange, tokens/response) to the pending prompt. */
  async continue(context: TurnContext): Promise<boolean> {
    // Sign-ins happen only in 1:1 chats, and the state read is the acting person's own.
    if (isSharedConversation(context) || !(await this.pending(context))) return false;
    await this.run(context);
    return true;
  }

  /** A typed message while a sign-in is pending (the magic code). */
  async run(context: TurnContext): Promise<void> {
    const dc = await this.dialogContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.complete) {
      await this.marker.delete(context);
      await this.finish(context, result.result as LinkFlowResult, true);
    }
  }

  /**
   * Shows the end of a link flow. `announce` (it ended on a later turn: a typed code or a sign-in
   * activity): a new card with where things stand, then one line saying what happened, both at the
   * bottom of the chat; the card that started the flow is left alone, as it may be far above. Else
   * the card, with the line on top, is the answer to the press that started the flow.
   */
  private async finish(context: TurnContext, flow: LinkFlowResult, announce: boolean): Promise<AdaptiveCard> {
    const resultNotice =
      flow.outcome.kind === 'refused'
        ? notice(flow.outcome.code, 'attention')
        : linkNotice(flow.purpose, flow.outcome.result, activityDateLocale(context.activity));
    const card = await this.deps.kit.learningCard(context, {
      ...(announce ? {} : { notice: resultNotice }),
      ...(flow.outcome.kind === 'stored' ? { user: flow.outcome.user } : {}),
    });
    if (announce) {
      await context.sendActivity({ attachments: [cardAttachment(card)] });
      await context.sendActivity(resultNotice.text);
    }
    if (flow.outcome.kind === 'stored' && flow.outcome.result.kind === 'move-needs-confirmation') {
      await context.sendActivity({ attachments: [cardAttachment(moveConfirmCard({ pendingId: flow.outcome.result.pendingId }))] });
    }
    return card;
  }

  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    const dc = await this.dialogs.createContext(context);
    const marker = await this.marker.get(context);
    if (dc.activeDialog !== undefined && marker && this.deps.now().getTime() - Date.parse(marker.startedAt) > SIGN_IN_TIMEOUT_MS) {
      // A sign-in nobody finished: forget it so a new one can start.
      await dc.cancelAllDialogs();
      await this.marker.delete(context);
    }
    return dc;
  }
}

function notice(code: UserMessageCode, tone: Notice['tone']): Notice {
  return { tone, text: userMessage(code) };
}

