// Plain-words notices for the outcome of a link, shown on the Your learning card.
import type { LinkOutcome } from './association-store';
import type { Purpose } from './model';
import { plain } from '../cards/card-elements';
import { formatDate, type DateLocale } from '../cards/date-format';
import { userMessage } from '../errors';

import type { Notice } from './learning-card';

export type { Notice };

/** `dates`: the reader's locale and time zone (Teams' activity), for the dates in Partner Center's sentences. */
export function linkNotice(purpose: Purpose, outcome: LinkOutcome, dates: DateLocale = {}): Notice {
  switch (outcome.kind) {
    case 'linked': {
      // Card and message text are Markdown: "a***@outlook.com" must not turn into bold.
      const account = plain(outcome.association.personal.maskedEmail);
      if (purpose === 'training') return { tone: 'good', text: `Partner University access is linked to ${account}.` };
      return {
        tone: 'good',
        text: outcome.moved
          ? `Your Microsoft Learning account ${account} is associated, and its credit moved to your organization.`
          : `Your Microsoft Learning account ${account} is associated: its exams and certifications now credit your organization.`,
      };
    }
    case 'already-linked':
      return { tone: 'good', text: userMessage('already-linked') };
    case 'purpose-taken':
      return { tone: 'warning', text: userMessage('purpose-taken') };
    case 'held-by-colleague':
      return { tone: 'attention', text: userMessage('held-by-colleague') };
    case 'move-needs-confirmation':
      return {
        tone: 'warning',
        text: 'This Microsoft Learning account gives credit to another organization. To move the credit here, select **Move credit here** on the confirmation card.',
      };
    case 'cool-off':
      return {
        tone: 'attention',
        text: userMessage('cool-off', { date: formatDate(outcome.nextAllowed, dates, 'long') }),
      };
    case 'yearly-limit':
      return {
        tone: 'attention',
        text: userMessage('yearly-limit', { date: formatDate(outcome.nextAllowed, dates, 'long') }),
      };
    case 'move-expired':
      return { tone: 'warning', text: userMessage('move-expired') };
  }
}
