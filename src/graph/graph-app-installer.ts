// The app installer (proactive/app-installer.ts) over Microsoft Graph, the way Company Communicator
// does it: POST /v1.0/users/{id}/teamwork/installedApps with `teamsApp@odata.bind` naming the app in
// the organization's catalogue (TEAMS_APP_ID), with the app's own token. 201 = installed, 409 = it
// was already; anything else = failed (the person stays "can't reach"). Needs the application
// permission TeamsAppInstallation.ReadWriteSelfForUser.All with admin consent: the narrowest one
// that installs this app (itself) for a person; it cannot install or remove any other app. Only jobs
// whose press allowed it get here (a manager's own reports, never a press from a team).
import type { Logger } from '../log';
import type { AppInstaller, InstallOutcome } from '../proactive/app-installer';
import type { AppTokenProvider } from './app-token';
import { createGraphClient, GRAPH_PATIENCE, GraphCallError } from './graph-client';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GraphAppInstallerDeps {
  graphUrl: string;
  /** The Teams app id in the organization's app catalogue. */
  teamsAppId: string;
  appTokens: AppTokenProvider;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function graphAppInstaller(deps: GraphAppInstallerDeps): AppInstaller {
  return {
    async install(person): Promise<InstallOutcome> {
      if (!GUID.test(person.aadObjectId) || !GUID.test(person.tenantId)) return 'failed';
      let status: number;
      try {
        const token = await deps.appTokens.token(person.tenantId);
        // One try: a failed install leaves the person "can't reach", and the worker's job says so.
        const graph = createGraphClient({
          graphUrl: deps.graphUrl,
          token,
          ...GRAPH_PATIENCE.once,
          ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        // Graph's documented bind URL is on graph.microsoft.com whatever GRAPH_URL is.
        status = await graph.send(`/v1.0/users/${encodeURIComponent(person.aadObjectId)}/teamwork/installedApps`, {
          'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${deps.teamsAppId}`,
        });
      } catch (error) {
        status = error instanceof GraphCallError ? (error.status ?? 0) : 0;
      }
      if (status === 201 || status === 200) return 'installed';
      if (status === 409) return 'already-installed';
      deps.log.warn(
        { event: 'proactive.install-failed', status },
        'could not install Partner Link for a person through Graph; they stay "can\'t reach"',
      );
      return 'failed';
    },
  };
}
