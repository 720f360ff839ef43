// The proactive send worker: claims due jobs from the durable queue and sends each to the person's
// saved 1:1 conversation with the bot's own credentials (botbuilder's retries off), at most once.
// Per job: lease → checks → rate token → 'sending' committed → POST → outcome. Failures are classified
// by Teams' error code (teams-send-errors.ts); waits are rescheduled in the store, never slept on.
// Runs in the background (start/stop) or one pass at a time (runOnce), never inside a turn.
import { randomUUID } from 'node:crypto';
import type { OutgoingActivity } from '../channel/wire';
import type { Logger } from '../log';
import type { ProactiveSender } from './proactive-sender';
import type { PersonDirectory } from './person-directory';
import type {
  ConversationReferenceStore,
  FinalState,
  Job,
  JobKind,
  PersonKey,
  RateLimiter,
  SendQueue,
} from './proactive-store';
import type { AppInstaller } from './app-installer';
import { createPersonalConversation } from './conversation-creation';
import { DEFAULT_WORKER_POLICY, type JobOutcome, type WorkerPolicy } from './worker-policy';
import { classifySendError, type SendFailure } from './teams-send-errors';

/** Where a test can stop the process dead (SIGKILL) to prove the once-only rule. */
export type CrashPoint = 'claimed' | 'sending-recorded' | 'posted';

/** The code a job is cancelled with when its person left the organization. */
export const PERSON_LEFT_CODE = 'PersonLeftOrganization';

/** Turns a job into the message to send, at send time; undefined = nothing to say any more (the job is cancelled). */
export type JobRenderer = (job: Job) => OutgoingActivity | undefined | Promise<OutgoingActivity | undefined>;

export interface WorkerDeps {
  queue: SendQueue;
  references: ConversationReferenceStore;
  limiter: RateLimiter;
  sender: ProactiveSender;
  renderers: Partial<Record<JobKind, JobRenderer>>;
  log: Logger;
  now: () => Date;
  /** Waits between passes; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  instanceId?: string;
  policy?: Partial<WorkerPolicy>;
  hooks?: { at?: (point: CrashPoint, job: Job) => void };
  /** A person who left the organization (the directory's 404) gets nothing: their jobs cancelled, reference dropped (`forget`). */
  leavers?: { directory: PersonDirectory; forget: (person: PersonKey) => Promise<void> };
  /** REMIND_INSTALL_VIA_GRAPH: installs the app for a person Teams says does not have it. */
  installer?: AppInstaller;
}

export type RunSummary = Record<JobOutcome | 'claimed' | 'recoveredInDoubt', number>;

