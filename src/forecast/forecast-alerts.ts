// Forecast alerts, the check and the send: once a day in the background (and again when someone who
// held certifications leaves the organization) each organization where a partner admin asked for
// alerts is forecast; when an area becomes at risk within 90 days, each such admin who is still a
// partner admin (Graph, app token) and has talked to the bot (their conversation is known) gets one
// job on the proactive queue, keyed by tenant, admin and ISO week: two checks, two instances or
// another lapse the same week add nothing. The card is drawn at send time, after checking again that
// the admin still wants alerts, is still a partner admin and that an area is still at risk.
import type { Logger } from '../log';
import type { Job, PersonKey, ProactiveReference, SendQueue } from '../proactive/proactive-store';
import type { JobRenderer } from '../proactive/proactive-worker';
import type { PartnerAdminDirectory } from '../certifications/credit-approvals';
import type { DisplayNames } from '../graph/graph-display-names';
import {
  alertingRisk,
  FORECAST_ALERT_KIND,
  forecastAlertActivity,
  forecastAlertCard,
  forecastAlertKey,
} from './forecast-alert';
import type { CertificationStore } from '../certifications/certification-store';
import { verifiedPeople, type ForecastService } from './forecast-service';
import type { AlertSubscriber, ForecastSettingsStore } from './forecast-settings';

export interface ForecastAlertsDeps {
  service: Pick<ForecastService, 'organization' | 'forget'>;
  settings: Pick<ForecastSettingsStore, 'alertsOn' | 'alertSubscribers'>;
  admins: Pick<PartnerAdminDirectory, 'list' | 'isAdmin'>;
  names: DisplayNames;
  /** A person's cached certifications: a leaver's departure matters to the forecast only if they counted. */
  cached: CertificationStore['cached'];
  references: { getReference(person: PersonKey): Promise<ProactiveReference | undefined> };
  queue: Pick<SendQueue, 'enqueue'>;
  onQueued?: () => void;
  now: () => Date;
  log: Logger;
  /** Time between background checks (default a day). */
  intervalMs?: number;
}

export interface CheckOutcome {
  /** Alerts put on the queue by this check. */
  queued: number;
  /** Admins already alerted (or queued) this week. */
  alreadyThisWeek: number;
  /** Admins skipped: no longer partner admins, or never talked to the bot. */
  skipped: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
const errText = (error: unknown) => (error instanceof Error ? error.message.slice(0, 200) : 'unknown');

export class ForecastAlerts {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly deps: ForecastAlertsDeps) {}

