// The app's own Microsoft Graph token (client credentials), for reads the person's token cannot do:
// a team's members with their roles (resource-specific consent TeamMember.Read.Group). msal-node's
// ConfidentialClientApplication keeps the token in its in-memory cache until shortly before expiry.
// The authority is `{authorityHost}/{tenant}`: Microsoft's in production, the local stand-in's HTTPS
// issuer locally (then trusted through its own certificate only, and known to msal so it does not ask
// Microsoft's instance discovery about a host on this machine). The token is never logged.
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from '../log';
import { TrustedNetworkClient } from '../tab-api/trusted-https';

export const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';

export interface AppTokenConfig {
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com, or the local stand-in's HTTPS origin. */
  authorityHost: string;
  /** PEM of the local issuer's certificate; only for an authority on this machine. */
  authorityCa?: string;
  /** Local authority: skip instance discovery. */
  local?: boolean;
}

export class AppTokenError extends Error {
  constructor(readonly code: string) {
    super(`app token request failed: ${code}`);
    this.name = 'AppTokenError';
  }
}

export interface AppTokenProvider {
  /** A Graph token for the app in `tenantId` (the tenant whose team is read). */
  token(tenantId: string): Promise<string>;
}

export function createAppTokenProvider(config: AppTokenConfig, log?: Logger): AppTokenProvider {
  const apps = new Map<string, ConfidentialClientApplication>();
  const appFor = (tenantId: string) => {
    let app = apps.get(tenantId);
    if (!app) {
      const msalConfig: Configuration = {
        auth: {
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          authority: `${config.authorityHost.replace(/\/+$/, '')}/${tenantId}`,
          ...(config.local ? { knownAuthorities: [new URL(config.authorityHost).host] } : {}),
        },
        system: {
          ...(config.authorityCa ? { networkClient: new TrustedNetworkClient(config.authorityCa) } : {}),
          loggerOptions: {
            piiLoggingEnabled: false,
            logLevel: LogLevel.Warning,
            loggerCallback: (_level, message) => log?.debug({ event: 'team.msal' }, message.slice(0, 300)),
          },
        },
      };
      app = new ConfidentialClientApplication(msalConfig);
      apps.set(tenantId, app);
    }
    return app;
  };
  return {
    async token(tenantId: string): Promise<string> {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) throw new AppTokenError('bad-tenant');
      try {
        const result = await appFor(tenantId).acquireTokenByClientCredential({ scopes: [GRAPH_APP_SCOPE] });
        if (!result?.accessToken) throw new AppTokenError('no-token');
        return result.accessToken;
      } catch (error) {
        if (error instanceof AppTokenError) throw error;
        const { errorCode, name } = error as { errorCode?: unknown; name?: unknown };
        const code = typeof errorCode === 'string' ? errorCode : typeof name === 'string' ? name : 'unknown';
        log?.warn({ event: 'team.app-token.failed', errorCode: code.slice(0, 80) }, 'app token request failed');
        throw new AppTokenError(code.slice(0, 80));
      }
    },
  };
}
