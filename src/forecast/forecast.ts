// The skilling forecast, pure (no I/O, no clock: `today` comes in). For each solution area and each
// skilling metric, the organization's points today and at each month end for the next 12 months,
// assuming nobody renews and nobody new certifies; the events that take people off a step (an
// expiry, a catalogue retirement via pcsEligibleUntil, a person who left); and the risks (a metric
// falls to 0, loses a gate met today, or loses more than the admin's threshold), each with what
// prevents it (forecast-prevention.ts). The points are credit.ts's own rules evaluated over time
// (step-timeline.ts). Types and how to read the result: forecast-model.ts.
import type { Track } from '../certifications/catalogue';
import { round2 } from '../certifications/credit';
import { leaverDrop, monthEnds, monthOverlaps, nextAnniversary, plusRefresh, renewalWindow } from './forecast-dates';
import type {
  AreaForecast,
  AreaView,
  Forecast,
  ForecastEvent,
  ForecastInput,
  MonthPoint,
  Risk,
  RiskReason,
  ViewKind,
} from './forecast-model';
import {
  conditionsOf,
  countsAt,
  firstRiskAt,
  newCertificationsFor,
  renewalsFor,
  type Condition,
  type RiskCheck,
} from './forecast-prevention';
import { buildTimelines, metricAt, trackPointsAt, type AreaTimeline } from './step-timeline';

export type * from './forecast-model';

const REASONS: readonly RiskReason[] = ['zero', 'gate', 'loss'];

interface Context {
  input: ForecastInput;
  today: number;
  horizon: number;
  ends: Date[];
  window?: { opens: Date; anniversary: Date; closes: Date };
}

function viewsOf(timeline: AreaTimeline, today: number, assigned: Track | undefined): ViewKind[] {
  if (timeline.area.trackChoice === 'higher-of-both') {
    // Microsoft keeps the higher track; the risks are checked on the one that is higher today.
    const track: Track =
      trackPointsAt(timeline, 'smb', today) > trackPointsAt(timeline, 'enterprise', today) ? 'smb' : 'enterprise';
    return [{ kind: 'higher-of-both', track }];
  }
  return assigned
    ? [{ kind: 'assigned', track: assigned }]
    : (['enterprise', 'smb'] as const).map((track) => ({ kind: 'unassigned', track }));
}

function pointsAt(timeline: AreaTimeline, view: ViewKind, t: number): number {
  if (view.kind !== 'higher-of-both') return trackPointsAt(timeline, view.track, t);
  return Math.max(trackPointsAt(timeline, 'enterprise', t), trackPointsAt(timeline, 'smb', t));
}

/** Partner Center shows a departure at the refresh that drops it; anything else about 10 days after. */
function expectedBy(timeline: AreaTimeline, metricIndex: number, on: number): Date {
  const causes =
    timeline.metrics[metricIndex]?.steps.flatMap((s) => s.holders.filter((h) => h.end === on).map((h) => h.cause)) ??
    [];
  return causes.length > 0 && causes.every((c) => c === 'left') ? new Date(on) : plusRefresh(new Date(on));
}

function risksOf(ctx: Context, timeline: AreaTimeline, view: ViewKind): Risk[] {
  const { today, horizon, window } = ctx;
  const threshold = ctx.input.settings?.lossThreshold;
  const risks: Risk[] = [];
  timeline.metrics.forEach((metricTimeline, m) => {
    const metricToday = metricAt(metricTimeline, view.track, today).points;
    const check: RiskCheck = {
      timeline: metricTimeline,
      track: view.track,
      today,
      horizon,
      metricToday,
      ...(threshold !== undefined ? { lossThreshold: threshold } : {}),
    };
    // Each way to fail on its own; falling to 0 and losing a gate at the same instant are one risk, a loss beyond the threshold another.
    const firsts = new Map<string, { on: number; conditions: Condition[] }>();
    for (const condition of conditionsOf(check)) {
      const on = firstRiskAt(check, [condition]);
      if (on === undefined) continue;
      const key = `${on}|${condition.reason === 'loss' ? 'loss' : 'falls'}`;
      firsts.set(key, { on, conditions: [...(firsts.get(key)?.conditions ?? []), condition] });
    }
    for (const { on, conditions } of [...firsts.values()].sort((a, b) => a.on - b.on)) {
      const gate = conditions.find((c) => c.reason === 'gate');
      const gateStep = gate ? metricTimeline.metric.steps[gate.step] : undefined;
      const fixes = renewalsFor(check, conditions, on);
      const advice = newCertificationsFor(ctx.input.catalogue, timeline.area, check, conditions);
      risks.push({
        areaId: timeline.area.id,
        areaName: timeline.area.name,
        metricId: metricTimeline.metric.id,
        metricName: metricTimeline.metric.name,
        view,
        reasons: REASONS.filter((r) => conditions.some((c) => c.reason === r)),
        on: new Date(on),
        expectedBy: expectedBy(timeline, m, on),
        ...(window ? { beforeAnniversary: on <= window.closes.getTime() } : {}),
        metricToday,
        metricAfter: metricAt(metricTimeline, view.track, on).points,
        ...(gate && gateStep?.kind === 'gate'
          ? {
              gate: {
                step: gate.step,
                minPeople: gateStep[view.track].minPeople,
                people: countsAt(metricTimeline, on)[gate.step] ?? 0,
              },
            }
          : {}),
        renewals: fixes.renewals,
        renewalsHold: fixes.holds,
        helpers: fixes.helpers,
        ...(advice ? { newCertifications: advice } : {}),
      });
    }
  });
  return risks.sort((a, b) => a.on.getTime() - b.on.getTime());
}

