// Every sign-in's waiting, as botbuilder-dialogs does it, for the link flow and for a work sign-in a
// capability asks for (team status, the forecast) alike: botbuilder's OAuthPrompt, one sign-in pending
// at a time per person per conversation. The link flow is the work account's prompt, then the
// personal one; a capability's sign-in is the work account's prompt alone, with the request that
// asked for it kept in the dialog's options. The prompts only wait for the sign-in answer (a card's
// verifyState, Teams SSO's tokenExchange, a typed code, a tokens/response event); what happens after
// each step is the sign-in module's (src/sign-in/), which reads the tokens from the token service
// itself. A sign-in nobody finished expires after `timeoutMs`, kept with a marker of its start.
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  OAuthPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { StatePropertyAccessor } from 'botbuilder';
import type { BotMemory } from './bot-memory';
import { botTurn, contextOf } from './bot-turn';
import type { StateProperty, Turn } from './turn';

export interface PromptSettings {
  connectionName: string;
  title: string;
  text: string;
}

export interface LinkPromptSettings {
  work: PromptSettings;
  /** The personal step, numbered (the person saw the work step). */
  personal: PromptSettings;
  /** The personal step when the work account was already at the token service: the only step shown. */
  personalOnly: PromptSettings;
  /** Said when a typed code does not work. */
  retryPrompt: string;
  timeoutMs: number;
}

/** A work sign-in a capability asks for: its id, and what its sign-in card says the work account is for. */
export interface WorkPurpose {
  id: string;
  text: string;
}

export interface SignInPromptSettings extends LinkPromptSettings {
  /** Every capability's work sign-in (each its own prompt, so its card says what it is for). */
  workPurposes: readonly WorkPurpose[];
}

/** A capability's pending work sign-in: whose, and the request to answer once the person has signed in. */
export interface WorkRequest {
  capability: string;
  request: unknown;
}

/** What the sign-in module decides after each prompt. `answered`: the prompt ended with a sign-in (not a timeout). */
export interface LinkSteps<O extends object, U, R> {
  afterWork(turn: Turn, options: O, answered: boolean): Promise<{ end: R } | { user: U }>;
  afterPersonal(turn: Turn, options: O, user: U | undefined, answered: boolean): Promise<R>;
}

export interface SignInSteps<O extends object, U, R, W> extends LinkSteps<O, U, R> {
  /** After a capability's work sign-in. */
  afterWorkOnly(turn: Turn, asked: WorkRequest, answered: boolean): Promise<W>;
}

export type LinkStart<R> = { done: R } | { waitingFor: 'work' | 'personal' | undefined };

/** What waits for this person here: the link flow, or a capability's work sign-in. */
export type Waiting = 'link' | 'work-only' | undefined;

const LINK_DIALOG_ID = 'link-accounts';
const WORK_PROMPT = 'work-account-prompt';
const PERSONAL_PROMPT = 'personal-account-prompt';
const PERSONAL_ONLY_PROMPT = 'personal-account-only-prompt';
const FLOW = 'link-flow';
const WORK_ONLY_DIALOG = 'work-sign-in/';
const WORK_ONLY_PROMPT = 'work-sign-in-prompt/';
/** Set on the turn the flow starts: a work prompt that ends on that same turn showed no card. */
const FLOW_STARTED_THIS_TURN = Symbol('link-flow-started-this-turn');

interface SignInMarker {
  startedAt: string;
}

