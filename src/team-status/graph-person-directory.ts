// The person directory (proactive/person-directory.ts) over Microsoft Graph with the app's own token:
// GET /v1.0/users/{id}?$select=id in the person's tenant. 200 → present, 404 → gone (deleted: the
// person left the organization); anything else → unknown. Needs User.Read.All (or User.ReadBasic.All)
// as an application permission; without it Graph answers 403 and nobody is ever taken for gone.
import { z } from 'zod';
import type { Logger } from '../log';
import { cachedDirectory, type PersonDirectory, type PersonPresence } from '../proactive/person-directory';
import type { AppTokenProvider } from './app-token';
import { createGraphClient, GraphCallError } from './graph-client';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const userSchema = z.object({ id: z.string() });

export interface GraphPersonDirectoryDeps {
  graphUrl: string;
  appTokens: AppTokenProvider;
  now: () => Date;
  log: Logger;
  fetch?: typeof fetch;
}

export function graphPersonDirectory(deps: GraphPersonDirectoryDeps): PersonDirectory {
  const lookup = async (person: { tenantId: string; aadObjectId: string }): Promise<PersonPresence> => {
    if (!GUID.test(person.aadObjectId) || !GUID.test(person.tenantId)) return 'unknown';
    try {
      const token = await deps.appTokens.token(person.tenantId);
      // A short wait: this runs before a send, and 'unknown' only means "send as before".
      const graph = createGraphClient({ graphUrl: deps.graphUrl, token, maxRetries: 1, maxRetryAfterMs: 5_000, timeoutMs: 10_000, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      await graph.get(`/v1.0/users/${encodeURIComponent(person.aadObjectId)}?$select=id`, userSchema);
      return 'present';
    } catch (error) {
      if (error instanceof GraphCallError && error.reason === 'not-found') return 'gone';
      deps.log.warn({ event: 'proactive.directory.unknown', reason: error instanceof GraphCallError ? error.reason : 'app-token' }, 'could not tell whether a person is still in the organization; sending as usual');
      return 'unknown';
    }
  };
  return cachedDirectory(lookup, deps.now);
}
