// The two-account sign-in's waiting, as botbuilder-dialogs does it: the work account's OAuth prompt,
// then the personal one, one prompt pending at a time, the stack kept per person per conversation.
// The prompts only wait for the sign-in answer (a card's verifyState, Teams SSO's tokenExchange, a
// typed code, a tokens/response event); what happens after each step is the flow's (src/sign-in/
// link-flow.ts), which reads the tokens from the token service itself. A flow nobody finished
// expires after `timeoutMs`, kept with a marker of its start.
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

/** What the flow decides after each prompt. `answered`: the prompt ended with a sign-in (not a timeout). */
export interface LinkSteps<O extends object, U, R> {
  afterWork(turn: Turn, options: O, answered: boolean): Promise<{ end: R } | { user: U }>;
  afterPersonal(turn: Turn, options: O, user: U | undefined, answered: boolean): Promise<R>;
}

export type LinkStart<R> = { done: R } | { waitingFor: 'work' | 'personal' | undefined };

const LINK_DIALOG_ID = 'link-accounts';
const WORK_PROMPT = 'work-account-prompt';
const PERSONAL_PROMPT = 'personal-account-prompt';
const PERSONAL_ONLY_PROMPT = 'personal-account-only-prompt';
const FLOW = 'link-flow';
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

/** The flow as one botbuilder dialog (what LinkPrompts runs; botbuilder-testing drives it on its own). */
export function linkDialog<O extends object, U, R>(
  settings: LinkPromptSettings,
  steps: LinkSteps<O, U, R>,
): ComponentDialog {
  return new LinkDialog(settings, steps);
}

/** Which account the pending flow waits for, when it waits. */
function waitingFor(dc: DialogContext): 'work' | 'personal' | undefined {
  if (dc.activeDialog?.id !== LINK_DIALOG_ID) return undefined;
  const prompt = dc.child?.activeDialog?.id;
  if (prompt === WORK_PROMPT) return 'work';
  if (prompt === PERSONAL_PROMPT || prompt === PERSONAL_ONLY_PROMPT) return 'personal';
  return undefined;
}

export class LinkPrompts<O extends object, U, R> {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly marker: StateProperty<SignInMarker>;
  private readonly timeoutMs: number;

  constructor(
    memory: BotMemory,
    settings: LinkPromptSettings,
    steps: LinkSteps<O, U, R>,
    private readonly now: () => Date,
  ) {
    this.marker = memory.personal<SignInMarker>('signInMarker');
    this.dialogState = memory.personalState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(linkDialog(settings, steps));
    this.timeoutMs = settings.timeoutMs;
  }

  /** Whether a flow is waiting for this person here (a flow past its time is forgotten first). */
  async active(turn: Turn): Promise<boolean> {
    return (await this.dialogContext(turn)).activeDialog !== undefined;
  }

  /**
   * Whether a flow is waiting, without creating a dialog context: most turns (status, help) then
   * neither create nor write dialog state.
   */
  async pending(turn: Turn): Promise<boolean> {
    const state = await this.dialogState.get(contextOf(turn));
    if (!state?.dialogStack?.length) return false;
    return this.active(turn);
  }

  /** Starts a flow: it ends on this turn (the work token was at the token service and was refused) or waits. */
  async begin(turn: Turn, options: O): Promise<LinkStart<R>> {
    const dc = await this.dialogContext(turn);
    await this.marker.set(turn, { startedAt: this.now().toISOString() });
    const result = await dc.beginDialog(LINK_DIALOG_ID, options);
    if (result.status === DialogTurnStatus.complete) {
      await this.marker.delete(turn);
      return { done: result.result as R };
    }
    return { waitingFor: waitingFor(dc) };
  }

  /** Feeds a sign-in answer (code, verifyState, tokenExchange, tokens/response) to the pending prompt: the flow's result once it ends. */
  async continue(turn: Turn): Promise<R | undefined> {
    const dc = await this.dialogContext(turn);
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.complete) return undefined;
    await this.marker.delete(turn);
    return result.result as R;
  }

  /** Cancels any flow; says whether one was waiting. */
  async cancel(turn: Turn): Promise<boolean> {
    const dc = await this.dialogContext(turn);
    const wasPending = dc.activeDialog !== undefined;
    await dc.cancelAllDialogs();
    await this.marker.delete(turn);
    return wasPending;
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
