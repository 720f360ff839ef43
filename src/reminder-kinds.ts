// The reminders proactive messaging sends for the capabilities, by job kind: each capability draws
// its own message (certifications: renewals; team status: link reminders). Approval cards need the
// certification store, so app.ts adds their renderer.
import { RENEWAL_KIND, renderRenewalReminder } from './certifications/renewal-reminders';
import type { JobKind } from './proactive/proactive-store';
import type { JobRenderer } from './proactive/proactive-worker';
import { LINK_REMINDER_KIND, renderLinkReminder } from './team-status/link-reminders';

export const REMINDER_RENDERERS: Partial<Record<JobKind, JobRenderer>> = {
  [RENEWAL_KIND]: renderRenewalReminder,
  [LINK_REMINDER_KIND]: renderLinkReminder,
};

/** Reminders about the person themselves: cancelled when they leave the organization. */
export const PERSONAL_KINDS: readonly JobKind[] = [RENEWAL_KIND, LINK_REMINDER_KIND];