class LinkDialog<O extends object, U, R> extends ComponentDialog {
  constructor(settings: LinkPromptSettings, steps: LinkSteps<O, U, R>) {
    super(LINK_DIALOG_ID);
    const prompt = (id: string, s: PromptSettings) => new OAuthPrompt(id, { ...s, timeout: settings.timeoutMs });
    this.addDialog(prompt(WORK_PROMPT, settings.work))
      .addDialog(prompt(PERSONAL_PROMPT, settings.personal))
      .addDialog(prompt(PERSONAL_ONLY_PROMPT, settings.personalOnly));
    // A typed code that does not work gets an answer, never silence.
    const retry = { retryPrompt: settings.retryPrompt };
    type Step = WaterfallStepContext<O>;
    const askWork = (step: Step): Promise<DialogTurnResult> => {
      step.context.turnState.set(FLOW_STARTED_THIS_TURN, true);
      return step.beginDialog(WORK_PROMPT, retry);
    };
    const afterWork = async (step: Step): Promise<DialogTurnResult> => {
      const next = await steps.afterWork(botTurn(step.context), step.options, step.result !== undefined);
      if ('end' in next) return step.endDialog(next.end);
      (step.values as { user?: U }).user = next.user;
      // Number the steps only when the person saw the work step.
      const workCardShown = step.context.turnState.get(FLOW_STARTED_THIS_TURN) !== true;
      return step.beginDialog(workCardShown ? PERSONAL_PROMPT : PERSONAL_ONLY_PROMPT, retry);
    };
    const afterPersonal = async (step: Step): Promise<DialogTurnResult> =>
      step.endDialog(
        await steps.afterPersonal(
          botTurn(step.context),
          step.options,
          (step.values as { user?: U }).user,
          step.result !== undefined,
        ),
      );
    this.addDialog(new WaterfallDialog<O>(FLOW, [askWork, afterWork, afterPersonal]));
    this.initialDialogId = FLOW;
  }
}

/** A capability's work sign-in: the work account's prompt with the capability's own card text, then its step. */
class WorkOnlyDialog<W> extends ComponentDialog {
  constructor(
    settings: SignInPromptSettings,
    purpose: WorkPurpose,
    after: (turn: Turn, asked: WorkRequest, answered: boolean) => Promise<W>,
  ) {
    super(WORK_ONLY_DIALOG + purpose.id);
    const promptId = WORK_ONLY_PROMPT + purpose.id;
    this.addDialog(
      new OAuthPrompt(promptId, {
        connectionName: settings.work.connectionName,
        title: settings.work.title,
        text: purpose.text,
        timeout: settings.timeoutMs,
      }),
    );
    type Step = WaterfallStepContext<WorkRequest>;
    const ask = (step: Step) => step.beginDialog(promptId, { retryPrompt: settings.retryPrompt });
    const done = async (step: Step) =>
      step.endDialog(await after(botTurn(step.context), step.options, step.result !== undefined));
    this.addDialog(new WaterfallDialog<WorkRequest>(`${promptId}/steps`, [ask, done]));
    this.initialDialogId = `${promptId}/steps`;
  }
}

/** The link flow as one botbuilder dialog (what SignInPrompts runs; botbuilder-testing drives it on its own). */
export function linkDialog<O extends object, U, R>(
  settings: LinkPromptSettings,
  steps: LinkSteps<O, U, R>,
): ComponentDialog {
  return new LinkDialog(settings, steps);
}

/** Which account the pending link flow waits for, when it waits. */
function linkWaitsFor(dc: DialogContext): 'work' | 'personal' | undefined {
  if (dc.activeDialog?.id !== LINK_DIALOG_ID) return undefined;
  const prompt = dc.child?.activeDialog?.id;
  if (prompt === WORK_PROMPT) return 'work';
  if (prompt === PERSONAL_PROMPT || prompt === PERSONAL_ONLY_PROMPT) return 'personal';
  return undefined;
}

function waitingOf(dc: DialogContext): Waiting {
  const id = dc.activeDialog?.id;
  if (id === undefined) return undefined;
  return id.startsWith(WORK_ONLY_DIALOG) ? 'work-only' : 'link';
}

export class SignInPrompts<O extends object, U, R, W> {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly marker: StateProperty<SignInMarker>;
  private readonly timeoutMs: number;
  private readonly capabilities: ReadonlySet<string>;

