// Composition root: the only place that wires adapters to ports. Builds the application and never
// listens on its own; index.ts owns the process (port, signals), tests build it in-process.
import type { AddressInfo } from 'node:net';
import { PrivateConversationState, UserState, type TurnContext } from 'botbuilder';
import type restify from 'restify';
import type { AssociationStore } from './associations/association-store';
import { PartnerLinkBotAuthentication, PartnerLinkCloudAdapter } from './bot/bot-authentication';
import { PartnerLinkBot } from './bot/partner-link-bot';
import { TEAMS_CHANNEL_ID } from './bot/turn-guards';
import { connectorPrivateChat } from './bot/private-chat';
import type { Config } from './config';
import { cardAttachment } from './cards/card-elements';
import { userMessage } from './errors';
import { createLogger, type Logger } from './log';
import { createHttpServer } from './server/http-server';
import { createProactiveMessaging, type ProactiveMessaging, type ProactiveOptions } from './proactive/proactive-messaging';
import { registerTabRoutes } from './tab-api/tab-routes';
import { openStores, type Stores } from './storage/stores';
import { loadCatalogue, type Catalogue } from './certifications/catalogue';
import { CertificationsHandler } from './certifications/certifications-handler';
import { CertificationsRefreshWorker } from './certifications/certifications-refresh-worker';
import { CertificationReminders } from './certifications/certification-reminders';
import { CertificationsService, learningAssociationOf } from './certifications/certifications-service';
import { CREDIT_APPROVAL_KIND, CreditApprovals } from './certifications/credit-approvals';
import { graphPartnerAdmins } from './team-status/graph-partner-admins';
import { CertificationsTab } from './certifications/certifications-tab';
import { LearnClient, type LearnClientOptions } from './certifications/learn-client';
import { FINISHED_JOB_RETENTION_MS } from './proactive/proactive-store';
import { RENEWAL_KIND } from './proactive/renewal-reminders';
import { createAppTokenProvider } from './team-status/app-token';
import { certificationSummariesFromStore } from './team-status/certification-summaries';
import { graphAppInstaller } from './team-status/graph-app-installer';
import { graphPersonDirectory } from './team-status/graph-person-directory';
import { linkStatesFromStore } from './team-status/status-lookup';
import { progressCard, type PendingTeamRequest } from './team-status/team-status-handler';
import { RemindProgressUpdater } from './team-status/remind-progress-updater';
import { batchPrefix, oldBatchPrefix } from './team-status/remind-batch';
import { BUCKET_IDLE_MS } from './limits/person-limiter';
import { heldCertificationsFromStore } from './team-status/team-credit';
import { TeamStatusService } from './team-status/team-status-service';
import { WorkSignIn } from './team-status/work-sign-in';
import { graphDisplayNames } from './team-status/graph-display-names';
import { ForecastHandler } from './forecast/forecast-handler';
import { ForecastService } from './forecast/forecast-service';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AppOverrides {
  /** The stores (tests share one engine between two apps); default: opened from config.storage. */
  stores?: Stores;
  /** The clock; tests move it to check the 30-day and yearly rules. */
  now?: () => Date;
  log?: Logger;
  /** Proactive messaging: tests swap the worker's clock/sleep, or keep the background loop off. */
  proactive?: Pick<ProactiveOptions, 'worker' | 'sender' | 'sendTimeoutMs'> & { background?: boolean };
  /** The designation catalogue (index.ts loads and checks it first); default: CATALOGUE_PATH or the shipped one. */
  catalogue?: Catalogue;
  /** Certifications: the Learn client's timing (tests), and whether the daily refresh runs in the background. */
  certifications?: { learn?: Pick<LearnClientOptions, 'timeoutMs' | 'attempts' | 'backoffBaseMs' | 'sleep'>; background?: boolean };
}

