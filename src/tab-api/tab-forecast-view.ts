// The skilling forecast as the tab shows it (a chart of points per area and its table): the same
// figures and sentences as the chat card (forecast-card.ts, forecast-text.ts), as plain text for
// textContent. Names come from the caller's `nameOf`, which holds only the names its reader may see.
import { formatDate, type DateLocale } from '../cards/date-format';
import { userMessage } from '../errors';
import {
  linesOf,
  areaLine,
  lowestText,
  monthLabel,
  ORG_TITLE,
  readText,
  RENEWAL_WINDOW_MARK,
  TEAM_TITLE,
  viewTitle,
} from '../forecast/forecast-card';
import type { ForecastResult } from '../forecast/forecast-service';
import { calendarDates, preventionLines, riskSentence, type NameOf } from '../forecast/forecast-text';
import type { TabForecastArea, TabForecastLabels, TabForecastMessage, TabForecastView } from '../tab/tab-wire';

/** Risks per area in the table and on the chart (the earliest first); the first is the card's "at risk from". */
const RISKS_PER_AREA = 3;
const NAME_CHARS = 60;

const COMMON_LABELS = {
  columns: {
    area: 'Area',
    today: 'Today',
    lowest: 'Lowest in 12 months',
    risk: 'First risky date',
    prevents: 'What prevents it',
  },
  points: 'points',
  renewalWindow: RENEWAL_WINDOW_MARK,
  anniversary: 'anniversary',
};

export const FORECAST_TAB_LABELS: Record<'organization' | 'team', TabForecastLabels> = {
  organization: {
    chart: "Your organization's skilling points per area at each month end, for the next 12 months",
    caption:
      "Your organization's skilling forecast per area: today, the lowest point in 12 months, the first risky date and what prevents it",
    monthsCaption: "Your organization's skilling points per area at each month end",
    ...COMMON_LABELS,
  },
  team: {
    chart:
      "Your team's contribution, not your organization's score: skilling points per area at each month end, for the next 12 months",
    caption:
      "Your team's contribution per area, not your organization's score: today, the lowest point in 12 months, the first risky date and what prevents it",
    monthsCaption: "Your team's contribution: skilling points per area at each month end",
    ...COMMON_LABELS,
  },
};

/** The card's markdown as plain text: `**bold**` unmarked, `\*` escapes undone. */
export function plainText(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+!|<>~])|\*\*/g, (_all, escaped: string | undefined) => escaped ?? '');
}

export interface ForecastTabInput {
  audience: 'organization' | 'team';
  result: ForecastResult;
  nameOf: NameOf;
  dates?: DateLocale;
}

/** The forecast for the tab; a sentence instead when nobody counts yet (the card's own). */
export function tabForecastView(v: ForecastTabInput): TabForecastView | TabForecastMessage {
  const where = calendarDates(v.dates);
  const { forecast, basis, settings } = v.result;
  const nameOf: NameOf = (id) => v.nameOf(id)?.slice(0, NAME_CHARS);
  const honesty = plainText(userMessage('forecast-only-skilling'));
  if (basis.people === 0)
    return {
      title: v.audience === 'organization' ? ORG_TITLE : TEAM_TITLE,
      message: plainText(userMessage(v.audience === 'organization' ? 'forecast-nobody-org' : 'forecast-nobody-team')),
      honesty,
    };
  const window = forecast.renewalWindow;
  const lines = forecast.areas.flatMap(linesOf);
  const ends = forecast.areas[0]?.views[0]?.months ?? [];
  const areas = lines.map(({ area, areaView, both }): TabForecastArea => {
    const first = areaView.risks[0];
    const firstRisk = first
      ? userMessage('forecast-area-risk', { date: formatDate(first.on, where) })
      : userMessage('forecast-area-safe');
    return {
      name: plainText(viewTitle(area.name, areaView, both)),
      today: areaView.today,
      max: areaView.max,
      points: areaView.months.map((m) => m.points),
      lowest: lowestText(areaView, where),
      line: areaLine(areaView, where, firstRisk),
      firstRisk,
      risks: areaView.risks.slice(0, RISKS_PER_AREA).map((risk) => {
        const month = areaView.months.findIndex((m) => m.at.getTime() >= risk.on.getTime());
        return {
          on: risk.on.toISOString(),
          month: month < 0 ? areaView.months.length - 1 : month,
          sentence: plainText(riskSentence(risk, where, settings.lossThreshold)),
          prevents: preventionLines(risk, nameOf, where).map(plainText),
        };
      }),
    };
  });
  const anyRisk = areas.some((a) => a.risks.length > 0);
  return {
    audience: v.audience,
    title: v.audience === 'organization' ? ORG_TITLE : TEAM_TITLE,
    basis: plainText(
      userMessage(v.audience === 'organization' ? 'forecast-basis-org' : 'forecast-basis-team', {
        people: String(basis.people),
        read: readText(v.result, where),
      }),
    ),
    anniversary: plainText(
      window
        ? userMessage('forecast-anniversary', {
            date: formatDate(window.anniversary, where),
            opens: formatDate(window.opens, where),
          })
        : userMessage('forecast-no-anniversary'),
    ),
    honesty,
    trackNote: lines.some(({ areaView, both }) => areaView.view.kind === 'unassigned' && !both)
      ? plainText(userMessage('forecast-track-unknown'))
      : null,
    noRisks: anyRisk ? null : userMessage('forecast-no-risks'),
    today: forecast.today.toISOString(),
    months: ends.map((m) => ({
      at: m.at.toISOString(),
      label: monthLabel(m.at, where),
      inRenewalWindow: m.inRenewalWindow,
    })),
    renewalWindow: window ? { opens: window.opens.toISOString(), anniversary: window.anniversary.toISOString() } : null,
    labels: FORECAST_TAB_LABELS[v.audience],
    areas,
  };
}
