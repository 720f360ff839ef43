// Composition root: the only place that wires adapters to ports. Builds the application and never
// listens on its own; index.ts owns the process (port, signals), tests build it in-process.
import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import type { AssociationStore } from './associations/association-store';
import { BotChannel } from './channel/bot-channel';
import { composeBot } from './compose-bot';
import type { Config } from './config';
import { createLogger, type Logger } from './log';
import { createHttpServer } from './server/http-server';
import {
  createProactiveMessaging,
  type ProactiveMessaging,
  type ProactiveOptions,
} from './proactive/proactive-messaging';
import { registerTabRoutes } from './tab-api/tab-routes';
import { openStores } from './storage/open-stores';
import type { Stores } from './storage/stores';
import { loadCatalogue, type Catalogue } from './certifications/catalogue';
import { CertificationsRefreshWorker } from './certifications/certifications-refresh-worker';
import { CertificationReminders } from './certifications/certification-reminders';
import { CertificationsService, learningAssociationIn } from './certifications/certifications-service';
import { CREDIT_APPROVAL_KIND, creditApprovalRenderer } from './certifications/credit-approvals';
import { forgetCertifications } from './certifications/erasure';
import { RenewalReminders } from './certifications/renewal-reminders';
import { PERSONAL_KINDS, REMINDER_RENDERERS } from './reminder-kinds';
import { graphPartnerAdmins } from './graph/graph-partner-admins';
import { CertificationsTab } from './certifications/certifications-tab';
import { LearnClient, type LearnClientOptions } from './certifications/learn-client';
import { FINISHED_JOB_RETENTION_MS } from './proactive/proactive-store';
import { createAppTokenProvider } from './graph/app-token';
import { certificationSummariesFromStore } from './team-status/certification-summaries';
import { teamViewAuditPurge } from './team-status/erasure';
import { graphAppInstaller } from './graph/graph-app-installer';
import { graphDisplayNames } from './graph/graph-display-names';
import { recordDeparture } from './forecast/erasure';
import { FORECAST_ALERT_KIND } from './forecast/forecast-alert';
import { ForecastAlerts } from './forecast/forecast-alerts';
import { ForecastService } from './forecast/forecast-service';
import { graphPersonDirectory } from './graph/graph-person-directory';
import { linkStatesFromStore } from './team-status/status-lookup';
import { progressCard } from './team-status/remind-progress-card';
import { progressCardUpdates } from './team-status/team-status-handler';
import { RemindProgressUpdater } from './team-status/remind-progress-updater';
import { BUCKET_IDLE_MS } from './limits/person-limiter';
import { heldCertificationsFromStore } from './team-status/team-credit';
import { TeamStatusService } from './team-status/team-status-service';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AppOverrides {
  /** The stores (tests share one engine between two apps); default: opened from config.storage. */
  stores?: Stores;
  /** The clock; tests move it to check the 30-day and yearly rules. */
  now?: () => Date;
  log?: Logger;
  /** Proactive messaging: tests swap the worker's clock/sleep or the sender, or keep the background loop off. */
  proactive?: Pick<ProactiveOptions, 'worker'> &
    Partial<Pick<ProactiveOptions, 'sender'>> & { sendTimeoutMs?: number; background?: boolean };
  /** The designation catalogue (index.ts loads and checks it first); default: CATALOGUE_PATH or the shipped one. */
  catalogue?: Catalogue;
  /** Certifications: the Learn client's timing (tests), and whether the daily refresh runs in the background. */
  certifications?: {
    learn?: Pick<LearnClientOptions, 'timeoutMs' | 'attempts' | 'backoffBaseMs' | 'sleep'>;
    background?: boolean;
  };
}

