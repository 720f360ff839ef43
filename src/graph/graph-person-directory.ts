// The person directory (proactive/person-directory.ts) over Microsoft Graph with the app's own token:
// GET /v1.0/users/{id}?$select=id in the person's tenant. 200 → present, 404 → gone (deleted: the
// person left the organization); anything else → unknown. Needs User.ReadBasic.All
// as an application permission; without it Graph answers 403 and nobody is ever taken for gone.
import type { Logger } from '../log';
import { cachedDirectory, type PersonDirectory, type PersonPresence } from '../proactive/person-directory';
import type { AppTokenProvider } from './app-token';
import { createGraphClient, GRAPH_PATIENCE, GraphCallError } from './graph-client';
import { readUserId } from './graph-directory';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GraphPersonDirectoryDeps {
  graphUrl: string;
  appTokens: AppTokenProvider;
  now: () => Date;
  log: Logger;
  fetch?: typeof fetch;
}

/** A tenant whose consent is missing (403/401) is not asked again for this long: one warning, not one per send. */
const NO_CONSENT_PAUSE_MS = 60 * 60 * 1000;

export function graphPersonDirectory(deps: GraphPersonDirectoryDeps): PersonDirectory {
  const noConsentUntil = new Map<string, number>();
  const lookup = async (person: { tenantId: string; aadObjectId: string }): Promise<PersonPresence> => {
    if (!GUID.test(person.aadObjectId) || !GUID.test(person.tenantId)) return 'unknown';
    const tenant = person.tenantId.toLowerCase();
    if ((noConsentUntil.get(tenant) ?? 0) > deps.now().getTime()) return 'unknown';
    try {
      const token = await deps.appTokens.token(person.tenantId);
      // A short wait: this runs before a send, and 'unknown' only means "send as before".
      const graph = createGraphClient({
        graphUrl: deps.graphUrl,
        token,
        ...GRAPH_PATIENCE.beforeSend,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      await readUserId(graph, person.aadObjectId);
      return 'present';
    } catch (error) {
      if (error instanceof GraphCallError && error.reason === 'not-found') return 'gone';
      if (error instanceof GraphCallError && (error.reason === 'forbidden' || error.reason === 'unauthorized')) {
        if (noConsentUntil.size > 10_000) noConsentUntil.clear();
        noConsentUntil.set(tenant, deps.now().getTime() + NO_CONSENT_PAUSE_MS);
        deps.log.warn(
          { event: 'proactive.directory.no-consent', tenant },
          'Microsoft Graph refused GET /users/{id} with the app token (grant the application permission User.ReadBasic.All with admin consent): people who left the organization are not noticed before a send; not asking this organization again for an hour',
        );
        return 'unknown';
      }
      deps.log.warn(
        { event: 'proactive.directory.unknown', reason: error instanceof GraphCallError ? error.reason : 'app-token' },
        'could not tell whether a person is still in the organization; sending as usual',
      );
      return 'unknown';
    }
  };
  return cachedDirectory(lookup, deps.now);
}
