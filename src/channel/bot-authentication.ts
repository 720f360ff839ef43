// How the bot authenticates Bot Framework traffic. Two fixes over the stock configuration, both
// measured against botbuilder's token-service traffic on localhost:
//  - OAuthUrl switches botbuilder to a parameterized setup whose issuer/metadata settings stay
//    undefined unless given; with channel auth on we fill the public-cloud values so a missing
//    setting can never weaken inbound validation.
//  - With channel auth off (local use) the token client gets appId undefined and OAuthPrompt cannot
//    build its card (ZodError "appId Required"); we give it an empty app id instead.
// And one fix over CloudAdapter: a refused request is one pino line, not a stack trace on stderr.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { CallerIdConstants } from 'botframework-schema';
import type { Config } from '../config';
import type { Logger } from '../log';

export function botAuthenticationOptions(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const options: ConfigurationBotFrameworkAuthenticationOptions = { ...config.botbuilder };
  if (config.channelAuthEnabled && options.OAuthUrl && !options.ChannelService) {
    const tenant =
      String(options.MicrosoftAppType ?? '').toLowerCase() === 'singletenant'
        ? options.MicrosoftAppTenantId
        : undefined;
    options.ToChannelFromBotLoginUrl ??= tenant
      ? `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${tenant}`
      : AuthenticationConstants.ToChannelFromBotLoginUrl;
    options.ToChannelFromBotOAuthScope ??= AuthenticationConstants.ToChannelFromBotOAuthScope;
    options.ToBotFromChannelTokenIssuer ??= AuthenticationConstants.ToBotFromChannelTokenIssuer;
    options.ToBotFromChannelOpenIdMetadataUrl ??= AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
    options.ToBotFromEmulatorOpenIdMetadataUrl ??= AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl;
    options.CallerId ??= CallerIdConstants.PublicAzureChannel;
  }
  return options;
}

export class PartnerLinkBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(private readonly config: Config) {
    super(botAuthenticationOptions(config));
  }

  /**
   * botbuilder lets some validation failures escape as plain errors (an invalid signature is a
   * JsonWebTokenError), which CloudAdapter answers with 500. Any failure to validate is a 401.
   */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError && error.statusCode === 401) throw error;
      throw new AuthenticationError(
        `Unauthorized: the request's token could not be validated (${error instanceof Error ? error.name : 'error'}).`,
        401,
      );
    }
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const hasAppId =
      claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
      claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim);
    if (!this.config.channelAuthEnabled && hasAppId == null) {
      return super.createUserTokenClient(
        new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '' }], true),
      );
    }
    return super.createUserTokenClient(claimsIdentity);
  }
}

type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * CloudAdapter answers a request it cannot authenticate with 401, but first prints the error with
 * its stack to stderr (console.error) — six lines for every anonymous POST from the internet. Here
 * the refusal becomes an ordinary 401 answer and one log line at warn level, without a stack.
 */
export class PartnerLinkCloudAdapter extends CloudAdapter {
  constructor(
    auth: PartnerLinkBotAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  protected override processActivity(
    authHeader: string,
    activity: Activity,
    logic: TurnLogic,
  ): Promise<InvokeResponse | undefined>;
  protected override processActivity(
    result: AuthenticateRequestResult,
    activity: Activity,
    logic: TurnLogic,
  ): Promise<InvokeResponse | undefined>;
  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: TurnLogic,
  ): Promise<InvokeResponse | undefined> {
    try {
      return typeof auth === 'string'
        ? await super.processActivity(auth, activity, logic)
        : await super.processActivity(auth, activity, logic);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.log.warn(
        { event: 'http.unauthenticated', reason: error.message.slice(0, 200) },
        'refused a request without a valid Bot Framework token',
      );
      return {
        status: 401,
        body: 'Unauthorized: this endpoint only takes requests from the Bot Framework channel, with a valid token.',
      };
    }
  }
}
