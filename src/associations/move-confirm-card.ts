// The Learning credit-move warning (a Learning account credits one organization at a time): names no one, says what moves.
import { actionSet, card, execute, heading, text, type AdaptiveCard } from '../cards/card-elements';

export function moveConfirmCard(view: { pendingId: string }): AdaptiveCard {
  return card([
    heading('Move your certification credit here?', 'large'),
    text(
      'This Microsoft Learning account currently gives credit for its exams and certifications to another organization.',
    ),
    text('If you continue, the credit moves to your organization and stops for the other one.'),
    text(
      'Partner Center allows this at most 3 times a year, with 30 days between associations. This request expires in 15 minutes.',
      { isSubtle: true },
    ),
    actionSet(
      execute('Move credit here', { verb: 'moveConfirm', pendingId: view.pendingId }, 'positive'),
      execute('Cancel', { verb: 'moveCancel', pendingId: view.pendingId }),
    ),
  ]);
}
