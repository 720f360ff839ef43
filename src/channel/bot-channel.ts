// The Bot Framework channel, through botbuilder: authentication of the channel's requests, the
// CloudAdapter, a turn's activity handed to the router as Partner Link's own view (turn.ts), the
// conversation state, proactive continuation, the 1:1 chat opened from a group, and the proactive
// sender. The only place the rest of the application meets the bot SDK.
import {
  ActivityHandler,
  type ConversationReference as BotReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type restify from 'restify';
import type { Config } from '../config';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import type { ProactiveSender } from '../proactive/proactive-sender';
import type { StateStorage } from '../storage/state-storage';
import { PartnerLinkBotAuthentication, PartnerLinkCloudAdapter } from './bot-authentication';
import { BotMemory } from './bot-memory';
import { botTurn } from './bot-turn';
import { ConnectorSender } from './connector-sender';
import { SignInPrompts, type SignInPromptSettings, type SignInSteps } from './sign-in-prompts';
import { connectorPrivateChat, type PrivateChat } from './private-chat';
import type { Turn, TurnRouter } from './turn';
import type { ConversationReference } from './wire';

/** botbuilder's activity dispatch (message, members added, token event, invoke and its stock answers) onto the router. */
class RoutedHandler extends ActivityHandler {
  constructor(
    private readonly router: TurnRouter,
    private readonly turnOf: (context: TurnContext) => Turn,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await router.message(turnOf(context));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await router.membersAdded(turnOf(context));
      await next();
    });
    this.onTokenResponseEvent(async (context, next) => {
      await router.tokenResponse(turnOf(context));
      await next();
    });
  }

  override run(context: TurnContext): Promise<void> {
    return this.router.run(this.turnOf(context), () => super.run(context));
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return (await this.router.invoke(this.turnOf(context))) ?? super.onInvokeActivity(context);
  }
}

export class BotChannel {
  private readonly auth: PartnerLinkBotAuthentication;
  private readonly adapter: PartnerLinkCloudAdapter;
  private readonly botAppId: string;
  private readonly privateChats: PrivateChat;
  private readonly handlers = new WeakMap<TurnRouter, RoutedHandler>();

  constructor(config: Config, log: Logger) {
    this.auth = new PartnerLinkBotAuthentication(config);
    this.adapter = new PartnerLinkCloudAdapter(this.auth, log);
    this.botAppId = config.botbuilder.MicrosoftAppId ?? '';
    this.privateChats = connectorPrivateChat(this.adapter, this.botAppId, log);
    this.adapter.onTurnError = async (context: TurnContext, error: Error) => {
      const ref = context.activity.id ?? 'none';
      log.error(
        { event: 'turn.error', ref, err: { name: error.name, message: error.message, stack: error.stack } },
        'unhandled error in a turn',
      );
      try {
        await context.sendActivity(userMessage('internal', { ref }));
      } catch (sendError) {
        log.error(
          { event: 'turn.error.reply-failed', ref, err: String(sendError).slice(0, 300) },
          'could not tell the user about the error',
        );
      }
    };
  }

  /** A POST to /api/messages: authenticated, then run through `router` (the answer written to `res`). */
  process(req: restify.Request, res: restify.Response, router: TurnRouter): Promise<void> {
    let handler = this.handlers.get(router);
    if (!handler) {
      handler = new RoutedHandler(router, (context) => botTurn(context, this.privateChats));
      this.handlers.set(router, handler);
    }
    const routed = handler;
    return this.adapter.process(req, res, (context) => routed.run(context));
  }

  /** Conversation state over the bot's state storage. */
  memory(storage: StateStorage): BotMemory {
    return new BotMemory(storage);
  }

  /** Every sign-in's prompts (the two-account link flow, a capability's work sign-in), kept in `memory`. */
  signInPrompts<O extends object, U, R, W>(
    memory: BotMemory,
    settings: SignInPromptSettings,
    steps: SignInSteps<O, U, R, W>,
    now: () => Date,
  ): SignInPrompts<O, U, R, W> {
    return new SignInPrompts(memory, settings, steps, now);
  }

  /** Continues a conversation the bot is in, later (as the bot, with its credentials). */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (turn: Turn) => Promise<void>,
  ): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference as Partial<BotReference>, (context) =>
      logic(botTurn(context, this.privateChats)),
    );
  }

  /** Proactive sends with the bot's credentials and no HTTP retries (connector-sender.ts). */
  sender(timeoutMs: number): ProactiveSender {
    return new ConnectorSender({ auth: this.auth, botAppId: this.botAppId, timeoutMs });
  }
}

/** The proactive sender alone (tools and tests that send without a running bot). */
export function connectorSender(config: Config, timeoutMs = 30_000): ProactiveSender {
  return new ConnectorSender({
    auth: new PartnerLinkBotAuthentication(config),
    botAppId: config.botbuilder.MicrosoftAppId ?? '',
    timeoutMs,
  });
}
