// What team status keeps about a manager, and how "delete my data" takes it away: their reminder
// progress cards (no longer updated, records gone), the roster and views cached for them, their
// reminder batches renamed to the keyed form (batch ids from before keys were used, which Azure keeps
// until retention, get the key), and the team-view audit entries past retention (the rest stay keyed).
import type { WorkUser } from '../associations/model';
import type { Logger } from '../log';
import type { SendQueue } from '../proactive/proactive-store';
import type { Pseudonyms } from '../storage/pseudonyms';
import { batchPrefix, oldBatchPrefix } from './remind-batch';
import type { RemindProgressUpdater } from './remind-progress-updater';
import type { TeamStatusService } from './team-status-service';
import type { TeamViewAudit } from './team-view-audit';

export interface TeamStatusErasureDeps {
  progress: Pick<RemindProgressUpdater, 'forget'>;
  service: Pick<TeamStatusService, 'forgetViewer'>;
  queue: Pick<SendQueue, 'renameBatches'>;
  pseudonyms: Pick<Pseudonyms, 'person'>;
  /** Purges the team-view audit entries past retention. */
  purgeAudit: () => Promise<unknown>;
}

type Person = Pick<WorkUser, 'tenantId' | 'objectId'>;

export function teamStatusErasure(deps: TeamStatusErasureDeps): ((user: Person) => Promise<void>)[] {
  return [
    (user) => deps.progress.forget({ tenantId: user.tenantId, oid: user.objectId }),
    (user) => Promise.resolve(deps.service.forgetViewer({ tenantId: user.tenantId, oid: user.objectId })),
    async (user) =>
      void (await deps.queue.renameBatches(
        oldBatchPrefix(user.tenantId, user.objectId),
        batchPrefix(await deps.pseudonyms.person(user.tenantId, user.objectId)),
      )),
    async () => void (await deps.purgeAudit()),
  ];
}

/** The team-view audit keeps each entry 365 days: this purges those past it (at start-up, daily, on each deletion). */
export function teamViewAuditPurge(
  audit: Pick<TeamViewAudit, 'purgeExpired'>,
  now: () => Date,
  log: Logger,
): () => Promise<unknown> {
  return () =>
    audit.purgeExpired(now()).then(
      (purged) =>
        purged > 0 && log.info({ event: 'team.audit.purged', purged }, 'team view audit entries past retention purged'),
      (error: unknown) =>
        log.error(
          { event: 'team.audit.purge-failed', err: String(error).slice(0, 300) },
          'could not purge the team view audit',
        ),
    );
}
