// What certifications keep about a person, and how it goes: the cached transcript, its renewal
// reminders and the partner admins' approval requests about it when the Learning association is
// removed, and with "delete my data" also the person's id in the partner admins' decisions.
import type { WorkUser } from '../associations/model';
import type { SendQueue } from '../proactive/proactive-store';
import { CREDIT_APPROVAL_KIND } from './credit-approvals';
import { RENEWAL_KIND } from './renewal-reminders';
import type { CertificationStore } from './certification-store';
import type { CertificationsService } from './certifications-service';

export interface CertificationsErasureDeps {
  service: Pick<CertificationsService, 'forget'>;
  store: Pick<CertificationStore, 'eraseFromDecisions'>;
  queue: Pick<SendQueue, 'cancelPending' | 'eraseAbout'>;
  now: () => Date;
}

type Person = Pick<WorkUser, 'tenantId' | 'objectId'>;

/**
 * The Learning association was removed: its certifications and pending renewal reminders go, and so
 * do the approval requests about it (queued or sent: each names the person).
 */
export function forgetCertifications(deps: CertificationsErasureDeps): (user: Person) => Promise<void> {
  return async (user) => {
    const person = { tenantId: user.tenantId, aadObjectId: user.objectId };
    await deps.service.forget(user);
    await deps.queue.cancelPending(person, RENEWAL_KIND, deps.now());
    await deps.queue.eraseAbout(person, CREDIT_APPROVAL_KIND);
  };
}

/** "Delete my data": the above, and the person's id taken out of the partner admins' decisions. */
export function certificationsErasure(deps: CertificationsErasureDeps): ((user: Person) => Promise<void>)[] {
  return [forgetCertifications(deps), (user) => deps.store.eraseFromDecisions(user, deps.now())];
}
