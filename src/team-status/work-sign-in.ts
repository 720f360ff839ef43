// The manager's work token for team status, from the Bot Framework token service through the work
// connection (WORK_CONNECTION_NAME), never from the activity. When there is none, the person gets
// the work sign-in card (an OAuth card from the token service's sign-in resource, with Teams SSO's
// token exchange resource); the answer comes back as signin/verifyState, signin/tokenExchange or a
// typed 6-digit code, which `redeem` hands to the token service, and the request that asked for the
// sign-in (remembered for 15 minutes, per person) is answered then. The request is kept in the bot's
// state storage, not in memory: with several instances, the answer may reach another one. Whose
// token it is, is checked where it is used (token-binding.ts); a token that is not the asker's is
// forgotten here (`signOut`), so the token service never hands it back.
import { CardFactory, type Attachment, type Storage, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';

const PENDING_MS = 15 * 60 * 1000;

interface Pending<R> {
  request: R;
  until: number;
}

export class WorkSignIn<R extends object> {
  constructor(
    private readonly connectionName: string,
    private readonly storage: Storage,
    private readonly now: () => Date,
  ) {}

  private client(context: TurnContext): UserTokenClient | undefined {
    const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
    return key ? context.turnState.get<UserTokenClient | undefined>(key) : undefined;
  }

  private key(context: TurnContext): string {
    return `team-sign-in/${context.activity.channelId}/${context.activity.from?.id ?? ''}`;
  }

  private async pending(context: TurnContext): Promise<Pending<R> | undefined> {
    const key = this.key(context);
    const entry = (await this.storage.read([key]))[key] as Partial<Pending<R>> | undefined;
    if (!entry) return undefined;
    if (typeof entry.until !== 'number' || entry.until <= this.now().getTime() || !entry.request) {
      await this.storage.delete([key]);
      return undefined;
    }
    return { request: entry.request, until: entry.until };
  }

  /** The person's work Graph token, if the token service holds one. */
  async token(context: TurnContext): Promise<string | undefined> {
    const userId = context.activity.from?.id;
    const client = this.client(context);
    if (!userId || !client) return undefined;
    // No magic code: botbuilder leaves `code` out of the request only when it is undefined (an empty
    // string would be sent as a code to redeem). Its typings say string.
    const response = await client.getUserToken(userId, this.connectionName, context.activity.channelId, undefined as unknown as string);
    return response?.token || undefined;
  }

  /** The work sign-in card; `request` is answered once the person has signed in. */
  async signInCard(context: TurnContext, request: R): Promise<Attachment | undefined> {
    const client = this.client(context);
    if (!client) return undefined;
    const resource = await client.getSignInResource(this.connectionName, context.activity, '');
    const pending: Pending<R> = { request, until: this.now().getTime() + PENDING_MS };
    await this.storage.write({ [this.key(context)]: { ...pending, eTag: '*' } });
    return CardFactory.oauthCard(this.connectionName, 'Sign in with your work account', 'Team status reads your reports from Microsoft Graph with your work account.', resource.signInLink, resource.tokenExchangeResource, resource.tokenPostResource);
  }

  /** Forgets the person's work sign-in at the token service. */
  async signOut(context: TurnContext): Promise<void> {
    const userId = context.activity.from?.id;
    const client = this.client(context);
    if (!userId || !client) return;
    await client.signOutUser(userId, this.connectionName, context.activity.channelId);
  }

  /** Is a team-status sign-in waiting for this person? */
  async isPending(context: TurnContext): Promise<boolean> {
    return (await this.pending(context)) !== undefined;
  }

  /**
   * A sign-in answer (verifyState code, SSO token exchange, typed code) for a pending team-status
   * sign-in: redeemed at the token service. Returns the request to answer, or undefined.
   */
  async redeem(context: TurnContext, typedCode?: string): Promise<{ request: R; token: string } | undefined> {
    const entry = await this.pending(context);
    const client = this.client(context);
    const userId = context.activity.from?.id;
    if (!entry || !client || !userId) return undefined;
    const value = context.activity.value as { state?: unknown; token?: unknown; id?: unknown } | undefined;
    let token: string | undefined;
    if (context.activity.name === 'signin/tokenExchange' && typeof value?.token === 'string') {
      token = (await client.exchangeToken(userId, this.connectionName, context.activity.channelId, { token: value.token }))?.token;
    } else {
      const code = typedCode ?? (typeof value?.state === 'string' ? value.state : undefined);
      if (!code || !/^\d{6}$/.test(code)) return undefined;
      token = (await client.getUserToken(userId, this.connectionName, context.activity.channelId, code))?.token;
    }
    if (!token) return undefined;
    await this.storage.delete([this.key(context)]);
    return { request: entry.request, token };
  }
}
