// Self-declared transcripts and the partner admins who decide on them. When a person says a
// transcript is theirs although its contact email isn't their associated account, each partner
// admin of the organization gets a card in their 1:1 chat (job kind 'credit-approval' on the one
// proactive queue, which creates the chat when there is none). The job carries ids only (whose,
// which transcript); the card is drawn at send time from the store, and not sent at all once that
// transcript is no longer waiting. Approve and Decline re-check everything on the server: the
// presser is a partner admin now (Graph, app token) and not the person themselves, and the
// transcript is still the one waiting; the decision and its audit entry are written together.
import type { OutgoingActivity } from '../channel/wire';
import type { WorkUser } from '../associations/model';
import type { CardAction } from '../cards/card-actions';
import { card, cardAttachment, execute, plain, text, type AdaptiveCard, type FactSet } from '../cards/card-elements';
import type { ActionOf, Actor, CapabilityHandler } from '../capability/capability-handler';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import { CREATE_PAYLOAD, type CreationTarget } from '../proactive/create-conversation';
import type { Job, SendQueue } from '../proactive/proactive-store';
import type { CachedCertifications, CertificationStore, PersonKey } from './certification-store';
import type { CertificationsService } from './certifications-service';

export const CREDIT_APPROVAL_KIND = 'credit-approval' as const;
export const APPROVE_TITLE = 'Approve';
export const DECLINE_TITLE = 'Decline';
/** A request nobody could be sent within this time is dropped (the person can ask again with a new link). */
const REQUEST_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Certification names listed on the partner admins' card at most. */
const MAX_NAMES = 10;

/** Who the organization's partner admins are (graph/graph-partner-admins.ts reads them from Graph). */
export interface PartnerAdminDirectory {
  /** False when no partner admin group (or no app registration to read it) is configured: nobody can decide. */
  configured: boolean;
  /** Object ids (lower case); throws when Graph cannot be read. */
  list(tenantId: string): Promise<string[]>;
  isAdmin(tenantId: string, objectId: string): Promise<boolean>;
}

export interface CreditApprovalsDeps {
  store: Pick<CertificationStore, 'cached'>;
  service: Pick<CertificationsService, 'decide'>;
  admins: PartnerAdminDirectory;
  /** The proactive queue. */
  queue: SendQueue;
  onQueued?: () => void;
  now: () => Date;
  log: Logger;
}

export type RequestOutcome = 'asked' | 'no-admins' | 'unreachable';
type Decide = ActionOf<'creditDecision'>;

const activeOf = (cached: CachedCertifications, now: Date) =>
  (cached.record?.certifications ?? []).filter(
    (c) => !c.historical && !/expired|retired|revoked/i.test(c.status) && (c.expiresOn === null || c.expiresOn > now),
  );
const nameOf = (cached: CachedCertifications | undefined) => plain(cached?.declaredName || 'A colleague');

/** The card a partner admin gets: who, what the transcript lists, Approve / Decline. */
export function approvalCard(subject: PersonKey, cached: CachedCertifications, now: Date): AdaptiveCard {
  const active = activeOf(cached, now);
  const count = `${active.length} active certification${active.length === 1 ? '' : 's'}`;
  const names: FactSet = {
    type: 'FactSet',
    facts: active.slice(0, MAX_NAMES).map((c) => ({
      title: plain(c.name.slice(0, 120)),
      value: c.expiresOn ? `expires ${c.expiresOn.toISOString().slice(0, 10)}` : 'no expiry',
    })),
  };
  const data = (decision: Decide['decision']): CardAction => ({
    verb: 'creditDecision',
    decision,
    subject: subject.objectId,
    transcript: cached.transcriptKey ?? '',
  });
  return card(
    [
      text(userMessage('credit-approval-request', { name: nameOf(cached), count })),
      ...(active.length ? [names] : []),
      text(userMessage('credit-approval-hint'), { isSubtle: true, size: 'small' }),
    ],
    [execute(APPROVE_TITLE, data('approve'), 'positive'), execute(DECLINE_TITLE, data('decline'))],
  );
}

