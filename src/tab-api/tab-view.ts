// What the tab page shows, as data: the "Your learning" card's two sections with the card's own
// wording (one source: associations/learning-card.ts) and dates written by the same function as the card's
// (cards/date-format.ts, in the page's locale), so the chat and the tab never say different things.
import type { Association } from '../associations/model';
import { PURPOSES } from '../associations/model';
import { formatDate, type DateLocale } from '../cards/date-format';
import { LEARNING_CREDIT_NOTE, LEARNING_SECTIONS, type Notice } from '../associations/learning-card';
import type { TabLearningView, TabSection } from '../tab/tab-wire';

export type { TabLearningView, TabSection };

export function tabLearningView(
  associations: readonly Association[],
  trainingUrl: string,
  person: TabLearningView['person'],
  notice: Notice | null = null,
  dates: DateLocale = {},
): TabLearningView {
  const sections = PURPOSES.map((purpose): TabSection => {
    const wording = LEARNING_SECTIONS[purpose];
    const association = associations.find((a) => a.purpose === purpose);
    return {
      purpose,
      heading: wording.heading,
      notLinkedText: wording.notLinked,
      linkTitle: wording.linkTitle,
      removeTitle: wording.removeTitle,
      confirmTitle: wording.confirmTitle,
      confirmText: wording.confirmText,
      linked: association
        ? {
            associationId: association.id,
            maskedEmail: association.personal.maskedEmail,
            linkedAt: association.linkedAt.toISOString(),
            since: formatDate(association.linkedAt, dates),
            note: purpose === 'learning' ? LEARNING_CREDIT_NOTE : null,
          }
        : null,
      viewTrainingUrl: association && purpose === 'training' ? trainingUrl : null,
    };
  });
  return { person, sections, notice };
}
