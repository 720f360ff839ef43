// The certifications part of the Learning card, under a linked Learning account: what the transcript
// shows, whether the address was compared, renewal reminders on or off, and what the person's
// certifications give their organization. The associations' Learning view draws it (a LearningSectionPart).
import type { LearningSectionPart } from '../associations/learning-view';
import { activityDateLocale } from '../cards/date-format';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import { countsForCredit, type CertificationStore } from './certification-store';
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
  return async (turn, user, learning) => {
    const key = { tenantId: user.tenantId, objectId: user.objectId };
    const now = deps.now();
    const shown = await deps.service.show(key, learningAssociationOf(learning), now);
    let contributions: string[] = [];
    if (shown && countsForCredit(shown.ownership)) {
      const cached = await deps.store.cached(key);
      contributions = personContribution(deps.catalogue, heldCertifications(CertificationsService.creditable(cached)), now).map(contributionText);
    }
    return certificationsCardElements({
      ...(shown ? { shown } : {}),
      maskedEmail: learning.personal.maskedEmail,
      emailCompared: learning.personal.emailKey !== undefined,
      remindersOn: await deps.reminders.isOn(key),
      contributions,
      dates: activityDateLocale(turn.activity),
    });
  };
}
