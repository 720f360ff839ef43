// A work-account sign-in a capability asks for itself (team status: the manager's work token), through
// the work connection (WORK_CONNECTION_NAME) of the token service, never from the activity. When the
// service holds no token, the person gets the work sign-in card (an OAuth card from the token service's
// sign-in resource, with Teams SSO's token exchange resource); the answer comes back as
// signin/verifyState, signin/tokenExchange or a typed 6-digit code, which `redeem` hands to the token
// service, and the request that asked for the sign-in (remembered for 15 minutes, per person) is
// answered then. The request is kept in the bot's state storage, not in memory: with several
// instances, the answer may reach another one. Whose token it is, is checked where it is used
// (token-binding.ts); a token that is not the asker's is forgotten here (`signOut`), so the token
// service never hands it back.
import type { Attachment } from '../channel/wire';
import type { Turn } from '../channel/turn';
import type { StateStorage } from '../storage/state-storage';

const PENDING_MS = 15 * 60 * 1000;

interface Pending<R> {
  request: R;
  until: number;
}

export class WorkSignIn<R extends object> {
  constructor(
    private readonly connectionName: string,
    private readonly storage: StateStorage,
    private readonly now: () => Date,
    /** Where the pending request is kept, per channel and person. */
    private readonly keyPrefix = 'team-sign-in',
    /** What the sign-in card says the work account is for. */
    private readonly purpose = 'Team status reads your reports from Microsoft Graph with your work account.',
  ) {}

  private key(turn: Turn): string {
    return `${this.keyPrefix}/${turn.channelId}/${turn.user.id ?? ''}`;
  }

  private async pending(turn: Turn): Promise<Pending<R> | undefined> {
    const key = this.key(turn);
    const entry = (await this.storage.read([key]))[key] as Partial<Pending<R>> | undefined;
    if (!entry) return undefined;
    if (typeof entry.until !== 'number' || entry.until <= this.now().getTime() || !entry.request) {
      await this.storage.delete([key]);
      return undefined;
    }
    return { request: entry.request, until: entry.until };
  }

  /** The person's token service access for the work connection (none without a person or a service). */
  private tokens(turn: Turn) {
    return turn.user.id ? turn.tokens(this.connectionName) : undefined;
  }

  /** The person's work Graph token, if the token service holds one. */
  async token(turn: Turn): Promise<string | undefined> {
    return this.tokens(turn)?.token();
  }

  /** The work sign-in card; `request` is answered once the person has signed in. */
  async signInCard(turn: Turn, request: R): Promise<Attachment | undefined> {
    const tokens = turn.tokens(this.connectionName);
    if (!tokens) return undefined;
    const card = await tokens.signInCard('Sign in with your work account', this.purpose);
    const pending: Pending<R> = { request, until: this.now().getTime() + PENDING_MS };
    await this.storage.write({ [this.key(turn)]: { ...pending, eTag: '*' } });
    return card;
  }

  /** Forgets the person's work sign-in at the token service. */
  async signOut(turn: Turn): Promise<void> {
    await this.tokens(turn)?.signOut();
  }

  /** Is a sign-in of this kind waiting for this person? */
  async isPending(turn: Turn): Promise<boolean> {
    return (await this.pending(turn)) !== undefined;
  }

  /**
   * A sign-in answer (verifyState code, SSO token exchange, typed code) for a pending sign-in of this
   * kind: redeemed at the token service. Returns the request to answer, or undefined.
   */
  async redeem(turn: Turn, typedCode?: string): Promise<{ request: R; token: string } | undefined> {
    const entry = await this.pending(turn);
    const tokens = this.tokens(turn);
    if (!entry || !tokens) return undefined;
    const value = turn.value as { state?: unknown; token?: unknown; id?: unknown } | undefined;
    let token: string | undefined;
    if (turn.activity.name === 'signin/tokenExchange' && typeof value?.token === 'string') {
      token = await tokens.exchange(value.token);
    } else {
      const code = typedCode ?? (typeof value?.state === 'string' ? value.state : undefined);
      if (!code || !/^\d{6}$/.test(code)) return undefined;
      token = await tokens.token(code);
    }
    if (!token) return undefined;
    await this.storage.delete([this.key(turn)]);
    return { request: entry.request, token };
  }
}
