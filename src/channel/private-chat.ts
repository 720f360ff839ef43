// Group chats and channels are shared: anything about a person's accounts continues in that
// person's 1:1 chat with the bot. This opens (creates or reuses) the 1:1 conversation through the
// Bot Connector (`POST /v3/conversations`, tenant in channelData) and runs `logic` in it as that
// person, the way Teams' proactive-messaging docs describe.
import { type CloudAdapter, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Logger } from '../log';
import type { PrivateChatOutcome } from './turn';

export interface PrivateChat {
  /** Opens the acting person's 1:1 chat and runs `logic` there, as them. */
  open(context: TurnContext, logic: (personal: TurnContext) => Promise<void>): Promise<PrivateChatOutcome>;
}

export function connectorPrivateChat(adapter: CloudAdapter, botAppId: string, log: Logger): PrivateChat {
  return {
    async open(context, logic) {
      const activity = context.activity;
      const tenantId = tenantOf(context);
      const from = activity.from;
      if (!tenantId || !from?.id || !activity.recipient?.id || !activity.serviceUrl) return { kind: 'failed' };
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: { id: activity.recipient.id, name: activity.recipient.name },
        members: [{ id: from.id, name: from.name }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      };
      const user = { id: from.id, name: from.name, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) };
      // The audience the inbound turn was authenticated for (the public cloud's unless configured otherwise).
      const scope: unknown = context.turnState.get(adapter.OAuthScopeKey);
      const audience = typeof scope === 'string' && scope ? scope : AuthenticationConstants.ToChannelFromBotOAuthScope;
      try {
        await adapter.createConversationAsync(
          botAppId,
          activity.channelId,
          activity.serviceUrl,
          audience,
          parameters,
          async (created) => {
            const reference: Partial<ConversationReference> = TurnContext.getConversationReference(created.activity);
            const personal: ConversationReference = {
              ...(reference as ConversationReference),
              user,
              bot: parameters.bot,
              locale: activity.locale,
              conversation: {
                id: created.activity.conversation.id,
                conversationType: 'personal',
                isGroup: false,
                tenantId,
                name: '',
              },
            };
            await adapter.continueConversationAsync(botAppId, personal, audience, logic);
          },
        );
        return { kind: 'opened' };
      } catch (error) {
        const status = (error as { statusCode?: unknown } | null)?.statusCode;
        if (status === 403) {
          log.info(
            { event: 'private-chat.not-installed' },
            'Teams refused a 1:1 chat: the app is not installed for this person',
          );
          return { kind: 'not-installed' };
        }
        log.warn(
          {
            event: 'private-chat.failed',
            status,
            err: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown',
          },
          'could not open a 1:1 chat',
        );
        return { kind: 'failed' };
      }
    },
  };
}

/** The tenant as Teams sent it: channelData.tenant.id, else conversation.tenantId. */
export function tenantOf(context: Pick<TurnContext, 'activity'>): string | undefined {
  const channelData: unknown = context.activity.channelData;
  const fromChannelData =
    channelData !== null && typeof channelData === 'object' && 'tenant' in channelData
      ? (channelData as { tenant?: { id?: unknown } }).tenant?.id
      : undefined;
  return typeof fromChannelData === 'string' && fromChannelData
    ? fromChannelData
    : context.activity.conversation?.tenantId;
}
