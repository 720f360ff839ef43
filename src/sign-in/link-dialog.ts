// The two-account sign-in: the work account first, then the personal
// Microsoft account, one OAuth prompt pending at a time. It ends with a LinkFlowResult that the
// bot renders; it never renders cards itself.
//
// Each step ignores the token the prompt hands over and asks the token service again: a
// `tokens/response` event's value is taken by OAuthPrompt as it arrives, so only a token fetched
// from the token service is ever used. Tokens live in local variables only.
import { ComponentDialog, OAuthPrompt, WaterfallDialog, type DialogContext, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { AssociationStore, LinkOutcome } from '../associations/association-store';
import type { Purpose, WorkUser } from '../associations/model';
import { userMessage, type UserMessageCode } from '../errors';
import type { Logger } from '../log';
import { checkPersonalAccount, checkWorkAccount, type TeamsUser } from './account-checks';
import { IdentityUnavailableError, readSignedInAccount, type SignedInAccount } from './signed-in-account';

export const LINK_DIALOG_ID = 'link-accounts';
const WORK_PROMPT = 'work-account-prompt';
const PERSONAL_PROMPT = 'personal-account-prompt';
/** The personal step when the work account was already at the token service: the only step shown. */
const PERSONAL_ONLY_PROMPT = 'personal-account-only-prompt';
const FLOW = 'link-flow';
/** Set on the turn the flow starts: a work prompt that ends on that same turn showed no card. */
const FLOW_STARTED_THIS_TURN = Symbol('link-flow-started-this-turn');
/** How long a sign-in card stays usable (OAuthPrompt's own default). */
export const SIGN_IN_TIMEOUT_MS = 15 * 60 * 1000;

export interface LinkFlowOptions {
  purpose: Purpose;
  teams: TeamsUser;
}

export type LinkFlowResult = LinkFlowOptions & {
  outcome: { kind: 'refused'; code: UserMessageCode } | { kind: 'stored'; user: WorkUser; result: LinkOutcome };
};

export interface LinkDialogDeps {
  store: AssociationStore;
  graphUrl: string;
  workConnectionName: string;
  personalConnectionName: string;
  now: () => Date;
  log: Logger;
  /** Remembers the work account for clients that don't send `from.aadObjectId`. */
  rememberWorkUser: (context: TurnContext, user: WorkUser) => Promise<void>;
  /** The keyed hash of the personal account's full address, kept with the association (transcripts are matched against it). */
  emailKey: (email: string) => Promise<string>;
}

type FlowStep = WaterfallStepContext<LinkFlowOptions>;
interface FlowValues {
  user?: WorkUser;
}
type Step = (step: FlowStep) => Promise<DialogTurnResult>;

export class LinkDialog extends ComponentDialog {
  private readonly workPrompt: OAuthPrompt;
  private readonly personalPrompt: OAuthPrompt;
  private readonly personalOnlyPrompt: OAuthPrompt;

  constructor(private readonly deps: LinkDialogDeps) {
    super(LINK_DIALOG_ID);
    this.workPrompt = new OAuthPrompt(WORK_PROMPT, {
      connectionName: deps.workConnectionName,
      title: 'Sign in with your work account',
      text: 'Step 1 of 2: sign in with your **work** account — the one you use for Teams.',
      timeout: SIGN_IN_TIMEOUT_MS,
    });
    this.personalPrompt = new OAuthPrompt(PERSONAL_PROMPT, {
      connectionName: deps.personalConnectionName,
      title: 'Sign in with your personal account',
      text: 'Step 2 of 2: sign in with your **personal** Microsoft account (Outlook.com, Xbox, Skype) — not your work email.',
      timeout: SIGN_IN_TIMEOUT_MS,
    });
    this.personalOnlyPrompt = new OAuthPrompt(PERSONAL_ONLY_PROMPT, {
      connectionName: deps.personalConnectionName,
      title: 'Sign in with your personal account',
      text: 'Sign in with your **personal** Microsoft account (Outlook.com, Xbox, Skype) — not your work email.',
      timeout: SIGN_IN_TIMEOUT_MS,
    });
    this.addDialog(this.workPrompt).addDialog(this.personalPrompt).addDialog(this.personalOnlyPrompt);
    const steps: Step[] = [(s) => this.askWork(s), (s) => this.afterWork(s), (s) => this.afterPersonal(s)];
    this.addDialog(new WaterfallDialog(FLOW, steps));
    this.initialDialogId = FLOW;
  }

  private askWork(step: FlowStep): Promise<DialogTurnResult> {
    step.context.turnState.set(FLOW_STARTED_THIS_TURN, true);
    // A typed code that does not work gets an answer, never silence.
    return step.beginDialog(WORK_PROMPT, { retryPrompt: userMessage('sign-in-code-wrong') });
  }

  private async afterWork(step: FlowStep): Promise<DialogTurnResult> {
    const options = step.options;
    const read = await this.readAccount(step.context, this.workPrompt, step.result !== undefined);
    if (!read.ok) return step.endDialog(this.refused(options, read.code));
    const check = checkWorkAccount(read.account, options.teams);
    if (!check.ok) {
      // Forget the wrong account, or the token service would hand it back on the next try.
      await this.signOut(step.context, this.workPrompt);
      this.deps.log.info({ event: 'sign-in.refused', connection: 'work', code: check.code }, 'work sign-in refused');
      return step.endDialog(this.refused(options, check.code));
    }
    await this.deps.rememberWorkUser(step.context, check.value);
    (step.values as FlowValues).user = check.value;
    // Number the steps only when the person saw the work step.
    const workCardShown = step.context.turnState.get(FLOW_STARTED_THIS_TURN) !== true;
    return step.beginDialog(workCardShown ? PERSONAL_PROMPT : PERSONAL_ONLY_PROMPT, { retryPrompt: userMessage('sign-in-code-wrong') });
  }

  private async afterPersonal(step: FlowStep): Promise<DialogTurnResult> {
    const options = step.options;
    const user = (step.values as FlowValues).user;
    if (!user) return step.endDialog(this.refused(options, 'sign-in-incomplete'));
    const read = await this.readAccount(step.context, this.personalPrompt, step.result !== undefined);
    // Rule 6: keep the identity, not the access — sign the personal connection out whatever happened.
    await this.signOut(step.context, this.personalPrompt);
    if (!read.ok) return step.endDialog(this.refused(options, read.code));
    const check = checkPersonalAccount(read.account);
    if (!check.ok) {
      this.deps.log.info({ event: 'sign-in.refused', connection: 'personal', code: check.code }, 'personal sign-in refused');
      return step.endDialog(this.refused(options, check.code));
    }
    // The full address is hashed here and dropped: only its keyed hash is kept.
    const email = read.account.email?.trim();
    const personal = email ? { ...check.value, emailKey: await this.deps.emailKey(email) } : check.value;
    const result = await this.deps.store.link({ user, purpose: options.purpose, personal }, this.deps.now());
    this.deps.log.info({ event: 'link', purpose: options.purpose, outcome: result.kind }, 'link attempted');
    const done: LinkFlowResult = { ...options, outcome: { kind: 'stored', user, result } };
    return step.endDialog(done);
  }

  /** Which account the pending flow waits for, when it waits; the bot words its notice by it. */
  static waitingFor(dc: DialogContext): 'work' | 'personal' | undefined {
    if (dc.activeDialog?.id !== LINK_DIALOG_ID) return undefined;
    const prompt = dc.child?.activeDialog?.id;
    if (prompt === WORK_PROMPT) return 'work';
    if (prompt === PERSONAL_PROMPT || prompt === PERSONAL_ONLY_PROMPT) return 'personal';
    return undefined;
  }

  private refused(options: LinkFlowOptions, code: UserMessageCode): LinkFlowResult {
    return { ...options, outcome: { kind: 'refused', code } };
  }

  /** Reads who signed in, with a token fetched from the token service (never from the activity). */
  private async readAccount(
    context: TurnContext,
    prompt: OAuthPrompt,
    promptSucceeded: boolean,
  ): Promise<{ ok: true; account: SignedInAccount } | { ok: false; code: UserMessageCode }> {
    if (!promptSucceeded) return { ok: false, code: 'sign-in-expired' };
    let token: unknown;
    try {
      token = (await prompt.getUserToken(context))?.token;
    } catch (error) {
      this.deps.log.warn({ event: 'token-service.error', err: errorSummary(error) }, 'token service call failed');
      return { ok: false, code: 'sign-in-service-unavailable' };
    }
    if (typeof token !== 'string' || token === '') return { ok: false, code: 'sign-in-incomplete' };
    try {
      return { ok: true, account: await readSignedInAccount(this.deps.graphUrl, token) };
    } catch (error) {
      if (!(error instanceof IdentityUnavailableError)) throw error;
      this.deps.log.warn({ event: 'graph.error', reason: error.reason }, 'could not read the signed-in identity');
      return { ok: false, code: 'identity-unavailable' };
    }
  }

  /** "Delete my data": the token service forgets the work sign-in too, so the next link asks for it again. */
  signOutWork(context: TurnContext): Promise<void> {
    return this.signOut(context, this.workPrompt);
  }

  private async signOut(context: TurnContext, prompt: OAuthPrompt): Promise<void> {
    try {
      await prompt.signOutUser(context);
    } catch (error) {
      // Not fatal for the person: the token expires on its own. Worth an operator's look.
      this.deps.log.warn({ event: 'token-service.sign-out-failed', err: errorSummary(error) }, 'sign-out failed');
    }
  }
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
}
