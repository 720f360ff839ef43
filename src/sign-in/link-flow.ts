// What happens after each sign-in prompt (the channel's sign-in-prompts.ts waits for each answer):
// the two-account link (the work account first, then the personal Microsoft account), ending with a
// LinkFlowResult; and a capability's work sign-in, ending with the work token for the request that
// asked for it. Both check the work account the same way and render no cards.
//
// Each step ignores the token the prompt hands over and asks the token service again: a
// `tokens/response` event's value is taken by the prompt as it arrives, so only a token fetched
// from the token service is ever used. Tokens live in local variables only.
import type { AssociationStore, LinkOutcome } from '../associations/association-store';
import type { Purpose, WorkUser } from '../associations/model';
import type { SignInSteps, WorkRequest } from '../channel/sign-in-prompts';
import type { StateProperty, Turn } from '../channel/turn';
import type { UserMessageCode } from '../errors';
import type { Logger } from '../log';
import { checkPersonalAccount, checkWorkAccount, type TeamsUser } from './account-checks';
import { IdentityUnavailableError, readSignedInAccount, type SignedInAccount } from './signed-in-account';

/** How long a sign-in card stays usable (OAuthPrompt's own default). */
export const SIGN_IN_TIMEOUT_MS = 15 * 60 * 1000;

export interface LinkFlowOptions {
  purpose: Purpose;
  teams: TeamsUser;
}

export type LinkFlowResult = LinkFlowOptions & {
  outcome: { kind: 'refused'; code: UserMessageCode } | { kind: 'stored'; user: WorkUser; result: LinkOutcome };
};

export interface LinkFlowDeps {
  store: AssociationStore;
  graphUrl: string;
  workConnectionName: string;
  personalConnectionName: string;
  now: () => Date;
  log: Logger;
  /** Remembers the work account for clients that don't send `from.aadObjectId`. */
  workUser: Pick<StateProperty<WorkUser>, 'set'>;
  /** The keyed hash of the personal account's full address, kept with the association (transcripts are matched against it). */
  emailKey: (email: string) => Promise<string>;
}

/**
 * A capability's work sign-in, ended: the request that asked for it with the work token (whose token
 * it is, is checked where it is used: token-binding.ts), or why there is none.
 */
export type WorkSignInResult = WorkRequest & ({ token: string } | { refused: UserMessageCode });

/** How any sign-in ends. */
export type SignInResult = LinkFlowResult | WorkSignInResult;

export const isWorkSignIn = (result: SignInResult): result is WorkSignInResult => 'request' in result;

type Read = { ok: true; account: SignedInAccount } | { ok: false; code: UserMessageCode };
type TokenRead = { ok: true; token: string } | { ok: false; code: UserMessageCode };

export class LinkFlow implements SignInSteps<LinkFlowOptions, WorkUser, LinkFlowResult, WorkSignInResult> {
  constructor(private readonly deps: LinkFlowDeps) {}

  async afterWork(
    turn: Turn,
    options: LinkFlowOptions,
    answered: boolean,
  ): Promise<{ end: LinkFlowResult } | { user: WorkUser }> {
    const read = await this.readAccount(turn, this.deps.workConnectionName, answered);
    if (!read.ok) return { end: refused(options, read.code) };
    const check = checkWorkAccount(read.account, options.teams);
    if (!check.ok) {
      // Forget the wrong account, or the token service would hand it back on the next try.
      await this.signOut(turn, this.deps.workConnectionName);
      this.deps.log.info({ event: 'sign-in.refused', connection: 'work', code: check.code }, 'work sign-in refused');
      return { end: refused(options, check.code) };
    }
    await this.deps.workUser.set(turn, check.value);
    return { user: check.value };
  }

  async afterPersonal(
    turn: Turn,
    options: LinkFlowOptions,
    user: WorkUser | undefined,
    answered: boolean,
  ): Promise<LinkFlowResult> {
    if (!user) return refused(options, 'sign-in-incomplete');
    const read = await this.readAccount(turn, this.deps.personalConnectionName, answered);
    // Rule 6: keep the identity, not the access — sign the personal connection out whatever happened.
    await this.signOut(turn, this.deps.personalConnectionName);
    if (!read.ok) return refused(options, read.code);
    const check = checkPersonalAccount(read.account);
    if (!check.ok) {
      this.deps.log.info(
        { event: 'sign-in.refused', connection: 'personal', code: check.code },
        'personal sign-in refused',
      );
      return refused(options, check.code);
    }
    // The full address is hashed here and dropped: only its keyed hash is kept.
    const email = read.account.email?.trim();
    const personal = email ? { ...check.value, emailKey: await this.deps.emailKey(email) } : check.value;
    const result = await this.deps.store.link({ user, purpose: options.purpose, personal }, this.deps.now());
    this.deps.log.info({ event: 'link', purpose: options.purpose, outcome: result.kind }, 'link attempted');
    return { ...options, outcome: { kind: 'stored', user, result } };
  }

  /** After a capability's work sign-in: the work token, fetched from the token service like the link's. */
  async afterWorkOnly(turn: Turn, asked: WorkRequest, answered: boolean): Promise<WorkSignInResult> {
    const read = answered ? await this.readToken(turn, this.deps.workConnectionName) : undefined;
    if (!read || !read.ok) {
      const code = read?.code === 'sign-in-service-unavailable' ? read.code : 'team-sign-in-again';
      return { capability: asked.capability, request: asked.request, refused: code };
    }
    return { capability: asked.capability, request: asked.request, token: read.token };
  }

  /** "Delete my data": the token service forgets the work sign-in too, so the next link asks for it again. */
  signOutWork(turn: Turn): Promise<void> {
    return this.signOut(turn, this.deps.workConnectionName);
  }

  /** Reads who signed in, with a token fetched from the token service (never from the activity). */
  private async readAccount(turn: Turn, connectionName: string, answered: boolean): Promise<Read> {
    if (!answered) return { ok: false, code: 'sign-in-expired' };
    const read = await this.readToken(turn, connectionName);
    if (!read.ok) return read;
    try {
      return { ok: true, account: await readSignedInAccount(this.deps.graphUrl, read.token) };
    } catch (error) {
      if (!(error instanceof IdentityUnavailableError)) throw error;
      this.deps.log.warn({ event: 'graph.error', reason: error.reason }, 'could not read the signed-in identity');
      return { ok: false, code: 'identity-unavailable' };
    }
  }

  private async readToken(turn: Turn, connectionName: string): Promise<TokenRead> {
    let token: string | undefined;
    try {
      token = await tokensOf(turn, connectionName).token();
    } catch (error) {
      this.deps.log.warn({ event: 'token-service.error', err: errorSummary(error) }, 'token service call failed');
      return { ok: false, code: 'sign-in-service-unavailable' };
    }
    return token === undefined ? { ok: false, code: 'sign-in-incomplete' } : { ok: true, token };
  }

  private async signOut(turn: Turn, connectionName: string): Promise<void> {
    try {
      await tokensOf(turn, connectionName).signOut();
    } catch (error) {
      // Not fatal for the person: the token expires on its own. Worth an operator's look.
      this.deps.log.warn({ event: 'token-service.sign-out-failed', err: errorSummary(error) }, 'sign-out failed');
    }
  }
}

function tokensOf(turn: Turn, connectionName: string) {
  const tokens = turn.tokens(connectionName);
  if (!tokens) throw new Error('This turn has no token service');
  return tokens;
}

function refused(options: LinkFlowOptions, code: UserMessageCode): LinkFlowResult {
  return { ...options, outcome: { kind: 'refused', code } };
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
}