  /** Every organization with a partner admin who asked for alerts. */
  async checkAll(): Promise<CheckOutcome> {
    const byTenant = new Map<string, AlertSubscriber[]>();
    for (const s of await this.deps.settings.alertSubscribers())
      byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s]);
    const total: CheckOutcome = { queued: 0, alreadyThisWeek: 0, skipped: 0 };
    for (const [tenantId, subscribers] of byTenant) {
      const outcome = await this.checkSubscribers(tenantId, subscribers);
      total.queued += outcome.queued;
      total.alreadyThisWeek += outcome.alreadyThisWeek;
      total.skipped += outcome.skipped;
    }
    return total;
  }

  /** One organization, now (someone left it): its forecast is worked out afresh. */
  async checkTenant(tenantId: string): Promise<CheckOutcome> {
    const key = tenantId.toLowerCase();
    this.deps.service.forget(key);
    const subscribers = await this.deps.settings.alertSubscribers({ tenantId: key });
    return this.checkSubscribers(key, subscribers);
  }

  /** The proactive hook, after their departure is recorded: someone whose certifications counted left; never fails the caller. */
  readonly onPersonLeft = async (person: PersonKey): Promise<void> => {
    try {
      const key = { tenantId: person.tenantId.toLowerCase(), objectId: person.aadObjectId.toLowerCase() };
      const cached = await this.deps.cached(key);
      const counted = verifiedPeople(cached ? [{ objectId: key.objectId, cached }] : []).people[0];
      if (!counted || counted.certifications.length === 0) return;
      await this.checkTenant(key.tenantId);
    } catch (error) {
      this.deps.log.error(
        { event: 'forecast.alert-check-failed', err: errText(error) },
        'the forecast alert check after a departure failed',
      );
    }
  };

  private async checkSubscribers(tenantId: string, subscribers: AlertSubscriber[]): Promise<CheckOutcome> {
    const outcome: CheckOutcome = { queued: 0, alreadyThisWeek: 0, skipped: 0 };
    if (subscribers.length === 0) return outcome;
    const { log, now } = this.deps;
    const today = now();
    const { forecast } = await this.deps.service.organization(tenantId);
    const risk = alertingRisk(forecast, today);
    if (!risk) return outcome;
    let admins: Set<string>;
    try {
      admins = new Set(await this.deps.admins.list(tenantId));
    } catch (error) {
      log.warn(
        { event: 'forecast.alert-admins-unreadable', err: errText(error) },
        'could not read the partner admins from Microsoft Graph; no forecast alert this time',
      );
      return { ...outcome, skipped: subscribers.length };
    }
    for (const admin of subscribers) {
      const person = { tenantId, aadObjectId: admin.objectId };
      if (!admins.has(admin.objectId)) {
        log.info({ event: 'forecast.alert-skipped', reason: 'not-admin' }, 'no forecast alert: not a partner admin');
        outcome.skipped += 1;
        continue;
      }
      if (!(await this.deps.references.getReference(person))) {
        log.info(
          { event: 'forecast.alert-skipped', reason: 'no-conversation' },
          'no forecast alert: the partner admin has not talked to the bot yet',
        );
        outcome.skipped += 1;
        continue;
      }
      const result = await this.deps.queue.enqueue(
        {
          dedupeKey: forecastAlertKey(admin, today),
          kind: FORECAST_ALERT_KIND,
          person,
          payload: { areaId: risk.areaId },
          notAfter: new Date(today.getTime() + WEEK_MS),
        },
        today,
      );
      if (result.created) outcome.queued += 1;
      else outcome.alreadyThisWeek += 1;
    }
    if (outcome.queued > 0) {
      this.deps.onQueued?.();
      log.info({ event: 'forecast.alert-queued', admins: outcome.queued }, 'forecast alerts queued');
    }
    return outcome;
  }

  /** The card at send time; nothing when the admin turned alerts off, is no longer a partner admin, or no area is at risk any more. */
  readonly render: JobRenderer = async (job: Job) => {
    const admin = { tenantId: job.person.tenantId, objectId: job.person.aadObjectId };
    if (!(await this.deps.settings.alertsOn(admin))) return undefined;
    const isAdmin = await this.deps.admins.isAdmin(admin.tenantId, admin.objectId).catch(() => false);
    if (!isAdmin) return undefined;
    const { forecast, settings } = await this.deps.service.organization(admin.tenantId);
    const today = this.deps.now();
    const first = alertingRisk(forecast, today);
    if (!first) return undefined;
    // The area the check found, if it is still at risk that soon; else the first one now.
    const same = alertingRisk({ areas: forecast.areas.filter((a) => a.areaId === job.payload.areaId) }, today);
    const risk = same ?? first;
    const names = await this.deps.names(
      admin.tenantId,
      risk.renewals.map((r) => r.personId),
    );
    return forecastAlertActivity(
      risk,
      forecastAlertCard(risk, (id) => names.get(id), settings.lossThreshold),
    );
  };

  /** A minute after start-up, then once a day, on every instance (the weekly key makes it one alert whatever the count). */
  start(): void {
    if (this.timer) return;
    this.schedule(60_000);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.running;
  }

  private schedule(ms: number): void {
    this.stopped = false;
    this.timer = setTimeout(() => {
      this.running = this.checkAll()
        .catch((error: unknown) =>
          this.deps.log.error(
            { event: 'forecast.alert-check-failed', err: errText(error) },
            'the forecast alert check failed; it runs again tomorrow',
          ),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.deps.intervalMs ?? DAY_MS);
        });
    }, ms);
    this.timer.unref();
  }
}