function emptySummary(): RunSummary {
  return {
    claimed: 0,
    recoveredInDoubt: 0,
    sent: 0,
    'conversation-created': 0,
    retry: 0,
    deferred: 0,
    'failed-permanent': 0,
    'waiting-install': 0,
    'tenant-stopped': 0,
    'in-doubt': 0,
    expired: 0,
    cancelled: 0,
    skipped: 0,
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class ProactiveWorker {
  readonly instanceId: string;
  private readonly policy: WorkerPolicy;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private loop: Promise<void> | undefined;
  private stopping: AbortController | undefined;
  private napping: AbortController | undefined;

  constructor(private readonly deps: WorkerDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.policy = { ...DEFAULT_WORKER_POLICY, ...deps.policy };
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
  }

  /** Runs passes in the background until stop(). */
  start(): void {
    if (this.loop) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    this.loop = this.run(stopping.signal);
  }

  /** Finishes the sends in flight (bounded by the send timeout), then returns. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.napping?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Something was enqueued: look now rather than after the idle wait. */
  wake(): void {
    this.napping?.abort();
  }

  /** One pass: reports sends left in doubt by a crash, then sends everything due now. */
  async runOnce(): Promise<RunSummary> {
    const summary = emptySummary();
    const recovered = await this.deps.queue.recoverInDoubt(this.deps.now());
    summary.recoveredInDoubt = recovered.length;
    for (const job of recovered) {
      this.deps.log.warn(
        { event: 'proactive.in-doubt', jobId: job.id, kind: job.kind, attempts: job.attempts },
        'a send was interrupted after it was marked "sending": it may or may not have been delivered, and will not be sent again',
      );
    }
    for (let pass = 0; pass < 10_000; pass += 1) {
      const jobs = await this.deps.queue.claimDue(
        this.instanceId,
        this.deps.now(),
        this.policy.concurrency,
        this.policy.leaseMs,
      );
      if (jobs.length === 0) break;
      summary.claimed += jobs.length;
      const outcomes = await Promise.all(jobs.map((job) => this.process(job)));
      for (const outcome of outcomes) summary[outcome] += 1;
    }
    return summary;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.runOnce();
      } catch (error) {
        this.deps.log.error(
          { event: 'proactive.worker.error', err: error instanceof Error ? error.message : String(error) },
          'the proactive worker pass failed; it will try again',
        );
      }
      if (signal.aborted) break;
      const next = await this.deps.queue.nextDueAt().catch(() => undefined);
      const wait = next
        ? Math.min(Math.max(next.getTime() - this.deps.now().getTime(), 20), this.policy.idleMs)
        : this.policy.idleMs;
      // stop() and wake() abort the nap; checked after it exists so a stop() just before is not missed.
      const nap = new AbortController();
      this.napping = nap;
      if (signal.aborted) break;
      await this.sleep(wait, nap.signal);
    }
  }

  private async process(job: Job): Promise<JobOutcome> {
    const { queue, references, limiter, log } = this.deps;
    const owner = this.instanceId;
    this.deps.hooks?.at?.('claimed', job);
    const now = this.deps.now();
    if (job.notAfter && now > job.notAfter) return this.settle(job, 'expired', 'PastNotAfter');
    if (await this.leftOrganization(job, false)) return 'cancelled';
    const reference = await references.getReference(job.person);
    if (!reference) return this.createConversation(job, now);
    const render = this.deps.renderers[job.kind];
    if (!render) return this.settle(job, 'failed-permanent', 'UnknownJobKind');
    const activity = await render(job);
    if (!activity) return this.settle(job, 'cancelled', 'NothingToSay');

    const decision = await limiter.acquire(job.person.tenantId, reference.conversationId, now);
    if (!decision.ok) {
      await queue.release(job.id, owner, new Date(decision.retryAt.getTime() + Math.floor(this.random() * 50)), now);
      return 'deferred';
    }
    let channel;
    try {
      channel = await this.deps.sender.connect(reference.serviceUrl);
    } catch (error) {
      // Nothing left this machine: try again later, no attempt counted.
      log.error(
        {
          event: 'proactive.connect-failed',
          jobId: job.id,
          err: error instanceof Error ? error.message : String(error),
        },
        'could not prepare the Teams connector; the job waits',
      );
      await queue.release(job.id, owner, new Date(now.getTime() + this.policy.backoffMaxMs), now);
      return 'deferred';
    }
    if (!(await queue.markSending(job.id, owner, this.deps.now(), this.policy.leaseMs))) return 'skipped';
    this.deps.hooks?.at?.('sending-recorded', job);
    const attempts = job.attempts + 1;
    let activityId: string | undefined;
    try {
      activityId = (
        await channel.post(reference.conversationId, {
          ...activity,
          from: { id: reference.botId, name: '' },
          recipient: { id: reference.userId, name: '' },
        })
      ).id;
    } catch (error) {
      return this.failed({ ...job, attempts }, classifySendError(error, this.deps.now().getTime()));
    }
    this.deps.hooks?.at?.('posted', job);
    await queue.markSent(job.id, owner, activityId, this.deps.now());
    log.info({ event: 'proactive.sent', jobId: job.id, kind: job.kind, attempts }, 'proactive message sent');
    return 'sent';
  }

  /** No saved conversation: create the 1:1 (conversation-creation.ts), save it, and queue the send. */
  private createConversation(job: Job, now: Date): Promise<JobOutcome> {
    return createPersonalConversation(
      {
        ...this.deps,
        owner: this.instanceId,
        policy: this.policy,
        random: this.random,
        settle: (j, state, code) => this.settle(j, state, code),
        leftOrganization: (j) => this.leftOrganization(j, true),
      },
      job,
      now,
    );
  }

  private async failed(job: Job, failure: SendFailure): Promise<JobOutcome> {
    const { queue, references, limiter, log } = this.deps;
    const now = this.deps.now();
    const context = {
      jobId: job.id,
      kind: job.kind,
      attempts: job.attempts,
      code: failure.code,
      status: 'status' in failure ? failure.status : undefined,
    };
    switch (failure.kind) {
      case 'retry':
      case 'not-sent': {
        if (job.attempts >= this.policy.maxAttempts) {
          log.warn(
            { event: 'proactive.retries-exhausted', ...context },
            'proactive send failed after the last attempt',
          );
          return this.settle(job, 'failed-permanent', failure.code);
        }
        const retryAfterMs = failure.kind === 'retry' ? failure.retryAfterMs : undefined;
        let delay: number;
        if (retryAfterMs !== undefined) {
          const wait = Math.min(retryAfterMs, this.policy.maxRetryAfterMs);
          // Throttling is per app per tenant: every instance holds off, not just this job.
          if (failure.kind === 'retry' && failure.status === 429)
            await limiter.holdTenant(job.person.tenantId, new Date(now.getTime() + wait));
          delay = wait + Math.floor(this.random() * this.policy.retryAfterJitterMs);
        } else {
          const backoff = Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** (job.attempts - 1));
          delay = Math.floor(backoff / 2 + (this.random() * backoff) / 2);
        }
        delay = Math.max(delay, this.policy.minRetryDelayMs);
        log.info(
          { event: 'proactive.retry', ...context, delayMs: delay },
          'proactive send answered with a retryable error; it will be sent again',
        );
        await queue.retryAt(job.id, this.instanceId, new Date(now.getTime() + delay), failure.code, now);
        return 'retry';
      }
      case 'permanent':
        log.warn({ event: 'proactive.failed', ...context }, 'proactive send failed permanently');
        return this.settle(job, 'failed-permanent', failure.code);
      case 'wait-install':
        log.info(
          { event: 'proactive.waiting-install', ...context },
          'the bot is not installed for this person: waiting for an installationUpdate',
        );
        return this.settle(job, 'waiting-install', failure.code);
      case 'conversation-gone':
        await references.dropReference(job.person);
        log.warn(
          { event: 'proactive.conversation-gone', ...context },
          'the saved conversation no longer exists: reference dropped',
        );
        // Teams' hint that the person may have left: the directory, asked afresh, decides.
        return (await this.leftOrganization(job, true))
          ? 'cancelled'
          : this.settle(job, 'failed-permanent', failure.code);
      case 'tenant-stop': {
        // Not delivered (it was answered): park it with the rest of the tenant's jobs.
        await queue.retryAt(job.id, this.instanceId, now, failure.code, now);
        const parked = await queue.stopTenant(job.person.tenantId, failure.code, now);
        log.warn(
          { event: 'proactive.tenant-stopped', ...context, tenantId: job.person.tenantId, parked },
          'the bot is disabled by the tenant admin: every send to this tenant stops',
        );
        return 'tenant-stopped';
      }
      case 'in-doubt':
        log.warn(
          { event: 'proactive.in-doubt', ...context },
          'no answer to a proactive send: it may have been delivered, and will not be sent again',
        );
        return this.settle(job, 'in-doubt', failure.code);
    }
  }

  /** True when the directory says the person is gone: this job is cancelled and they are forgotten. */
  private async leftOrganization(job: Job, fresh: boolean): Promise<boolean> {
    const leavers = this.deps.leavers;
    if (!leavers || (await leavers.directory.presence(job.person, { fresh })) !== 'gone') return false;
    await this.settle(job, 'cancelled', PERSON_LEFT_CODE);
    await leavers.forget(job.person);
    this.deps.log.info(
      { event: 'proactive.person-left', jobId: job.id, kind: job.kind },
      'the person is no longer in the organization: their reminders stop and their conversation reference is dropped',
    );
    return true;
  }

  private async settle(job: Job, state: FinalState, code: string): Promise<JobOutcome> {
    await this.deps.queue.settle(job.id, this.instanceId, state, code, this.deps.now());
    return state;
  }
}
