// The organization's skilling points per solution area, computed from its people's
// certifications by the catalogue's rules. Pure: no I/O, no clock (the caller passes `now`).
//  - Every metric is gates then one scoring step; a step counts only when every step before it is
//    met (Azure areas and Security gate; Business Applications and Modern Work have the scoring step only).
//  - A gate is met by `minPeople` distinct people (Enterprise 2, worth 0; SMB 1, worth 4).
//  - At the scoring step each distinct person is worth `pointsPerPerson` once, however many of the
//    step's certifications they hold (the per-person cap); the metric is capped at its max.
//  - Only active certifications count: not expired at `now`, and not past the catalogue's pcsEligibleUntil.
import type {
  Catalogue,
  CatalogueArea,
  CatalogueCertification,
  CatalogueMetric,
  CatalogueStep,
  Track,
} from './catalogue';
import { normaliseCertificationName } from './catalogue-match';
import type { CertificationRecord } from './transcript';

export interface HeldCertification {
  /** The name as Learn shows it on the transcript. */
  name: string;
  /** Undefined or null: no expiry (Fundamentals). */
  expiresOn?: Date | null;
}

export interface PersonCertifications {
  /** Any stable id of the person (e.g. the work object id); two entries with one id are one person. */
  personId: string;
  certifications: readonly HeldCertification[];
}

export interface StepCredit {
  stepId: string;
  kind: 'gate' | 'scoring';
  /** Distinct people holding one of the step's active certifications. */
  people: number;
  /** Gates: enough people. Scoring step: every gate before it is met. */
  met: boolean;
  points: number;
}

export interface MetricCredit {
  metricId: string;
  name: string;
  max: number;
  points: number;
  steps: StepCredit[];
}

export interface TrackCredit {
  track: Track;
  points: number;
  max: number;
  metrics: MetricCredit[];
}

export interface AreaCredit {
  areaId: string;
  name: string;
  trackChoice: CatalogueArea['trackChoice'];
  enterprise: TrackCredit;
  smb: TrackCredit;
}

export const TRACKS: readonly Track[] = ['enterprise', 'smb'];
const DAY_MS = 24 * 60 * 60 * 1000;

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Is the certification active at `now` (not expired)? No expiry = active. */
export function isActive(certification: HeldCertification, now: Date): boolean {
  return (
    certification.expiresOn === undefined ||
    certification.expiresOn === null ||
    certification.expiresOn.getTime() > now.getTime()
  );
}

/** A cached transcript as credit input: Learn's active list only (historical, expired or retired ones never count). */
export function heldCertifications(record: CertificationRecord | null): HeldCertification[] {
  return (record?.certifications ?? [])
    .filter((c) => !c.historical && !/expired|retired|revoked/i.test(c.status))
    .map((c) => ({ name: c.name, expiresOn: c.expiresOn }));
}

/** The first instant (ms) a catalogue entry earns nothing: the day after its pcsEligibleUntil (UTC); undefined when it has none. */
export function pcsEndOf(entry: CatalogueCertification): number | undefined {
  return entry.pcsEligibleUntil ? Date.parse(entry.pcsEligibleUntil) + DAY_MS : undefined;
}

/** Does the catalogue entry still earn points at `now`? */
export function isEligible(entry: CatalogueCertification, now: Date): boolean {
  const end = pcsEndOf(entry);
  return end === undefined || now.getTime() < end;
}

/** Normalised names of the step's certifications that still earn points at `now`. */
function eligibleNames(step: CatalogueStep, now: Date): Set<string> {
  const names = new Set<string>();
  for (const entry of step.certifications) {
    if (!isEligible(entry, now)) continue;
    for (const n of [entry.name, ...(entry.alsoKnownAs ?? [])]) names.add(normaliseCertificationName(n));
  }
  return names;
}

/** Per person, the normalised names of their active certifications (people merged by id). */
export function activeNamesByPerson(people: readonly PersonCertifications[], now: Date): Map<string, Set<string>> {
  const byPerson = new Map<string, Set<string>>();
  for (const person of people) {
    const names = byPerson.get(person.personId) ?? new Set<string>();
    for (const c of person.certifications) if (isActive(c, now)) names.add(normaliseCertificationName(c.name));
    byPerson.set(person.personId, names);
  }
  return byPerson;
}

/** Distinct people holding one of each step's certifications. */
export function stepCounts(metric: CatalogueMetric, byPerson: Map<string, Set<string>>, now: Date): number[] {
  return metric.steps.map((step) => {
    const names = eligibleNames(step, now);
    let count = 0;
    for (const held of byPerson.values()) if ([...held].some((n) => names.has(n))) count += 1;
    return count;
  });
}

/** The metric's points on one track, given how many people each step has. */
export function metricCredit(metric: CatalogueMetric, track: Track, counts: readonly number[]): MetricCredit {
  let open = true;
  let total = 0;
  const steps: StepCredit[] = metric.steps.map((step, i) => {
    const people = counts[i] ?? 0;
    if (step.kind === 'gate') {
      const rule = step[track];
      const met = open && people >= rule.minPeople;
      const points = met ? rule.points : 0;
      open = met;
      total += points;
      return { stepId: step.id, kind: step.kind, people, met, points };
    }
    const points = open ? people * step[track].pointsPerPerson : 0;
    total += points;
    return { stepId: step.id, kind: step.kind, people, met: open, points: round2(points) };
  });
  return {
    metricId: metric.id,
    name: metric.name,
    max: metric.max,
    points: round2(Math.min(total, metric.max)),
    steps,
  };
}

function trackCredit(area: CatalogueArea, track: Track, counts: number[][]): TrackCredit {
  const metrics = area.metrics.map((m, i) => metricCredit(m, track, counts[i] ?? []));
  return {
    track,
    points: round2(metrics.reduce((sum, m) => sum + m.points, 0)),
    max: round2(area.metrics.reduce((sum, m) => sum + m.max, 0)),
    metrics,
  };
}

/** Skilling points per solution area, on both tracks. */
export function computeCredit(catalogue: Catalogue, people: readonly PersonCertifications[], now: Date): AreaCredit[] {
  const byPerson = activeNamesByPerson(people, now);
  return catalogue.areas.map((area) => {
    const counts = area.metrics.map((m) => stepCounts(m, byPerson, now));
    return {
      areaId: area.id,
      name: area.name,
      trackChoice: area.trackChoice,
      enterprise: trackCredit(area, 'enterprise', counts),
      smb: trackCredit(area, 'smb', counts),
    };
  });
}

/**
 * The area's skilling points as Microsoft counts them: the higher of both tracks where the
 * catalogue says so (Modern Work, Security), else the organization's assigned track.
 */
export function areaPoints(area: AreaCredit, assigned: Track): number {
  return area.trackChoice === 'higher-of-both'
    ? Math.max(area.enterprise.points, area.smb.points)
    : area[assigned].points;
}
