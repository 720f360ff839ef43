// The skilling forecast's vocabulary: what goes in and what comes out of forecastSkilling()
// (forecast.ts). Pure data, no I/O. How to use it:
//   const f = forecastSkilling({ today, catalogue, people, left, settings });
//   f.areas[i].views[j]  — one line of points per area (two for an "assigned" area whose track is
//                          not recorded yet): today, each month end, the lowest, and the risks;
//   f.events             — every expiry, catalogue retirement and departure that takes a person off a step;
//   risk.renewals / risk.newCertifications — what prevents each risk (renewals first, then new people).
// Assumes nobody renews and nobody new certifies. `people` must hold verified certifications only.
// In the app, ForecastService (forecast-service.ts) gathers that input from the stores for an
// organization or a manager's people; ForecastSettingsStore (forecast-settings.ts) keeps the partner
// admins' settings (anniversary, loss threshold, assigned track, alerts opt-in) and who left.
import type { Catalogue, Track } from '../certifications/catalogue';
import type { PersonCertifications } from '../certifications/credit';
import type { Suggestion } from '../certifications/credit-advice';

/** A partner admin's settings for the forecast (forecast-settings.ts stores them). */
export interface ForecastSettings {
  /** The designation anniversary, YYYY-MM-DD; only its month and day matter (the next one on or after today is used). */
  anniversary?: string;
  /** A metric losing more than this many points within the 12 months is a risk; undefined: not checked. */
  lossThreshold?: number;
  /** The track Microsoft assigned, for areas where it assigns one (Azure areas, Business Applications); undefined: both are shown. */
  assignedTrack?: Track;
}

/** A person who left the organization, on the day Partner Link learned it. */
export interface PersonLeft {
  personId: string;
  on: Date;
}

export interface ForecastInput {
  today: Date;
  catalogue: Catalogue;
  /** Verified certifications only (email-matched or approved transcripts). Entries with one id are one person. */
  people: readonly PersonCertifications[];
  left?: readonly PersonLeft[];
  settings?: ForecastSettings;
  /** Month ends to forecast (default 12). */
  months?: number;
}

/** Why a person stops counting on a step: their certification expires, the catalogue stops counting it, or they left. */
export type EventKind = 'expiry' | 'retirement' | 'left';

export interface ForecastEvent {
  kind: EventKind;
  /** The instant the person stops counting (Partner Link's reckoning). */
  on: Date;
  /** When Partner Center should show it: about 10 days after a change; a departure at its next refresh. */
  expectedBy: Date;
  personId: string;
  /** The catalogue label (exam code, else name), e.g. "AZ-104". */
  certification: string;
  /** Areas where this takes the person off a step, in catalogue order. */
  areaIds: string[];
}

/**
 * One line of points for an area: 'higher-of-both' (Microsoft keeps the higher track; risks are
 * checked on the track that is higher today), 'assigned' (the recorded track), or 'unassigned'
 * (an assigned-track area whose track is not recorded: one view per track).
 */
export interface ViewKind {
  kind: 'higher-of-both' | 'assigned' | 'unassigned';
  /** The track whose metrics and risks the view shows. */
  track: Track;
}

export interface MetricPoints {
  metricId: string;
  points: number;
}

export interface MonthPoint {
  /** The last instant of the month. */
  at: Date;
  /** Partner Center should show this month's changes by then (at + 10 days). */
  expectedBy: Date;
  points: number;
  metrics: MetricPoints[];
  /** The month overlaps the renewal window before the anniversary. */
  inRenewalWindow: boolean;
}

export type RiskReason = 'zero' | 'gate' | 'loss';

/** A renewal that prevents (or delays) a risk. */
export interface RenewalFix {
  personId: string;
  certification: string;
  /** The certification's expiry: the renewal is open until then. */
  expiresOn: Date;
  /** The renewal opens 6 months before the expiry. */
  opensOn: Date;
  /** Open today. */
  open: boolean;
  /** Alone (on top of the fixes listed before it): undefined when the risk no longer happens within the months forecast, else its new date. */
  delaysTo?: Date;
}

export interface Risk {
  areaId: string;
  areaName: string;
  metricId: string;
  metricName: string;
  view: ViewKind;
  /** What happens at `on`: the metric falls to 0, a gate met today is no longer met, or it loses more than the threshold. */
  reasons: RiskReason[];
  on: Date;
  expectedBy: Date;
  /** Before (or on) the next anniversary; undefined when no anniversary is set. */
  beforeAnniversary?: boolean;
  metricToday: number;
  metricAfter: number;
  /** The first gate no longer met (reason 'gate'): its step (0-based), people needed, people left. */
  gate?: { step: number; minPeople: number; people: number };
  /** Renewals, open ones first, that together prevent the risk (`holds`) or delay it. */
  renewals: RenewalFix[];
  /** The renewals listed prevent it within the months forecast. */
  renewalsHold: boolean;
  /** Every single renewal that prevents or delays it on its own (who could help), at most 50. */
  helpers: RenewalFix[];
  /** The fewest new certified people that hold the line through the months forecast (credit-advice.ts's suggestion). */
  newCertifications?: Suggestion;
}

export interface AreaView {
  view: ViewKind;
  today: number;
  max: number;
  months: MonthPoint[];
  lowest: { points: number; at: Date };
  risks: Risk[];
}

export interface AreaForecast {
  areaId: string;
  name: string;
  trackChoice: 'assigned' | 'higher-of-both';
  views: AreaView[];
}

export interface Forecast {
  today: Date;
  /** The last month end forecast. */
  horizon: Date;
  /** People counted today (verified certifications that earn points in some area). */
  peopleCounted: number;
  /** The next anniversary and its renewal window (the anniversary month and the five before); undefined when none is set. */
  renewalWindow?: { opens: Date; anniversary: Date };
  areas: AreaForecast[];
  /** Sorted by date, then certification. */
  events: ForecastEvent[];
}
