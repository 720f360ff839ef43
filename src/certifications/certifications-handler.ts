// The certifications capability in the chat: its verbs (paste a link on the card, refresh, "this
// transcript is mine", reminders off/on), the typed "refresh", any 1:1 message holding a transcript
// share link, and the part of the Learning card that shows the certifications. "This transcript is
// mine" names the transcript its card was about: pressed on an older card it changes nothing and
// answers with the current card; a declaration goes to the partner admins (credit-approvals.ts).
// Group chats never reach here (the router sends personal requests to the 1:1 chat): a link posted
// in a group is not read, and the person is told to use the 1:1 chat.
import type { TurnContext } from 'botbuilder';
import type { AssociationStore } from '../associations/association-store';
import type { Association, WorkUser } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Element } from '../cards/card-elements';
import { activityDateLocale } from '../cards/date-format';
import type { Notice } from '../cards/learning-card';
import type { ActionOf, Answer, CapabilityHandler, TurnKit } from '../capability/capability-handler';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import type { Catalogue } from './catalogue';
import type { CertificationReminders } from './certification-reminders';
import { countsForCredit, type CertificationStore, type PersonKey } from './certification-store';
import { certificationsCardElements } from './certifications-card';
import { CertificationsService, learningAssociationOf, type PasteResult } from './certifications-service';
import type { CreditApprovals, RequestOutcome } from './credit-approvals';
import { contributionText, personContribution } from './credit-advice';
import { heldCertifications } from './credit';
import { readNotice } from './read-notice';
import { findTranscriptLink } from './transcript-link';

type CertVerb = 'transcriptLink' | 'certRefresh' | 'certOwnershipConfirm' | 'remindersOff' | 'remindersOn';

export interface CertificationsHandlerDeps {
  kit: TurnKit;
  associations: AssociationStore;
  service: CertificationsService;
  store: CertificationStore;
  reminders: CertificationReminders;
  catalogue: Catalogue;
  approvals: Pick<CreditApprovals, 'request'>;
  now: () => Date;
  log: Logger;
}

const person = (user: WorkUser): PersonKey => ({ tenantId: user.tenantId, objectId: user.objectId });
const learningOf = learningAssociationOf;
const DECLARED: Record<RequestOutcome, 'transcript-declared-asked' | 'transcript-declared-no-admins' | 'transcript-declared-admins-unreachable'> = {
  asked: 'transcript-declared-asked',
  'no-admins': 'transcript-declared-no-admins',
  unreachable: 'transcript-declared-admins-unreachable',
};
const notice = (tone: Notice['tone'], text: string): Notice => ({ tone, text });

export class CertificationsHandler implements CapabilityHandler<CertVerb, 'refresh'> {
  readonly verbs = ['transcriptLink', 'certRefresh', 'certOwnershipConfirm', 'remindersOff', 'remindersOn'] as const;
  readonly intents = ['refresh'] as const;
  /** Reading Learn: a pasted share link, Refresh (typed or pressed). */
  readonly slow = { verbs: ['transcriptLink', 'certRefresh'] as const, intents: ['refresh'] as const, message: (text: string) => findTranscriptLink(text).kind === 'found' };

  constructor(private readonly deps: CertificationsHandlerDeps) {}

  /**
   * Any 1:1 message: a share link anywhere in it is taken; text that only mentions Learn gets the
   * format, as one line (nothing changed, so no card: the answer stays short, at the bottom).
   */
  async message(context: TurnContext, text: string): Promise<Answer | undefined> {
    const kind = findTranscriptLink(text).kind;
    if (kind === 'none') return undefined;
    if (kind === 'invalid') return { message: userMessage('transcript-link-invalid'), posted: false };
    return this.paste(context, text);
  }

  /** A group chat or channel: a link posted there is not read; the person is told to use the 1:1 chat. */
  inGroup(text: string): string | undefined {
    return findTranscriptLink(text).kind === 'found' ? userMessage('transcript-link-in-group') : undefined;
  }

  answer(context: TurnContext): Promise<AdaptiveCard> {
    return this.refresh(context);
  }

