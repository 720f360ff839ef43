// Reaching someone the bot has never talked to: a job with no saved conversation reference, whose
// payload names the Teams service URL and the bot (taken from the press that queued it), gets its
// 1:1 conversation created through the connector (`POST /v3/conversations`, the same retry-free
// client as the sends, a rate token taken first, since Teams counts the call). What the answer means:
//  - 200/201: the reference is saved, and the job goes back to the queue to be sent (another token);
//  - 403 (ForbiddenOperationException: the app is not installed for the person; or blocked): "can't
//    reach" — the job waits for an install (installationUpdate re-queues it), nothing is retried;
//  - BotDisabledByAdmin: the tenant stops, as for sends;
//  - 429 / 412 / 502 / 503 / 504, or no answer: tried again later (after Retry-After on 429).
//    Creating a 1:1 twice is harmless (Teams returns the same chat), so "no answer" is not in doubt.
import type { ConversationParameters } from '../channel/wire';
import type { Job, ProactiveReference } from './proactive-store';
import { classifySendError } from './teams-send-errors';

/**
 * Payload keys a job carries so its conversation can be created; `installViaGraph` (true) is the
 * press's leave to install the app for the person through Graph (REMIND_INSTALL_VIA_GRAPH) when
 * Teams says it is missing: without it, never.
 */
export const CREATE_PAYLOAD = { serviceUrl: 'serviceUrl', botId: 'botId', installViaGraph: 'installViaGraph' } as const;

/** The code a "can't reach" job is settled with (the app is not installed for the person). */
export const CANNOT_REACH_CODE = 'CannotReach:NotInstalled';

export interface CreationTarget {
  serviceUrl: string;
  botId: string;
}

/** May the worker install the app for this job's person through Graph? Only when the press said so. */
export function mayInstallViaGraph(job: Job): boolean {
  return job.payload[CREATE_PAYLOAD.installViaGraph] === true;
}

export function creationTarget(job: Job): CreationTarget | undefined {
  const serviceUrl = job.payload[CREATE_PAYLOAD.serviceUrl];
  const botId = job.payload[CREATE_PAYLOAD.botId];
  if (typeof serviceUrl !== 'string' || !/^https?:\/\//i.test(serviceUrl) || serviceUrl.length > 2048) return undefined;
  if (typeof botId !== 'string' || botId.length === 0 || botId.length > 512) return undefined;
  return { serviceUrl, botId };
}

/** Teams' parameters for a bot-created 1:1: one member (the Entra object id), the tenant twice. */
export function personalConversationParameters(
  target: CreationTarget,
  tenantId: string,
  aadObjectId: string,
): ConversationParameters {
  return {
    isGroup: false,
    bot: { id: target.botId, name: '' },
    members: [{ id: aadObjectId, name: '' }],
    tenantId,
    channelData: { tenant: { id: tenantId } },
  };
}

export function referenceFor(target: CreationTarget, conversationId: string, aadObjectId: string): ProactiveReference {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    conversationId,
    botId: target.botId,
    userId: aadObjectId,
  };
}

export type CreateFailure =
  | { kind: 'cannot-reach'; code: string; status: number }
  | { kind: 'tenant-stop'; code: string; status: number }
  | { kind: 'retry'; code: string; retryAfterMs?: number; throttled: boolean }
  | { kind: 'permanent'; code: string; status: number };

export function classifyCreateError(error: unknown, nowMs: number): CreateFailure {
  const failure = classifySendError(error, nowMs);
  switch (failure.kind) {
    case 'tenant-stop':
      return failure;
    case 'retry':
      return {
        kind: 'retry',
        code: failure.code,
        throttled: failure.status === 429,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      };
    case 'not-sent':
    case 'in-doubt':
      return { kind: 'retry', code: failure.code, throttled: false };
    case 'permanent':
    case 'wait-install':
    case 'conversation-gone':
      // 403 here is "not installed for this person" (or blocked): can't reach until they install.
      return failure.status === 403
        ? { kind: 'cannot-reach', code: CANNOT_REACH_CODE, status: failure.status }
        : { kind: 'permanent', code: failure.code, status: failure.status };
  }
}
