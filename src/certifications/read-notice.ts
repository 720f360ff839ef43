// What a person is told after their transcript was read (or not), in the chat and in the tab alike:
// one mapping from the service's outcome to the notice above the certifications, so both say the
// same thing about the same state (what was read before is shown with its age whenever it is kept).
import type { Notice } from '../cards/learning-card';
import { userMessage } from '../errors';
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
    case 'not-shared':
      return { tone: 'attention', text: userMessage(result.view.fetchedAt ? 'transcript-not-shared' : 'transcript-not-shared-nothing-read') };
    case 'unavailable':
      return { tone: 'warning', text: userMessage(result.view.fetchedAt ? 'learn-unavailable' : 'learn-unavailable-no-cache') };
    case 'read': {
      // With ownership 'different', the section asks the question (errors.ts transcript-email-differs).
      const count = result.view.active.length + result.view.expiringSoon.length + result.view.expiredOrRetired.length;
      const what = options.refreshed ? userMessage('transcript-refreshed') : userMessage('transcript-read', { count: `${count} certification${count === 1 ? '' : 's'}` });
      return { tone: result.ownership === 'different' ? 'warning' : 'good', text: what };
    }
  }
}
