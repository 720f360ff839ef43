// The associations capability's buttons and commands: show where things stand ("status"), remove
// an association (ask, then confirm), and confirm or cancel moving a Learning association here.
// Each re-reads the store and takes the acting user from the turn, never from the card.
import type { AdaptiveCard } from '../cards/card-attachment';
import { activityDateLocale } from '../cards/date-format';
import { removedText, type Notice } from './learning-card';
import type { ActionOf, Actor, CapabilityHandler } from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import type { LearningView } from './learning-view';
import { linkNotice } from './link-notice';
import { userMessage, type UserMessageCode } from '../errors';
import type { Logger } from '../log';
import type { AssociationStore } from './association-store';
import type { WorkUser } from './model';

type AssociationVerb = 'status' | 'removeRequest' | 'removeConfirm' | 'moveConfirm' | 'moveCancel';

export interface AssociationsHandlerDeps {
  store: AssociationStore;
  learning: LearningView;
  now: () => Date;
  log: Logger;
  /** Called after the Learning association was removed (its certifications and reminders go too). */
  onLearningRemoved?: (user: WorkUser) => Promise<void>;
}

export class AssociationsHandler implements CapabilityHandler<AssociationVerb, 'status'> {
  readonly verbs = ['status', 'removeRequest', 'removeConfirm', 'moveConfirm', 'moveCancel'] as const;
  readonly intents = ['status'] as const;

  constructor(private readonly deps: AssociationsHandlerDeps) {}

  answer(turn: Turn, user: Actor): Promise<AdaptiveCard> {
    return this.deps.learning.card(turn, user);
  }

  async handle(turn: Turn, user: Actor, action: ActionOf<AssociationVerb>): Promise<AdaptiveCard> {
    const { learning, store, log } = this.deps;
    if (action.verb === 'status') return learning.card(turn, user);
    if (!user) return learning.card(turn, user, { notice: notice('not-in-teams', 'attention') });
    switch (action.verb) {
      case 'removeRequest': {
        const associations = await store.list(user);
        const association = associations.find((a) => a.purpose === action.purpose);
        // The card is drawn from this same read.
        if (association?.id === action.associationId)
          return learning.card(turn, user, { confirmRemove: action.purpose, associations });
        return learning.card(turn, user, {
          notice: notice(association ? 'stale-card' : 'already-removed', 'warning'),
          associations,
        });
      }
      case 'removeConfirm': {
        const outcome = await store.remove(user, action.purpose, action.associationId, this.deps.now());
        log.info({ event: 'remove', purpose: action.purpose, outcome: outcome.kind }, 'remove requested');
        if (outcome.kind === 'removed') {
          if (action.purpose === 'learning') await this.deps.onLearningRemoved?.(user);
          return learning.card(turn, user, { notice: { tone: 'good', text: removedText(action.purpose) } });
        }
        return learning.card(turn, user, {
          notice: notice(outcome.kind === 'stale' ? 'stale-card' : 'already-removed', 'warning'),
        });
      }
      case 'moveConfirm': {
        const outcome = await store.confirmMove(user, action.pendingId, this.deps.now());
        log.info({ event: 'move', outcome: outcome.kind }, 'move confirmed');
        return learning.card(turn, user, {
          notice: linkNotice('learning', outcome, activityDateLocale(turn.activity)),
        });
      }
      case 'moveCancel':
        await store.cancelMove(user, action.pendingId);
        return learning.card(turn, user, { notice: notice('move-cancelled', 'good') });
    }
  }
}

function notice(code: UserMessageCode, tone: Notice['tone']): Notice {
  return { tone, text: userMessage(code) };
}
