// What prevents a risk. A risk is a metric on one track that, within the months forecast, falls to
// 0, loses a gate met today, or loses more than the admin's threshold; without renewals each of
// these only gets worse with time, so "when does it first happen" is a binary search over the
// instants a step's count changes. Prevention, in the order the card gives it:
//  1. renewals: people whose certification lapses before the risk, renewed (a year on) in the order
//     they lapse until the risk is gone (or as late as it goes), then any renewal not needed dropped;
//  2. the fewest new certified people that hold the line through the last month: credit-advice.ts's
//     suggestion, followed again while one is not enough (a loss larger than one step's worth).
import type { CatalogueArea, Track } from '../certifications/catalogue';
import { certificationLabel } from '../certifications/catalogue-match';
import { computeCredit, round2, type PersonCertifications } from '../certifications/credit';
import { suggestImprovements, type Addition, type Suggestion } from '../certifications/credit-advice';
import type { Catalogue } from '../certifications/catalogue';
import { renewalOpens } from './forecast-dates';
import type { RenewalFix } from './forecast-model';
import { changeTimes, countAt, metricAt, type MetricTimeline, type StepMod } from './step-timeline';

export interface RiskCheck {
  timeline: MetricTimeline;
  track: Track;
  today: number;
  horizon: number;
  metricToday: number;
  lossThreshold?: number;
}

/** Single renewals tried per risk (the earliest to lapse first). */
const MAX_CANDIDATES = 50;
/** Rounds of advice followed for one risk. */
const MAX_ADVICE_ROUNDS = 10;

/** One way a metric can fail: fall to 0, a gate step lose the people it needs, or lose more than the threshold. */
export type Condition = { reason: 'zero' } | { reason: 'gate'; step: number } | { reason: 'loss' };

/** The conditions worth checking for a metric: 0 and the threshold when it has points today, each gate its people meet today. */
export function conditionsOf(check: RiskCheck): Condition[] {
  const gates = check.timeline.metric.steps.flatMap((step, i): Condition[] =>
    step.kind === 'gate' && countAt(check.timeline.steps[i]!, check.today) >= step[check.track].minPeople
      ? [{ reason: 'gate', step: i }]
      : [],
  );
  return [
    ...(check.metricToday > 0 ? [{ reason: 'zero' } as const] : []),
    ...gates,
    ...(check.lossThreshold !== undefined ? [{ reason: 'loss' } as const] : []),
  ];
}

/** Does any of `conditions` hold at t? */
function holds(check: RiskCheck, conditions: readonly Condition[], t: number, mods: readonly StepMod[]): boolean {
  let points: number | undefined;
  const metricPoints = () => (points ??= metricAt(check.timeline, check.track, t, mods).points);
  return conditions.some((c) => {
    if (c.reason === 'zero') return check.metricToday > 0 && metricPoints() === 0;
    if (c.reason === 'gate') {
      const step = check.timeline.metric.steps[c.step];
      const timeline = check.timeline.steps[c.step];
      return (
        step?.kind === 'gate' && timeline !== undefined && countAt(timeline, t, mods) < step[check.track].minPeople
      );
    }
    return check.lossThreshold !== undefined && round2(check.metricToday - metricPoints()) > check.lossThreshold;
  });
}

/** The first instant in (today, horizon] when one of `conditions` holds, with `mods` applied; undefined: never. */
export function firstRiskAt(
  check: RiskCheck,
  conditions: readonly Condition[],
  mods: readonly StepMod[] = [],
): number | undefined {
  const extra = mods.map((m) => m.to).filter((t) => t > check.today && t <= check.horizon);
  const times =
    extra.length > 0 ? changeTimes(check.timeline.steps, check.today, check.horizon, extra) : baseTimes(check);
  if (times.length === 0 || !holds(check, conditions, times[times.length - 1] ?? check.horizon, mods)) return undefined;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(check, conditions, times[mid] ?? 0, mods)) hi = mid;
    else lo = mid + 1;
  }
  return times[lo];
}

