// The manager's reminder progress card, updated in place as the worker sends: every few seconds
// (one update per card at most every `intervalMs`, well inside Teams' per-conversation 7/s, 60/30 s
// and 1,800/h), and only when the counts changed; each update takes a token from the shared rate
// limiter first (Teams counts updates too). Tracking lives in this process: after a restart the card
// stays as last updated, and pressing "Back to the team" shows the team again. Stops when the batch
// has nothing left waiting.
import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../log';
import type { RemindProgress } from '../proactive/link-reminders';
import type { RateLimiter } from '../proactive/proactive-store';
import type { AdaptiveCard } from '../cards/card-elements';
import type { Viewer } from './team-status-service';

export interface TrackedRun {
  viewer: Viewer;
  batch: string;
  reference: Partial<ConversationReference>;
  /** The card to update (the pressed team card, replaced by the progress card). */
  activityId: string;
  render: (progress: RemindProgress) => AdaptiveCard;
}

export interface ProgressUpdaterDeps {
  progress: (viewer: Viewer, batch: string) => Promise<RemindProgress | undefined>;
  update: (reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCard) => Promise<void>;
  limiter: RateLimiter;
  now: () => Date;
  log: Logger;
  intervalMs?: number;
}

const MAX_TRACKED = 200;

export class RemindProgressUpdater {
  private readonly tracked = new Map<string, TrackedRun & { shown: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ProgressUpdaterDeps) {}

  track(run: TrackedRun, shown: RemindProgress): void {
    if (this.tracked.size >= MAX_TRACKED) this.tracked.delete(this.tracked.keys().next().value as string);
    this.tracked.set(run.batch, { ...run, shown: JSON.stringify(shown) });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.deps.intervalMs ?? 3_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round of updates (the timer calls it; tests call it directly). */
  async tick(): Promise<number> {
    let updated = 0;
    for (const [batch, run] of [...this.tracked]) {
      try {
        const progress = await this.deps.progress(run.viewer, batch);
        if (!progress) {
          this.tracked.delete(batch);
          continue;
        }
        const shown = JSON.stringify(progress);
        if (shown !== run.shown) {
          const token = await this.deps.limiter.acquire(run.viewer.tenantId, run.reference.conversation?.id, this.deps.now());
          if (!token.ok) continue; // next round
          await this.deps.update(run.reference, run.activityId, run.render(progress));
          run.shown = shown;
          updated += 1;
        }
        if (progress.done) this.tracked.delete(batch);
      } catch (error) {
        this.deps.log.warn({ event: 'team.remind-progress.update-failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }, 'could not update a reminder progress card');
      }
    }
    return updated;
  }
}