/** The proactive renderer: the card as things stand at send time, or nothing once the transcript is not waiting. */
export function creditApprovalRenderer(
  deps: Pick<CreditApprovalsDeps, 'store' | 'now'>,
): (job: Job) => Promise<OutgoingActivity | undefined> {
  return async (job) => {
    const { subject, transcript } = job.payload;
    if (typeof subject !== 'string' || typeof transcript !== 'string') return undefined;
    const person = { tenantId: job.person.tenantId, objectId: subject };
    const cached = await deps.store.cached(person);
    if (!cached || cached.ownership !== 'self-declared' || cached.transcriptKey !== transcript) return undefined;
    return {
      type: 'message',
      text: userMessage('credit-approval-hint'),
      attachments: [cardAttachment(approvalCard(person, cached, deps.now()))],
    };
  };
}

export class CreditApprovals implements CapabilityHandler<'creditDecision', never> {
  readonly verbs = ['creditDecision'] as const;
  readonly intents = [] as const;

  constructor(private readonly deps: CreditApprovalsDeps) {}

  /** Asks every partner admin of the organization but the person themselves (once per link). */
  async request(
    subject: PersonKey,
    linkId: string,
    transcriptKey: string,
    target: CreationTarget | undefined,
    now: Date,
  ): Promise<RequestOutcome> {
    const { admins, log } = this.deps;
    if (!admins.configured) return 'no-admins';
    let ids: string[];
    try {
      ids = (await admins.list(subject.tenantId)).filter((id) => id !== subject.objectId.toLowerCase());
    } catch (error) {
      log.warn(
        { event: 'credit.admins-unreadable', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown' },
        'could not read the partner admins from Microsoft Graph (GroupMember.Read.All, application)',
      );
      return 'unreachable';
    }
    if (ids.length === 0) return 'no-admins';
    const queue = this.deps.queue;
    for (const admin of ids) {
      await queue.enqueue(
        {
          dedupeKey: `credit-approval:${subject.tenantId}:${admin}:${subject.objectId}:${linkId}`,
          kind: CREDIT_APPROVAL_KIND,
          person: { tenantId: subject.tenantId, aadObjectId: admin },
          payload: {
            subject: subject.objectId,
            transcript: transcriptKey,
            ...(target ? { [CREATE_PAYLOAD.serviceUrl]: target.serviceUrl, [CREATE_PAYLOAD.botId]: target.botId } : {}),
          },
          notAfter: new Date(now.getTime() + REQUEST_DAYS * DAY_MS),
        },
        now,
      );
    }
    this.deps.onQueued?.();
    log.info(
      { event: 'credit.approval-requested', admins: ids.length },
      'partner admins asked to decide on a self-declared transcript',
    );
    return 'asked';
  }

  /** Approve / Decline, pressed by a partner admin in their 1:1 chat. */
  async handle(_turn: unknown, admin: Actor, action: Decide): Promise<AdaptiveCard> {
    if (!admin) return card([text(userMessage('not-in-teams'))]);
    return card([text(await this.decide(admin, action))]);
  }

  answer(): Promise<AdaptiveCard> {
    return Promise.reject(new Error('credit approvals answer no typed command'));
  }

  private async decide(admin: WorkUser, action: Decide): Promise<string> {
    const { admins, store, service, log } = this.deps;
    const subject = { tenantId: admin.tenantId, objectId: action.subject.toLowerCase() };
    if (subject.objectId === admin.objectId.toLowerCase()) return userMessage('credit-decision-own');
    try {
      if (!(await admins.isAdmin(admin.tenantId, admin.objectId))) {
        log.info(
          { event: 'credit.decision-refused', reason: 'not-admin' },
          'a credit decision pressed by someone who is not a partner admin',
        );
        return userMessage('credit-decision-not-admin');
      }
    } catch {
      return userMessage('credit-decision-unavailable');
    }
    const decision = action.decision === 'approve' ? 'approved' : 'declined';
    const outcome = await service.decide(
      subject,
      action.transcript,
      decision,
      admin.objectId.toLowerCase(),
      this.deps.now(),
    );
    const cached = await store.cached(subject);
    if (outcome === 'decided')
      return userMessage(decision === 'approved' ? 'credit-approved' : 'credit-declined', { name: nameOf(cached) });
    if (
      cached?.transcriptKey === action.transcript &&
      (cached.ownership === 'approved' || cached.ownership === 'declined')
    )
      return userMessage('credit-decision-already', { decision: cached.ownership });
    return userMessage('credit-decision-stale');
  }
}
