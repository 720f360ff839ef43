// The tab's call to Microsoft Graph as the signed-in person: msal-node's on-behalf-of grant turns the
// tab's SSO token into a Graph token, which reads `GET /v1.0/me` (the name in the page header).
// The Graph token lives for one request: msal's cache is skipped and cleared, nothing is logged.
// Locally the authority is the sign-in stand-in's HTTPS listener (msal-node refuses http), trusted
// through a network client that knows its certificate; knownAuthorities keeps msal from asking
// Microsoft's instance discovery about a host on this machine.
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { TabConfig } from '../config';
import type { Logger } from '../log';
import { TrustedNetworkClient } from './trusted-https';

export const GRAPH_USER_READ = 'https://graph.microsoft.com/User.Read';
export const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

export interface GraphProfile {
  displayName: string;
}

export type ProfileResult = { ok: true; profile: GraphProfile } | { ok: false; reason: 'obo-failed' | 'graph-failed' };

export class OnBehalfOfGraph {
  private readonly app: ConfidentialClientApplication;

  constructor(
    private readonly config: TabConfig,
    private readonly graphUrl: string,
    private readonly log: Logger,
  ) {
    const host = new URL(config.authorityHost).host;
    const msalConfig: Configuration = {
      auth: {
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        authority: `${config.authorityHost}/${config.tenantId ?? 'organizations'}`,
        ...(config.local ? { knownAuthorities: [host] } : {}),
      },
      system: {
        ...(config.authorityCa ? { networkClient: new TrustedNetworkClient(config.authorityCa) } : {}),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => log.debug({ event: 'tab.msal' }, message.slice(0, 300)),
        },
      },
    };
    this.app = new ConfidentialClientApplication(msalConfig);
  }

  /**
   * A delegated Graph token for the person (every consented permission: `.default`, so
   * User.ReadBasic.All for their reports' names), for one request; undefined when the grant fails.
   */
  async graphToken(assertion: string, tenantId: string): Promise<string | undefined> {
    try {
      const result = await this.app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_DEFAULT], authority: `${this.config.authorityHost}/${tenantId}`, skipCache: true });
      return result?.accessToken || undefined;
    } catch (error) {
      const { errorCode, name } = error as { errorCode?: unknown; name?: unknown };
      const code = typeof errorCode === 'string' ? errorCode : typeof name === 'string' ? name : 'unknown';
      this.log.warn({ event: 'tab.obo.failed', errorCode: code.slice(0, 80) }, 'on-behalf-of token request failed');
      return undefined;
    } finally {
      this.app.clearCache();
    }
  }

  /** The person's Graph profile, read on their behalf; `assertion` is the already validated tab token. */
  async me(assertion: string, tenantId: string): Promise<ProfileResult> {
    let graphToken: string;
    try {
      const result = await this.app.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [GRAPH_USER_READ],
        authority: `${this.config.authorityHost}/${tenantId}`,
        skipCache: true,
      });
      if (!result?.accessToken) return { ok: false, reason: 'obo-failed' };
      graphToken = result.accessToken;
    } catch (error) {
      const { errorCode, name } = error as { errorCode?: unknown; name?: unknown };
      const code = typeof errorCode === 'string' ? errorCode : typeof name === 'string' ? name : 'unknown';
      this.log.warn({ event: 'tab.obo.failed', errorCode: code.slice(0, 80) }, 'on-behalf-of token request failed');
      return { ok: false, reason: 'obo-failed' };
    } finally {
      this.app.clearCache();
    }
    try {
      const response = await fetch(`${this.graphUrl}/v1.0/me?$select=displayName`, { headers: { authorization: `Bearer ${graphToken}` }, signal: AbortSignal.timeout(10_000) });
      const body = (await response.json().catch(() => undefined)) as { displayName?: unknown } | undefined;
      if (!response.ok || typeof body?.displayName !== 'string') {
        this.log.warn({ event: 'tab.graph.failed', status: response.status }, 'Graph /me failed');
        return { ok: false, reason: 'graph-failed' };
      }
      return { ok: true, profile: { displayName: body.displayName } };
    } catch (error) {
      this.log.warn({ event: 'tab.graph.failed', err: String(error).slice(0, 200) }, 'Graph /me failed');
      return { ok: false, reason: 'graph-failed' };
    }
  }
}