export interface App {
  server: restify.Server;
  stores: Stores;
  store: AssociationStore;
  proactive: ProactiveMessaging;
  certifications: { service: CertificationsService; refresh: CertificationsRefreshWorker; renewals: RenewalReminders };
  /** Team status for managers (the router's and the tab's one entry point). */
  teamStatus: TeamStatusService;
  /** Skilling forecast alerts for the partner admins who asked (tests call checkAll()). */
  forecastAlerts: ForecastAlerts;
  /** Updates reminder progress cards in place (tests call tick()). */
  remindProgress: RemindProgressUpdater;
  log: Logger;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const log = overrides.log ?? createLogger(config.logLevel);
  const now = overrides.now ?? (() => new Date());
  const stores = overrides.stores ?? openStores(config.storage, { ratePerSecond: config.proactiveRatePerSecond, log });
  const store = stores.associations;
  // Audit entries of people who deleted their data are kept only as long as the 365-day rule needs them.
  store.purgeExpiredAudit(now()).then(
    ({ purged }) => purged > 0 && log.info({ event: 'audit.purged', purged }, 'expired audit entries purged'),
    (error: unknown) =>
      log.error(
        { event: 'audit.purge-failed', err: String(error).slice(0, 300) },
        'could not purge expired audit entries',
      ),
  );
  // The team-view audit keeps each entry 365 days: purged at start-up, once a day and on each deletion.
  const purgeTeamViewAudit = teamViewAuditPurge(stores.teamViewAudit, now, log);
  void purgeTeamViewAudit();
  // Per-person limit buckets idle for a day are full again: deleted at start-up and once a day.
  const purgeLimits = () =>
    stores.limiter
      .purge(new Date(now().getTime() - BUCKET_IDLE_MS))
      .catch((error: unknown) =>
        log.error(
          { event: 'limits.purge-failed', err: String(error).slice(0, 300) },
          'could not purge idle limit buckets',
        ),
      );
  void purgeLimits();
  const channel = new BotChannel(config, log);
  const {
    background: proactiveInBackground = true,
    sender,
    sendTimeoutMs,
    ...proactiveOverrides
  } = overrides.proactive ?? {};
  const appTokens = config.teamApp
    ? createAppTokenProvider({ ...config.teamApp, authorityCa: config.teamApp.authorityCa }, log)
    : undefined;
  const certificationStore = stores.certifications;
  const catalogue = overrides.catalogue ?? loadCatalogue(config.cataloguePath);
  // The skilling forecast: partner admins see the organization, managers their people (forecast/).
  const partnerAdmins = graphPartnerAdmins({
    graphUrl: config.graphUrl,
    appTokens,
    groupId: config.partnerAdminGroupId,
  });
  const forecast = new ForecastService({
    catalogue,
    certifications: certificationStore,
    settings: stores.forecastSettings,
    now,
  });
  const displayNames = graphDisplayNames({ graphUrl: config.graphUrl, appTokens });
  const departed = recordDeparture(stores.forecastSettings, now);
  const proactive = createProactiveMessaging({
    stores: stores.proactive,
    // Before a send, Graph (app token) says whether the person is still in the organization.
    ...(appTokens ? { directory: graphPersonDirectory({ graphUrl: config.graphUrl, appTokens, now, log }) } : {}),
    ...(appTokens && config.remindInstallViaGraph && config.teamsAppId
      ? { installer: graphAppInstaller({ graphUrl: config.graphUrl, teamsAppId: config.teamsAppId, appTokens, log }) }
      : {}),
    log,
    now,
    sender: sender ?? channel.sender(sendTimeoutMs ?? 30_000),
    // Locally, what the Agents Playground cannot show goes to the sign-in stand-in's inbox.
    ...(config.localStandIns && config.botbuilder.OAuthUrl ? { localInbox: config.botbuilder.OAuthUrl } : {}),
    // Each kind's message is drawn at send time; self-declared transcripts go to the partner admins.
    renderers: {
      ...REMINDER_RENDERERS,
      [CREDIT_APPROVAL_KIND]: creditApprovalRenderer({ store: certificationStore, now }),
      [FORECAST_ALERT_KIND]: (job) => forecastAlerts.render(job),
    },
    // A person who left the organization gets no more reminders (or forecast alerts) of their own.
    personalKinds: [...PERSONAL_KINDS, FORECAST_ALERT_KIND],
    // The skilling forecast drops a person who left at Partner Center's next refresh, and the
    // partner admins who asked hear when that puts an area at risk.
    onPersonLeft: async (person) => {
      await departed(person);
      await forecastAlerts.onPersonLeft(person);
    },
    ...proactiveOverrides,
  });
  // Forecast alerts use proactive messaging's queue and conversation references (its hooks above run later).
  const forecastAlerts = new ForecastAlerts({
    service: forecast,
    settings: stores.forecastSettings,
    admins: partnerAdmins,
    names: displayNames,
    cached: (person) => certificationStore.cached(person),
    references: proactive.references,
    queue: proactive.queue,
    onQueued: () => proactive.worker.wake(),
    now,
    log,
  });
  const teamStatus = new TeamStatusService({
    graphUrl: config.graphUrl,
    ...(appTokens ? { appTokens } : {}),
    ...(config.partnerAdminGroupId ? { partnerAdminGroupId: config.partnerAdminGroupId } : {}),
    links: linkStatesFromStore(store),
    certifications: certificationSummariesFromStore(certificationStore),
    credit: { catalogue, held: heldCertificationsFromStore(certificationStore) },
    audit: stores.teamViewAudit,
    pseudonyms: stores.pseudonyms,
    limiter: stores.limiter,
    queue: proactive.queue,
    onQueued: () => proactive.worker.wake(),
    orgMaxDepth: config.teamOrgMaxDepth,
    now,
    log,
  });

