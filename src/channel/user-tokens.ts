// The token service, for one turn and one OAuth connection: the one way Partner Link reaches it (the
// link flow's steps and team status's work sign-in alike). Through the UserTokenClient CloudAdapter
// puts in the turn state, the same client botbuilder's OAuthPrompt uses; an adapter that is itself a
// token provider (botbuilder's TestAdapter) is asked directly, as OAuthPrompt would.
import { CardFactory, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { SignInUrlResponse } from 'botframework-schema';
import type { UserTokens } from './turn';
import type { Attachment } from './wire';

interface TokenProvider {
  getUserToken(
    context: TurnContext,
    connectionName: string,
    magicCode?: string,
  ): Promise<{ token?: string } | undefined>;
  exchangeToken(
    context: TurnContext,
    connectionName: string,
    userId: string,
    request: { token: string },
  ): Promise<{ token?: string } | undefined>;
  getSignInResource(
    context: TurnContext,
    connectionName: string,
    userId: string,
    finalRedirect?: string,
  ): Promise<SignInUrlResponse>;
  signOutUser(context: TurnContext, connectionName: string, userId?: string): Promise<void>;
}

function clientOf(context: TurnContext): UserTokenClient | undefined {
  const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
  return key ? context.turnState.get<UserTokenClient | undefined>(key) : undefined;
}

function providerOf(context: TurnContext): TokenProvider | undefined {
  const adapter = context.adapter as Partial<TokenProvider>;
  const methods = [adapter.getUserToken, adapter.exchangeToken, adapter.getSignInResource, adapter.signOutUser];
  return methods.every((m) => typeof m === 'function') ? (adapter as TokenProvider) : undefined;
}

function card(connectionName: string, title: string, text: string, resource: SignInUrlResponse): Attachment {
  return CardFactory.oauthCard(
    connectionName,
    title,
    text,
    resource.signInLink,
    resource.tokenExchangeResource,
    resource.tokenPostResource,
  );
}

/** The person's tokens for `connectionName` on this turn; undefined when the turn has no token service. */
export function userTokens(context: TurnContext, connectionName: string): UserTokens | undefined {
  const activity = context.activity;
  const client = clientOf(context);
  if (client) {
    // botbuilder leaves `code` out of the request only when it is undefined (an empty string would be
    // sent as a code to redeem); its typings say string.
    const userId = activity.from?.id;
    return {
      token: async (code) =>
        (await client.getUserToken(userId, connectionName, activity.channelId, code as string))?.token || undefined,
      exchange: async (token) =>
        (await client.exchangeToken(userId, connectionName, activity.channelId, { token }))?.token || undefined,
      signInCard: async (title, text) =>
        card(connectionName, title, text, await client.getSignInResource(connectionName, activity, '')),
      signOut: () => client.signOutUser(userId, connectionName, activity.channelId),
    };
  }
  const provider = providerOf(context);
  if (!provider) return undefined;
  const userId = activity.from?.id ?? '';
  return {
    token: async (code) => (await provider.getUserToken(context, connectionName, code))?.token || undefined,
    exchange: async (token) =>
      (await provider.exchangeToken(context, connectionName, userId, { token }))?.token || undefined,
    signInCard: async (title, text) =>
      card(connectionName, title, text, await provider.getSignInResource(context, connectionName, userId, '')),
    signOut: () => provider.signOutUser(context, connectionName, activity.from?.id),
  };
}
