// A work-account sign-in a capability asks for itself (team status and the forecast: the asker's
// work token for Graph), on the same path as the link flow: the work connection of the token service
// (WORK_CONNECTION_NAME), never the activity. `token` is what the token service holds now; when it
// holds none, `ask` starts the capability's own work prompt (sign-in-prompts.ts: its sign-in card,
// Teams SSO's token exchange, a typed code), and the request that asked is answered once the person
// has signed in (sign-in-turns.ts hands it back to the capability). Whose token it is, is checked
// where it is used (token-binding.ts); a token that is not the asker's is forgotten (`signOut`), so
// the token service never hands it back.
import type { WorkPurpose } from '../channel/sign-in-prompts';
import type { Turn } from '../channel/turn';

/**
 * How asking for the sign-in went: the card is out; a link waits, whose work step comes first; this
 * turn has no token service; or the token service has the work token after all.
 */
export type Asked = 'asked' | 'link-pending' | 'unavailable' | { token: string };

/** What SignInTurns offers a capability's sign-in. */
export interface WorkSignInStarter {
  beginWorkOnly(turn: Turn, capability: string, request: unknown): Promise<Asked>;
}

export class WorkSignIn<R> {
  constructor(
    private readonly connectionName: string,
    /** The capability, and what its sign-in card says the work account is for. */
    readonly purpose: WorkPurpose,
    private readonly signIns: WorkSignInStarter,
  ) {}

  /** The person's work Graph token, if the token service holds one. */
  async token(turn: Turn): Promise<string | undefined> {
    return turn.user.id ? turn.tokens(this.connectionName)?.token() : undefined;
  }

  /** Sends the work sign-in card; `request` is answered once the person has signed in. */
  async ask(turn: Turn, request: R): Promise<Asked> {
    if (!turn.user.id || !turn.tokens(this.connectionName)) return 'unavailable';
    return this.signIns.beginWorkOnly(turn, this.purpose.id, request);
  }

  /** Forgets the person's work sign-in at the token service. */
  async signOut(turn: Turn): Promise<void> {
    if (turn.user.id) await turn.tokens(this.connectionName)?.signOut();
  }
}
