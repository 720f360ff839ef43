// What would raise an area's score ("2 more people with AZ-104 → +8 Infrastructure
// points"), and what one person's certifications count toward ("Your AZ-104 counts toward
// Infrastructure (Azure)"). Pure, like credit.ts, whose rules it replays on hypothetical people.
import type { Catalogue, CatalogueArea, CatalogueMetric, Track } from './catalogue';
import { certificationLabel, normaliseCertificationName } from './catalogue-match';
import {
  activeNamesByPerson,
  areaPoints,
  isActive,
  isEligible,
  metricCredit,
  round2,
  stepCounts,
  TRACKS,
  type AreaCredit,
  type HeldCertification,
  type PersonCertifications,
} from './credit';

export interface Addition {
  people: number;
  /** Labels (exam code, else name) of the certifications any one of which would do. */
  certifications: string[];
}

export interface Suggestion {
  areaId: string;
  areaName: string;
  metricId: string;
  metricName: string;
  track: Track;
  /** People to add, step by step, in the order the gates open. */
  add: Addition[];
  /** Points the area gains (as areaPoints counts them). */
  gain: number;
}

const MAX_HYPOTHETICAL_PEOPLE = 200;

function metricCounts(
  catalogue: Catalogue,
  people: readonly PersonCertifications[],
  now: Date,
): Map<string, number[][]> {
  const byPerson = activeNamesByPerson(people, now);
  return new Map(catalogue.areas.map((area) => [area.id, area.metrics.map((m) => stepCounts(m, byPerson, now))]));
}

/** The fewest people to add to one metric (first unmet gate of `track` first) before the area's points rise. */
function cheapestRaise(
  area: CatalogueArea,
  metric: CatalogueMetric,
  metricIndex: number,
  track: Track,
  credit: AreaCredit,
  counts: number[],
  assigned: Track,
  now: Date,
): Suggestion | undefined {
  const current = areaPoints(credit, assigned);
  const metricPoints = credit[track].metrics[metricIndex]?.points ?? 0;
  if (metricPoints >= metric.max) return undefined;
  // The same hypothetical people count on both tracks; the area keeps what areaPoints says.
  const areaWith = (extra: number[]): number => {
    const total = counts.map((c, i) => c + (extra[i] ?? 0));
    const trackPoints = (t: Track) =>
      round2(credit[t].points - (credit[t].metrics[metricIndex]?.points ?? 0) + metricCredit(metric, t, total).points);
    const changed: AreaCredit = {
      ...credit,
      enterprise: { ...credit.enterprise, points: trackPoints('enterprise') },
      smb: { ...credit.smb, points: trackPoints('smb') },
    };
    return areaPoints(changed, assigned);
  };
  const extra = metric.steps.map(() => 0);
  for (let added = 1; added <= MAX_HYPOTHETICAL_PEOPLE; added += 1) {
    const unmet = metric.steps.findIndex(
      (step, i) => step.kind === 'gate' && (counts[i] ?? 0) + (extra[i] ?? 0) < step[track].minPeople,
    );
    const target = unmet === -1 ? metric.steps.length - 1 : unmet;
    extra[target] = (extra[target] ?? 0) + 1;
    const newArea = areaWith(extra);
    if (newArea > current) {
      return {
        areaId: area.id,
        areaName: area.name,
        metricId: metric.id,
        metricName: metric.name,
        track,
        // Only certifications that still earn points at `now` are worth taking.
        add: metric.steps.flatMap((step, i) =>
          (extra[i] ?? 0) > 0
            ? [
                {
                  people: extra[i] ?? 0,
                  certifications: step.certifications.filter((entry) => isEligible(entry, now)).map(certificationLabel),
                },
              ]
            : [],
        ),
        gain: round2(newArea - current),
      };
    }
    if (
      metricCredit(
        metric,
        track,
        counts.map((c, i) => c + (extra[i] ?? 0)),
      ).points >= metric.max
    )
      return undefined;
  }
  return undefined;
}

/**
 * For each area and metric, the smallest step that raises the area's points: for "assigned" areas
 * on the organization's track, for "higher-of-both" areas on whichever track gets there.
 * Sorted by points gained per person added, best first.
 */
export function suggestImprovements(
  catalogue: Catalogue,
  credit: readonly AreaCredit[],
  people: readonly PersonCertifications[],
  now: Date,
  assigned: Track,
): Suggestion[] {
  const counts = metricCounts(catalogue, people, now);
  const suggestions: Suggestion[] = [];
  for (const area of catalogue.areas) {
    const areaCredit = credit.find((c) => c.areaId === area.id);
    if (!areaCredit) continue;
    const tracks = area.trackChoice === 'higher-of-both' ? TRACKS : [assigned];
    area.metrics.forEach((metric, i) => {
      const options = tracks.flatMap(
        (t) => cheapestRaise(area, metric, i, t, areaCredit, counts.get(area.id)?.[i] ?? [], assigned, now) ?? [],
      );
      const best = options.sort((a, b) => perPerson(b) - perPerson(a))[0];
      if (best) suggestions.push(best);
    });
  }
  return suggestions.sort((a, b) => perPerson(b) - perPerson(a));
}

function perPerson(s: Suggestion): number {
  return s.gain / s.add.reduce((sum, a) => sum + a.people, 0);
}

function listOf(labels: string[]): string {
  const shown = labels.slice(0, 3);
  return labels.length === 1
    ? (shown[0] ?? '')
    : `one of ${shown.join(', ')}${labels.length > 3 ? ' (or another eligible one)' : ''}`;
}

/** "2 more people with AZ-104 → +8 Infrastructure (Azure) points". */
export function suggestionText(s: Suggestion): string {
  const parts = s.add.map(
    (a) => `${a.people} more ${a.people === 1 ? 'person' : 'people'} with ${listOf(a.certifications)}`,
  );
  const steps = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
  return `${steps} → +${s.gain} ${s.areaName} points`;
}

export interface Contribution {
  /** The catalogue's label (exam code, else name), e.g. "AZ-104". */
  certification: string;
  /** Area names it counts toward, in catalogue order, each once. */
  areas: string[];
}

/** What one person's active certifications count toward (eligibility; the organization's gates decide the points). */
export function personContribution(
  catalogue: Catalogue,
  certifications: readonly HeldCertification[],
  now: Date,
): Contribution[] {
  const held = new Set(certifications.filter((c) => isActive(c, now)).map((c) => normaliseCertificationName(c.name)));
  const byLabel = new Map<string, string[]>();
  for (const area of catalogue.areas) {
    for (const metric of area.metrics) {
      for (const step of metric.steps) {
        for (const entry of step.certifications) {
          const names = [entry.name, ...(entry.alsoKnownAs ?? [])].map(normaliseCertificationName);
          if (!names.some((n) => held.has(n))) continue;
          if (!isEligible(entry, now)) continue;
          const areas = byLabel.get(certificationLabel(entry)) ?? [];
          if (!areas.includes(area.name)) areas.push(area.name);
          byLabel.set(certificationLabel(entry), areas);
        }
      }
    }
  }
  return [...byLabel].map(([certification, areas]) => ({ certification, areas }));
}

/** "Your AZ-104 counts toward Data & AI (Azure) and Infrastructure (Azure)." */
export function contributionText(c: Contribution): string {
  const areas =
    c.areas.length > 1 ? `${c.areas.slice(0, -1).join(', ')} and ${c.areas.at(-1) ?? ''}` : (c.areas[0] ?? '');
  return `Your ${c.certification} counts toward ${areas}.`;
}