  constructor(
    private readonly memory: BotMemory,
    settings: SignInPromptSettings,
    steps: SignInSteps<O, U, R, W>,
    private readonly now: () => Date,
  ) {
    this.marker = memory.personal<SignInMarker>('signInMarker');
    this.dialogState = memory.personalState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(linkDialog(settings, steps));
    for (const purpose of settings.workPurposes)
      this.dialogs.add(
        new WorkOnlyDialog(settings, purpose, (turn, asked, answered) => steps.afterWorkOnly(turn, asked, answered)),
      );
    this.capabilities = new Set(settings.workPurposes.map((p) => p.id));
    this.timeoutMs = settings.timeoutMs;
  }

  /** What waits for this person here (a sign-in past its time is forgotten first). */
  async waiting(turn: Turn): Promise<Waiting> {
    return waitingOf(await this.dialogContext(turn));
  }

  /**
   * What waits, without creating a dialog context when nothing does: most turns (status, help) then
   * neither create nor write dialog state.
   */
  async pending(turn: Turn): Promise<Waiting> {
    const state = await this.dialogState.get(contextOf(turn));
    if (!state?.dialogStack?.length) return undefined;
    return this.waiting(turn);
  }

  /** Starts the link flow: it ends on this turn (the work token was at the token service and was refused) or waits. */
  async begin(turn: Turn, options: O): Promise<LinkStart<R>> {
    const dc = await this.replacing(turn);
    await this.marker.set(turn, { startedAt: this.now().toISOString() });
    const result = await dc.beginDialog(LINK_DIALOG_ID, options);
    if (result.status === DialogTurnStatus.complete) {
      await this.marker.delete(turn);
      return { done: result.result as R };
    }
    return { waitingFor: linkWaitsFor(dc) };
  }

  /**
   * Starts a capability's work sign-in (its sign-in card is sent) and keeps it at once: it may be
   * started in a 1:1 chat opened from a channel, a turn the router does not save. Ends on this turn
   * only if the token service already holds the work token: then the step's result.
   */
  async beginWorkOnly(turn: Turn, asked: WorkRequest): Promise<W | undefined> {
    if (!this.capabilities.has(asked.capability))
      throw new Error(`No work sign-in is set up for "${asked.capability}"`);
    const dc = await this.replacing(turn);
    await this.marker.set(turn, { startedAt: this.now().toISOString() });
    const result = await dc.beginDialog(WORK_ONLY_DIALOG + asked.capability, asked);
    if (result.status === DialogTurnStatus.complete) await this.marker.delete(turn);
    await this.memory.save(turn);
    return result.status === DialogTurnStatus.complete ? (result.result as W) : undefined;
  }

  /** Feeds a sign-in answer (code, verifyState, tokenExchange, tokens/response) to the pending prompt: the result once it ends. */
  async continue(turn: Turn): Promise<R | W | undefined> {
    const dc = await this.dialogContext(turn);
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.complete) return undefined;
    await this.marker.delete(turn);
    return result.result as R | W;
  }

  /** Cancels whatever waits; says whether something did. */
  async cancel(turn: Turn): Promise<boolean> {
    const dc = await this.dialogContext(turn);
    const wasPending = dc.activeDialog !== undefined;
    await dc.cancelAllDialogs();
    await this.marker.delete(turn);
    return wasPending;
  }

  /** A dialog context with nothing waiting: whatever waited is replaced (the sign-in module decides when that may be). */
  private async replacing(turn: Turn): Promise<DialogContext> {
    const dc = await this.dialogContext(turn);
    if (dc.activeDialog !== undefined) await dc.cancelAllDialogs();
    return dc;
  }

  private async dialogContext(turn: Turn): Promise<DialogContext> {
    const dc = await this.dialogs.createContext(contextOf(turn));
    const marker = await this.marker.get(turn);
    if (
      dc.activeDialog !== undefined &&
      marker &&
      this.now().getTime() - Date.parse(marker.startedAt) > this.timeoutMs
    ) {
      // A sign-in nobody finished: forget it so a new one can start.
      await dc.cancelAllDialogs();
      await this.marker.delete(turn);
    }
    return dc;
  }
}
