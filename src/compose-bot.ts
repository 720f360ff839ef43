// The chat side of the composition root (app.ts builds the services and calls this): the sign-in path,
// the capabilities in the order the router tries them, and the router itself. Nothing here runs on a
// turn: the router and the capabilities it loops over get everything they need at construction.
import { LearningView } from './associations/learning-view';
import { AssociationsHandler } from './associations/associations-handler';
import type { WorkUser } from './associations/model';
import { PartnerLinkBot } from './bot/partner-link-bot';
import type { CapabilityHandler } from './capability/capability-handler';
import type { BotChannel } from './channel/bot-channel';
import type { SignInPromptSettings } from './channel/sign-in-prompts';
import type { Catalogue } from './certifications/catalogue';
import type { CertificationReminders } from './certifications/certification-reminders';
import { CertificationsHandler } from './certifications/certifications-handler';
import type { CertificationsService } from './certifications/certifications-service';
import type { CertificationsTab } from './certifications/certifications-tab';
import { CreditApprovals, type PartnerAdminDirectory } from './certifications/credit-approvals';
import { certificationsErasure, forgetCertifications, type CertificationsErasureDeps } from './certifications/erasure';
import { certificationsLearningPart } from './certifications/learning-part';
import type { Config } from './config';
import { userMessage } from './errors';
import { forecastErasure } from './forecast/erasure';
import { FORECAST_SIGN_IN, ForecastHandler, type PendingForecastRequest } from './forecast/forecast-handler';
import type { ForecastService } from './forecast/forecast-service';
import { forecastLearningPart } from './forecast/learning-part';
import type { DisplayNames } from './graph/graph-display-names';
import { HelpHandler } from './help/help-handler';
import type { Logger } from './log';
import { MyDataHandler } from './my-data/my-data-handler';
import { proactiveErasure } from './proactive/erasure';
import type { ProactiveMessaging } from './proactive/proactive-messaging';
import { LinkFlow, SIGN_IN_TIMEOUT_MS } from './sign-in/link-flow';
import { SignInHandler } from './sign-in/sign-in-handler';
import { SignInTurns } from './sign-in/sign-in-turns';
import { SsoExchanges } from './sign-in/sso-exchanges';
import { WorkSignIn } from './sign-in/work-sign-in';
import type { Stores } from './storage/stores';
import { teamStatusErasure } from './team-status/erasure';
import type { RemindProgressUpdater } from './team-status/remind-progress-updater';
import { TEAM_STATUS_SIGN_IN, TeamStatusHandler, type PendingTeamRequest } from './team-status/team-status-handler';
import type { TeamStatusService } from './team-status/team-status-service';

export interface BotComposition {
  config: Config;
  channel: BotChannel;
  stores: Stores;
  proactive: ProactiveMessaging;
  certifications: {
    service: CertificationsService;
    reminders: CertificationReminders;
    catalogue: Catalogue;
    tab: CertificationsTab;
    erasure: CertificationsErasureDeps;
    admins: PartnerAdminDirectory;
  };
  teamStatus: { service: TeamStatusService; progress: RemindProgressUpdater; purgeAudit: () => Promise<unknown> };
  /** The skilling forecast: its service, and the display names a partner admin's card shows (the partner admins are certifications'). */
  forecast: { service: ForecastService; names: DisplayNames };
  now: () => Date;
  log: Logger;
}

