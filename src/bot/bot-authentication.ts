// How the bot authenticates Bot Framework traffic. Two fixes over the stock configuration, both
// measured in ../shared/reference/bot-framework-token-service-wire.md:
//  - OAuthUrl switches botbuilder to a parameterized setup whose issuer/metadata settings stay
//    undefined unless given; with channel auth on we fill the public-cloud values so a missing
//    setting can never weaken inbound validation.
//  - With channel auth off (local use) the token client gets appId undefined and OAuthPrompt cannot
//    build its card (ZodError "appId Required"); we give it an empty app id instead.
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
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

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const hasAppId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim);
    if (!this.config.channelAuthEnabled && hasAppId == null) {
      return super.createUserTokenClient(new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '' }], true));
    }
    return super.createUserTokenClient(claimsIdentity);
  }
}
