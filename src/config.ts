// The only reader of process.env. Parses configuration once with zod and reports every bad or
// missing key on its own line, saying what to do. botbuilder's own keys pass through unchanged.
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost, isLoopbackUrl, LOOPBACK_HOST } from './loopback';
import { readCertificate, tabConfig, teamAppConfig, type TabConfig, type TeamAppConfig } from './config-apps';
import {
  STORAGE_SECRET_KEYS,
  storageConfig,
  storageFields,
  storageProblems,
  type StorageConfig,
} from './storage/storage-config';

/** botbuilder's configuration keys, handed to ConfigurationBotFrameworkAuthentication as they are. */
export const BOTBUILDER_KEYS = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'OAuthUrl',
  'ChannelService',
  'ValidateAuthority',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
  'CertificateThumbprint',
  'CertificatePrivateKey',
] as const;
export type BotbuilderKey = (typeof BOTBUILDER_KEYS)[number];

const SECRET_KEYS = new Set<string>([
  'MicrosoftAppPassword',
  'CertificatePrivateKey',
  'TAB_CLIENT_SECRET',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  ...STORAGE_SECRET_KEYS,
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), `must be an http(s) URL (${what})`)
    .transform((v) => v.replace(/\/+$/, ''));
const connectionName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}$/,
    'must be the OAuth connection name from the Azure Bot resource (letters, digits, _ . -)',
  );

