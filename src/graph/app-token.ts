// The app's own Microsoft Graph token (client credentials), for reads the person's token cannot do:
// a team's members with their roles (resource-specific consent TeamMember.Read.Group). msal-node's
// ConfidentialClientApplication (msal-app.ts, one per tenant) keeps the token in its in-memory cache
// until shortly before expiry. The token is never logged.
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { Logger } from '../log';
import { msalApp, msalErrorCode, type MsalAppConfig } from './msal-app';

export const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';

export type AppTokenConfig = MsalAppConfig;

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
      app = msalApp(config, tenantId, (message) => log?.debug({ event: 'team.msal' }, message));
      apps.set(tenantId, app);
    }
    return app;
  };
  return {
    async token(tenantId: string): Promise<string> {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId))
        throw new AppTokenError('bad-tenant');
      try {
        const result = await appFor(tenantId).acquireTokenByClientCredential({ scopes: [GRAPH_APP_SCOPE] });
        if (!result?.accessToken) throw new AppTokenError('no-token');
        return result.accessToken;
      } catch (error) {
        if (error instanceof AppTokenError) throw error;
        const code = msalErrorCode(error);
        log?.warn({ event: 'team.app-token.failed', errorCode: code }, 'app token request failed');
        throw new AppTokenError(code);
      }
    },
  };
}
