// What certifications keep about a person, and how it goes: the cached transcript and its renewal
// reminders when the Learning association is removed, and with "delete my data" also the person's
// id in the partner admins' decisions.
import type { WorkUser } from '../associations/model';
import type { SendQueue } from '../proactive/proactive-store';
import { RENEWAL_KIND } from './renewal-reminders';
import type { CertificationStore } from './certification-store';
import type { CertificationsService } from './certifications-service';

export interface CertificationsErasureDeps {
  service: Pick<CertificationsService, 'forget'>;
  store: Pick<CertificationStore, 'eraseFromDecisions'>;
  queue: Pick<SendQueue, 'cancelPending'>;
  now: () => Date;
}

type Person = Pick<WorkUser, 'tenantId' | 'objectId'>;

/** The Learning association was removed: its certifications and pending renewal reminders go. */
export function forgetCertifications(deps: CertificationsErasureDeps): (user: Person) => Promise<void> {
  return async (user) => {
    await deps.service.forget(user);
    await deps.queue.cancelPending({ tenantId: user.tenantId, aadObjectId: user.objectId }, RENEWAL_KIND, deps.now());
  };
}

/** "Delete my data": the above, and the person's id taken out of the partner admins' decisions. */
export function certificationsErasure(deps: CertificationsErasureDeps): ((user: Person) => Promise<void>)[] {
  return [forgetCertifications(deps), (user) => deps.store.eraseFromDecisions(user, deps.now())];
}
