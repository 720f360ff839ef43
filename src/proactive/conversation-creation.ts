// Opening a 1:1 with a person the bot has no conversation with, for the proactive worker: one
// counted Teams call (a rate token first), the reference saved and the job put back due now so the
// send takes its own token. Teams' 403 "not installed" leaves the job waiting for an install — or,
// with an installer (REMIND_INSTALL_VIA_GRAPH) and a job whose press allows it (a manager's own
// reports, never a press from a team), installs the app for them once and tries again;
// 429 holds the tenant for Retry-After; a 404 asks the directory whether the person left.
import type { Logger } from '../log';
import type { AppInstaller } from './app-installer';
import {
  classifyCreateError,
  creationTarget,
  mayInstallViaGraph,
  personalConversationParameters,
  referenceFor,
  type CreateFailure,
} from './create-conversation';
import type { ProactiveSender } from './proactive-sender';
import type { ConversationReferenceStore, FinalState, Job, RateLimiter, SendQueue } from './proactive-store';
import type { JobOutcome, WorkerPolicy } from './worker-policy';

export interface CreationContext {
  queue: SendQueue;
  references: ConversationReferenceStore;
  limiter: RateLimiter;
  sender: ProactiveSender;
  log: Logger;
  now: () => Date;
  installer?: AppInstaller;
  /** The worker instance holding the job's lease. */
  owner: string;
  policy: WorkerPolicy;
  random: () => number;
  settle: (job: Job, state: FinalState, code: string) => Promise<JobOutcome>;
  /** True when the directory, asked afresh, says the person left (the job is then cancelled). */
  leftOrganization: (job: Job) => Promise<boolean>;
}

/** No saved conversation: create the 1:1 (a counted Teams call), save it, and queue the send. */
export async function createPersonalConversation(ctx: CreationContext, job: Job, now: Date): Promise<JobOutcome> {
  const { queue, references, limiter, owner } = ctx;
  const target = creationTarget(job);
  if (!target) return ctx.settle(job, 'waiting-install', 'NoConversationReference');
  const decision = await limiter.acquire(job.person.tenantId, undefined, now);
  if (!decision.ok) {
    await queue.release(job.id, owner, new Date(decision.retryAt.getTime() + Math.floor(ctx.random() * 50)), now);
    return 'deferred';
  }
  let created: { id?: string } | undefined;
  for (let attempt = 0; !created; attempt += 1) {
    try {
      const channel = await ctx.sender.connect(target.serviceUrl);
      if (!channel.createConversation) return ctx.settle(job, 'waiting-install', 'NoConversationReference');
      created = await channel.createConversation(
        personalConversationParameters(target, job.person.tenantId, job.person.aadObjectId),
      );
    } catch (error) {
      const failure = classifyCreateError(error, ctx.now().getTime());
      // REMIND_INSTALL_VIA_GRAPH: install the app for them (once per job), then one more try, with its own rate token.
      if (failure.kind !== 'cannot-reach' || attempt > 0 || !(await installedForThem(ctx, job)))
        return createFailed(ctx, job, failure, now);
    }
  }
  if (!created.id) return ctx.settle(job, 'failed-permanent', 'NoConversationId');
  await references.saveReference(job.person, referenceFor(target, created.id, job.person.aadObjectId), ctx.now());
  // Back in the queue, due now: the send takes its own rate token on the next claim.
  await queue.release(job.id, owner, ctx.now(), ctx.now());
  return 'conversation-created';
}

/** The app installed for the person (or already there) and a rate token for the second creation. */
async function installedForThem(ctx: CreationContext, job: Job): Promise<boolean> {
  const installer = ctx.installer;
  if (!installer || !mayInstallViaGraph(job) || (await installer.install(job.person)) === 'failed') return false;
  ctx.log.info(
    { event: 'proactive.installed', jobId: job.id, kind: job.kind },
    'Partner Link installed for the person through Graph; opening the 1:1 again',
  );
  return (await ctx.limiter.acquire(job.person.tenantId, undefined, ctx.now())).ok;
}

async function createFailed(ctx: CreationContext, job: Job, failure: CreateFailure, now: Date): Promise<JobOutcome> {
  const { queue, limiter, log, owner } = ctx;
  const context = { jobId: job.id, kind: job.kind, code: failure.code };
  switch (failure.kind) {
    case 'cannot-reach':
      log.info(
        { event: 'proactive.cannot-reach', ...context },
        'Teams refused a 1:1 with this person (the app is not installed for them): waiting for an install',
      );
      return ctx.settle(job, 'waiting-install', failure.code);
    case 'tenant-stop':
      await queue.stopTenant(job.person.tenantId, failure.code, now);
      return 'tenant-stopped';
    case 'permanent':
      log.warn({ event: 'proactive.create-failed', ...context }, 'creating the 1:1 conversation failed permanently');
      if (failure.status === 404 && (await ctx.leftOrganization(job))) return 'cancelled';
      return ctx.settle(job, 'failed-permanent', failure.code);
    case 'retry': {
      const wait = Math.min(failure.retryAfterMs ?? ctx.policy.backoffBaseMs, ctx.policy.maxRetryAfterMs);
      if (failure.throttled) await limiter.holdTenant(job.person.tenantId, new Date(now.getTime() + wait));
      const delay = Math.max(
        ctx.policy.minRetryDelayMs,
        wait + Math.floor(ctx.random() * ctx.policy.retryAfterJitterMs),
      );
      log.info(
        { event: 'proactive.create-retry', ...context, delayMs: delay },
        'creating the 1:1 conversation will be tried again',
      );
      await queue.release(job.id, owner, new Date(now.getTime() + delay), now);
      return 'retry';
    }
  }
}
