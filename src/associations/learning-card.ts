// The "Your learning" card: Partner Center's two sections, with the seed's headings and wording.
import type { Association, Purpose } from './model';
import {
  actionSet,
  card,
  container,
  execute,
  heading,
  openUrl,
  plain,
  text,
  type Action,
  type AdaptiveCard,
  type Element,
} from '../cards/card-elements';
import { formatDate, type DateLocale } from '../cards/date-format';
import { LINK_LEARNING_TITLE, LINK_TRAINING_TITLE } from '../help/welcome-card';

export interface Notice {
  tone: 'default' | 'good' | 'warning' | 'attention';
  text: string;
}

export interface LearningCardView {
  training?: Association;
  learning?: Association;
  trainingUrl: string;
  notice?: Notice;
  confirmRemove?: Purpose;
  /** The reader's locale and time zone (Teams' activity.locale / localTimezone) for "since …". */
  dates?: DateLocale;
  /** More of the linked Learning section, from other capabilities (certifications). */
  learningExtra?: Element[];
}

/** Each section's wording (the seed's headings and sentences); the personal tab shows the same. */
export const LEARNING_SECTIONS = {
  training: {
    heading: 'Microsoft training & assessments',
    notLinked: 'Connect a Microsoft Account to access Microsoft training and assessments through Partner University.',
    linkTitle: LINK_TRAINING_TITLE,
    removeTitle: 'Remove access',
    confirmTitle: 'Yes, remove access',
    confirmText:
      'Remove Partner University access? This personal account will no longer give you Partner University training through your organization. You can connect it again at any time.',
  },
  learning: {
    heading: 'Microsoft exams and certifications',
    notLinked:
      'Associate a Microsoft account that you have used to complete exams and certifications through Microsoft Learning so that we can give credit to your organization.',
    linkTitle: LINK_LEARNING_TITLE,
    removeTitle: 'Remove association',
    confirmTitle: 'Yes, remove association',
    confirmText:
      "Remove the association? Your exams and certifications stop crediting your organization. Associating again later counts toward Partner Center's limits: 30 days between associations, at most 3 a year.",
  },
} as const;

function section(purpose: Purpose, association: Association | undefined, view: LearningCardView): Element {
  const s = LEARNING_SECTIONS[purpose];
  const items: Element[] = [heading(s.heading)];
  if (!association) {
    items.push(text(s.notLinked), actionSet(execute(s.linkTitle, { verb: 'link', purpose }, 'positive')));
    return container(items, { separator: true, spacing: 'medium' });
  }
  items.push(
    text(
      `Linked to **${plain(association.personal.maskedEmail)}** since ${formatDate(association.linkedAt, view.dates)}.`,
    ),
  );
  if (purpose === 'learning')
    items.push(text(LEARNING_CREDIT_NOTE, { isSubtle: true, spacing: 'small' }), ...(view.learningExtra ?? []));
  if (view.confirmRemove === purpose) {
    items.push(
      container(
        [
          text(s.confirmText),
          actionSet(
            execute(s.confirmTitle, { verb: 'removeConfirm', purpose, associationId: association.id }, 'destructive'),
            execute('Keep it', { verb: 'status' }),
          ),
        ],
        { style: 'attention' },
      ),
    );
    return container(items, { separator: true, spacing: 'medium' });
  }
  const actions: Action[] = [];
  if (purpose === 'training') actions.push(openUrl('View training', view.trainingUrl));
  actions.push(execute(s.removeTitle, { verb: 'removeRequest', purpose, associationId: association.id }));
  items.push(actionSet(...actions));
  return container(items, { separator: true, spacing: 'medium' });
}

/** What the person is told after a removal went through (card and tab). */
export function removedText(purpose: Purpose): string {
  return purpose === 'training'
    ? 'Partner University access removed.'
    : 'Microsoft Learning account association removed: its exams and certifications no longer credit your organization.';
}

/** The line under a linked Learning account. */
export const LEARNING_CREDIT_NOTE = 'Exams and certifications of this account give credit to your organization.';

/**
 * A notice is a coloured container with text in the container's DEFAULT colour, as Teams' own cards
 * do: Teams' host configs pair each container style with a readable default text colour (light, dark
 * and high contrast), while coloured text on a coloured container is not (amber on amber 1.18:1).
 */
const NOTICE_STYLE = { default: 'emphasis', good: 'good', warning: 'warning', attention: 'attention' } as const;

export function learningCard(view: LearningCardView): AdaptiveCard {
  const body: Element[] = [heading('Your learning', 'large')];
  if (view.notice) {
    body.push(container([text(view.notice.text)], { style: NOTICE_STYLE[view.notice.tone] }));
  }
  body.push(section('training', view.training, view), section('learning', view.learning, view));
  body.push(actionSet(execute('Help', { verb: 'help' })));
  return card(body);
}