function areaView(ctx: Context, timeline: AreaTimeline, view: ViewKind): AreaView {
  const today = pointsAt(timeline, view, ctx.today);
  const months: MonthPoint[] = ctx.ends.map((at) => ({
    at,
    expectedBy: plusRefresh(at),
    points: pointsAt(timeline, view, at.getTime()),
    metrics: timeline.metrics.map((m) => ({
      metricId: m.metric.id,
      points: metricAt(m, view.track, at.getTime()).points,
    })),
    inRenewalWindow: ctx.window !== undefined && monthOverlaps(at, ctx.window),
  }));
  let lowest = { points: today, at: new Date(ctx.today) };
  for (const month of months) if (month.points < lowest.points) lowest = { points: month.points, at: month.at };
  const max = round2(timeline.area.metrics.reduce((sum, m) => sum + m.max, 0));
  return { view, today, max, months, lowest, risks: risksOf(ctx, timeline, view) };
}

/** Every holder's end within the months forecast, one event per person, certification, instant and cause. */
function eventsOf(timelines: readonly AreaTimeline[], today: number, horizon: number): ForecastEvent[] {
  const events = new Map<string, ForecastEvent>();
  for (const timeline of timelines) {
    for (const metric of timeline.metrics) {
      for (const step of metric.steps) {
        for (const h of step.holders) {
          if (h.end <= today || h.end > horizon) continue;
          const key = `${h.personId}\u0000${h.certification}\u0000${h.end}\u0000${h.cause}`;
          const event = events.get(key) ?? {
            kind: h.cause,
            on: new Date(h.end),
            expectedBy: h.cause === 'left' ? new Date(h.end) : plusRefresh(new Date(h.end)),
            personId: h.personId,
            certification: h.certification,
            areaIds: [],
          };
          if (!event.areaIds.includes(timeline.area.id)) event.areaIds.push(timeline.area.id);
          events.set(key, event);
        }
      }
    }
  }
  return [...events.values()].sort(
    (a, b) =>
      a.on.getTime() - b.on.getTime() ||
      a.certification.localeCompare(b.certification) ||
      a.personId.localeCompare(b.personId),
  );
}

export function forecastSkilling(input: ForecastInput): Forecast {
  const today = input.today.getTime();
  const ends = monthEnds(input.today, input.months ?? 12);
  const horizon = (ends[ends.length - 1] ?? input.today).getTime();
  const dropAt = new Map<string, number>();
  for (const person of input.left ?? []) {
    const drop = leaverDrop(person.on).getTime();
    dropAt.set(person.personId, Math.min(drop, dropAt.get(person.personId) ?? Infinity));
  }
  const timelines = buildTimelines(input.catalogue, input.people, input.today, dropAt);
  const anniversary = input.settings?.anniversary
    ? nextAnniversary(input.settings.anniversary, input.today)
    : undefined;
  const window = anniversary ? renewalWindow(anniversary) : undefined;
  const ctx: Context = { input, today, horizon, ends, ...(window ? { window } : {}) };
  const areas: AreaForecast[] = timelines.map((timeline) => ({
    areaId: timeline.area.id,
    name: timeline.area.name,
    trackChoice: timeline.area.trackChoice,
    views: viewsOf(timeline, today, input.settings?.assignedTrack).map((view) => areaView(ctx, timeline, view)),
  }));
  const counted = new Set<string>();
  for (const timeline of timelines)
    for (const metric of timeline.metrics)
      for (const step of metric.steps) for (const h of step.holders) counted.add(h.personId);
  return {
    today: input.today,
    horizon: new Date(horizon),
    peopleCounted: counted.size,
    ...(window ? { renewalWindow: { opens: window.opens, anniversary: window.anniversary } } : {}),
    areas,
    events: eventsOf(timelines, today, horizon),
  };
}
