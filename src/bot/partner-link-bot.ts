// Turn routing for Partner Link: typed commands, card buttons (Universal Actions), and the sign-in
// invokes that belong to the link dialog. This file only routes: the channel guard, group chats
// (shared-conversation.ts), the sign-in plumbing (sign-in-turns.ts), and dispatch by verb or
// intent to the capability handlers (capability/handler-registry.ts). What each verb does lives
// with its capability; adding one is a handler plus one entry in the HandlerRegistry list in the constructor.
import { ActivityHandler, type BotState, type InvokeResponse, type PrivateConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import { AssociationsHandler } from '../associations/associations-handler';
import type { AssociationStore } from '../associations/association-store';
import type { WorkUser } from '../associations/model';
import { cardActionSchema, parseCardAction, type CardAction, type ParsedCardAction, type Verb } from '../cards/card-actions';
import { cardAttachment } from '../cards/card-attachment';
import { welcomeCard } from '../cards/welcome-card';
import { isMessage, type Answer, type CapabilityHandler, type IntentKind, type TurnKit } from '../capability/capability-handler';
import { HandlerRegistry } from '../capability/handler-registry';
import { userMessage } from '../errors';
import { HelpHandler } from '../help/help-handler';
import type { Logger } from '../log';
import { MyDataHandler, type MyDataHandlerDeps } from '../my-data/my-data-handler';
import { SignInHandler } from '../sign-in/sign-in-handler';
import { TeamStatusHandler, type PendingTeamRequest, type TeamStatusHandlerDeps } from '../team-status/team-status-handler';
import type { TeamStatusService } from '../team-status/team-status-service';
import type { RemindProgressUpdater } from '../team-status/remind-progress-updater';
import type { WorkSignIn } from '../team-status/work-sign-in';
import { actingWorkUser } from './acting-user';
import { containsMagicCode, recognize } from '../capability/intents';
import { LearningView, type LearningSectionPart } from './learning-view';
import { withLocalSignInLinks } from './local-sign-in-link';
import { isSharedConversation, type PrivateChat } from './private-chat';
import { SharedConversation, type PrivateRequest } from './shared-conversation';
import { SignInTurns } from './sign-in-turns';
import { whileTyping } from './typing';
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
  /** Keyed hash of a personal account's address, kept with its association (storage/identity-keys.ts). */
  emailKey: (email: string) => Promise<string>;
  /** Local use with the sign-in stand-in: add the sign-in page as an Open URL button (see local-sign-in-link.ts). */
  localSignInLinks: boolean;
  /** Capabilities beyond the built-in ones (certifications, team status): their handlers. */
  capabilities?: (kit: TurnKit) => readonly CapabilityHandler[];
  /** What other capabilities add under a linked Learning account on the card. */
  learningParts?: readonly LearningSectionPart[];
  /** Called after the Learning association is removed. */
  onLearningRemoved?: (user: WorkUser) => Promise<void>;
  /** What other capabilities keep about a person, deleted with "delete my data". */
  alsoDelete?: readonly ((user: WorkUser) => Promise<void>)[];
  /** After a turn that deleted someone's data, once its state is saved (the store leaves no old copy behind). */
  afterErasure?: () => Promise<void>;
  /** Team status for managers: the service and the work sign-in it asks for. */
  teamStatus: { service: TeamStatusService; signIn: WorkSignIn<PendingTeamRequest>; progress?: RemindProgressUpdater; allowLoopbackUploads?: boolean; forecast?: TeamStatusHandlerDeps['forecast'] };
  /** What other capabilities keep about a person, shown on "what do you store". */
  alsoExport?: MyDataHandlerDeps['alsoExport'];
}

/** Every verb of the one schema and every intent must reach a handler (checked at start-up). */
const ALL_VERBS: Verb[] = cardActionSchema.options.map((o) => o.shape.verb.value);
// A Record, so a new intent kind does not compile until it is listed here (and a handler claims it).
const ROUTED: Record<Exclude<IntentKind, 'cancel'>, true> = { welcome: true, status: true, help: true, 'my-data': true, 'delete-my-data': true, refresh: true, 'team-status': true, 'skilling-forecast': true, 'forecast-setting': true, unknown: true };
const ROUTED_INTENTS = Object.keys(ROUTED) as IntentKind[];
/** Set on a turn that deleted someone's data. */
const DATA_ERASED = Symbol('data-erased');