const TIMES = new WeakMap<MetricTimeline, { today: number; horizon: number; times: number[] }>();

/** The instants the metric's counts change, worked out once per metric. */
function baseTimes(check: RiskCheck): number[] {
  const known = TIMES.get(check.timeline);
  if (known && known.today === check.today && known.horizon === check.horizon) return known.times;
  const times = changeTimes(check.timeline.steps, check.today, check.horizon);
  TIMES.set(check.timeline, { today: check.today, horizon: check.horizon, times });
  return times;
}

interface Candidate {
  personId: string;
  certification: string;
  expiresOn: number;
  mods: StepMod[];
}

/** The earliest renewable lapses on the metric's steps (holders are sorted by end: each step is read only as far as needed). */
function candidates(check: RiskCheck): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const step of check.timeline.steps) {
    let taken = 0;
    for (const h of step.holders) {
      if (h.end > check.horizon || taken >= MAX_CANDIDATES) break;
      if (!h.renewable || h.end <= check.today || h.renewedEnd === undefined || h.expiresOn === undefined) continue;
      taken += 1;
      const key = `${h.personId}\u0000${h.certification}`;
      const candidate = byKey.get(key) ?? {
        personId: h.personId,
        certification: h.certification,
        expiresOn: h.expiresOn,
        mods: [],
      };
      candidate.mods.push({ step, from: h.end, to: h.renewedEnd });
      byKey.set(key, candidate);
    }
  }
  return [...byKey.values()]
    .sort((a, b) => a.expiresOn - b.expiresOn || a.personId.localeCompare(b.personId))
    .slice(0, MAX_CANDIDATES);
}

function fix(c: Candidate, today: number, delaysTo: number | undefined): RenewalFix {
  const opensOn = renewalOpens(new Date(c.expiresOn));
  return {
    personId: c.personId,
    certification: c.certification,
    expiresOn: new Date(c.expiresOn),
    opensOn,
    open: opensOn.getTime() <= today,
    ...(delaysTo !== undefined ? { delaysTo: new Date(delaysTo) } : {}),
  };
}

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b !== undefined : b !== undefined && a > b;

/** Renewals that prevent (or delay) the risk first happening at `first`, open ones first; and every renewal that helps. */
export function renewalsFor(
  check: RiskCheck,
  conditions: readonly Condition[],
  first: number,
): { renewals: RenewalFix[]; holds: boolean; helpers: RenewalFix[] } {
  const all = candidates(check);
  const alone = all.map((c) => firstRiskAt(check, conditions, c.mods));
  let picks: Candidate[] = [];
  let current: number | undefined = first;
  for (const c of all) {
    if (current === undefined) break;
    if (c.mods.every((m) => m.from > current!)) continue;
    const tried = firstRiskAt(
      check,
      conditions,
      [...picks, c].flatMap((p) => p.mods),
    );
    picks.push(c);
    current = tried;
  }
  // Drop any renewal the others do without.
  for (const c of [...picks].reverse()) {
    const without = picks.filter((p) => p !== c);
    const outcome = firstRiskAt(
      check,
      conditions,
      without.flatMap((p) => p.mods),
    );
    if (!later(current, outcome)) {
      picks = without;
      current = outcome;
    }
  }
  if (!later(current, first)) picks = [];
  const effectOf = (upTo: Candidate[]) =>
    firstRiskAt(
      check,
      conditions,
      upTo.flatMap((p) => p.mods),
    );
  const ordered = [...picks].sort(
    (a, b) =>
      Number(renewalOpens(new Date(a.expiresOn)).getTime() > check.today) -
        Number(renewalOpens(new Date(b.expiresOn)).getTime() > check.today) || a.expiresOn - b.expiresOn,
  );
  const renewals = ordered.map((c, i) => fix(c, check.today, effectOf(ordered.slice(0, i + 1))));
  const helpers = all.flatMap((c, i) =>
    picks.includes(c) || later(alone[i], first) ? [fix(c, check.today, alone[i])] : [],
  );
  return { renewals, holds: picks.length > 0 && current === undefined, helpers };
}

