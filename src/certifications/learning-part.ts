// The certifications part of the Learning card, under a linked Learning account: what the transcript
// shows, whether the address was compared, renewal reminders on or off, and what the person's
// certifications give their organization. The associations' Learning view draws it (a LearningSectionPart).
import type { LearningSectionPart } from '../associations/learning-view';
import { activityDateLocale } from '../cards/date-format';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import { cachedCertificationsKey, countsForCredit, type CertificationStore } from './certification-store';
import { certificationsCardElements } from './certifications-card';
import { CertificationsService, learningAssociationOf } from './certifications-service';
import { contributionText, personContribution } from './credit-advice';
import { heldCertifications } from './credit';

export interface LearningPartDeps {
  service: CertificationsService;
  store: CertificationStore;
  reminders: CertificationReminders;
  catalogue: Catalogue;
  now: () => Date;
}

export function certificationsLearningPart(deps: LearningPartDeps): LearningSectionPart {
  return async (turn, user, learning, reads) => {
    const key = { tenantId: user.tenantId, objectId: user.objectId };
    const now = deps.now();
    // The cache (read once, for the view, the credit and the card's other parts) and the reminder setting, at once.
    const [cached, remindersOn] = await Promise.all([
      reads(cachedCertificationsKey(key), () => deps.store.cached(key)),
      deps.reminders.isOn(key),
    ]);
    const shown = CertificationsService.shown(cached, learningAssociationOf(learning), now);
    const contributions =
      shown && countsForCredit(shown.ownership)
        ? personContribution(deps.catalogue, heldCertifications(CertificationsService.creditable(cached)), now).map(
            contributionText,
          )
        : [];
    return certificationsCardElements({
      ...(shown ? { shown } : {}),
      maskedEmail: learning.personal.maskedEmail,
      emailCompared: learning.personal.emailKey !== undefined,
      remindersOn,
      contributions,
      dates: activityDateLocale(turn.activity),
    });
  };
}
