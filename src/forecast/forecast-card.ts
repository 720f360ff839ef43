// The skilling forecast card, a pure function of its view model: what the figures count (the
// organization, or clearly a manager's team's contribution), the anniversary, one line per area
// (today, the lowest point in 12 months, the first risky date), the first risks with what prevents
// them, and behind Action.ShowCard every risk, the month-by-month points (the renewal window marked)
// and the events. Every sentence comes from errors.ts; lists are capped so the card stays under 28 KB.
import {
  actionSet,
  card,
  container,
  heading,
  plain,
  showCard,
  text,
  type AdaptiveCard,
  type Element,
  type FactSet,
  type ShowCardAction,
} from '../cards/card-elements';
import { formatDate, safeLocale, type DateLocale } from '../cards/date-format';
import { userMessage } from '../errors';
import { alertsToggle } from './forecast-alert';
import type { AreaForecast, AreaView, ForecastEvent, Risk } from './forecast-model';
import type { ForecastResult } from './forecast-service';
import { calendarDates, preventionLines, riskSentence, TRACK_NAMES, type NameOf } from './forecast-text';

export const ORG_TITLE = 'Skilling forecast';
export const TEAM_TITLE = "Your team's skilling forecast";
export const ALL_RISKS_TITLE = 'Every risk and what prevents it';
export const MONTHS_TITLE = 'Month by month';
export const EVENTS_TITLE = 'What moves the points';
export const RENEWAL_WINDOW_MARK = 'renewal window';

/** Risks shown on the card itself; the rest behind "Every risk". */
export const RISKS_SHOWN = 2;
const RISKS_LISTED = 6;
const EVENTS_LISTED = 15;
const NAME_CHARS = 60;
const EVENT_CODES = {
  expiry: 'forecast-event-expiry',
  retirement: 'forecast-event-retirement',
  left: 'forecast-event-left',
} as const;

export interface ForecastCardView {
  audience: 'organization' | 'team';
  result: ForecastResult;
  /** Names the reader may see; others are "A colleague". */
  nameOf: NameOf;
  dates?: DateLocale;
  /** A partner admin's card: whether the reader gets forecast alerts, with the button that turns them on or off. */
  alertsOn?: boolean;
}

const more = (count: number): Element[] =>
  count > 0 ? [text(userMessage('forecast-more', { count: String(count) }), { isSubtle: true, spacing: 'small' })] : [];

export function viewTitle(areaName: string, view: AreaView, both: boolean): string {
  return view.view.kind === 'unassigned' && !both
    ? `${plain(areaName)} (${TRACK_NAMES[view.view.track]})`
    : plain(areaName);
}

/** An area's lines: both tracks when they differ, one line when they say the same (short card). */
export function linesOf(area: AreaForecast): { area: AreaForecast; areaView: AreaView; both: boolean }[] {
  const [first, ...rest] = area.views;
  const same =
    first !== undefined &&
    rest.length > 0 &&
    rest.every(
      (v) =>
        v.risks.length === 0 &&
        first.risks.length === 0 &&
        v.months.every((m, i) => m.points === first.months[i]?.points) &&
        v.today === first.today,
    );
  return same
    ? [{ area, areaView: first, both: true }]
    : area.views.map((areaView) => ({ area, areaView, both: false }));
}

export function readText(result: ForecastResult, where: DateLocale): string {
  const { readFrom, readTo } = result.basis;
  if (!readFrom || !readTo) return '';
  const [from, to] = [formatDate(readFrom, where), formatDate(readTo, where)];
  return from === to ? from : `${from} – ${to}`;
}