/** The step's catalogue name for a label (a hypothetical person holds it). */
function nameOf(step: MetricTimeline['metric']['steps'][number], label: string): string {
  return (
    step.certifications.find((entry) => certificationLabel(entry) === label)?.name ??
    step.certifications[0]?.name ??
    label
  );
}

/**
 * The fewest new people (credit-advice.ts's suggestions, followed while needed) with whom none of
 * `conditions` holds at the horizon, on the check's track; undefined when advice cannot get there.
 */
export function newCertificationsFor(
  catalogue: Catalogue,
  area: CatalogueArea,
  check: RiskCheck,
  conditions: readonly Condition[],
): Suggestion | undefined {
  const metric = check.timeline.metric;
  const sub: Catalogue = { ...catalogue, areas: [{ ...area, trackChoice: 'assigned', metrics: [metric] }] };
  const horizon = new Date(check.horizon);
  // Who still counts at the horizon: credit.ts counts each step's people on their own, so as many
  // stand-ins per step as count there (no more than can change the metric's points) give the same credit.
  const people = new Map<string, PersonCertifications>();
  metric.steps.forEach((step, i) => {
    const timeline = check.timeline.steps[i];
    const needed =
      step.kind === 'gate'
        ? Math.max(step.enterprise.minPeople, step.smb.minPeople)
        : Math.ceil(metric.max / Math.min(step.enterprise.pointsPerPerson, step.smb.pointsPerPerson)) + 1;
    const counted = timeline ? Math.min(countAt(timeline, check.horizon), needed) : 0;
    const holder = timeline?.holders.find((h) => h.end > check.horizon);
    for (let k = 0; k < counted; k++)
      people.set(`held:${i}:${k}`, {
        personId: `held:${i}:${k}`,
        certifications: [{ name: nameOf(step, holder?.certification ?? ''), expiresOn: null }],
      });
  });
  const added: number[] = metric.steps.map(() => 0);
  const additions: Addition[] = [];
  let gain = 0;
  let last: Suggestion | undefined;
  for (let round = 0; round < MAX_ADVICE_ROUNDS; round++) {
    const mods: StepMod[] = check.timeline.steps.flatMap((step, i) =>
      Array.from({ length: added[i] ?? 0 }, () => ({ step, from: -Infinity, to: Infinity })),
    );
    if (!holds(check, conditions, check.horizon, mods)) return last && { ...last, add: additions, gain: round2(gain) };
    const list = [...people.values()];
    const suggestion = suggestImprovements(sub, computeCredit(sub, list, horizon), list, horizon, check.track).find(
      (s) => s.metricId === metric.id,
    );
    if (!suggestion) return undefined;
    for (const addition of suggestion.add) {
      // The step whose certifications these are (only those still earning points at the horizon are advised).
      const stepIndex =
        addition.certifications.length === 0
          ? -1
          : metric.steps.findIndex((step) =>
              addition.certifications.every((label) =>
                step.certifications.some((entry) => certificationLabel(entry) === label),
              ),
            );
      const step = metric.steps[stepIndex];
      if (!step) return undefined;
      added[stepIndex] = (added[stepIndex] ?? 0) + addition.people;
      for (let k = 0; k < addition.people; k++)
        people.set(`new:${round}:${stepIndex}:${k}`, {
          personId: `new:${round}:${stepIndex}:${k}`,
          certifications: [{ name: nameOf(step, addition.certifications[0] ?? ''), expiresOn: null }],
        });
      const same = additions.find((a) => a.certifications.join('\u0000') === addition.certifications.join('\u0000'));
      if (same) same.people += addition.people;
      else additions.push({ people: addition.people, certifications: addition.certifications });
    }
    gain += suggestion.gain;
    last = suggestion;
  }
  return undefined;
}

/** Counts at t for each step (the card's gate line: "1 of 2 people"). */
export function countsAt(timeline: MetricTimeline, t: number): number[] {
  return timeline.steps.map((step) => countAt(step, t));
}
