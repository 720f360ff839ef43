// Reads a shared transcript from Microsoft Learn:
// GET {LEARN_API_URL}/api/profiles/transcript/share/{shareId}. Each attempt has a timeout; network
// errors, timeouts, 429 and 5xx are retried a few times with exponential backoff and jitter
// (Retry-After honoured up to a bound); the body is read with a size cap and checked with zod.
// The share id is a secret: it appears in no log line (only shareRef, a short hash) and no error.
// The transcript's contact email and identity leave this file only as keyed hashes.
import { createHash } from 'node:crypto';
import { readCapped } from '../http/read-capped';
import { retryAfterMs } from '../http/retry-after';
import type { Logger } from '../log';
import type { IdentityKeys } from '../storage/identity-keys';
import { contactEmailOf, toRecord, transcriptIdentity, transcriptWire, type CertificationRecord } from './transcript';

export type TranscriptOutcome =
  /**
   * `transcriptKey`: keyed hash of the transcript's Learn user name (or MCID); `contactEmailKey`:
   * keyed hash of its contact email, null when it has none.
   */
  | { kind: 'ok'; record: CertificationRecord; transcriptKey: string; contactEmailKey: string | null }
  /** 404/410: the link no longer works; the person must share the transcript again. */
  | { kind: 'not-shared' }
  /** Learn could not be read now; show the cache with its age. `reason` is for logs and tests. */
  | { kind: 'unavailable'; reason: 'timeout' | 'network' | 'http-status' | 'throttled' | 'too-large' | 'wrong-shape' };

export interface LearnClientOptions {
  /** LEARN_API_URL, e.g. https://learn.microsoft.com (no trailing slash). */
  baseUrl: string;
  log: Logger;
  /** Hashes the contact email and the transcript identity as soon as they are read. */
  keys: IdentityKeys;
  timeoutMs?: number;
  attempts?: number;
  maxResponseBytes?: number;
  backoffBaseMs?: number;
  /** A longer Retry-After ends the retries (the person sees the cache instead of waiting). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A short, non-reversible reference to a share id for logs (never the id itself). */
export function shareRef(shareId: string): string {
  return createHash('sha256').update(shareId).digest('hex').slice(0, 8);
}

type Attempt =
  { done: TranscriptOutcome } | { retry: 'timeout' | 'network' | 'http-status' | 'throttled'; afterMs?: number };

export class LearnClient {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly maxBytes: number;
  private readonly backoffBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: LearnClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.maxBytes = options.maxResponseBytes ?? 2 * 1024 * 1024;
    this.backoffBaseMs = options.backoffBaseMs ?? 250;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Reads the transcript behind `shareId`. */
  async fetchTranscript(shareId: string): Promise<TranscriptOutcome> {
    const ref = shareRef(shareId);
    const url = `${this.options.baseUrl}/api/profiles/transcript/share/${encodeURIComponent(shareId)}?locale=en-us`;
    let last: Extract<Attempt, { retry: unknown }>['retry'] = 'network';
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      const result = await this.attempt(url, ref);
      if ('done' in result) return result.done;
      last = result.retry;
      this.options.log.warn(
        { event: 'learn.transcript.retryable', shareRef: ref, attempt, reason: result.retry },
        'Learn transcript read failed',
      );
      if (attempt === this.attempts) break;
      const backoff = Math.min(this.backoffBaseMs * 2 ** (attempt - 1), 8000) * (0.5 + this.random());
      if (result.afterMs !== undefined && result.afterMs > this.maxRetryAfterMs) break;
      await this.sleep(Math.max(backoff, result.afterMs ?? 0));
    }
    return { kind: 'unavailable', reason: last };
  }

  private async attempt(url: string, ref: string): Promise<Attempt> {
    let response: Response;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal });
    } catch (error) {
      return { retry: isTimeout(error) ? 'timeout' : 'network' };
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return { done: { kind: 'not-shared' } };
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      return {
        retry: response.status === 429 ? 'throttled' : 'http-status',
        afterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      this.options.log.warn(
        { event: 'learn.transcript.unexpected-status', shareRef: ref, status: response.status },
        'Learn answered with an unexpected status',
      );
      return { done: { kind: 'unavailable', reason: 'http-status' } };
    }
    let body: string | undefined;
    try {
      body = await readCapped(response, this.maxBytes);
    } catch (error) {
      return { retry: isTimeout(error) || signal.aborted ? 'timeout' : 'network' };
    }
    if (body === undefined) {
      this.options.log.warn(
        { event: 'learn.transcript.too-large', shareRef: ref, maxBytes: this.maxBytes },
        'Learn transcript larger than allowed',
      );
      return { done: { kind: 'unavailable', reason: 'too-large' } };
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const parsed = transcriptWire.safeParse(json);
    if (!parsed.success) {
      // Paths and codes only: values could be personal data.
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), code: i.code }));
      this.options.log.error(
        { event: 'learn.transcript.wrong-shape', shareRef: ref, issues },
        'Learn transcript has an unexpected shape; treated as unavailable',
      );
      return { done: { kind: 'unavailable', reason: 'wrong-shape' } };
    }
    const identity = transcriptIdentity(parsed.data);
    if (!identity) {
      // Without a user name or MCID nobody can tell whether the transcript already counts for a colleague.
      this.options.log.error(
        { event: 'learn.transcript.no-identity', shareRef: ref },
        'Learn transcript names no user name or MCID; treated as unavailable',
      );
      return { done: { kind: 'unavailable', reason: 'wrong-shape' } };
    }
    const record = toRecord(parsed.data);
    const email = contactEmailOf(parsed.data);
    const [transcriptKey, contactEmailKey] = await Promise.all([
      this.options.keys.transcriptKey(identity),
      email ? this.options.keys.emailKey(email) : null,
    ]);
    this.options.log.info(
      {
        event: 'learn.transcript.read',
        shareRef: ref,
        certifications: record.certifications.length,
        exams: record.exams.length,
      },
      'Learn transcript read',
    );
    return { done: { kind: 'ok', record, transcriptKey, contactEmailKey } };
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'TimeoutError' || error.name === 'AbortError'
    : error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