const fields = z.object({
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(3978),
  /** Default depends on channel authentication: see listenHost. */
  HOST: optionalText,
  MicrosoftAppId: z
    .string()
    .trim()
    .default('')
    .refine(
      (v) => v === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
      "must be the bot's Microsoft App ID (a GUID), or empty for local use",
    ),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => v === undefined || ['multitenant', 'singletenant', 'userassignedmsi'].includes(v.toLowerCase()),
      'must be SingleTenant, UserAssignedMsi or MultiTenant',
    ),
  MicrosoftAppTenantId: optionalText,
  OAuthUrl: httpUrl("the Bot Framework token service base URL; leave unset for Microsoft's").optional(),
  ChannelService: optionalText,
  ValidateAuthority: optionalText,
  ToChannelFromBotLoginUrl: httpUrl('login URL').optional(),
  ToChannelFromBotOAuthScope: optionalText,
  ToBotFromChannelTokenIssuer: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: httpUrl('OpenID metadata URL').optional(),
  ToBotFromEmulatorOpenIdMetadataUrl: httpUrl('OpenID metadata URL').optional(),
  CallerId: optionalText,
  CertificateThumbprint: optionalText,
  CertificatePrivateKey: optionalText,
  WORK_CONNECTION_NAME: connectionName.default('WorkAccount'),
  PERSONAL_CONNECTION_NAME: connectionName.default('PersonalAccount'),
  GRAPH_URL: httpUrl('Microsoft Graph base URL').default('https://graph.microsoft.com'),
  TRAINING_URL: httpUrl('where "View training" goes').default('https://partner.microsoft.com/pc/Users/MyAccount'),
  LEARN_API_URL: httpUrl('Microsoft Learn, for transcript share links')
    .refine(
      (v) => v.startsWith('https://') || isLoopbackUrl(v),
      'must be an https URL (http only for a stand-in on this machine)',
    )
    .default('https://learn.microsoft.com'),
  CATALOGUE_PATH: optionalText,
  ...storageFields,
  TAB_CLIENT_ID: optionalText.refine(
    (v) => v === undefined || GUID.test(v),
    "must be the tab's Entra app registration client id (a GUID), or empty to turn the tab API off",
  ),
  TAB_CLIENT_SECRET: optionalText,
  TAB_APP_ID_URI: optionalText.refine(
    (v) => v === undefined || /^api:\/\/\S+$/.test(v),
    'must be the Application ID URI exposed for Teams SSO (api://<your host>/<client id>)',
  ),
  TAB_TENANT_ID: optionalText.refine(
    (v) => v === undefined || GUID.test(v),
    'must be your Entra tenant id (a GUID), or empty to accept every organization (a hosted offering)',
  ),
  TAB_AUTHORITY_HOST: httpUrl('the Entra sign-in host')
    .refine(
      (v) => v.startsWith('https://'),
      "must be an https URL: Microsoft's sign-in service, and msal-node, use https only",
    )
    .default('https://login.microsoftonline.com'),
  TAB_AUTHORITY_CA_FILE: optionalText,
  TAB_LOCAL_CHAT_URL: httpUrl('the local chat client the tab points to, e.g. the Agents Playground').optional(),
  PROACTIVE_RATE_PER_SECOND: z.coerce
    .number('must be a number')
    .positive('must be above 0')
    .max(50, 'must be at most 50: Teams allows 50 requests per second per app per tenant, counting every call')
    .default(40),
  PARTNER_ADMIN_GROUP_ID: optionalText.refine(
    (v) => v === undefined || GUID.test(v),
    "must be the object id (a GUID) of the Entra group whose members, directly or through nested groups, may see any team's status; or empty for nobody",
  ),
  TEAM_ORG_MAX_DEPTH: z.coerce
    .number('must be a whole number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20 levels')
    .default(8),
  WORK_CONNECTION_SCOPES: z
    .string()
    .trim()
    .max(1000)
    .default('openid profile offline_access User.Read User.ReadBasic.All'),
  TEAMS_APP_ID: optionalText.refine(
    (v) => v === undefined || GUID.test(v),
    "must be the Teams app id (a GUID): the id your organization's app catalogue shows for Partner Link, or the manifest id",
  ),
  REMIND_INSTALL_VIA_GRAPH: z.enum(['true', 'false'], 'must be true or false').default('false'),
  /** Application Insights (Azure Monitor OpenTelemetry); read first by src/telemetry.ts. Empty = no telemetry at all. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.refine(
    (v) =>
      v === undefined ||
      (/(^|;)\s*InstrumentationKey=[0-9a-f-]{36}\s*(;|$)/i.test(v) && !/IngestionEndpoint=(?!https:\/\/)/i.test(v)),
    "must be the Application Insights resource's connection string (InstrumentationKey=…;IngestionEndpoint=https://…), or empty for no telemetry",
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Rules across keys, checked on the raw values so they are reported even when other keys are bad. */
function crossKeyProblems(env: NodeJS.ProcessEnv): { key: string; message: string }[] {
  const value = (key: string) => env[key]?.trim() ?? '';
  const type = value('MicrosoftAppType').toLowerCase();
  const problems: { key: string; message: string }[] = [];
  const needsAppId = type === 'singletenant' || type === 'userassignedmsi';
  if (needsAppId && value('MicrosoftAppId') === '') {
    problems.push({
      key: 'MicrosoftAppId',
      message: `is required when MicrosoftAppType is ${value('MicrosoftAppType')}`,
    });
  }
  if (needsAppId && value('MicrosoftAppTenantId') === '') {
    problems.push({
      key: 'MicrosoftAppTenantId',
      message: `is required when MicrosoftAppType is ${value('MicrosoftAppType')} (the Entra tenant id of the app registration)`,
    });
  }
  if (
    value('MicrosoftAppId') !== '' &&
    type !== 'userassignedmsi' &&
    value('MicrosoftAppPassword') === '' &&
    value('CertificateThumbprint') === ''
  ) {
    problems.push({
      key: 'MicrosoftAppPassword',
      message: "is required when MicrosoftAppId is set (the app registration's client secret)",
    });
  }
  if (value('MicrosoftAppId') === '' && value('HOST') !== '' && !isLoopbackHost(value('HOST'))) {
    problems.push({
      key: 'HOST',
      message: `must be on this machine (${LOOPBACK_HOST}, ::1 or localhost) while MicrosoftAppId is empty: channel authentication is off, so anyone who reached the bot could act as anyone. Set MicrosoftAppId (with its password) or remove HOST`,
    });
  }
  if ((value('WORK_CONNECTION_NAME') || 'WorkAccount') === (value('PERSONAL_CONNECTION_NAME') || 'PersonalAccount')) {
    problems.push({
      key: 'PERSONAL_CONNECTION_NAME',
      message: 'must differ from WORK_CONNECTION_NAME: the two accounts need two OAuth connections',
    });
  }
  problems.push(...storageProblems(value));
  if (value('REMIND_INSTALL_VIA_GRAPH') === 'true' && value('TEAMS_APP_ID') === '') {
    problems.push({
      key: 'TEAMS_APP_ID',
      message:
        "is required when REMIND_INSTALL_VIA_GRAPH is true (the id your organization's app catalogue shows for Partner Link: it is the app installed for people)",
    });
  }
  const tabClientId = value('TAB_CLIENT_ID');
  if (tabClientId !== '' && value('TAB_CLIENT_SECRET') === '') {
    problems.push({
      key: 'TAB_CLIENT_SECRET',
      message:
        "is required when TAB_CLIENT_ID is set (the tab app registration's client secret, for the on-behalf-of call to Microsoft Graph)",
    });
  }
  for (const key of ['TAB_CLIENT_SECRET', 'TAB_APP_ID_URI', 'TAB_TENANT_ID', 'TAB_AUTHORITY_CA_FILE'] as const) {
    if (tabClientId === '' && value(key) !== '')
      problems.push({
        key,
        message: 'is set but TAB_CLIENT_ID is not: set TAB_CLIENT_ID to turn the tab API on, or remove this key',
      });
  }
  problems.push(...transportProblems(value));
  const caFile = value('TAB_AUTHORITY_CA_FILE');
  if (caFile !== '') {
    const authority = value('TAB_AUTHORITY_HOST') || 'https://login.microsoftonline.com';
    if (!isLoopbackUrl(authority)) {
      problems.push({
        key: 'TAB_AUTHORITY_CA_FILE',
        message:
          'is for the local sign-in stand-in only: it is accepted only when TAB_AUTHORITY_HOST is on this machine (127.0.0.1 or localhost)',
      });
    } else if (value('MicrosoftAppId') !== '') {
      problems.push({
        key: 'TAB_AUTHORITY_CA_FILE',
        message:
          'is for the local sign-in stand-in only: it is accepted only while MicrosoftAppId is empty (channel authentication off); with MicrosoftAppId set, the tab authority must carry a certificate the system trusts',
      });
    } else if (!readCertificate(caFile)) {
      problems.push({
        key: 'TAB_AUTHORITY_CA_FILE',
        message: "must be a readable PEM file holding the stand-in's certificate",
      });
    }
  }
  return problems;
}

/**
 * The services the bot sends tokens and personal data to. With channel authentication on (production)
 * each must be https, also on this machine: http is for the local stand-ins, with MicrosoftAppId empty.
 * The tab authority (TAB_AUTHORITY_HOST) is https-only in every mode (its schema says so).
 */
const SERVICE_URL_KEYS = [
  'GRAPH_URL',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'LEARN_API_URL',
] as const;

function transportProblems(value: (key: string) => string): { key: string; message: string }[] {
  if (value('MicrosoftAppId') === '') return [];
  return SERVICE_URL_KEYS.filter((key) => {
    const url = value(key);
    // Unset keys take https defaults; what is not a URL at all is reported by the schema.
    return (
      url !== '' &&
      URL.canParse(url) &&
      /^http:$/i.test(new URL(url).protocol) &&
      (key !== 'LEARN_API_URL' || isLoopbackUrl(url))
    );
  }).map((key) => ({
    key,
    message:
      'must be an https URL while MicrosoftAppId is set (channel authentication on), also on this machine: tokens and personal data must not cross any connection in the clear. http is only for the local stand-ins, with MicrosoftAppId empty',
  }));
}

type Parsed = z.infer<typeof fields>;

export type { TabConfig, TeamAppConfig };

/** Fail closed: without channel authentication only this machine may reach the bot; with it, every interface (App Service). */
function listenHost(parsed: Parsed): string {
  return parsed.HOST ?? (parsed.MicrosoftAppId === '' ? LOOPBACK_HOST : '0.0.0.0');
}

/**
 * The start-up self-check of the work connection's consent, from the scopes the operator says the
 * connection has (WORK_CONNECTION_SCOPES, as the deployment template sets them). Without a person's
 * token nothing more can be checked; a missing admin consent shows at first use (reports without
 * names), and the team card says so too.
 */
export function missingWorkConsents(scopes: string): string[] {
  const have = new Set(scopes.split(/[\s,]+/).map((s) => s.toLowerCase()));
  return ['User.Read', 'User.ReadBasic.All'].filter((scope) => !have.has(scope.toLowerCase()));
}

export interface Config {
  port: number;
  host: string;
  /** Passed unchanged to botbuilder (only the keys that were set). */
  botbuilder: Partial<Record<BotbuilderKey, string>>;
  /** True when MicrosoftAppId is set: inbound requests must carry a valid Bot Framework token. */
  channelAuthEnabled: boolean;
  /**
   * Running against the local stand-ins: channel authentication off AND the token service (OAuthUrl)
   * on this machine. Never true with MicrosoftAppId set, whatever the URLs say: a loopback OAuthUrl or
   * TAB_AUTHORITY_HOST alone switches no local convenience on.
   */
  localStandIns: boolean;
  workConnectionName: string;
  personalConnectionName: string;
  graphUrl: string;
  trainingUrl: string;
  /** LEARN_API_URL: transcripts are read from `{learnApiUrl}/api/profiles/transcript/share/{shareId}`. */
  learnApiUrl: string;
  /** CATALOGUE_PATH: an operator's designation catalogue; undefined = the shipped one. */
  cataloguePath: string | undefined;
  /** Where the data lives: SQLite (sqlitePath) or Azure Storage. */
  storage: StorageConfig;
  /** SQLITE_PATH, resolved (used when storage.engine is sqlite). */
  sqlitePath: string;
  /** The personal tab's API; undefined (tab API off) without TAB_CLIENT_ID. */
  tab: TabConfig | undefined;
  /** Teams calls per second per tenant for proactive messages, shared by all instances. */
  proactiveRatePerSecond: number;
  /** PARTNER_ADMIN_GROUP_ID: members (transitively) see every team's status; undefined = nobody. */
  partnerAdminGroupId: string | undefined;
  /** TEAM_ORG_MAX_DEPTH: how many levels "my whole org" goes down. */
  teamOrgMaxDepth: number;
  /** WORK_CONNECTION_SCOPES as given (the self-check reads it). */
  workConnectionScopes: string;
  /** The app's Graph token for a team's members; undefined = no team can be read (channel counts refused). */
  teamApp: TeamAppConfig | undefined;
  /** Teams app id for "add Partner Link" links (the org catalogue's id when an admin uploaded the app). */
  teamsAppId: string | undefined;
  /** REMIND_INSTALL_VIA_GRAPH: install the app through Graph for a person Teams says lacks it (reminders). */
  remindInstallViaGraph: boolean;
  logLevel: Parsed['LOG_LEVEL'];
  /** Application Insights; undefined connection string = OpenTelemetry never loads. */
  telemetry: { connectionString: string | undefined };
  /** Where each value came from, for the start-up log (secrets redacted). */
  sources: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Partner Link cannot start: ${problems[0]}. See .env.example and README "Configuration".`
        : `Partner Link cannot start; fix these settings (see .env.example and README "Configuration"):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty setting is an unset one (App Service and .env files often carry empty keys).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = fields.safeParse(given);
  const issues = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => ({ key: issue.path.join('.') || '(environment)', message: issue.message }))),
    ...crossKeyProblems(env),
  ];
  if (!result.success || issues.length > 0) {
    throw new ConfigError(
      issues.map(({ key, message }) => {
        const raw = env[key];
        const shown =
          raw === undefined ? 'not set' : SECRET_KEYS.has(key) ? 'got a value' : `got "${raw.slice(0, 80)}"`;
        return `${key} ${message} (${shown})`;
      }),
    );
  }
  const parsed = result.data;
  const botbuilder: Partial<Record<BotbuilderKey, string>> = {};
  for (const key of BOTBUILDER_KEYS) {
    const value = parsed[key];
    if (value !== undefined && value !== '') botbuilder[key] = value;
  }
  const sources: Record<string, string> = {};
  for (const key of Object.keys(fields.shape)) {
    const given = env[key] !== undefined && env[key] !== '';
    sources[key] = given ? (SECRET_KEYS.has(key) ? 'env (redacted)' : 'env') : 'default';
  }
  return {
    port: parsed.PORT,
    host: listenHost(parsed),
    botbuilder,
    channelAuthEnabled: parsed.MicrosoftAppId !== '',
    localStandIns: parsed.MicrosoftAppId === '' && isLoopbackUrl(parsed.OAuthUrl),
    workConnectionName: parsed.WORK_CONNECTION_NAME,
    personalConnectionName: parsed.PERSONAL_CONNECTION_NAME,
    graphUrl: parsed.GRAPH_URL,
    trainingUrl: parsed.TRAINING_URL,
    learnApiUrl: parsed.LEARN_API_URL,
    cataloguePath: parsed.CATALOGUE_PATH === undefined ? undefined : path.resolve(parsed.CATALOGUE_PATH),
    storage: storageConfig(parsed),
    sqlitePath: path.resolve(parsed.SQLITE_PATH),
    tab: tabConfig(parsed),
    proactiveRatePerSecond: parsed.PROACTIVE_RATE_PER_SECOND,
    teamsAppId: parsed.TEAMS_APP_ID?.toLowerCase(),
    remindInstallViaGraph: parsed.REMIND_INSTALL_VIA_GRAPH === 'true',
    partnerAdminGroupId: parsed.PARTNER_ADMIN_GROUP_ID?.toLowerCase(),
    teamOrgMaxDepth: parsed.TEAM_ORG_MAX_DEPTH,
    workConnectionScopes: parsed.WORK_CONNECTION_SCOPES,
    teamApp: teamAppConfig(parsed),
    logLevel: parsed.LOG_LEVEL,
    telemetry: { connectionString: parsed.APPLICATIONINSIGHTS_CONNECTION_STRING },
    sources,
  };
}