export function monthLabel(at: Date, where: DateLocale): string {
  return new Intl.DateTimeFormat(safeLocale(where.locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    at,
  );
}

function riskBlock(risk: Risk, v: ForecastCardView, where: DateLocale): Element {
  return container(
    [
      text(riskSentence(risk, where, v.result.settings.lossThreshold)),
      ...preventionLines(risk, v.nameOf, where).map((line) => text(line, { spacing: 'small' })),
    ],
    { spacing: 'medium' },
  );
}

function eventLine(event: ForecastEvent, v: ForecastCardView, names: Map<string, string>, where: DateLocale): string {
  const name = v.nameOf(event.personId);
  const who = name ? `${plain(name)}'s` : userMessage('forecast-someone');
  const areas = event.areaIds.map((id) => names.get(id) ?? id).join(', ');
  return userMessage(EVENT_CODES[event.kind], {
    who,
    cert: plain(event.certification),
    areas: plain(areas),
    expected: formatDate(event.expectedBy, where),
  });
}

/** The reader's alert choice, in words (the button that changes it goes with the card's actions). */
const alertsLine = (on: boolean): Element =>
  text(userMessage(on ? 'forecast-alerts-on' : 'forecast-alerts-off'), {
    isSubtle: true,
    size: 'small',
    spacing: 'medium',
  });

export function forecastCard(v: ForecastCardView): AdaptiveCard {
  const where = calendarDates(v.dates);
  const { forecast, basis } = v.result;
  const nameOf: NameOf = (id) => v.nameOf(id)?.slice(0, NAME_CHARS);
  const view = { ...v, nameOf };
  const title = heading(v.audience === 'organization' ? ORG_TITLE : TEAM_TITLE, 'large');
  const footer = text(userMessage('forecast-only-skilling'), { isSubtle: true, size: 'small', spacing: 'medium' });
  const alerts =
    v.alertsOn === undefined ? undefined : { line: alertsLine(v.alertsOn), button: alertsToggle(v.alertsOn) };
  if (basis.people === 0)
    return card([
      title,
      text(userMessage(v.audience === 'organization' ? 'forecast-nobody-org' : 'forecast-nobody-team')),
      ...(alerts ? [alerts.line, actionSet(alerts.button)] : []),
      footer,
    ]);

  const body: Element[] = [
    title,
    text(
      userMessage(v.audience === 'organization' ? 'forecast-basis-org' : 'forecast-basis-team', {
        people: String(basis.people),
        read: readText(v.result, where),
      }),
      { spacing: 'small' },
    ),
  ];
  const window = forecast.renewalWindow;
  body.push(
    text(
      window
        ? userMessage('forecast-anniversary', {
            date: formatDate(window.anniversary, where),
            opens: formatDate(window.opens, where),
          })
        : userMessage('forecast-no-anniversary'),
      { isSubtle: true, size: 'small' },
    ),
  );
  const views = forecast.areas.flatMap(linesOf);
  if (views.some(({ areaView, both }) => areaView.view.kind === 'unassigned' && !both))
    body.push(text(userMessage('forecast-track-unknown'), { isSubtle: true, size: 'small', spacing: 'none' }));
  const areaFacts: FactSet = {
    type: 'FactSet',
    facts: views.map(({ area, areaView, both }) => {
      const first = areaView.risks[0];
      const risk = first
        ? userMessage('forecast-area-risk', { date: formatDate(first.on, where) })
        : userMessage('forecast-area-safe');
      return {
        title: viewTitle(area.name, areaView, both),
        value: areaLine(areaView, where, risk),
      };
    }),
  };
  body.push(areaFacts);

  const risks = views.flatMap(({ areaView }) => areaView.risks).sort((a, b) => a.on.getTime() - b.on.getTime());
  if (risks.length === 0)
    body.push(container([text(userMessage('forecast-no-risks'))], { style: 'good', spacing: 'medium' }));
  else
    body.push(
      container(
        risks.slice(0, RISKS_SHOWN).map((r) => riskBlock(r, view, where)),
        { style: 'warning', spacing: 'medium' },
      ),
    );

  const shows: ShowCardAction[] = [];
  if (risks.length > RISKS_SHOWN)
    shows.push(
      showCard(`${ALL_RISKS_TITLE} (${risks.length})`, [
        ...risks.slice(0, RISKS_LISTED).map((r) => riskBlock(r, view, where)),
        ...more(risks.length - RISKS_LISTED),
      ]),
    );
  shows.push(
    showCard(
      MONTHS_TITLE,
      views.flatMap(({ area, areaView, both }) => [
        text(`**${viewTitle(area.name, areaView, both)}**`, { spacing: 'medium' }),
        {
          type: 'FactSet',
          facts: areaView.months.map((m) => ({
            title: m.inRenewalWindow ? `${monthLabel(m.at, where)} (${RENEWAL_WINDOW_MARK})` : monthLabel(m.at, where),
            value: String(m.points),
          })),
        } satisfies FactSet,
      ]),
    ),
  );
  const areaNames = new Map(forecast.areas.map((a) => [a.areaId, a.name]));
  if (forecast.events.length > 0) {
    const events: FactSet = {
      type: 'FactSet',
      facts: forecast.events
        .slice(0, EVENTS_LISTED)
        .map((e) => ({ title: formatDate(e.on, where), value: eventLine(e, view, areaNames, where) })),
    };
    shows.push(
      showCard(`${EVENTS_TITLE} (${forecast.events.length})`, [
        events,
        ...more(forecast.events.length - EVENTS_LISTED),
      ]),
    );
  }
  if (alerts) body.push(alerts.line);
  body.push(actionSet(...shows, ...(alerts ? [alerts.button] : [])), footer);
  return card(body);
}

/** The area's line: today, the lowest point and when (or that nothing drops), and the first risk. */
export function areaLine(areaView: AreaView, where: DateLocale, risk: string): string {
  const steady = areaView.lowest.points >= areaView.today;
  return userMessage(steady ? 'forecast-area-line-steady' : 'forecast-area-line', {
    today: String(areaView.today),
    max: String(areaView.max),
    lowest: String(areaView.lowest.points),
    lowestDate: monthLabel(areaView.lowest.at, where),
    risk,
  });
}

/** The lowest point in 12 months and when, or that nothing drops (the tab's table). */
export function lowestText(areaView: AreaView, where: DateLocale): string {
  const lowest = String(areaView.lowest.points);
  return areaView.lowest.points >= areaView.today
    ? userMessage('forecast-lowest-steady', { lowest })
    : userMessage('forecast-lowest', { lowest, lowestDate: monthLabel(areaView.lowest.at, where) });
}
