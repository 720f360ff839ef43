// The token service, for one turn and one OAuth connection, outside the sign-in prompts (which ask it
// themselves): the token it holds now, and sign-out. Through the UserTokenClient CloudAdapter puts in
// the turn state, the same client botbuilder's OAuthPrompt uses; an adapter that is itself a token
// provider (botbuilder's TestAdapter) is asked directly, as OAuthPrompt would.
import type { TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { UserTokens } from './turn';

interface TokenProvider {
  getUserToken(context: TurnContext, connectionName: string): Promise<{ token?: string } | undefined>;
  signOutUser(context: TurnContext, connectionName: string, userId?: string): Promise<void>;
}

function clientOf(context: TurnContext): UserTokenClient | undefined {
  const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
  return key ? context.turnState.get<UserTokenClient | undefined>(key) : undefined;
}

function providerOf(context: TurnContext): TokenProvider | undefined {
  const adapter = context.adapter as Partial<TokenProvider>;
  const methods = [adapter.getUserToken, adapter.signOutUser];
  return methods.every((m) => typeof m === 'function') ? (adapter as TokenProvider) : undefined;
}

const noMagicCode = (): string | undefined => undefined;

/** The person's tokens for `connectionName` on this turn; undefined when the turn has no token service. */
export function userTokens(context: TurnContext, connectionName: string): UserTokens | undefined {
  const activity = context.activity;
  const client = clientOf(context);
  if (client) {
    // botbuilder leaves the magic code out of the request only when it is undefined (an empty string
    // would be sent as a code to redeem); its typings say string.
    const userId = activity.from?.id;
    return {
      token: async () =>
        (await client.getUserToken(userId, connectionName, activity.channelId, noMagicCode() as string))?.token ||
        undefined,
      signOut: () => client.signOutUser(userId, connectionName, activity.channelId),
    };
  }
  const provider = providerOf(context);
  if (!provider) return undefined;
  return {
    token: async () => (await provider.getUserToken(context, connectionName))?.token || undefined,
    signOut: () => provider.signOutUser(context, connectionName, activity.from?.id),
  };
}
