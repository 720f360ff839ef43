// What a failed proactive send means, decided by Teams' error CODE (body `error.code`, and
// `error.subCode` for 403s) before the status, as Teams documents its proactive-messaging errors:
// the status alone cannot tell "the person blocked the bot" from "the admin disabled it".
// A failure that carries an HTTP answer was NOT delivered (safe to send again); a failure without one
// after the request may have left (reset, timeout) is IN DOUBT and is never sent again.
import { retryAfterMs as readRetryAfter } from '../http/retry-after';

export type SendFailure =
  /** Answered with a retryable error: send again after `retryAfterMs` (from Retry-After) or a backoff. */
  | { kind: 'retry'; code: string; status: number; retryAfterMs?: number }
  /** The request never left this machine (connection refused, name not found): safe to retry. */
  | { kind: 'not-sent'; code: string }
  /** Never send this job again. */
  | { kind: 'permanent'; code: string; status: number }
  /** The bot is not in the person's roster: wait for an installationUpdate. */
  | { kind: 'wait-install'; code: string; status: number }
  /** BotDisabledByAdmin: stop everything for the tenant. */
  | { kind: 'tenant-stop'; code: string; status: number }
  /** 404 ConversationNotFound: the saved reference is dead. */
  | { kind: 'conversation-gone'; code: string; status: number }
  /** No answer after the request may have been sent: it may have been delivered. */
  | { kind: 'in-doubt'; code: string };

const BY_CODE: Record<string, SendFailure['kind']> = {
  ConversationBlockedByUser: 'permanent',
  MessageWritesBlocked: 'permanent',
  BotNotInConversationRoster: 'wait-install',
  BotDisabledByAdmin: 'tenant-stop',
  ConversationNotFound: 'conversation-gone',
};

const RETRY_STATUSES = new Set([412, 429, 502, 503, 504]);

/** Connection errors raised before any byte of the request was written. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorLike {
  statusCode?: unknown;
  code?: unknown;
  details?: unknown;
  response?: { bodyAsText?: unknown; headers?: { get?(name: string): unknown } };
}

interface TeamsErrorBody {
  error?: { code?: unknown; subCode?: unknown };
}

function teamsCodes(error: ErrorLike): { code?: string; subCode?: string } {
  let body: unknown = error.details;
  const text = error.response?.bodyAsText;
  if (typeof text === 'string' && text.length > 0 && text.length < 64_000) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // not JSON: keep the details botbuilder parsed, if any
    }
  }
  const inner = (body as TeamsErrorBody | undefined)?.error;
  return {
    code: typeof inner?.code === 'string' ? inner.code.slice(0, 100) : undefined,
    subCode: typeof inner?.subCode === 'string' ? inner.subCode.slice(0, 100) : undefined,
  };
}

export function classifySendError(error: unknown, nowMs: number): SendFailure {
  const e = (error && typeof error === 'object' ? error : {}) as ErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined) {
    const code = typeof e.code === 'string' ? e.code : error instanceof Error ? error.name : 'UnknownError';
    return NOT_SENT_CODES.has(code) ? { kind: 'not-sent', code } : { kind: 'in-doubt', code };
  }
  const { code, subCode } = teamsCodes(e);
  for (const name of [subCode, code]) {
    const kind = name ? BY_CODE[name] : undefined;
    if (name && kind) return { kind, code: name, status };
  }
  const label = subCode ?? code ?? `HTTP${status}`;
  if (RETRY_STATUSES.has(status)) {
    const retryAfterMs = readRetryAfter(e.response?.headers?.get?.('retry-after'), nowMs);
    return retryAfterMs === undefined
      ? { kind: 'retry', code: label, status }
      : { kind: 'retry', code: label, status, retryAfterMs };
  }
  // 500 and everything not named above: never retried.
  return { kind: 'permanent', code: label, status };
}