export function composeBot(c: BotComposition): PartnerLinkBot {
  const { config, channel, stores, proactive, now, log } = c;
  const store = stores.associations;
  const memory = channel.memory(stores.botState);
  const certificationStore = stores.certifications;
  const learning = new LearningView({
    store,
    trainingUrl: config.trainingUrl,
    learningParts: [
      certificationsLearningPart({
        service: c.certifications.service,
        store: certificationStore,
        reminders: c.certifications.reminders,
        catalogue: c.certifications.catalogue,
        now,
      }),
      forecastLearningPart({ service: c.forecast.service, cached: (key) => certificationStore.cached(key), log }),
    ],
  });

  // The sign-in path, one for every sign-in: the channel's prompts, the link flow's steps, and the work
  // sign-ins team status and the forecast ask for on the same prompts.
  const workConnectionName = config.workConnectionName;
  const workUser = memory.user<WorkUser>('workUser');
  const flow = new LinkFlow({
    store,
    graphUrl: config.graphUrl,
    workConnectionName,
    personalConnectionName: config.personalConnectionName,
    now,
    log,
    workUser,
    emailKey: (email) => stores.identityKeys.emailKey(email),
  });
  const prompts = channel.signInPrompts(
    memory,
    signInPromptSettings(workConnectionName, config.personalConnectionName),
    flow,
    now,
  );
  const signIn = new SignInTurns({
    store,
    learning,
    flow,
    prompts,
    workUser,
    exchanges: new SsoExchanges(stores.botState),
  });
  const workSignIn = new WorkSignIn<PendingTeamRequest>(workConnectionName, TEAM_STATUS_SIGN_IN, signIn);
  const forecastSignIn = new WorkSignIn<PendingForecastRequest>(workConnectionName, FORECAST_SIGN_IN, signIn);

  const capabilities: CapabilityHandler[] = [
    new HelpHandler(),
    new SignInHandler({ learning, signIn }),
    new AssociationsHandler({
      store,
      learning,
      now,
      log,
      onLearningRemoved: forgetCertifications(c.certifications.erasure),
    }),
    new MyDataHandler({
      store,
      trainingUrl: config.trainingUrl,
      now,
      log,
      signIn,
      alsoDelete: [
        ...certificationsErasure(c.certifications.erasure),
        proactiveErasure(stores.erasure),
        ...teamStatusErasure({
          progress: c.teamStatus.progress,
          service: c.teamStatus.service,
          queue: proactive.queue,
          pseudonyms: stores.pseudonyms,
          purgeAudit: c.teamStatus.purgeAudit,
        }),
        ...forecastErasure(stores.forecastSettings),
      ],
      alsoExport: [c.certifications.tab],
    }),
    new TeamStatusHandler({
      service: c.teamStatus.service,
      workSignIn,
      progress: c.teamStatus.progress,
      allowLoopbackUploads: config.localStandIns,
      log,
      ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}),
    }),
  ];
  const approvals = new CreditApprovals({
    store: certificationStore,
    service: c.certifications.service,
    admins: c.certifications.admins,
    queue: proactive.queue,
    onQueued: () => proactive.worker.wake(),
    now,
    log,
  });
  capabilities.push(
    new CertificationsHandler({
      learning,
      associations: store,
      service: c.certifications.service,
      reminders: c.certifications.reminders,
      approvals,
      now,
      log,
    }),
    approvals,
    new ForecastHandler({
      service: c.forecast.service,
      settings: stores.forecastSettings,
      admins: c.certifications.admins,
      names: c.forecast.names,
      workSignIn: forecastSignIn,
      team: c.teamStatus.service,
      limits: { limiter: stores.limiter, pseudonyms: stores.pseudonyms },
      now,
      log,
    }),
  );

  return new PartnerLinkBot({
    capabilities,
    signIn,
    memory,
    home: learning,
    teamsAppId: config.teamsAppId,
    log,
    localSignInLinks: config.localStandIns,
    observers: [proactive.observeTurn],
    afterErasure: () => stores.compact(),
  });
}

/** The sign-in cards (their wording: the link flow's two, each capability's work sign-in) and how long one stays usable. */
export function signInPromptSettings(workConnectionName: string, personalConnectionName: string): SignInPromptSettings {
  const personal = { connectionName: personalConnectionName, title: 'Sign in with your personal account' };
  return {
    work: {
      connectionName: workConnectionName,
      title: 'Sign in with your work account',
      text: 'Step 1 of 2: sign in with your **work** account — the one you use for Teams.',
    },
    personal: {
      ...personal,
      text: 'Step 2 of 2: sign in with your **personal** Microsoft account (Outlook.com, Xbox, Skype) — not your work email.',
    },
    personalOnly: {
      ...personal,
      text: 'Sign in with your **personal** Microsoft account (Outlook.com, Xbox, Skype) — not your work email.',
    },
    workPurposes: [TEAM_STATUS_SIGN_IN, FORECAST_SIGN_IN],
    retryPrompt: userMessage('sign-in-code-wrong'),
    timeoutMs: SIGN_IN_TIMEOUT_MS,
  };
}
