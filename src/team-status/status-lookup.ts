// What is known about each person on a roster page, from the stores: link state from the
// association store (only *whether* each purpose is linked: the personal account never leaves this
// function) and a certification summary from the certifications module, when it is wired.
// Called once per Graph page (at most 100 people), so a roster is never looked up whole.
import type { AssociationStore } from '../associations/association-store';
import type { CertificationSummary, PersonLinks, PersonStatus, RosterPerson, StatusLookup } from './model';
import { readEach } from './per-person-reads';

/** Link state of a page of people; a store may answer it with one query (`… WHERE oid IN (…)`). */
export interface LinkStatePort {
  linkStates(tenantId: string, objectIds: readonly string[]): Promise<ReadonlyMap<string, PersonLinks>>;
}

/** Certification counts of a page of people at `now` (active, expiring within 6 months). */
export interface CertificationSummaryPort {
  summaries(
    tenantId: string,
    objectIds: readonly string[],
    now: Date,
  ): Promise<ReadonlyMap<string, CertificationSummary>>;
}

/** Link states through the store's per-person `list` (the port a batch query can replace). */
export function linkStatesFromStore(store: Pick<AssociationStore, 'list'>): LinkStatePort {
  return {
    async linkStates(tenantId, objectIds) {
      const listed = await readEach(objectIds, (objectId) => store.list({ tenantId, objectId }));
      const states = new Map<string, PersonLinks>();
      objectIds.forEach((objectId, i) => {
        const associations = listed[i] ?? [];
        states.set(objectId, {
          training: associations.some((a) => a.purpose === 'training'),
          learning: associations.some((a) => a.purpose === 'learning'),
        });
      });
      return states;
    },
  };
}

export function statusLookup(
  tenantId: string,
  links: LinkStatePort,
  certifications?: CertificationSummaryPort,
  now: () => Date = () => new Date(),
): StatusLookup {
  return async (people: readonly RosterPerson[]) => {
    const ids = people.map((p) => p.id);
    const [linkMap, certMap] = await Promise.all([
      links.linkStates(tenantId, ids),
      certifications
        ? certifications.summaries(tenantId, ids, now())
        : Promise.resolve(new Map<string, CertificationSummary>()),
    ]);
    const statuses = new Map<string, PersonStatus>();
    for (const id of ids) {
      statuses.set(id, {
        links: linkMap.get(id) ?? { training: false, learning: false },
        certifications: certMap.get(id) ?? null,
      });
    }
    return statuses;
  };
}
