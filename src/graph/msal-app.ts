// The one msal-node confidential client set-up for Graph tokens (the app's own, client credentials;
// the tab's on-behalf-of grant). The authority is `{authorityHost}/{tenant}`: Microsoft's in
// production, the local stand-in's HTTPS issuer locally (then trusted through its own certificate
// only, and known to msal so it does not ask Microsoft's instance discovery about a host on this
// machine). msal's own log lines go to debug, without personal data; tokens are never logged.
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { TrustedNetworkClient } from '../http/trusted-https';

export interface MsalAppConfig {
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com, or the local stand-in's HTTPS origin. */
  authorityHost: string;
  /** PEM of the local issuer's certificate; only for an authority on this machine. */
  authorityCa?: string | undefined;
  /** Local authority: skip instance discovery. */
  local?: boolean | undefined;
}

/** A confidential client for `tenant` ('organizations' for any); `debug` receives msal's log lines. */
export function msalApp(
  config: MsalAppConfig,
  tenant: string,
  debug: (message: string) => void,
): ConfidentialClientApplication {
  const msalConfig: Configuration = {
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: `${config.authorityHost.replace(/\/+$/, '')}/${tenant}`,
      ...(config.local ? { knownAuthorities: [new URL(config.authorityHost).host] } : {}),
    },
    system: {
      ...(config.authorityCa ? { networkClient: new TrustedNetworkClient(config.authorityCa) } : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message) => debug(message.slice(0, 300)),
      },
    },
  };
  return new ConfidentialClientApplication(msalConfig);
}

/** msal's error code (or the error's name) for a log line, at most 80 characters. */
export function msalErrorCode(error: unknown): string {
  const { errorCode, name } = (error ?? {}) as { errorCode?: unknown; name?: unknown };
  return (typeof errorCode === 'string' ? errorCode : typeof name === 'string' ? name : 'unknown').slice(0, 80);
}
