// "Delete my data" for proactive messaging: the person's conversation reference, reminder preference
// and jobs (person-erasure.ts, per engine).
import type { WorkUser } from '../associations/model';
import type { ProactiveErasure } from './person-erasure';

export function proactiveErasure(
  erasure: ProactiveErasure,
): (user: Pick<WorkUser, 'tenantId' | 'objectId'>) => Promise<void> {
  return async (user) => void (await erasure.erase({ tenantId: user.tenantId, aadObjectId: user.objectId }));
}
