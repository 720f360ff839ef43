// Forecast alerts, the decision and the card (pure): an organization's forecast is alarming when an
// area becomes at risk within ALERT_HORIZON_DAYS (its first risky date no later than today + 90 days);
// a partner admin who asked for alerts gets at most one card per ISO week, whatever changes, because
// the job's dedupe key is the tenant, the admin and the week. The card is short: which area, the date,
// what prevents it, how to see the whole forecast, and the button that turns alerts off.
import { card, cardAttachment, execute, heading, plain, text, type AdaptiveCard } from '../cards/card-elements';
import { formatDate } from '../cards/date-format';
import type { OutgoingActivity } from '../channel/wire';
import { userMessage } from '../errors';
import { isoWeek } from '../team-status/link-reminders';
import type { Forecast, Risk } from './forecast-model';
import { calendarDates, preventionLines, riskSentence, type NameOf } from './forecast-text';

export const FORECAST_ALERT_KIND = 'forecast-alert' as const;
/** An area at risk this soon (days from today) is worth an alert. */
export const ALERT_HORIZON_DAYS = 90;
export const ALERTS_ON_TITLE = 'Alert me when an area becomes at risk';
export const ALERTS_OFF_TITLE = 'Turn off forecast alerts';
/** Lines saying what prevents the risk on the alert card at most (the forecast card has them all). */
const PREVENTION_LINES = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The earliest risk of the forecast within the horizon, or undefined when no area becomes at risk that soon. */
export function alertingRisk(forecast: Pick<Forecast, 'areas'>, today: Date): Risk | undefined {
  const horizon = today.getTime() + ALERT_HORIZON_DAYS * DAY_MS;
  let first: Risk | undefined;
  for (const area of forecast.areas)
    for (const view of area.views)
      for (const risk of view.risks)
        if (risk.on.getTime() <= horizon && (!first || risk.on.getTime() < first.on.getTime())) first = risk;
  return first;
}

/** One alert per partner admin per ISO week: a second check, another instance or another lapse that week finds it there. */
export function forecastAlertKey(admin: { tenantId: string; objectId: string }, today: Date): string {
  return `forecast-alert:${admin.tenantId.toLowerCase()}:${admin.objectId.toLowerCase()}:${isoWeek(today)}`;
}

/** The button that turns the reader's own alerts on or off (the forecast card and the alert). */
export function alertsToggle(on: boolean) {
  return on
    ? execute(ALERTS_OFF_TITLE, { verb: 'forecastAlerts', on: false })
    : execute(ALERTS_ON_TITLE, { verb: 'forecastAlerts', on: true });
}

export function forecastAlertCard(risk: Risk, nameOf: NameOf, lossThreshold: number | undefined): AdaptiveCard {
  const where = calendarDates();
  return card(
    [
      heading(userMessage('forecast-alert-title')),
      text(riskSentence(risk, where, lossThreshold)),
      ...preventionLines(risk, nameOf, where)
        .slice(0, PREVENTION_LINES)
        .map((line) => text(line, { spacing: 'small' })),
      text(userMessage('forecast-alert-how'), { isSubtle: true, size: 'small', spacing: 'medium' }),
    ],
    [alertsToggle(true)],
  );
}

/** The message: its text (what a notification shows) says which area and from when. */
export function forecastAlertActivity(risk: Risk, alert: AdaptiveCard): OutgoingActivity {
  const summary = userMessage('forecast-alert-summary', {
    area: plain(risk.areaName),
    date: formatDate(risk.on, calendarDates()),
  });
  return { type: 'message', text: summary, attachments: [cardAttachment(alert)] };
}
