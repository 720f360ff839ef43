// The forecast's sentences, from the message catalogue (errors.ts): a risk, what prevents it (each
// renewal with its person, certification, dates and effect; then credit-advice's line), and a
// person's own renewal. Names come from the caller, which only has the names its reader may see:
// a partner admin's, a manager's own people's, and for a person's own card none but "Your".
import { plain } from '../cards/card-elements';
import { formatDate, type DateLocale } from '../cards/date-format';
import { suggestionText } from '../certifications/credit-advice';
import { userMessage } from '../errors';
import type { RenewalFix, Risk } from './forecast-model';
import type { YourRenewal } from './forecast-service';

export const TRACK_NAMES = { enterprise: 'Enterprise', smb: 'SMB' } as const;

/** The forecast's dates are calendar days in UTC (month ends, anniversaries, expiries): written in the reader's locale, never shifted by their time zone. */
export function calendarDates(where: DateLocale = {}): DateLocale {
  return { locale: where.locale, timeZone: 'UTC' };
}
/** Who the reader may see named: undefined says "A colleague's". */
export type NameOf = (personId: string) => string | undefined;

/** What keeping the risk away keeps: the gate, skilling over 0, or the loss within the threshold. */
export function effectOf(risk: Risk): string {
  const area = risk.areaName;
  if (risk.reasons.includes('gate'))
    return userMessage(risk.reasons.includes('zero') ? 'forecast-effect-gate-zero' : 'forecast-effect-gate', { area });
  return userMessage(risk.reasons.includes('zero') ? 'forecast-effect-zero' : 'forecast-effect-loss', { area });
}

/** How long a renewal keeps the risk away: to a later date, or past it (through the anniversary when the risk came before it). */
function through(fix: RenewalFix, risk: Risk, where: DateLocale): string {
  if (fix.delaysTo) return userMessage('forecast-through-until', { date: formatDate(fix.delaysTo, where) });
  return userMessage(risk.beforeAnniversary ? 'forecast-through-anniversary' : 'forecast-through-year');
}

const possessive = (name: string | undefined) => (name ? `${plain(name)}'s` : userMessage('forecast-someone'));

export function riskSentence(risk: Risk, where: DateLocale, lossThreshold: number | undefined): string {
  const base = {
    area: plain(risk.areaName),
    metric: plain(risk.metricName),
    date: formatDate(risk.on, where),
    expected: formatDate(risk.expectedBy, where),
  };
  let sentence: string;
  if (risk.reasons.includes('zero')) sentence = userMessage('forecast-risk-zero', base);
  else if (risk.gate)
    sentence = userMessage('forecast-risk-gate', {
      ...base,
      people: String(risk.gate.people),
      min: String(risk.gate.minPeople),
      step: String(risk.gate.step + 1),
      track: TRACK_NAMES[risk.view.track],
    });
  else
    sentence = userMessage('forecast-risk-loss', {
      ...base,
      lost: String(Math.round((risk.metricToday - risk.metricAfter) * 100) / 100),
      threshold: String(lossThreshold ?? 0),
    });
  return risk.beforeAnniversary ? `${sentence} ${userMessage('forecast-in-window')}` : sentence;
}

/** Renewals named per risk at most; the rest are counted. */
export const RENEWALS_SHOWN = 3;

/** The lines that say what prevents a risk: renewals first, then the fewest new certifications. */
export function preventionLines(risk: Risk, nameOf: NameOf, where: DateLocale): string[] {
  const effect = plain(effectOf(risk));
  const lines = risk.renewals.slice(0, RENEWALS_SHOWN).map((fix, i) => {
    const values = {
      who: possessive(nameOf(fix.personId)),
      cert: plain(fix.certification),
      until: formatDate(fix.expiresOn, where),
      opens: formatDate(fix.opensOn, where),
      effect,
      through: through(fix, risk, where),
    };
    if (i > 0) return userMessage(fix.open ? 'forecast-renewal-too-open' : 'forecast-renewal-too-later', values);
    return userMessage(fix.open ? 'forecast-renewal-open' : 'forecast-renewal-later', values);
  });
  if (risk.renewals.length > RENEWALS_SHOWN)
    lines.push(userMessage('forecast-more-renewals', { count: String(risk.renewals.length - RENEWALS_SHOWN) }));
  if (!risk.renewalsHold && risk.newCertifications)
    lines.push(userMessage('forecast-new-people', { advice: suggestionText(risk.newCertifications) }));
  if (lines.length === 0) lines.push(userMessage('forecast-nothing-prevents'));
  return lines;
}

/** "Your AZ-104 renewal keeps the Infrastructure (Azure) gate met (renewal open until …)." */
export function yourRenewalLine(mine: YourRenewal, where: DateLocale): string {
  const { renewal } = mine;
  const values = {
    cert: plain(renewal.certification),
    effect: plain(effectOf(mine.risk)),
    until: formatDate(renewal.expiresOn, where),
    opens: formatDate(renewal.opensOn, where),
  };
  return userMessage(renewal.open ? 'forecast-your-renewal' : 'forecast-your-renewal-later', values);
}
