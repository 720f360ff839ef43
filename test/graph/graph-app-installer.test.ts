// Installing Partner Link for a person through Graph (the reminder worker's last resort when Teams
// says the app is not installed): POST /v1.0/users/{id}/teamwork/installedApps with the app's own
// token, over real HTTP against the org stand-in. Installed, already installed (409), and anything
// else a failure after one try: the person then shows as "can't reach".
import assert from 'node:assert/strict';
import { graphAppInstaller } from '../../src/graph/graph-app-installer';
import { createLogger } from '../../src/log';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { GraphOrgServer } from '../team-status/graph-org-server';

const TENANT = DEV_IDENTITIES[0]?.tenantId ?? '';
const ALEX = DEV_IDENTITIES.find((i) => i.givenName === 'Alex' && i.kind === 'work')?.objectId ?? '';
const APP_ID = '3c9f1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('installing the app for a person through Graph', () => {
  const org = generateOrg({ size: 20 });
  const server = new GraphOrgServer(org);
  const lines: string[] = [];
  const installer = () =>
    graphAppInstaller({
      graphUrl: server.url,
      teamsAppId: APP_ID,
      appTokens: { token: (tenantId) => Promise.resolve(server.appToken(tenantId)) },
      log: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.seen.length = 0;
    lines.length = 0;
  });

  it('installs the catalogue app once; asked again, Graph says it is there already', async () => {
    assert.equal(await installer().install({ tenantId: TENANT, aadObjectId: ALEX }), 'installed');
    assert.deepEqual([...(org.installedApps?.get(ALEX) ?? [])], [APP_ID]);
    assert.equal(await installer().install({ tenantId: TENANT, aadObjectId: ALEX }), 'already-installed');
    assert.deepEqual(
      server.seen.map((s) => `${s.method} ${s.path}`),
      [`POST /v1.0/users/${ALEX}/teamwork/installedApps`, `POST /v1.0/users/${ALEX}/teamwork/installedApps`],
    );
    assert.deepEqual(lines, [], 'nothing to warn about');
  });

  it('throttled: one try, the person stays "can\'t reach", and the operator sees the status', async () => {
    server.throttle = { remaining: 1, status: 429, retryAfter: '1' };
    assert.equal(await installer().install({ tenantId: TENANT, aadObjectId: ALEX }), 'failed');
    assert.equal(server.seen.length, 1);
    assert.match(lines.join(''), /"event":"proactive\.install-failed","status":429/);
  });

  it('a person id that is not an object id is refused before any request', async () => {
    assert.equal(await installer().install({ tenantId: TENANT, aadObjectId: '../me' }), 'failed');
    assert.equal(server.seen.length, 0);
  });
});
