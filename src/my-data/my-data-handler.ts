// "What do you store about me?" and "delete my data": the buttons and typed commands. Deleting
// reaches every capability that keeps something about the person (`alsoDelete`: one line each in
// app.ts), and the router's own per-person turn state (`forgetTurnState`).
import type { TurnContext } from 'botbuilder';
import type { AssociationStore } from '../associations/association-store';
import type { WorkUser } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import { deleteDataConfirmCard, myDataCard, type StoredFact } from '../cards/data-cards';
import type { DateLocale } from '../cards/date-format';
import { activityDateLocale } from '../cards/date-format';
import { learningCard } from '../cards/learning-card';
import type { ActionOf, CapabilityHandler, TurnKit } from '../capability/capability-handler';
import { userMessage } from '../errors';
import type { Logger } from '../log';

type DataVerb = 'dataExport' | 'deleteDataRequest' | 'deleteDataConfirm';
type DataIntent = 'my-data' | 'delete-my-data';

export interface MyDataHandlerDeps {
  store: AssociationStore;
  kit: TurnKit;
  trainingUrl: string;
  now: () => Date;
  log: Logger;
  /** Cancels any sign-in and forgets the remembered work user (bot state). */
  forgetTurnState: (context: TurnContext) => Promise<void>;
  /** What other capabilities keep about the person, deleted with the rest. */
  alsoDelete: readonly ((user: WorkUser) => Promise<void>)[];
  /** What other capabilities keep about the person, shown on the "what do you store" card. */
  alsoExport: readonly ((user: WorkUser, dates: DateLocale) => Promise<StoredFact[]>)[];
  /** Told when this turn erased someone's data (the router finishes the erasure once the turn's state is saved). */
  erased?: (context: TurnContext) => void;
}

export class MyDataHandler implements CapabilityHandler<DataVerb, DataIntent> {
  readonly verbs = ['dataExport', 'deleteDataRequest', 'deleteDataConfirm'] as const;
  readonly intents = ['my-data', 'delete-my-data'] as const;

  constructor(private readonly deps: MyDataHandlerDeps) {}

  answer(context: TurnContext, intent: { kind: DataIntent }): Promise<AdaptiveCard> {
    return intent.kind === 'my-data' ? this.myData(context) : Promise.resolve(deleteDataConfirmCard());
  }

  async handle(context: TurnContext, action: ActionOf<DataVerb>): Promise<AdaptiveCard> {
    switch (action.verb) {
      case 'dataExport':
        return this.myData(context);
      case 'deleteDataRequest':
        return deleteDataConfirmCard();
      case 'deleteDataConfirm':
        return this.deleteMyData(context);
    }
  }

  private async myData(context: TurnContext): Promise<AdaptiveCard> {
    const user = await this.deps.kit.actingUser(context);
    const exported = user ? await this.deps.store.exportUserData(user) : { associations: [], audit: [], pendingMoves: 0 };
    const dates = activityDateLocale(context.activity);
    const more: StoredFact[] = [];
    if (user) for (const facts of this.deps.alsoExport) more.push(...(await facts(user, dates)));
    return myDataCard(exported, dates, more);
  }

  private async deleteMyData(context: TurnContext): Promise<AdaptiveCard> {
    const user = await this.deps.kit.actingUser(context);
    if (user) {
      const { removed } = await this.deps.store.deleteUserData(user, this.deps.now());
      for (const erase of this.deps.alsoDelete) await erase(user);
      this.deps.log.info({ event: 'delete-data', removed }, 'user data deleted');
    }
    await this.deps.forgetTurnState(context);
    this.deps.erased?.(context);
    return learningCard({ trainingUrl: this.deps.trainingUrl, notice: { tone: 'good', text: userMessage('data-deleted') } });
  }
}
