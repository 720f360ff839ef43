// The "Your learning" card as it stands for the acting person: their associations, plus what other
// capabilities add to the linked Learning section (certifications). Lent to the capabilities that
// answer with it (sign-in, associations, certifications).
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Element } from '../cards/card-elements';
import { activityDateLocale } from '../cards/date-format';
import { learningCard, type LearningCardView, type Notice } from './learning-card';
import type { Turn } from '../channel/turn';
import type { AssociationStore } from './association-store';
import type { Association, Purpose, WorkUser } from './model';

/**
 * Reads the parts of one drawing of the card share: a part asking for a `key` another part already
 * asked for gets that same read (the parts run at once; nothing is kept past the drawing).
 */
export type SharedReads = <T>(key: string, read: () => Promise<T>) => Promise<T>;

/** Adds elements under a linked Learning account (e.g. the certifications section). */
export type LearningSectionPart = (
  turn: Turn,
  user: WorkUser,
  learning: Association,
  reads: SharedReads,
) => Promise<Element[]>;

/** How the Learning card is drawn this turn: a notice on top, or a removal to confirm. */
export interface LearningCardOptions {
  notice?: Notice;
  confirmRemove?: Purpose;
  /** The person's associations as this turn just read them (not read again). */
  associations?: readonly Association[];
}

export interface LearningViewDeps {
  store: AssociationStore;
  trainingUrl: string;
  learningParts: readonly LearningSectionPart[];
}

export class LearningView {
  constructor(private readonly deps: LearningViewDeps) {}

  /** `user`'s card (none linked when undefined), in the reader's locale and time zone. */
  async card(turn: Turn, user: WorkUser | undefined, options: LearningCardOptions = {}): Promise<AdaptiveCard> {
    const current: Partial<Record<Purpose, Association>> = {};
    if (user)
      for (const association of options.associations ?? (await this.deps.store.list(user)))
        current[association.purpose] = association;
    const view: LearningCardView = { trainingUrl: this.deps.trainingUrl, dates: activityDateLocale(turn.activity) };
    if (current.training) view.training = current.training;
    if (current.learning) view.learning = current.learning;
    if (options.notice) view.notice = options.notice;
    if (options.confirmRemove) view.confirmRemove = options.confirmRemove;
    if (user && current.learning && options.confirmRemove !== 'learning') {
      // The parts read at once (one round trip on Azure Storage), shown in their order.
      const learningAccount = current.learning;
      const reads = sharedReads();
      const extra: Element[] = (
        await Promise.all(this.deps.learningParts.map((part) => part(turn, user, learningAccount, reads)))
      ).flat();
      if (extra.length) view.learningExtra = extra;
    }
    return learningCard(view);
  }
}

function sharedReads(): SharedReads {
  const started = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const kept = started.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const made = read();
    started.set(key, made);
    return made;
  };
}
