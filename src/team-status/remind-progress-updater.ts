// The manager's reminder progress card, updated in place as the worker sends: every few seconds
// (one update per card at most every `intervalMs`, well inside Teams' per-conversation 7/s, 60/30 s
// and 1,800/h), and only when the counts changed; each update takes a token from the shared rate
// limiter first (Teams counts updates too). Stops when the batch has nothing left waiting.
// The cards being updated are kept in the store (RemindProgressCards), each a leased duty: the
// instance that took the press holds it, and every round it first claims its cards from the store
// (its own, renewed; and any whose holder stopped renewing: died, scaled in, or stopped and released
// them), so whichever instances live, every card keeps moving to its final counts (the first round
// of a card taken over updates it once, whatever it showed). At most MAX_TRACKED cards per instance;
// a card older than MAX_AGE_MS is given up. "Delete my data" forgets the person's cards (`forget`):
// their records go, and the cards stay as last shown. Updating is idempotent (the card is replaced
// with the current counts), so two instances at a lease's edge cost one extra update, never a message.
import { randomUUID } from 'node:crypto';
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
  /** How long a card stays with this instance without a renewal (default 5 rounds). */
  leaseMs?: number;
  /** This instance, as the holder of its cards' leases (default: a new random id). */
  instanceId?: string;
}

export const MAX_TRACKED = 200;
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export class RemindProgressUpdater {
  private readonly tracked = new Map<string, TrackedRun & { shown: string }>();
  /** Cards the store could not keep: updated by this instance alone, whatever the claims say. */
  private readonly unstored = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  readonly instanceId: string;
  private readonly intervalMs: number;
  private readonly leaseMs: number;

  constructor(private readonly deps: ProgressUpdaterDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.intervalMs = deps.intervalMs ?? 3_000;
    this.leaseMs = deps.leaseMs ?? 5 * this.intervalMs;
  }

  /** Keeps `run`'s card up to date from now on: this instance holds it, and the store keeps it for any other. */
  async track(run: TrackedRun, shown: RemindProgress): Promise<void> {
    if (this.tracked.size >= MAX_TRACKED) await this.giveUp(this.tracked.keys().next().value as string);
    this.tracked.set(run.batch, { ...run, shown: JSON.stringify(shown) });
    const now = this.deps.now();
    try {
      await this.deps.cards.save(
        { ...run, createdAt: now },
        { holder: this.instanceId, until: new Date(now.getTime() + this.leaseMs) },
      );
    } catch (error) {
      this.unstored.add(run.batch);
      // Updated by this instance still; only if it stopped would the card be left as last shown.
      this.deps.log.warn(
        {
          event: 'team.remind-progress.save-failed',
          err: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        },
        'could not keep a reminder progress card for other instances and restarts',
      );
    }
  }

  /** At start: the cards nobody updates any more (a previous process's, another instance's). */
  async restore(): Promise<number> {
    const before = this.tracked.size;
    await this.claim();
    const restored = Math.max(0, this.tracked.size - before);
    if (restored > 0)
      this.deps.log.info(
        { event: 'team.remind-progress.restored', cards: restored },
        'reminder progress cards restored',
      );
    return restored;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** No more rounds; the cards this instance held are free at once for another instance (or the next start). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tracked.clear();
    this.unstored.clear();
    try {
      await this.deps.cards.release(this.instanceId);
    } catch (error) {
      // Their leases run out on their own; another instance takes the cards then.
      this.deps.log.warn(
        {
          event: 'team.remind-progress.release-failed',
          err: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        },
        'could not hand over the reminder progress cards at stop',
      );
    }
  }

  /** One round: claim this instance's cards, then update each whose counts changed (the timer calls it; tests call it directly). */
  async tick(): Promise<number> {
    await this.claim();
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
          const token = await this.deps.limiter.acquire(
            run.viewer.tenantId,
            run.reference.conversation?.id,
            this.deps.now(),
          );
          if (!token.ok) continue; // next round
          await this.deps.update(run.reference, run.activityId, this.deps.render(progress, run.intro, run.back));
          run.shown = shown;
          updated += 1;
        }
        if (progress.done) await this.giveUp(batch);
      } catch (error) {
        this.deps.log.warn(
          {
            event: 'team.remind-progress.update-failed',
            err: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
          },
          'could not update a reminder progress card',
        );
      }
    }
    return updated;
  }

  /**
   * The cards this instance updates this round, from the store: those it holds and those nobody holds
   * any more (taken over: shown once whatever they showed). A card another instance took meanwhile is
   * dropped here. When the store cannot be read, the round goes on with the cards already held.
   */
  private async claim(): Promise<void> {
    const now = this.deps.now();
    let claimed;
    try {
      claimed = await this.deps.cards.claim(this.instanceId, now, this.leaseMs, MAX_TRACKED);
    } catch (error) {
      this.deps.log.warn(
        {
          event: 'team.remind-progress.claim-failed',
          err: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        },
        'could not read the reminder progress cards to update',
      );
      return;
    }
    const cutoff = now.getTime() - MAX_AGE_MS;
    const held = new Set<string>();
    for (const card of claimed) {
      if (card.createdAt.getTime() < cutoff) {
        await this.deps.cards.finish(card.batch);
        continue;
      }
      held.add(card.batch);
      if (!this.tracked.has(card.batch))
        this.tracked.set(card.batch, {
          viewer: card.viewer,
          batch: card.batch,
          reference: card.reference,
          activityId: card.activityId,
          intro: card.intro,
          back: card.back,
          shown: '',
        });
    }
    for (const batch of [...this.tracked.keys()])
      if (!held.has(batch) && !this.unstored.has(batch)) this.tracked.delete(batch);
  }

  /** "Delete my data": the viewer's cards are no longer updated, and their records go. */
  async forget(viewer: Viewer): Promise<void> {
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    for (const [batch, run] of [...this.tracked]) {
      if (!same(run.viewer.tenantId, viewer.tenantId) || !same(run.viewer.oid, viewer.oid)) continue;
      this.tracked.delete(batch);
      this.unstored.delete(batch);
    }
    await this.deps.cards.forget(viewer);
  }

  private async giveUp(batch: string): Promise<void> {
    this.tracked.delete(batch);
    this.unstored.delete(batch);
    await this.deps.cards.finish(batch);
  }
}