export interface App {
  server: restify.Server;
  stores: Stores;
  store: AssociationStore;
  proactive: ProactiveMessaging;
  certifications: { service: CertificationsService; refresh: CertificationsRefreshWorker };
  /** Team status for managers (the router's and the tab's one entry point). */
  teamStatus: TeamStatusService;
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
    (error: unknown) => log.error({ event: 'audit.purge-failed', err: String(error).slice(0, 300) }, 'could not purge expired audit entries'),
  );
  // The team-view audit keeps each entry 365 days: purged at start-up, once a day and on each deletion.
  const purgeTeamViewAudit = () =>
    stores.teamViewAudit.purgeExpired(now()).then(
      (purged) => purged > 0 && log.info({ event: 'team.audit.purged', purged }, 'team view audit entries past retention purged'),
      (error: unknown) => log.error({ event: 'team.audit.purge-failed', err: String(error).slice(0, 300) }, 'could not purge the team view audit'),
    );
  void purgeTeamViewAudit();
  // Per-person limit buckets idle for a day are full again: deleted at start-up and once a day.
  const purgeLimits = () =>
    stores.limiter.purge(new Date(now().getTime() - BUCKET_IDLE_MS)).catch((error: unknown) => log.error({ event: 'limits.purge-failed', err: String(error).slice(0, 300) }, 'could not purge idle limit buckets'));
  void purgeLimits();
  const stateStorage = stores.botState;

  const auth = new PartnerLinkBotAuthentication(config);
  const adapter = new PartnerLinkCloudAdapter(auth, log);
  const { background: proactiveInBackground = true, ...proactiveOverrides } = overrides.proactive ?? {};
  // Self-declared transcripts go to the partner admins (built with the bot's handlers; its renderer is called at send time).
  let creditApprovals: CreditApprovals | undefined;
  const appTokens = config.teamApp ? createAppTokenProvider({ ...config.teamApp, authorityCa: config.teamApp.authorityCa }, log) : undefined;
  const proactive = createProactiveMessaging({
    stores: stores.proactive,
    // Before a send, Graph (app token) says whether the person is still in the organization.
    ...(appTokens ? { directory: graphPersonDirectory({ graphUrl: config.graphUrl, appTokens, now, log }) } : {}),
    ...(appTokens && config.remindInstallViaGraph && config.teamsAppId ? { installer: graphAppInstaller({ graphUrl: config.graphUrl, teamsAppId: config.teamsAppId, appTokens, log }) } : {}),
    log,
    now,
    ratePerSecond: config.proactiveRatePerSecond,
    auth,
    botAppId: config.botbuilder.MicrosoftAppId ?? '',
    renderers: { [CREDIT_APPROVAL_KIND]: (job) => creditApprovals?.render(job) },
    // The skilling forecast drops a person who left at Partner Center's next refresh.
    onPersonLeft: (person) => stores.forecastSettings.recordLeft({ tenantId: person.tenantId, objectId: person.aadObjectId }, now()),
    ...proactiveOverrides,
  });
  const certificationStore = stores.certifications;
  const catalogue = overrides.catalogue ?? loadCatalogue(config.cataloguePath);
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
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const ref = context.activity.id ?? 'none';
    log.error({ event: 'turn.error', ref, err: { name: error.name, message: error.message, stack: error.stack } }, 'unhandled error in a turn');
    try {
      await context.sendActivity(userMessage('internal', { ref }));
    } catch (sendError) {
      log.error({ event: 'turn.error.reply-failed', ref, err: String(sendError).slice(0, 300) }, 'could not tell the user about the error');
    }
  };

  // Certifications (Learn transcript, cache, daily refresh, renewal reminders).
  const certifications = new CertificationsService({
    store: certificationStore,
    learn: new LearnClient({ baseUrl: config.learnApiUrl.replace(/\/+$/, ''), log, keys: stores.identityKeys, ...overrides.certifications?.learn }),
    log,
    limits: { limiter: stores.limiter, pseudonyms: stores.pseudonyms },
  });
  const certificationReminders = new CertificationReminders({ renewals: proactive.renewals, cached: (person) => certificationStore.cached(person) });
  const proactiveErasure = stores.erasure;
  const learningOf = async (person: { tenantId: string; objectId: string }) => {
    const learning = (await store.list(person)).find((a) => a.purpose === 'learning');
    return learning ? learningAssociationOf(learning) : undefined;
  };
  const certificationsRefresh = new CertificationsRefreshWorker({ service: certifications, reminders: certificationReminders, associationOf: learningOf, now, log });
  const forgetCertifications = async (user: { tenantId: string; objectId: string }) => {
    await certifications.forget(user);
    await proactive.queue.cancelPending({ tenantId: user.tenantId, aadObjectId: user.objectId }, RENEWAL_KIND, now());
  };
  // "Delete my data" also takes the person's id out of the partner admins' decisions.
  const eraseFromDecisions = (user: { tenantId: string; objectId: string }) => certificationStore.eraseFromDecisions(user, now());
  let certificationsHandler: CertificationsHandler | undefined;
  const certificationsTab = new CertificationsTab({ associations: store, service: certifications, store: certificationStore, reminders: certificationReminders, catalogue, now });

  // The skilling forecast: partner admins see the organization, managers their people (forecast/).
  const partnerAdmins = graphPartnerAdmins({ graphUrl: config.graphUrl, appTokens, groupId: config.partnerAdminGroupId });
  const forecast = new ForecastService({ catalogue, certifications: certificationStore, settings: stores.forecastSettings, now });
  const teamSignIn = new WorkSignIn<PendingTeamRequest>(config.workConnectionName, stateStorage, now);
  let forecastHandler: ForecastHandler | undefined;

  const botAppId = config.botbuilder.MicrosoftAppId ?? '';
  const remindProgress = new RemindProgressUpdater({
    progress: (viewer, batch) => teamStatus.remindProgress(viewer, batch),
    update: (reference, activityId, card) =>
      adapter.continueConversationAsync(botAppId, reference, async (context) => {
        await context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] });
      }),
    render: progressCard,
    cards: stores.remindProgressCards,
    limiter: proactive.limiter,
    now,
    log,
  });
  const bot = new PartnerLinkBot({
    store,
    signInState: new PrivateConversationState(stateStorage),
    userState: new UserState(stateStorage),
    privateChat: connectorPrivateChat(adapter, config.botbuilder.MicrosoftAppId ?? '', log),
    teamsAppId: config.teamsAppId,
    graphUrl: config.graphUrl,
    trainingUrl: config.trainingUrl,
    workConnectionName: config.workConnectionName,
    personalConnectionName: config.personalConnectionName,
    now,
    log,
    localSignInLinks: config.localStandIns,
    emailKey: (email) => stores.identityKeys.emailKey(email),
    capabilities: (kit) => {
      creditApprovals = new CreditApprovals({
        store: certificationStore,
        service: certifications,
        admins: partnerAdmins,
        queue: () => proactive.queue,
        onQueued: () => proactive.worker.wake(),
        kit,
        now,
        log,
      });
      certificationsHandler = new CertificationsHandler({ kit, associations: store, service: certifications, store: certificationStore, reminders: certificationReminders, catalogue, approvals: creditApprovals, now, log });
      forecastHandler = new ForecastHandler({ kit, service: forecast, settings: stores.forecastSettings, admins: partnerAdmins, names: graphDisplayNames({ graphUrl: config.graphUrl, appTokens }), team: { signIn: teamSignIn, service: teamStatus }, limits: { limiter: stores.limiter, pseudonyms: stores.pseudonyms }, now, log });
      return [certificationsHandler, creditApprovals, forecastHandler];
    },
    learningParts: [
      (context, user, learning) => (certificationsHandler ? certificationsHandler.cardPart(context, user, learning) : Promise.resolve([])),
      (context, user) => (forecastHandler ? forecastHandler.cardPart(context, user) : Promise.resolve([])),
    ],
    onLearningRemoved: forgetCertifications,
    alsoExport: [(user, dates) => certificationsTab.storedFacts(user, dates)],
    alsoDelete: [
      forgetCertifications,
      eraseFromDecisions,
      async (user) => void (await proactiveErasure.erase({ tenantId: user.tenantId, aadObjectId: user.objectId })),
      // Their reminder progress cards; batch ids from before keys were used (Azure keeps them until retention) get the key.
      (user) => remindProgress.forget({ tenantId: user.tenantId, oid: user.objectId }),
      (user) => Promise.resolve(teamStatus.forgetViewer({ tenantId: user.tenantId, oid: user.objectId })),
      async (user) => void (await proactive.queue.renameBatches(oldBatchPrefix(user.tenantId, user.objectId), batchPrefix(await stores.pseudonyms.person(user.tenantId, user.objectId)))),
      // The team-view audit keeps its keyed entries; those past retention go now.
      async () => void (await purgeTeamViewAudit()),
      (user) => stores.forecastSettings.forgetPerson(user),
    ],
    afterErasure: () => stores.compact(),
    teamStatus: {
      service: teamStatus,
      signIn: teamSignIn,
      progress: remindProgress,
      allowLoopbackUploads: config.localStandIns,
      forecast: (context, token) => (forecastHandler ? forecastHandler.team(context, token) : Promise.reject(new Error('the forecast is not wired'))),
    },
  });

  const runTurn = async (context: TurnContext): Promise<void> => {
    // Only Teams vouches for tenant and aadObjectId: any other channel is answered by the bot's guard
    // (one line) before anything is read or written, saved conversations and reminders included.
    if (context.activity.channelId !== TEAMS_CHANNEL_ID) return bot.run(context);
    // Proactive messaging: keep the person's 1:1 conversation reference (cheap; never fails a turn).
    await proactive.rememberConversation(context).catch((error: unknown) =>
      log.error({ event: 'proactive.remember-failed', err: error instanceof Error ? error.message : String(error) }, 'could not save the conversation reference'),
    );
    await bot.run(context);
  };
  // Retention of finished reminder jobs (proactive-store.ts): at start-up and once a day, on every instance (idempotent).
  const purgeFinishedJobs = () =>
    proactive.queue.purgeFinished(new Date(now().getTime() - FINISHED_JOB_RETENTION_MS)).then(
      (purged) => purged > 0 && log.info({ event: 'proactive.purged', purged }, 'finished reminder jobs past retention deleted'),
      (error: unknown) => log.error({ event: 'proactive.purge-failed', err: String(error).slice(0, 300) }, 'could not delete finished reminder jobs past retention'),
    );
  let purgeTimer: NodeJS.Timeout | undefined;
  const server = createHttpServer({ adapter, runTurn, health: () => stores.health(), log });
  registerTabRoutes(server, {
    tab: config.tab,
    store,
    graphUrl: config.graphUrl,
    trainingUrl: config.trainingUrl,
    botAppId: config.botbuilder.MicrosoftAppId,
    teamStatus,
    now,
    log,
    certifications: certificationsTab,
    onLearningRemoved: forgetCertifications,
  });

  return {
    server,
    stores,
    store,
    proactive,
    certifications: { service: certifications, refresh: certificationsRefresh },
    teamStatus,
    remindProgress,
    log,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          if (proactiveInBackground) proactive.worker.start();
          if (overrides.certifications?.background ?? true) certificationsRefresh.start();
          void purgeFinishedJobs();
          purgeTimer ??= setInterval(() => void purgeFinishedJobs().then(purgeTeamViewAudit).then(purgeLimits), DAY_MS);
          purgeTimer.unref();
          // The progress cards a previous process was updating keep moving.
          void remindProgress
            .restore()
            .catch((error: unknown) => log.error({ event: 'team.remind-progress.restore-failed', err: String(error).slice(0, 300) }, 'could not restore the reminder progress cards'))
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
      remindProgress.stop();
      await proactive.worker.stop();
      // Then the last turns, then the database.
      await closed;
      // Reminder presses still being queued in the background finish (bounded) before the store closes.
      await teamStatus.settle();
      await stores.close();
    },
  };
}
