// The forecast's part of a person's Learning card, under their linked Learning account: their own
// renewals that keep an area from a risk (at most three), naming nobody else. The associations'
// Learning view draws it (a LearningSectionPart); when it cannot be worked out, the card goes without it.
import type { LearningSectionPart } from '../associations/learning-view';
import { cachedCertificationsKey, type CertificationStore } from '../certifications/certification-store';
import { container, text } from '../cards/card-elements';
import { activityDateLocale } from '../cards/date-format';
import type { Logger } from '../log';
import type { ForecastService } from './forecast-service';
import { calendarDates, yourRenewalLine } from './forecast-text';

export interface ForecastLearningPartDeps {
  service: Pick<ForecastService, 'yourRenewals'>;
  /** The person's cached certifications (read once with the certifications part of the card). */
  cached: CertificationStore['cached'];
  log: Logger;
}

/** Renewals shown on the card at most. */
const SHOWN = 3;

export function forecastLearningPart(deps: ForecastLearningPartDeps): LearningSectionPart {
  return async (turn, user, _learning, reads) => {
    try {
      const mine = await deps.service.yourRenewals(user, (key) =>
        reads(cachedCertificationsKey(key), () => deps.cached(key)),
      );
      if (mine.length === 0) return [];
      const where = calendarDates(activityDateLocale(turn.activity));
      return [
        container(
          mine.slice(0, SHOWN).map((m) => text(yourRenewalLine(m, where), { spacing: 'small' })),
          { spacing: 'small' },
        ),
      ];
    } catch (error) {
      // The card shows what it can: the forecast's part is left out.
      deps.log.warn(
        { event: 'forecast.card-part-failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown' },
        "could not tell which of a person's renewals matter to an area",
      );
      return [];
    }
  };
}
