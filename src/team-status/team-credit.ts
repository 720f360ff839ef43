// The skilling credit a team view's people earn, per solution area, with what would
// raise it, for the manager's card. The people's creditable certifications come from the cached
// transcripts (a transcript flagged as someone else's counts for nothing); the points and the
// suggestions come from the certifications module's credit rules. The organization's track is not
// known here, so the Enterprise track is shown and the card says so.
import type { Catalogue, Track } from '../certifications/catalogue';
import type { CertificationStore } from '../certifications/certification-store';
import { CertificationsService } from '../certifications/certifications-service';
import {
  areaPoints,
  computeCredit,
  heldCertifications,
  type HeldCertification,
  type PersonCertifications,
} from '../certifications/credit';
import { suggestImprovements, suggestionText } from '../certifications/credit-advice';
import { readEach } from './per-person-reads';
import type { CreditArea } from './team-card';

/** The creditable certifications of a page of people (only those who hold any are answered). */
export interface HeldCertificationsPort {
  held(tenantId: string, objectIds: readonly string[]): Promise<ReadonlyMap<string, HeldCertification[]>>;
}

export const SHOWN_TRACK: Track = 'enterprise';
const SUGGESTIONS_PER_AREA = 3;

export function heldCertificationsFromStore(store: Pick<CertificationStore, 'cached'>): HeldCertificationsPort {
  return {
    async held(tenantId, objectIds) {
      const held = new Map<string, HeldCertification[]>();
      const read = await readEach(objectIds, (objectId) => store.cached({ tenantId, objectId }));
      for (const [i, objectId] of objectIds.entries()) {
        const certifications = heldCertifications(CertificationsService.creditable(read[i]));
        if (certifications.length > 0) held.set(objectId, certifications);
      }
      return held;
    },
  };
}

/** Each area's points (Enterprise track, or the higher of both where the catalogue says so) and up to three raises. */
export function teamCredit(
  catalogue: Catalogue,
  people: readonly PersonCertifications[],
  now: Date,
  track: Track = SHOWN_TRACK,
): CreditArea[] {
  const credit = computeCredit(catalogue, people, now);
  const suggestions = suggestImprovements(catalogue, credit, people, now, track);
  return credit.map((area) => ({
    area: area.name,
    points: areaPoints(area, track),
    max: area.trackChoice === 'higher-of-both' ? Math.max(area.enterprise.max, area.smb.max) : area[track].max,
    suggestions: suggestions
      .filter((s) => s.areaId === area.areaId)
      .slice(0, SUGGESTIONS_PER_AREA)
      .map(suggestionText),
  }));
}
