// Background work: once an interval, refreshes the certifications of everyone whose
// cache is older than a day (at most `batch` people per pass, oldest first), forgets those whose
// Learning association is gone, and after each refresh schedules their renewal reminders from what
// is cached (so reminders still come when Learn is down). Never runs inside a turn: app.ts starts
// and stops it like the proactive worker; tests call runOnce() with their own clock.
import type { Logger } from '../log';
import type { CertificationReminders } from './certification-reminders';
import type { PersonKey } from './certification-store';
import type { CertificationsService, LearningAssociation } from './certifications-service';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RefreshWorkerDeps {
  service: CertificationsService;
  reminders: CertificationReminders;
  /** The person's current Learning association (undefined: removed, so the cache is forgotten). */
  associationOf: (person: PersonKey) => Promise<LearningAssociation | undefined>;
  now: () => Date;
  log: Logger;
  /** How old a cache may get before the daily refresh reads it again. */
  maxAgeMs?: number;
  /** Time between passes (a pass only reads people whose cache is due). */
  intervalMs?: number;
  /** People read per pass at most (Learn is read one person at a time). */
  batch?: number;
}

export class CertificationsRefreshWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly deps: RefreshWorkerDeps) {}

  /** One pass now: refresh who is due, then schedule their reminders. */
  async runOnce(): Promise<Awaited<ReturnType<CertificationsService['refreshDue']>>> {
    const { service, reminders, now } = this.deps;
    return service.refreshDue(
      now(),
      this.deps.maxAgeMs ?? DAY_MS,
      this.deps.batch ?? 200,
      this.deps.associationOf,
      async (person) => {
        await reminders.schedule(person, now(), 'send');
      },
    );
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(
          () => undefined,
          (error: unknown) =>
            this.deps.log.error(
              {
                event: 'certifications.refresh-failed',
                err: error instanceof Error ? error.message.slice(0, 300) : 'unknown',
              },
              'the daily certification refresh failed; it runs again later',
            ),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(this.deps.intervalMs ?? 60 * 60 * 1000);
        });
    }, ms);
    this.timer.unref();
  }
}
