// "What do you store about me?" and "delete my data": the buttons and typed commands. Deleting
// reaches every capability that keeps something about the person (`alsoDelete`: each capability's
// erasure, listed in the composition), and the sign-in's per-person turn state (`signIn.forget`).
import type { AssociationStore } from '../associations/association-store';
import type { WorkUser } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import { deleteDataConfirmCard, myDataCard, type StoredFact } from './data-cards';
import type { DateLocale } from '../cards/date-format';
import { activityDateLocale } from '../cards/date-format';
import { learningCard } from '../associations/learning-card';
import { DATA_ERASED, type ActionOf, type Actor, type CapabilityHandler } from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import { userMessage } from '../errors';
import type { Logger } from '../log';

type DataVerb = 'dataExport' | 'deleteDataRequest' | 'deleteDataConfirm';
type DataIntent = 'my-data' | 'delete-my-data';

export interface MyDataHandlerDeps {
  store: AssociationStore;
  trainingUrl: string;
  now: () => Date;
  log: Logger;
  /** The sign-in's per-person turn state: any sign-in cancelled, the work connection signed out, the remembered work user forgotten. */
  signIn: { forget(turn: Turn): Promise<void> };
  /** What other capabilities keep about the person, deleted with the rest. */
  alsoDelete: readonly ((user: WorkUser) => Promise<void>)[];
  /** What other capabilities keep about the person, shown on the "what do you store" card. */
  alsoExport: readonly { storedFacts(user: WorkUser, dates: DateLocale): Promise<StoredFact[]> }[];
}

export class MyDataHandler implements CapabilityHandler<DataVerb, DataIntent> {
  readonly verbs = ['dataExport', 'deleteDataRequest', 'deleteDataConfirm'] as const;
  readonly intents = ['my-data', 'delete-my-data'] as const;

  constructor(private readonly deps: MyDataHandlerDeps) {}

  answer(turn: Turn, user: Actor, intent: { kind: DataIntent }): Promise<AdaptiveCard> {
    return intent.kind === 'my-data' ? this.myData(turn, user) : Promise.resolve(deleteDataConfirmCard());
  }

  async handle(turn: Turn, user: Actor, action: ActionOf<DataVerb>): Promise<AdaptiveCard> {
    switch (action.verb) {
      case 'dataExport':
        return this.myData(turn, user);
      case 'deleteDataRequest':
        return deleteDataConfirmCard();
      case 'deleteDataConfirm':
        return this.deleteMyData(turn, user);
    }
  }

  private async myData(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    const exported = user
      ? await this.deps.store.exportUserData(user)
      : { associations: [], audit: [], pendingMoves: 0 };
    const dates = activityDateLocale(turn.activity);
    const more: StoredFact[] = [];
    if (user) for (const exporter of this.deps.alsoExport) more.push(...(await exporter.storedFacts(user, dates)));
    return myDataCard(exported, dates, more);
  }

  private async deleteMyData(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    if (user) {
      const { removed } = await this.deps.store.deleteUserData(user, this.deps.now());
      for (const erase of this.deps.alsoDelete) await erase(user);
      this.deps.log.info({ event: 'delete-data', removed }, 'user data deleted');
    }
    await this.deps.signIn.forget(turn);
    turn.locals.set(DATA_ERASED, true);
    return learningCard({
      trainingUrl: this.deps.trainingUrl,
      notice: { tone: 'good', text: userMessage('data-deleted') },
    });
  }
}
