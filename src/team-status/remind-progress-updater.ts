// The manager's reminder progress card, updated in place as the worker sends: every few seconds
// (one update per card at most every `intervalMs`, well inside Teams' per-conversation 7/s, 60/30 s
// and 1,800/h), and only when the counts changed; each update takes a token from the shared rate
// limiter first (Teams counts updates too). Stops when the batch has nothing left waiting.
// The cards being updated are kept in the store (RemindProgressCards) as well as here: `restore`
// reads them back at start, so after a restart the same card keeps moving to its final counts (its
// first round after a restart updates it once, whatever it showed). At most MAX_TRACKED cards; the
// oldest is given up first, and a card older than MAX_AGE_MS is given up at restore. "Delete my
// data" forgets the person's cards (`forget`): their records go, and the cards stay as last shown.
import type { ConversationReference } from '../channel/wire';
import type { Logger } from '../log';
import type { RemindProgress } from './link-reminders';
import type { RateLimiter } from '../proactive/proactive-store';
import type { AdaptiveCard } from '../cards/card-elements';
import type { RemindProgressCards } from './remind-progress-cards';
import type { TeamAction } from './team-actions';
import type { Viewer } from './team-status-service';

export interface TrackedRun {
  viewer: Viewer;
  batch: string;
  reference: Partial<ConversationReference>;
  /** The card to update (the pressed team card, replaced by the progress card). */
  activityId: string;
  /** The sentence above the counts, and the card's "Back to the team" action. */
  intro: string;
  back: TeamAction;
}

export interface ProgressUpdaterDeps {
  progress: (viewer: Viewer, batch: string) => Promise<RemindProgress | undefined>;
  update: (reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCard) => Promise<void>;
  render: (progress: RemindProgress, intro: string, back: TeamAction) => AdaptiveCard;
  cards: RemindProgressCards;
  limiter: RateLimiter;
  now: () => Date;
  log: Logger;
  intervalMs?: number;
}

export const MAX_TRACKED = 200;
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export class RemindProgressUpdater {
  private readonly tracked = new Map<string, TrackedRun & { shown: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ProgressUpdaterDeps) {}

  /** Keeps `run`'s card up to date from now on, and remembers it in the store (across restarts). */
  async track(run: TrackedRun, shown: RemindProgress): Promise<void> {
    if (this.tracked.size >= MAX_TRACKED) await this.giveUp(this.tracked.keys().next().value as string);
    this.tracked.set(run.batch, { ...run, shown: JSON.stringify(shown) });
    try {
      await this.deps.cards.save({ ...run, createdAt: this.deps.now() });
    } catch (error) {
      // Updated in this process still; only a restart would leave it as last shown.
      this.deps.log.warn({ event: 'team.remind-progress.save-failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }, 'could not keep a reminder progress card for after a restart');
    }
  }

  /** At start: the cards a previous process was updating. */
  async restore(): Promise<number> {
    const cutoff = this.deps.now().getTime() - MAX_AGE_MS;
    let restored = 0;
    for (const card of await this.deps.cards.active(MAX_TRACKED)) {
      if (card.createdAt.getTime() < cutoff) {
        await this.deps.cards.finish(card.batch);
        continue;
      }
      if (this.tracked.has(card.batch)) continue;
      this.tracked.set(card.batch, { viewer: card.viewer, batch: card.batch, reference: card.reference, activityId: card.activityId, intro: card.intro, back: card.back, shown: '' });
      restored += 1;
    }
    if (restored > 0) this.deps.log.info({ event: 'team.remind-progress.restored', cards: restored }, 'reminder progress cards restored');
    return restored;
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
          await this.giveUp(batch);
          continue;
        }
        const shown = JSON.stringify(progress);
        if (shown !== run.shown) {
          const token = await this.deps.limiter.acquire(run.viewer.tenantId, run.reference.conversation?.id, this.deps.now());
          if (!token.ok) continue; // next round
          await this.deps.update(run.reference, run.activityId, this.deps.render(progress, run.intro, run.back));
          run.shown = shown;
          updated += 1;
        }
        if (progress.done) await this.giveUp(batch);
      } catch (error) {
        this.deps.log.warn({ event: 'team.remind-progress.update-failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }, 'could not update a reminder progress card');
      }
    }
    return updated;
  }

  /** "Delete my data": the viewer's cards are no longer updated, and their records go. */
  async forget(viewer: Viewer): Promise<void> {
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    for (const [batch, run] of [...this.tracked]) if (same(run.viewer.tenantId, viewer.tenantId) && same(run.viewer.oid, viewer.oid)) this.tracked.delete(batch);
    await this.deps.cards.forget(viewer);
  }

  private async giveUp(batch: string): Promise<void> {
    this.tracked.delete(batch);
    await this.deps.cards.finish(batch);
  }
}