  // Certifications (Learn transcript, cache, daily refresh, renewal reminders).
  const certifications = new CertificationsService({
    store: certificationStore,
    learn: new LearnClient({
      baseUrl: config.learnApiUrl.replace(/\/+$/, ''),
      log,
      keys: stores.identityKeys,
      ...overrides.certifications?.learn,
    }),
    log,
    limits: { limiter: stores.limiter, pseudonyms: stores.pseudonyms },
  });
  const renewals = new RenewalReminders({
    queue: proactive.queue,
    preferences: proactive.preferences,
    onEnqueued: () => proactive.worker.wake(),
  });
  const certificationReminders = new CertificationReminders({
    renewals,
    cached: (person) => certificationStore.cached(person),
  });
  const certificationsRefresh = new CertificationsRefreshWorker({
    service: certifications,
    reminders: certificationReminders,
    associationOf: learningAssociationIn(store),
    now,
    log,
  });
  const certificationsErased = { service: certifications, store: certificationStore, queue: proactive.queue, now };
  const certificationsTab = new CertificationsTab({
    associations: store,
    service: certifications,
    store: certificationStore,
    reminders: certificationReminders,
    catalogue,
    now,
  });

  const remindProgress = new RemindProgressUpdater({
    progress: (viewer, batch) => teamStatus.remindProgress(viewer, batch),
    update: progressCardUpdates(channel),
    render: (progress, intro, back) => progressCard(progress, intro, back, config.teamsAppId),
    cards: stores.remindProgressCards,
    limiter: proactive.limiter,
    now,
    log,
  });
  const bot = composeBot({
    config,
    channel,
    stores,
    certifications: {
      service: certifications,
      reminders: certificationReminders,
      catalogue,
      tab: certificationsTab,
      erasure: certificationsErased,
      admins: partnerAdmins,
    },
    teamStatus: { service: teamStatus, progress: remindProgress, purgeAudit: purgeTeamViewAudit },
    forecast: { service: forecast, names: displayNames },
    proactive,
    now,
    log,
  });

  // Retention of finished reminder jobs (proactive-store.ts): at start-up and once a day, on every instance (idempotent).
  const purgeFinishedJobs = () =>
    proactive.queue.purgeFinished(new Date(now().getTime() - FINISHED_JOB_RETENTION_MS)).then(
      (purged) =>
        purged > 0 && log.info({ event: 'proactive.purged', purged }, 'finished reminder jobs past retention deleted'),
      (error: unknown) =>
        log.error(
          { event: 'proactive.purge-failed', err: String(error).slice(0, 300) },
          'could not delete finished reminder jobs past retention',
        ),
    );
  let purgeTimer: NodeJS.Timeout | undefined;
  const server = createHttpServer({ channel, router: bot, health: () => stores.health(), log });
  registerTabRoutes(server, {
    tab: config.tab,
    store,
    graphUrl: config.graphUrl,
    trainingUrl: config.trainingUrl,
    botAppId: config.botbuilder.MicrosoftAppId,
    teamStatus,
    forecast: {
      service: forecast,
      admins: partnerAdmins,
      names: displayNames,
      limits: { limiter: stores.limiter, pseudonyms: stores.pseudonyms },
    },
    now,
    log,
    certifications: certificationsTab,
    onLearningRemoved: forgetCertifications(certificationsErased),
  });

  return {
    server,
    stores,
    store,
    proactive,
    certifications: { service: certifications, refresh: certificationsRefresh, renewals },
    teamStatus,
    forecastAlerts,
    remindProgress,
    log,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          if (proactiveInBackground) proactive.worker.start();
          if (proactiveInBackground) forecastAlerts.start();
          if (overrides.certifications?.background ?? true) certificationsRefresh.start();
          void purgeFinishedJobs();
          purgeTimer ??= setInterval(() => void purgeFinishedJobs().then(purgeTeamViewAudit).then(purgeLimits), DAY_MS);
          purgeTimer.unref();
          // The progress cards a previous process was updating keep moving.
          void remindProgress
            .restore()
            .catch((error: unknown) =>
              log.error(
                { event: 'team.remind-progress.restore-failed', err: String(error).slice(0, 300) },
                'could not restore the reminder progress cards',
              ),
            )
            .then(() => {
              if (proactiveInBackground) remindProgress.start();
              resolve(server.address());
            });
        });
      }),
    close: async () => {
      // No new request from now on: the listener closes first; turns in flight finish and idle
      // keep-alive sockets are dropped.
      const closed = new Promise<void>((resolve) => void server.close(() => resolve()));
      server.server.closeIdleConnections();
      // Let sends in flight finish (bounded by the send timeout) so none is left "sending".
      clearInterval(purgeTimer);
      await certificationsRefresh.stop();
      await remindProgress.stop();
      await forecastAlerts.stop();
      await proactive.worker.stop();
      // Then the last turns, then the database.
      await closed;
      // Reminder presses still being queued in the background finish (bounded) before the store closes.
      await teamStatus.settle();
      await stores.close();
    },
  };
}
