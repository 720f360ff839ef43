// What the tab page shows, as data: the "Your learning" card's two sections with the card's own
// wording (one source: cards/learning-card.ts), so the chat and the tab never say different things.
import type { Association, Purpose } from '../associations/model';
import { PURPOSES } from '../associations/model';
import { LEARNING_CREDIT_NOTE, LEARNING_SECTIONS, type Notice } from '../cards/learning-card';

export interface TabSection {
  purpose: Purpose;
  heading: string;
  notLinkedText: string;
  linkTitle: string;
  removeTitle: string;
  confirmTitle: string;
  confirmText: string;
  /** Present when a personal account is linked for this purpose. */
  linked: { associationId: string; maskedEmail: string; linkedAt: string; note: string | null } | null;
  /** "View training" (training section only, when linked). */
  viewTrainingUrl: string | null;
}

export interface TabLearningView {
  person: { displayName: string } | null;
  sections: TabSection[];
  notice: Notice | null;
}

export function tabLearningView(
  associations: readonly Association[],
  trainingUrl: string,
  person: TabLearningView['person'],
  notice: Notice | null = null,
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
            note: purpose === 'learning' ? LEARNING_CREDIT_NOTE : null,
          }
        : null,
      viewTrainingUrl: association && purpose === 'training' ? trainingUrl : null,
    };
  });
  return { person, sections, notice };
}