  async handle(context: TurnContext, action: ActionOf<CertVerb>): Promise<AdaptiveCard> {
    const { kit, reminders, now } = this.deps;
    switch (action.verb) {
      case 'transcriptLink':
        if (!action.link?.trim()) return kit.learningCard(context, { notice: notice('warning', userMessage('transcript-input-empty')) });
        return this.paste(context, action.link);
      case 'certRefresh':
        return this.refresh(context);
      case 'certOwnershipConfirm': {
        const found = await this.learning(context);
        if (!found) return this.needsLearning(context);
        const key = person(found.user);
        const declared = await this.deps.service.declareOwnership(key, learningOf(found.learning), action.transcript, found.user.displayName || context.activity.from?.name || '');
        if (declared.kind === 'stale') return kit.learningCard(context, { notice: notice('warning', userMessage('stale-card')) });
        await reminders.schedule(key, now(), 'shown');
        const { serviceUrl } = context.activity;
        const botId = context.activity.recipient?.id;
        const asked = await this.deps.approvals.request(key, declared.linkId, action.transcript ?? '', serviceUrl && botId ? { serviceUrl, botId } : undefined, now());
        return kit.learningCard(context, { notice: notice(asked === 'asked' ? 'good' : 'warning', userMessage(DECLARED[asked])) });
      }
      case 'remindersOff':
      case 'remindersOn': {
        const user = await kit.actingUser(context);
        if (!user) return kit.learningCard(context, { notice: notice('attention', userMessage('not-in-teams')) });
        const on = action.verb === 'remindersOn';
        await reminders.set(person(user), on, now());
        this.deps.log.info({ event: 'reminders.set', on }, 'renewal reminders switched');
        return kit.learningCard(context, { notice: notice('good', userMessage(on ? 'reminders-on' : 'reminders-off')) });
      }
    }
  }

  /** The Learning card's certifications part for a linked Learning account (a LearningSectionPart). */
  readonly cardPart = async (context: TurnContext, user: WorkUser, learning: Association): Promise<Element[]> => {
    const key = person(user);
    const now = this.deps.now();
    // The cache (read once, for the view and the credit) and the reminder setting, at once.
    const [cached, remindersOn] = await Promise.all([this.deps.store.cached(key), this.deps.reminders.isOn(key)]);
    const shown = CertificationsService.shown(cached, learningOf(learning), now);
    const contributions = shown && countsForCredit(shown.ownership) ? personContribution(this.deps.catalogue, heldCertifications(CertificationsService.creditable(cached)), now).map(contributionText) : [];
    return certificationsCardElements({
      ...(shown ? { shown } : {}),
      maskedEmail: learning.personal.maskedEmail,
      emailCompared: learning.personal.emailKey !== undefined,
      remindersOn,
      contributions,
      dates: activityDateLocale(context.activity),
    });
  };

  private async paste(context: TurnContext, text: string): Promise<AdaptiveCard> {
    const found = await this.learning(context);
    if (!found) return this.needsLearning(context);
    const key = person(found.user);
    const result = await this.deps.service.pasteLink(key, learningOf(found.learning), text, this.deps.now());
    return this.show(context, found, result);
  }

  private async refresh(context: TurnContext): Promise<AdaptiveCard> {
    const found = await this.learning(context);
    if (!found) return this.needsLearning(context);
    const result = await this.deps.service.refresh(person(found.user), learningOf(found.learning), this.deps.now());
    return this.show(context, found, result, true);
  }

  private async show(context: TurnContext, found: { user: WorkUser; learning: Association }, result: PasteResult, refreshed = false): Promise<AdaptiveCard> {
    const { kit, reminders, now } = this.deps;
    // A dropped link ('taken') leaves no certifications: their reminders are cancelled.
    if (result.kind === 'read' || result.kind === 'unavailable' || result.kind === 'not-shared' || result.kind === 'taken') await reminders.schedule(person(found.user), now(), 'shown');
    this.deps.log.info({ event: 'certifications.turn', outcome: result.kind }, 'transcript read in a turn');
    return kit.learningCard(context, { notice: readNotice(result, { refreshed, stale: userMessage('stale-card') }) });
  }

  private async learning(context: TurnContext): Promise<{ user: WorkUser; learning: Association } | undefined> {
    const user = await this.deps.kit.actingUser(context);
    if (!user) return undefined;
    const learning = (await this.deps.associations.list(user)).find((a) => a.purpose === 'learning');
    return learning ? { user, learning } : undefined;
  }

  private needsLearning(context: TurnContext): Promise<AdaptiveCard> {
    return this.deps.kit.learningCard(context, { notice: notice('warning', userMessage('transcript-link-needs-learning')) });
  }
}
