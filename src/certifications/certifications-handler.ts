// The certifications capability in the chat: its verbs (paste a link on the card, refresh, "this
// transcript is mine", reminders off/on), the typed "refresh", any 1:1 message holding a transcript
// share link, and the part of the Learning card that shows the certifications. "This transcript is
// mine" names the transcript its card was about: pressed on an older card it changes nothing and
// answers with the current card; a declaration goes to the partner admins (credit-approvals.ts).
// Group chats never reach here (the router sends personal requests to the 1:1 chat): a link posted
// in a group is not read, and the person is told to use the 1:1 chat.
import type { AssociationStore } from '../associations/association-store';
import type { LearningView } from '../associations/learning-view';
import type { Association, WorkUser } from '../associations/model';
import type { AdaptiveCard } from '../cards/card-attachment';
import type { Notice } from '../associations/learning-card';
import type { ActionOf, Actor, Answer, CapabilityHandler } from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import type { CertificationReminders } from './certification-reminders';
import type { PersonKey } from './certification-store';
import { learningAssociationOf, type CertificationsService, type PasteResult } from './certifications-service';
import type { CreditApprovals, RequestOutcome } from './credit-approvals';
import { readNotice } from './read-notice';
import { findTranscriptLink } from './transcript-link';

type CertVerb = 'transcriptLink' | 'certRefresh' | 'certOwnershipConfirm' | 'remindersOff' | 'remindersOn';

export interface CertificationsHandlerDeps {
  learning: LearningView;
  associations: AssociationStore;
  service: CertificationsService;
  reminders: CertificationReminders;
  approvals: Pick<CreditApprovals, 'request'>;
  now: () => Date;
  log: Logger;
}

const person = (user: WorkUser): PersonKey => ({ tenantId: user.tenantId, objectId: user.objectId });
const learningOf = learningAssociationOf;
const DECLARED: Record<
  RequestOutcome,
  'transcript-declared-asked' | 'transcript-declared-no-admins' | 'transcript-declared-admins-unreachable'
> = {
  asked: 'transcript-declared-asked',
  'no-admins': 'transcript-declared-no-admins',
  unreachable: 'transcript-declared-admins-unreachable',
};
const notice = (tone: Notice['tone'], text: string): Notice => ({ tone, text });

export class CertificationsHandler implements CapabilityHandler<CertVerb, 'refresh'> {
  readonly verbs = ['transcriptLink', 'certRefresh', 'certOwnershipConfirm', 'remindersOff', 'remindersOn'] as const;
  readonly intents = ['refresh'] as const;
  /** Reading Learn: a pasted share link, Refresh (typed or pressed). */
  readonly slow = {
    verbs: ['transcriptLink', 'certRefresh'] as const,
    intents: ['refresh'] as const,
    message: (text: string) => findTranscriptLink(text).kind === 'found',
  };

  constructor(private readonly deps: CertificationsHandlerDeps) {}

  /**
   * Any 1:1 message: a share link anywhere in it is taken; text that only mentions Learn gets the
   * format, as one line (nothing changed, so no card: the answer stays short, at the bottom).
   */
  async message(turn: Turn, user: Actor, text: string): Promise<Answer | undefined> {
    const kind = findTranscriptLink(text).kind;
    if (kind === 'none') return undefined;
    if (kind === 'invalid') return { message: userMessage('transcript-link-invalid'), posted: false };
    return this.paste(turn, user, text);
  }

  /** A group chat or channel: a link posted there is not read; the person is told to use the 1:1 chat. */
  inGroup(text: string): string | undefined {
    return findTranscriptLink(text).kind === 'found' ? userMessage('transcript-link-in-group') : undefined;
  }

  answer(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    return this.refresh(turn, user);
  }

  async handle(turn: Turn, user: Actor, action: ActionOf<CertVerb>): Promise<AdaptiveCard> {
    const { learning, reminders, now } = this.deps;
    switch (action.verb) {
      case 'transcriptLink':
        if (!action.link?.trim())
          return learning.card(turn, user, { notice: notice('warning', userMessage('transcript-input-empty')) });
        return this.paste(turn, user, action.link);
      case 'certRefresh':
        return this.refresh(turn, user);
      case 'certOwnershipConfirm': {
        const found = await this.learningOf(user);
        if (!found) return this.needsLearning(turn, user);
        const key = person(found.user);
        const declared = await this.deps.service.declareOwnership(
          key,
          learningOf(found.learning),
          action.transcript,
          found.user.displayName || turn.user.name || '',
        );
        if (declared.kind === 'stale')
          return learning.card(turn, user, { notice: notice('warning', userMessage('stale-card')) });
        await reminders.schedule(key, now(), 'shown');
        const { serviceUrl } = turn.activity;
        const botId = turn.activity.recipient?.id;
        const asked = await this.deps.approvals.request(
          key,
          declared.linkId,
          action.transcript ?? '',
          serviceUrl && botId ? { serviceUrl, botId } : undefined,
          now(),
        );
        return learning.card(turn, user, {
          notice: notice(asked === 'asked' ? 'good' : 'warning', userMessage(DECLARED[asked])),
        });
      }
      case 'remindersOff':
      case 'remindersOn': {
        if (!user) return learning.card(turn, user, { notice: notice('attention', userMessage('not-in-teams')) });
        const on = action.verb === 'remindersOn';
        await reminders.set(person(user), on, now());
        this.deps.log.info({ event: 'reminders.set', on }, 'renewal reminders switched');
        return learning.card(turn, user, {
          notice: notice('good', userMessage(on ? 'reminders-on' : 'reminders-off')),
        });
      }
    }
  }

  private async paste(turn: Turn, user: Actor, text: string): Promise<AdaptiveCard> {
    const found = await this.learningOf(user);
    if (!found) return this.needsLearning(turn, user);
    const key = person(found.user);
    const result = await this.deps.service.pasteLink(key, learningOf(found.learning), text, this.deps.now());
    return this.show(turn, found, result);
  }

  private async refresh(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    const found = await this.learningOf(user);
    if (!found) return this.needsLearning(turn, user);
    const result = await this.deps.service.refresh(person(found.user), learningOf(found.learning), this.deps.now());
    return this.show(turn, found, result, true);
  }

  private async show(
    turn: Turn,
    found: { user: WorkUser; learning: Association },
    result: PasteResult,
    refreshed = false,
  ): Promise<AdaptiveCard> {
    const { learning, reminders, now } = this.deps;
    // A dropped link ('taken') leaves no certifications: their reminders are cancelled.
    if (
      result.kind === 'read' ||
      result.kind === 'unavailable' ||
      result.kind === 'not-shared' ||
      result.kind === 'taken'
    )
      await reminders.schedule(person(found.user), now(), 'shown');
    this.deps.log.info({ event: 'certifications.turn', outcome: result.kind }, 'transcript read in a turn');
    return learning.card(turn, found.user, {
      notice: readNotice(result, { refreshed, stale: userMessage('stale-card') }),
    });
  }

  private async learningOf(user: Actor): Promise<{ user: WorkUser; learning: Association } | undefined> {
    if (!user) return undefined;
    const learning = (await this.deps.associations.list(user)).find((a) => a.purpose === 'learning');
    return learning ? { user, learning } : undefined;
  }

  private needsLearning(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    return this.deps.learning.card(turn, user, {
      notice: notice('warning', userMessage('transcript-link-needs-learning')),
    });
  }
}
