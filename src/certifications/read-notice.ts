// What a person is told after their transcript was read (or not), in the chat and in the tab alike:
// one mapping from the service's outcome to the notice above the certifications, so both say the
// same thing about the same state (what was read before is shown with its age whenever it is kept).
import type { Notice } from '../associations/learning-card';
import { userMessage } from '../errors';
import { countsForCredit } from './certification-store';
import type { PasteResult } from './certifications-service';

export interface ReadNoticeOptions {
  /** A Refresh (the link was read again), rather than a pasted link. */
  refreshed: boolean;
  /** What a stale request is told where it came from (a stale card in the chat, a stale page in the tab). */
  stale: string;
}

export function readNotice(result: PasteResult, options: ReadNoticeOptions): Notice {
  switch (result.kind) {
    case 'none':
    case 'invalid':
      return { tone: 'warning', text: userMessage('transcript-link-invalid') };
    case 'no-link':
      return { tone: 'default', text: userMessage('transcript-link-ask') };
    case 'stale':
      return { tone: 'warning', text: options.stale };
    case 'taken':
      return {
        tone: 'attention',
        text: userMessage(options.refreshed ? 'transcript-held-in-org-dropped' : 'transcript-held-in-org'),
      };
    case 'limited':
      return { tone: 'warning', text: userMessage(result.code, { wait: result.wait }) };
    case 'not-shared':
      return {
        tone: 'attention',
        text: userMessage(result.view.fetchedAt ? 'transcript-not-shared' : 'transcript-not-shared-nothing-read'),
      };
    case 'unavailable':
      return {
        tone: 'warning',
        text: userMessage(result.view.fetchedAt ? 'learn-unavailable' : 'learn-unavailable-no-cache'),
      };
    case 'read': {
      // A transcript that doesn't count: the card's section says why (and asks, while it is in doubt).
      const count = result.view.active.length + result.view.expiringSoon.length + result.view.expiredOrRetired.length;
      const what = options.refreshed
        ? userMessage('transcript-refreshed')
        : userMessage('transcript-read', { count: `${count} certification${count === 1 ? '' : 's'}` });
      return { tone: countsForCredit(result.ownership) ? 'good' : 'warning', text: what };
    }
  }
}
