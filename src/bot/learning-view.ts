// The "Your learning" card as it stands for the acting person: their associations, plus what other
// capabilities add to the linked Learning section (certifications). Lent to handlers as TurnKit.
import type { TurnContext } from 'botbuilder';
import type { AssociationStore } from '../associations/association-store';
import type { Association, Purpose, WorkUser } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Element } from '../cards/card-elements';
import { activityDateLocale } from '../cards/date-format';
import { learningCard, type LearningCardView } from '../cards/learning-card';
import type { LearningCardOptions, TurnKit } from '../capability/capability-handler';

/** Adds elements under a linked Learning account (e.g. the certifications section). */
export type LearningSectionPart = (context: TurnContext, user: WorkUser, learning: Association) => Promise<Element[]>;

export interface LearningViewDeps {
  store: AssociationStore;
  trainingUrl: string;
  actingUser: (context: TurnContext) => Promise<WorkUser | undefined>;
  learningParts: readonly LearningSectionPart[];
}

export class LearningView implements TurnKit {
  constructor(private readonly deps: LearningViewDeps) {}

  actingUser(context: TurnContext): Promise<WorkUser | undefined> {
    return this.deps.actingUser(context);
  }

  async learningCard(context: TurnContext, options: LearningCardOptions = {}): Promise<AdaptiveCard> {
    const user = options.user ?? (await this.actingUser(context));
    const current: Partial<Record<Purpose, Association>> = {};
    if (user) for (const association of options.associations ?? (await this.deps.store.list(user))) current[association.purpose] = association;
    const view: LearningCardView = { trainingUrl: this.deps.trainingUrl, dates: activityDateLocale(context.activity) };
    if (current.training) view.training = current.training;
    if (current.learning) view.learning = current.learning;
    if (options.notice) view.notice = options.notice;
    if (options.confirmRemove) view.confirmRemove = options.confirmRemove;
    if (user && current.learning && options.confirmRemove !== 'learning') {
      const extra: Element[] = [];
      for (const part of this.deps.learningParts) extra.push(...(await part(context, user, current.learning)));
      if (extra.length) view.learningExtra = extra;
    }
    return learningCard(view);
  }
}
