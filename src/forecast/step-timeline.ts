// Who counts on each step of each metric, and until when. Without renewals or new certifications a
// person counts on a step from today until one instant (their `end`: the latest end among their
// certifications of that step, each the earliest of its expiry, the catalogue's PCS-eligible end and
// Partner Center's refresh after they left). So a step's people at any time t are "ends after t",
// one binary search, and a metric's points at t are credit.ts's own metricCredit over those counts:
// the credit rules are reused, never restated. Renewals are tried as `StepMod`s (one person's end moved later).
import type { Catalogue, CatalogueArea, CatalogueMetric, Track } from '../certifications/catalogue';
import { certificationLabel, normaliseCertificationName } from '../certifications/catalogue-match';
import {
  isActive,
  metricCredit,
  pcsEndOf,
  round2,
  type MetricCredit,
  type PersonCertifications,
} from '../certifications/credit';
import { renewedExpiry } from './forecast-dates';
import type { EventKind } from './forecast-model';

export interface StepHolder {
  personId: string;
  /** The instant (ms) they stop counting; Infinity: never. */
  end: number;
  /** The certification that keeps them on the step longest (its catalogue label). */
  certification: string;
  cause: EventKind;
  /** A renewal can keep them: an expiry (not a retirement or departure) of an exam not retired by today. */
  renewable: boolean;
  /** The certification's expiry (ms), when it has one. */
  expiresOn?: number;
  /** Their end on this step once that certification is renewed (ms). */
  renewedEnd?: number;
}

export interface StepTimeline {
  /** Ascending. */
  ends: Float64Array;
  /** In the order of `ends`. */
  holders: StepHolder[];
}

export interface MetricTimeline {
  metric: CatalogueMetric;
  steps: StepTimeline[];
}

export interface AreaTimeline {
  area: CatalogueArea;
  metrics: MetricTimeline[];
}

/** One person's end on one step moved from `from` to `to` (a renewal tried). */
export interface StepMod {
  step: StepTimeline;
  from: number;
  to: number;
}

interface CatalogueHit {
  area: number;
  metric: number;
  step: number;
  label: string;
  pcsEnd: number;
  retiredByToday: boolean;
}

function catalogueIndex(catalogue: Catalogue, today: Date): Map<string, CatalogueHit[]> {
  const index = new Map<string, CatalogueHit[]>();
  catalogue.areas.forEach((area, a) =>
    area.metrics.forEach((metric, m) =>
      metric.steps.forEach((step, s) => {
        for (const entry of step.certifications) {
          const hit: CatalogueHit = {
            area: a,
            metric: m,
            step: s,
            label: certificationLabel(entry),
            pcsEnd: pcsEndOf(entry) ?? Infinity,
            retiredByToday: entry.retires !== undefined && Date.parse(entry.retires) <= today.getTime(),
          };
          for (const name of new Set([entry.name, ...(entry.alsoKnownAs ?? [])].map(normaliseCertificationName)))
            index.set(name, [...(index.get(name) ?? []), hit]);
        }
      }),
    ),
  );
  return index;
}

/** Each step's holders from today's verified certifications; `dropAt` (ms) for people who left, those gone by today already left out. */
export function buildTimelines(
  catalogue: Catalogue,
  people: readonly PersonCertifications[],
  today: Date,
  dropAt: ReadonlyMap<string, number>,
): AreaTimeline[] {
  const index = catalogueIndex(catalogue, today);
  const now = today.getTime();
  const buckets = catalogue.areas.map((area) =>
    area.metrics.map((metric) => metric.steps.map(() => [] as StepHolder[])),
  );
  const byPerson = new Map<string, PersonCertifications['certifications'][number][]>();
  for (const person of people)
    byPerson.set(person.personId, [...(byPerson.get(person.personId) ?? []), ...person.certifications]);
  for (const [personId, certifications] of byPerson) {
    const drop = dropAt.get(personId) ?? Infinity;
    if (drop <= now) continue;
    const best = new Map<string, { hit: CatalogueHit; holder: StepHolder }>();
    for (const certification of certifications) {
      if (!isActive(certification, today)) continue;
      const expiry = certification.expiresOn ? certification.expiresOn.getTime() : Infinity;
      for (const hit of index.get(normaliseCertificationName(certification.name)) ?? []) {
        if (hit.pcsEnd <= now) continue;
        const end = Math.min(expiry, hit.pcsEnd, drop);
        const cause: EventKind =
          drop < Infinity && drop <= Math.min(expiry, hit.pcsEnd)
            ? 'left'
            : hit.pcsEnd < expiry
              ? 'retirement'
              : 'expiry';
        const renewable = cause === 'expiry' && Number.isFinite(expiry) && !hit.retiredByToday && drop === Infinity;
        const key = `${hit.area}/${hit.metric}/${hit.step}`;
        const current = best.get(key);
        if (current && current.holder.end >= end) continue;
        const holder: StepHolder = {
          personId,
          end,
          certification: hit.label,
          cause,
          renewable,
          ...(Number.isFinite(expiry) ? { expiresOn: expiry } : {}),
        };
        if (renewable) holder.renewedEnd = Math.min(renewedExpiry(new Date(expiry)).getTime(), hit.pcsEnd);
        best.set(key, { hit, holder });
      }
    }
    for (const { hit, holder } of best.values()) buckets[hit.area]?.[hit.metric]?.[hit.step]?.push(holder);
  }
  return catalogue.areas.map((area, a) => ({
    area,
    metrics: area.metrics.map((metric, m) => ({
      metric,
      steps: metric.steps.map((_, s) => {
        const holders = (buckets[a]?.[m]?.[s] ?? []).sort(
          (x, y) => x.end - y.end || x.personId.localeCompare(y.personId),
        );
        return { ends: Float64Array.from(holders, (h) => h.end), holders };
      }),
    })),
  }));
}

/** How many ends are after t: the step's people at t. */
export function countAt(step: StepTimeline, t: number, mods: readonly StepMod[] = []): number {
  let lo = 0;
  let hi = step.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((step.ends[mid] ?? 0) > t) hi = mid;
    else lo = mid + 1;
  }
  let count = step.ends.length - lo;
  for (const mod of mods) if (mod.step === step && mod.from <= t && t < mod.to) count += 1;
  return count;
}

/** The metric's credit on `track` at t (credit.ts's rules over the counts). */
export function metricAt(
  timeline: MetricTimeline,
  track: Track,
  t: number,
  mods: readonly StepMod[] = [],
): MetricCredit {
  return metricCredit(
    timeline.metric,
    track,
    timeline.steps.map((step) => countAt(step, t, mods)),
  );
}

/** The area's points on `track` at t, summed as credit.ts sums them. */
export function trackPointsAt(timeline: AreaTimeline, track: Track, t: number): number {
  return round2(timeline.metrics.reduce((sum, m) => sum + metricAt(m, track, t).points, 0));
}

/** Distinct ends in (after, until], ascending: the instants a step's count changes. */
export function changeTimes(
  steps: readonly StepTimeline[],
  after: number,
  until: number,
  extra: readonly number[] = [],
): number[] {
  const times = new Set<number>();
  for (const step of steps) for (const end of step.ends) if (end > after && end <= until) times.add(end);
  for (const t of extra) if (t > after && t <= until) times.add(t);
  return [...times].sort((a, b) => a - b);
}
