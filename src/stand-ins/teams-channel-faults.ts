// Failure injection for the Teams channel stand-in: makes the next request(s) to a conversation
// (or to any, '*') answer the way the real Bot Connector fails — a status with its error body
// `{ "error": { "code", "message" } }` (plus `subCode` for some 403s) and `Retry-After` on 429 —
// or take the request and never answer (the response is lost on the way back). It also keeps a
// log of every request the channel received, so tests can count POSTs, failed ones included.
import type http from 'node:http';

export interface ChannelFault {
  status: number;
  code: string;
  subCode?: string;
  message?: string;
  /** Seconds (a number) or an HTTP date, sent as the Retry-After header. */
  retryAfter?: number | string;
}

/** A conversation id, '*' for any POST, or CREATE_CONVERSATION for `POST /v3/conversations` only. */
export type FaultTarget = string;

/** Target of faults on conversation creation (POST /v3/conversations), e.g. 429 with Retry-After. */
export const CREATE_CONVERSATION = '(create conversation)';

/** The request is served normally, but only after `delayMs`, or once `until` settles (a slow channel: turns stay in flight). */
export type ChannelDelay = { delayMs: number } | { until: Promise<unknown> };

interface Armed {
  target: FaultTarget;
  /** 'drop': the request is received (and the activity delivered) but the response never comes. */
  fault: ChannelFault | ChannelDelay | 'drop';
  remaining: number;
}

export interface ReceivedRequest {
  method: string;
  conversationId: string | undefined;
  /** The injected failure's status, 'dropped' (never answered), or 'handled' (served normally). */
  outcome: number | 'handled' | 'dropped';
}

export class ChannelFaults {
  private readonly armed: Armed[] = [];
  private readonly received: ReceivedRequest[] = [];

  /** The next `times` POSTs to `target` ('*' = any conversation) answer with `fault`. */
  failNext(target: FaultTarget, fault: ChannelFault, times = 1): void {
    this.armed.push({ target, fault, remaining: times });
  }

  /** The next `times` POSTs to `target` are received (and delivered) but never answered. */
  dropResponseNext(target: FaultTarget, times = 1): void {
    this.armed.push({ target, fault: 'drop', remaining: times });
  }

  /** The next `times` POSTs to `target` are served normally after `delay` ms, or once the `delay` promise settles. */
  delayNext(target: FaultTarget, delay: number | Promise<unknown>, times = 1): void {
    this.armed.push({
      target,
      fault: typeof delay === 'number' ? { delayMs: delay } : { until: delay },
      remaining: times,
    });
  }

  /** Every request the channel received, oldest first. */
  requests(): ReceivedRequest[] {
    return [...this.received];
  }

  /** POSTs received for `conversationId` (activities sent; failed and dropped ones included). */
  posts(conversationId?: string): ReceivedRequest[] {
    return this.received.filter(
      (r) => r.method === 'POST' && (conversationId === undefined || r.conversationId === conversationId),
    );
  }

  clear(): void {
    this.armed.length = 0;
    this.received.length = 0;
  }

  /** Called by the stand-in for each POST; returns the armed fault to apply, if any. */
  take(method: string, conversationId: string | undefined): ChannelFault | ChannelDelay | 'drop' | undefined {
    if (method !== 'POST') return undefined;
    const index = this.armed.findIndex((a) => a.target === '*' || a.target === (conversationId ?? CREATE_CONVERSATION));
    const armed = index >= 0 ? this.armed[index] : undefined;
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }

  record(method: string, conversationId: string | undefined, outcome: ReceivedRequest['outcome']): void {
    this.received.push({ method, conversationId, outcome });
    // `npm start` runs for days: keep the log bounded.
    if (this.received.length > 10_000) this.received.splice(0, this.received.length - 10_000);
  }

  /** Answers `res` with the fault in the Bot Connector's wire format. */
  static answer(res: http.ServerResponse, fault: ChannelFault): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    const error: Record<string, string> = {
      code: fault.code,
      message: fault.message ?? `${fault.code} (injected by the stand-in)`,
    };
    if (fault.subCode) error.subCode = fault.subCode;
    res.writeHead(fault.status, headers);
    res.end(JSON.stringify({ error }));
  }
}
