// Turn routing for Partner Link: typed commands, card buttons (Universal Actions), and the sign-in
// invokes that belong to the link dialog. Business rules live in associations/ and sign-in/; this
// file decides what to show and where. Sign-in is a 1:1 matter: its state is kept per person, and
// in a group chat or channel anything about a person's accounts continues in their 1:1 chat.
import {
  ActivityHandler,
  ActivityTypes,
  type BotState,
  type InvokeResponse,
  type PrivateConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { AssociationStore } from '../associations/association-store';
import type { Association, Purpose, WorkUser } from '../associations/model';
import { type CardAction, parseCardAction } from '../cards/card-actions';
import { cardAttachment, type AdaptiveCard } from '../cards/card-attachment';
import { deleteDataConfirmCard, myDataCard } from '../cards/data-cards';
import { activityDateLocale } from '../cards/date-format';
import { helpMenuCard, helpTopicCard, unknownInputCard } from '../cards/help-cards';
import { learningCard, removedText, type LearningCardView } from '../cards/learning-card';
import { moveConfirmCard } from '../cards/move-confirm-card';
import { welcomeCard } from '../cards/welcome-card';
import { userMessage, type UserMessageCode } from '../errors';
import type { Logger } from '../log';
import { LINK_DIALOG_ID, LinkDialog, SIGN_IN_TIMEOUT_MS, type LinkFlowOptions, type LinkFlowResult } from '../sign-in/link-dialog';
import { actingWorkUser, teamsUser } from './acting-user';
import { containsMagicCode, recognize, type Intent } from './intents';
import { linkNotice, type Notice } from './link-notice';
import { withLocalSignInLinks } from './local-sign-in-link';
import { isSharedConversation, type PrivateChat } from './private-chat';
import { isMessage, SharedConversation, type Answer, type PrivateRequest } from './shared-conversation';
import { answerOutsideTeams, guardSharedConversation, messageAnswer, TEAMS_CHANNEL_ID } from './turn-guards';

export interface PartnerLinkBotDeps {
  store: AssociationStore;
  /** Per person per conversation (`…/conversations/{id}/users/{userId}`): a sign-in belongs to whoever started it. */
  signInState: PrivateConversationState;
  userState: UserState;
  /** Opens the acting person's 1:1 chat (group chats and channels continue there). */
  privateChat: PrivateChat;
  /** The Teams app id for the install link (org catalogue id when an admin uploaded the app). */
  teamsAppId: string | undefined;
  graphUrl: string;
  trainingUrl: string;
  workConnectionName: string;
  personalConnectionName: string;
  now: () => Date;
  log: Logger;
  /** Local use with the sign-in stand-in: add the sign-in page as an Open URL button (see local-sign-in-link.ts). */
  localSignInLinks: boolean;
}

interface SignInMarker {
  startedAt: string;
  /** The card to update with the result when no pressed card started the flow (a 1:1 opened from a group). */
  cardActivityId?: string;
}


export class PartnerLinkBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly signInMarker: StatePropertyAccessor<SignInMarker | undefined>;
  private readonly workUser: StatePropertyAccessor<WorkUser | undefined>;
  private readonly states: BotState[];
  private readonly shared: SharedConversation;

  constructor(private readonly deps: PartnerLinkBotDeps) {
    super();
    this.states = [deps.signInState, deps.userState];
    this.signInMarker = deps.signInState.createProperty('signInMarker');
    this.workUser = deps.userState.createProperty('workUser');
    this.dialogState = deps.signInState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.shared = new SharedConversation({
      privateChat: deps.privateChat,
      teamsAppId: deps.teamsAppId,
      log: deps.log,
      inPrivateChat: (personal, request) => this.inPrivateChat(personal, request),
    });
    this.dialogs.add(
      new LinkDialog({
        store: deps.store,
        graphUrl: deps.graphUrl,
        workConnectionName: deps.workConnectionName,
        personalConnectionName: deps.personalConnectionName,
        now: deps.now,
        log: deps.log,
        rememberWorkUser: (context, user) => this.workUser.set(context, user),
      }),
    );

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((member) => member.id === botId)) {
        await context.sendActivity({ attachments: [cardAttachment(welcomeCard())] });
      }
      await next();
    });
    this.onTokenResponseEvent(async (context, next) => {
      // The event's token is never used (see link-dialog.ts); it only wakes the prompt up.
      await this.continueSignIn(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Only Teams vouches for tenant and aadObjectId: elsewhere nothing is read or stored (issue 7.5).
    if (context.activity.channelId !== TEAMS_CHANNEL_ID) return answerOutsideTeams(context);
    this.prepareSends(context);
    await super.run(context);
    for (const state of this.states) await state.saveChanges(context);
  }

  private prepareSends(context: TurnContext): void {
    guardSharedConversation(context);
    if (this.deps.localSignInLinks) {
      context.onSendActivities(async (_ctx, activities, next) => {
        const extended = withLocalSignInLinks(activities);
        activities.splice(0, activities.length, ...extended);
        return next();
      });
    }
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    switch (context.activity.name) {
      case 'adaptiveCard/action': {
        const answer = await this.handleCardAction(context, parseCardAction(context.activity.value));
        if (isMessage(answer)) return { status: 200, body: messageAnswer(answer.message) };
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer } };
      }
      case 'signin/verifyState':
      case 'signin/tokenExchange': {
        const handled = await this.continueSignIn(context);
        if (!handled) {
          const body = context.activity.name === 'signin/tokenExchange'
            ? { id: readId(context.activity.value), connectionName: '', failureDetail: 'No sign-in is in progress.' }
            : undefined;
          // Someone else's sign-in activity in a group is ignored, not answered.
          if (!isSharedConversation(context)) await context.sendActivity(userMessage('sign-in-expired'));
          return { status: context.activity.name === 'signin/tokenExchange' ? 412 : 200, body };
        }
        return { status: 200 };
      }
      default:
        return super.onInvokeActivity(context);
    }
  }

  // ---- messages ---------------------------------------------------------------------------

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.value !== undefined && activity.value !== null && !activity.text) {
      // Action.Submit from an older card or client: same schema, answered with a new card.
      const answer = await this.handleCardAction(context, parseCardAction(activity.value));
      if (!isMessage(answer)) await context.sendActivity({ attachments: [cardAttachment(answer)] });
      else if (!answer.posted) await context.sendActivity(answer.message);
      return;
    }
    const intent = recognize(activity.text);
    if (isSharedConversation(context)) {
      if (!(await this.shared.message(context, intent))) await this.answerIntent(context, intent);
      return;
    }
    const pending = await this.signInPending(context);
    if (pending && intent.kind === 'cancel') {
      await (await this.dialogContext(context)).cancelAllDialogs();
      await this.signInMarker.delete(context);
      await context.sendActivity(userMessage('sign-in-cancelled'));
      return;
    }
    if (pending && containsMagicCode(activity.text)) {
      await this.runSignIn(context, await this.dialogContext(context));
      return;
    }
    await this.answerIntent(context, intent);
    if (pending) await context.sendActivity(userMessage('sign-in-already-pending'));
  }

  private async answerIntent(context: TurnContext, intent: Intent): Promise<void> {
    let card: AdaptiveCard;
    switch (intent.kind) {
      case 'welcome':
        card = welcomeCard();
        break;
      case 'status':
        card = await this.currentLearningCard(context);
        break;
      case 'help':
        card = intent.topic ? helpTopicCard(intent.topic) : helpMenuCard();
        break;
      case 'my-data':
        card = await this.myData(context);
        break;
      case 'delete-my-data':
        card = deleteDataConfirmCard();
        break;
      case 'cancel':
        await context.sendActivity('There is no sign-in in progress, so there is nothing to cancel.');
        return;
      case 'unknown':
        card = unknownInputCard();
        break;
    }
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  // ---- card buttons -------------------------------------------------------------------------

  /** Answers a button press with the card that replaces the one pressed. Never throws on bad input. */
  private async handleCardAction(context: TurnContext, parsed: ReturnType<typeof parseCardAction>): Promise<Answer> {
    if (isSharedConversation(context)) return this.shared.cardAction(context, parsed);
    if (!parsed.ok) {
      this.deps.log.info({ event: 'card-action.rejected', problem: parsed.problem }, 'card action rejected');
      return this.currentLearningCard(context, { tone: 'warning', text: userMessage('bad-card-action') });
    }
    const action: CardAction = parsed.action;
    const user = await this.actingUser(context);
    switch (action.verb) {
      case 'welcome':
        return welcomeCard();
      case 'status':
        return this.currentLearningCard(context);
      case 'help':
        return action.topic ? helpTopicCard(action.topic) : helpMenuCard();
      case 'link':
        return this.startLink(context, action.purpose);
      case 'cancelSignIn': {
        const dc = await this.dialogContext(context);
        const wasPending = dc.activeDialog !== undefined;
        await dc.cancelAllDialogs();
        await this.signInMarker.delete(context);
        return this.currentLearningCard(context, wasPending ? { tone: 'good', text: userMessage('sign-in-cancelled') } : undefined);
      }
      case 'removeRequest': {
        if (!user) return this.notInTeams(context);
        const current = await this.current(user);
        const association = current[action.purpose];
        if (association?.id === action.associationId) return this.learningCardFor(context, current, undefined, action.purpose);
        return this.learningCardFor(context, current, notice(association ? 'stale-card' : 'already-removed', 'warning'));
      }
      case 'removeConfirm': {
        if (!user) return this.notInTeams(context);
        const outcome = await this.deps.store.remove(user, action.purpose, action.associationId, this.deps.now());
        this.deps.log.info({ event: 'remove', purpose: action.purpose, outcome: outcome.kind }, 'remove requested');
        const current = await this.current(user);
        if (outcome.kind === 'removed') return this.learningCardFor(context, current, { tone: 'good', text: removedText(action.purpose) });
        return this.learningCardFor(context, current, notice(outcome.kind === 'stale' ? 'stale-card' : 'already-removed', 'warning'));
      }
      case 'moveConfirm': {
        if (!user) return this.notInTeams(context);
        const outcome = await this.deps.store.confirmMove(user, action.pendingId, this.deps.now());
        this.deps.log.info({ event: 'move', outcome: outcome.kind }, 'move confirmed');
        return this.learningCardFor(context, await this.current(user), linkNotice('learning', outcome, activityDateLocale(context.activity)));
      }
      case 'moveCancel': {
        if (!user) return this.notInTeams(context);
        await this.deps.store.cancelMove(user, action.pendingId);
        return this.learningCardFor(context, await this.current(user), notice('move-cancelled', 'good'));
      }
      case 'dataExport':
        return this.myData(context);
      case 'deleteDataRequest':
        return deleteDataConfirmCard();
      case 'deleteDataConfirm':
        return this.deleteMyData(context, user);
    }
  }

  /** A proactive turn in the person's 1:1 chat (see private-chat.ts). */
  private async inPrivateChat(context: TurnContext, request: PrivateRequest): Promise<void> {
    this.prepareSends(context);
    switch (request.kind) {
      case 'link': {
        const card = await this.startLink(context, request.purpose);
        const sent = await context.sendActivity({ attachments: [cardAttachment(card)] });
        // The flow's result replaces this card when it ends.
        const marker = await this.signInMarker.get(context);
        if (marker && sent?.id) await this.signInMarker.set(context, { ...marker, cardActivityId: sent.id });
        break;
      }
      case 'status':
        await context.sendActivity({ attachments: [cardAttachment(await this.currentLearningCard(context))] });
        break;
      case 'my-data':
        await context.sendActivity({ attachments: [cardAttachment(await this.myData(context))] });
        break;
      case 'delete-data':
        await context.sendActivity({ attachments: [cardAttachment(deleteDataConfirmCard())] });
        break;
    }
    for (const state of this.states) await state.saveChanges(context);
  }

  private async startLink(context: TurnContext, purpose: Purpose): Promise<AdaptiveCard> {
    const teams = teamsUser(context);
    if (!teams) return learningCard({ trainingUrl: this.deps.trainingUrl, notice: notice('not-in-teams', 'attention') });
    const dc = await this.dialogContext(context);
    if (dc.activeDialog !== undefined) {
      return this.currentLearningCard(context, notice('sign-in-already-pending', 'warning'));
    }
    const user = await this.actingUser(context);
    if (user) {
      const current = await this.current(user);
      // Already linked for this purpose: show where things stand (issue 7.13), nothing to sign in.
      if (current[purpose]) return this.learningCardFor(context, current, notice(purpose === 'training' ? 'already-has-training' : 'already-has-learning', 'default'));
    }
    const options: LinkFlowOptions = { purpose, teams, cardActivityId: context.activity.replyToId };
    await this.signInMarker.set(context, { startedAt: this.deps.now().toISOString() });
    const result = await dc.beginDialog(LINK_DIALOG_ID, options);
    if (result.status === DialogTurnStatus.complete) {
      // The work token was already at the token service and the flow ended on this turn (a refusal).
      await this.signInMarker.delete(context);
      return this.finishLink(context, result.result as LinkFlowResult, undefined);
    }
    // Word the steps as the person will see them: no work step when the work token is already there (issue 7.15).
    const waitsFor = LinkDialog.waitingFor(dc);
    return this.currentLearningCard(context, notice(waitsFor === 'personal' ? 'sign-in-personal-step' : 'sign-in-both-steps', 'default'));
  }

  // ---- sign-in ---------------------------------------------------------------------------------

  /** Feeds a sign-in activity (code, verifyState, tokenExchange, tokens/response) to the pending prompt. */
  private async continueSignIn(context: TurnContext): Promise<boolean> {
    // Sign-ins happen only in 1:1 chats, and the state read is the acting person's own.
    if (isSharedConversation(context) || !(await this.signInPending(context))) return false;
    await this.runSignIn(context, await this.dialogContext(context));
    return true;
  }

  private async runSignIn(context: TurnContext, dc: DialogContext): Promise<void> {
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.complete) {
      const marker = await this.signInMarker.get(context);
      await this.signInMarker.delete(context);
      const flow = result.result as LinkFlowResult;
      await this.finishLink(context, flow, { cardActivityId: flow.cardActivityId ?? marker?.cardActivityId });
    }
  }

  /**
   * Shows the end of a link flow. With `update`, the card that started it is updated in place (or
   * sent anew) and a short message says what happened; without, the card is returned to the caller.
   */
  private async finishLink(context: TurnContext, flow: LinkFlowResult, update: { cardActivityId: string | undefined } | undefined): Promise<AdaptiveCard> {
    const user = flow.outcome.kind === 'stored' ? flow.outcome.user : await this.actingUser(context);
    const current = user ? await this.current(user) : {};
    const resultNotice =
      flow.outcome.kind === 'refused'
        ? notice(flow.outcome.code, 'attention')
        : linkNotice(flow.purpose, flow.outcome.result, activityDateLocale(context.activity));
    const card = this.learningCardFor(context, current, resultNotice);
    if (update) {
      await this.showCard(context, card, update.cardActivityId);
      await context.sendActivity(resultNotice.text);
    }
    if (flow.outcome.kind === 'stored' && flow.outcome.result.kind === 'move-needs-confirmation') {
      await context.sendActivity({ attachments: [cardAttachment(moveConfirmCard({ pendingId: flow.outcome.result.pendingId }))] });
    }
    return card;
  }

  /** Replaces the card `activityId` in place; without one (or if the update fails) sends the card anew. */
  private async showCard(context: TurnContext, card: AdaptiveCard, activityId: string | undefined): Promise<void> {
    if (activityId) {
      try {
        await context.updateActivity({ id: activityId, type: ActivityTypes.Message, attachments: [cardAttachment(card)] });
        return;
      } catch (error) {
        this.deps.log.warn({ event: 'update-activity.failed', err: String(error).slice(0, 200) }, 'could not update the card in place');
      }
    }
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  /**
   * Whether a sign-in is waiting, without creating a dialog context: most turns (status, help)
   * then neither create nor write dialog state.
   */
  private async signInPending(context: TurnContext): Promise<boolean> {
    const state = await this.dialogState.get(context);
    if (!state?.dialogStack?.length) return false;
    return (await this.dialogContext(context)).activeDialog !== undefined;
  }

  /** The acting work user; the remembered sign-in is read only when Teams does not say who it is. */
  private async actingUser(context: TurnContext): Promise<WorkUser | undefined> {
    const fromTeams = actingWorkUser(context, undefined);
    return fromTeams ?? actingWorkUser(context, await this.workUser.get(context));
  }

  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    const dc = await this.dialogs.createContext(context);
    const marker = await this.signInMarker.get(context);
    if (dc.activeDialog !== undefined && marker && this.deps.now().getTime() - Date.parse(marker.startedAt) > SIGN_IN_TIMEOUT_MS) {
      // A sign-in nobody finished: forget it so a new one can start.
      await dc.cancelAllDialogs();
      await this.signInMarker.delete(context);
    }
    return dc;
  }

  // ---- views ---------------------------------------------------------------------------------------

  private async current(user: Pick<WorkUser, 'tenantId' | 'objectId'>): Promise<Partial<Record<Purpose, Association>>> {
    const byPurpose: Partial<Record<Purpose, Association>> = {};
    for (const association of await this.deps.store.list(user)) byPurpose[association.purpose] = association;
    return byPurpose;
  }

  private learningCardFor(context: TurnContext, current: Partial<Record<Purpose, Association>>, cardNotice?: Notice, confirmRemove?: Purpose): AdaptiveCard {
    const view: LearningCardView = { trainingUrl: this.deps.trainingUrl, dates: activityDateLocale(context.activity) };
    if (current.training) view.training = current.training;
    if (current.learning) view.learning = current.learning;
    if (cardNotice) view.notice = cardNotice;
    if (confirmRemove) view.confirmRemove = confirmRemove;
    return learningCard(view);
  }

  private async currentLearningCard(context: TurnContext, cardNotice?: Notice): Promise<AdaptiveCard> {
    const user = await this.actingUser(context);
    return this.learningCardFor(context, user ? await this.current(user) : {}, cardNotice);
  }

  private notInTeams(context: TurnContext): Promise<AdaptiveCard> {
    return this.currentLearningCard(context, notice('not-in-teams', 'attention'));
  }

  private async myData(context: TurnContext): Promise<AdaptiveCard> {
    const user = await this.actingUser(context);
    const exported = user ? await this.deps.store.exportUserData(user) : { associations: [], audit: [], pendingMoves: 0 };
    return myDataCard(exported, activityDateLocale(context.activity));
  }

  private async deleteMyData(context: TurnContext, user: WorkUser | undefined): Promise<AdaptiveCard> {
    const dc = await this.dialogContext(context);
    await dc.cancelAllDialogs();
    await this.signInMarker.delete(context);
    if (user) {
      const { removed } = await this.deps.store.deleteUserData(user, this.deps.now());
      this.deps.log.info({ event: 'delete-data', removed }, 'user data deleted');
    }
    await this.workUser.delete(context);
    return learningCard({
      trainingUrl: this.deps.trainingUrl,
      notice: { tone: 'good', text: 'Your data was deleted: no accounts are linked any more. For 365 days the audit log keeps a dated record that this happened, and the dates your Learning account was associated, under a keyed hash.' },
    });
  }
}

function notice(code: UserMessageCode, tone: Notice['tone']): Notice {
  return { tone, text: userMessage(code) };
}

function readId(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && 'id' in value && typeof value.id === 'string' ? value.id : undefined;
}
