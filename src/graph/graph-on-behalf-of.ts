// The tab's call to Microsoft Graph as the signed-in person: msal-node's on-behalf-of grant turns the
// tab's SSO token into a Graph token, which reads `GET /v1.0/me` (the name in the page header,
// graph-me.ts).
// The Graph token lives for one request: msal's cache is skipped and cleared, nothing is logged.
// Locally the authority is the sign-in stand-in's HTTPS listener (msal-node refuses http; msal-app.ts).
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { TabConfig } from '../config';
import type { Logger } from '../log';
import { createGraphClient, GRAPH_PATIENCE, GraphCallError } from './graph-client';
import { readMyDisplayName } from './graph-me';
import { msalApp, msalErrorCode } from './msal-app';

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
    this.app = msalApp(config, config.tenantId ?? 'organizations', (message) =>
      log.debug({ event: 'tab.msal' }, message),
    );
  }

  /**
   * A delegated Graph token for the person (every consented permission: `.default`, so
   * User.ReadBasic.All for their reports' names), for one request; undefined when the grant fails.
   */
  async graphToken(assertion: string, tenantId: string): Promise<string | undefined> {
    try {
      const result = await this.app.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [GRAPH_DEFAULT],
        authority: `${this.config.authorityHost}/${tenantId}`,
        skipCache: true,
      });
      return result?.accessToken || undefined;
    } catch (error) {
      this.log.warn({ event: 'tab.obo.failed', errorCode: msalErrorCode(error) }, 'on-behalf-of token request failed');
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
      this.log.warn({ event: 'tab.obo.failed', errorCode: msalErrorCode(error) }, 'on-behalf-of token request failed');
      return { ok: false, reason: 'obo-failed' };
    } finally {
      this.app.clearCache();
    }
    try {
      const displayName = await readMyDisplayName(
        createGraphClient({ graphUrl: this.graphUrl, token: graphToken, ...GRAPH_PATIENCE.once }),
      );
      if (displayName === undefined) {
        this.log.warn({ event: 'tab.graph.failed', status: 200 }, 'Graph /me failed');
        return { ok: false, reason: 'graph-failed' };
      }
      return { ok: true, profile: { displayName } };
    } catch (error) {
      const failed =
        error instanceof GraphCallError
          ? { reason: error.reason, ...(error.status ? { status: error.status } : {}) }
          : { err: String(error).slice(0, 200) };
      this.log.warn({ event: 'tab.graph.failed', ...failed }, 'Graph /me failed');
      return { ok: false, reason: 'graph-failed' };
    }
  }
}