export class PartnerLinkBot extends ActivityHandler {
  private readonly workUser: StatePropertyAccessor<WorkUser | undefined>;
  private readonly states: BotState[];
  private readonly shared: SharedConversation;
  private readonly signIn: SignInTurns;
  private readonly capabilities: HandlerRegistry;
  private readonly kit: TurnKit;
  private readonly team: TeamStatusHandler;

  constructor(private readonly deps: PartnerLinkBotDeps) {
    super();
    this.states = [deps.signInState, deps.userState];
    this.workUser = deps.userState.createProperty('workUser');
    const kit = (this.kit = new LearningView({
      store: deps.store,
      trainingUrl: deps.trainingUrl,
      actingUser: (context) => this.actingUser(context),
      learningParts: deps.learningParts ?? [],
    }));
    this.signIn = new SignInTurns({ ...deps, workUser: this.workUser, kit });
    this.team = new TeamStatusHandler({ ...deps.teamStatus, kit, log: deps.log });
    this.capabilities = new HandlerRegistry([
      new HelpHandler(),
      new SignInHandler({ kit, signIn: this.signIn }),
      new AssociationsHandler({ store: deps.store, kit, now: deps.now, log: deps.log, ...(deps.onLearningRemoved ? { onLearningRemoved: deps.onLearningRemoved } : {}) }),
      new MyDataHandler({
        store: deps.store,
        kit,
        trainingUrl: deps.trainingUrl,
        now: deps.now,
        log: deps.log,
        forgetTurnState: async (context) => {
          await this.signIn.cancel(context);
          await this.signIn.signOutWork(context);
          await this.workUser.delete(context);
        },
        alsoDelete: deps.alsoDelete ?? [],
        alsoExport: deps.alsoExport ?? [],
        erased: (context) => context.turnState.set(DATA_ERASED, true),
      }),
      this.team,
      ...(deps.capabilities?.(kit) ?? []),
    ]);
    this.capabilities.assertCovers(ALL_VERBS, ROUTED_INTENTS);
    this.shared = new SharedConversation({
      privateChat: deps.privateChat,
      teamsAppId: deps.teamsAppId,
      log: deps.log,
      inPrivateChat: (personal, request) => this.inPrivateChat(personal, request),
    });

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
      await this.signIn.continue(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Only Teams vouches for tenant and aadObjectId: elsewhere nothing is read or stored.
    if (context.activity.channelId !== TEAMS_CHANNEL_ID) return answerOutsideTeams(context);
    this.prepareSends(context);
    await super.run(context);
    await this.saveState(context);
  }

  /** The turn's state, then (after "delete my data") the store's own clean-up. */
  private async saveState(context: TurnContext): Promise<void> {
    for (const state of this.states) await state.saveChanges(context);
    if (context.turnState.get(DATA_ERASED) === true) await this.deps.afterErasure?.();
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
      case 'fileConsent/invoke':
        // Files are a 1:1 matter (Teams offers file consent cards there only).
        if (isSharedConversation(context)) return { status: 200 };
        // Accepted, the CSV is computed again and uploaded: slow. Declined: one line.
        return (context.activity.value as { action?: unknown } | undefined)?.action === 'accept' ? whileTyping(context, () => this.team.fileConsent(context)) : this.team.fileConsent(context);
      case 'signin/verifyState':
      case 'signin/tokenExchange': {
        const handled = (await this.signIn.continue(context)) || (await this.teamSignedIn(context));
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
    if (isSharedConversation(context) && intent.kind === 'team-status') {
      // Graph is read; whileTyping shows nothing in a channel, where Teams has no typing indicator.
      await whileTyping(context, () => this.team.inChannel(context, (ctx, logic) => this.deps.privateChat.open(ctx, logic)));
      return;
    }
    if (isSharedConversation(context)) {
      const line = this.capabilities.groupLine(activity.text ?? '');
      if (line) await this.shared.tell(context, line);
      else if (!(await this.shared.message(context, intent))) await this.send(context, this.capabilities.answer(context, intent));
      return;
    }
    const pending = await this.signIn.pending(context);
    if (pending && intent.kind === 'cancel') {
      await this.signIn.cancel(context);
      await context.sendActivity(userMessage('sign-in-cancelled'));
      return;
    }
    // A capability's free text (a pasted transcript link) first: a link's digits are no sign-in code.
    const text = activity.text ?? '';
    const read = () => this.capabilities.message(context, text);
    const claimed = await (this.capabilities.isSlow({ text }) ? whileTyping(context, read) : read());
    if (claimed) {
      // A new message at the bottom of the chat, never an earlier card changed out of sight.
      await this.send(context, Promise.resolve(claimed));
    } else if (pending && containsMagicCode(activity.text)) {
      await this.signIn.run(context);
      return;
    } else if (!pending && containsMagicCode(activity.text) && (await this.deps.teamStatus.signIn.isPending(context)) && (await this.teamSignedIn(context, /\d{6}/.exec(activity.text ?? '')?.[0]))) {
      return;
    } else if (intent.kind === 'cancel') await context.sendActivity(userMessage('nothing-to-cancel'));
    else await this.send(context, this.capabilities.isSlow({ intent: intent.kind }) ? whileTyping(context, () => this.capabilities.answer(context, intent)) : this.capabilities.answer(context, intent));
    if (pending) await context.sendActivity(userMessage('sign-in-already-pending'));
  }

  private async send(context: TurnContext, card: Promise<Answer>): Promise<void> {
    const answer = await card;
    if (isMessage(answer)) await context.sendActivity(answer.message);
    else await context.sendActivity({ attachments: [cardAttachment(answer)] });
  }

  /** Answers a button press with the card that replaces the one pressed. Never throws on bad input. */
  private async handleCardAction(context: TurnContext, parsed: ParsedCardAction): Promise<Answer> {
    if (isSharedConversation(context)) return this.shared.cardAction(context, parsed);
    if (!parsed.ok) {
      this.deps.log.info({ event: 'card-action.rejected', problem: parsed.problem }, 'card action rejected');
      return this.kit.learningCard(context, { notice: { tone: 'warning', text: userMessage('bad-card-action') } });
    }
    const action = parsed.action;
    const handle = () => this.capabilities.handle(context, action);
    return this.capabilities.isSlow({ verb: action.verb }) ? whileTyping(context, handle) : handle();
  }

  /** A work sign-in that team status asked for: redeemed, then the view that was asked for. */
  private async teamSignedIn(context: TurnContext, typedCode?: string): Promise<boolean> {
    if (isSharedConversation(context)) return false;
    const redeemed = await this.deps.teamStatus.signIn.redeem(context, typedCode);
    if (!redeemed) return false;
    const view = await whileTyping(context, () => this.team.afterSignIn(context, redeemed.request, redeemed.token));
    await context.sendActivity({ attachments: [cardAttachment(view)] });
    return true;
  }

  /** A proactive turn in the person's 1:1 chat (see private-chat.ts). */
  private async inPrivateChat(context: TurnContext, request: PrivateRequest): Promise<void> {
    this.prepareSends(context);
    if (request.kind === 'link') await this.signIn.startInPrivateChat(context, request.purpose);
    else await this.send(context, this.capabilities.handle(context, PRIVATE_ACTIONS[request.kind]));
    await this.saveState(context);
  }

  /** The acting work user; the remembered sign-in is read only when Teams does not say who it is. */
  private async actingUser(context: TurnContext): Promise<WorkUser | undefined> {
    const fromTeams = actingWorkUser(context, undefined);
    return fromTeams ?? actingWorkUser(context, await this.workUser.get(context));
  }
}

/** What a request continued from a group chat shows in the 1:1 chat. */
const PRIVATE_ACTIONS: Record<Exclude<PrivateRequest['kind'], 'link'>, CardAction> = {
  status: { verb: 'status' },
  'my-data': { verb: 'dataExport' },
  'delete-data': { verb: 'deleteDataRequest' },
};

function readId(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && 'id' in value && typeof value.id === 'string' ? value.id : undefined;
}
