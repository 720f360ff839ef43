// How the bot authenticates Bot Framework traffic. Two fixes over the stock configuration, both
// measured in ../shared/reference/bot-framework-token-service-wire.md:
//  - OAuthUrl switches botbuilder to a parameterized setup whose issuer/metadata settings stay
//    undefined unless given; with channel auth on we fill the public-cloud values so a missing
//    setting can never weaken inbound validation.
//  - With channel auth off (local use) the token client gets appId undefined and OAuthPrompt cannot
//    build its card (ZodError "appId Required"); we give it an empty app id instead.
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, ClaimsIdentity, type AuthenticateRequestResult, type UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { CallerIdConstants } from 'botframework-schema';
import type { Config } from '../config';

export function botAuthenticationOptions(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const options: ConfigurationBotFrameworkAuthenticationOptions = { ...config.botbuilder };
  if (config.channelAuthEnabled && options.OAuthUrl && !options.ChannelService) {
    const tenant = String(options.MicrosoftAppType ?? '').toLowerCase() === 'singletenant' ? options.MicrosoftAppTenantId : undefined;
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
      throw new AuthenticationError(`Unauthorized: the request's token could not be validated (${error instanceof Error ? error.name : 'error'}).`, 401);
    }
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const hasAppId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim);
    if (!this.config.channelAuthEnabled && hasAppId == null) {
      return super.createUserTokenClient(new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '' }], true));
    }
    return super.createUserTokenClient(claimsIdentity);
  }
}
