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
  const base = deps.graphUrl.replace(/\/+$/, '');
  const doFetch = deps.fetch ?? fetch;
  return {
    async install(person): Promise<InstallOutcome> {
      if (!GUID.test(person.aadObjectId) || !GUID.test(person.tenantId)) return 'failed';
      let status: number;
      try {
        const token = await deps.appTokens.token(person.tenantId);
        const response = await doFetch(`${base}/v1.0/users/${encodeURIComponent(person.aadObjectId)}/teamwork/installedApps`, {
          method: 'POST',
          redirect: 'manual', // a redirect would carry the token elsewhere
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          // Graph's documented bind URL is on graph.microsoft.com whatever GRAPH_URL is.
          body: JSON.stringify({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${deps.teamsAppId}` }),
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
        status = response.status;
        await response.body?.cancel().catch(() => undefined);
      } catch {
        status = 0;
      }
      if (status === 201 || status === 200) return 'installed';
      if (status === 409) return 'already-installed';
      deps.log.warn({ event: 'proactive.install-failed', status }, 'could not install Partner Link for a person through Graph; they stay "can\'t reach"');
      return 'failed';
    },
  };
}
