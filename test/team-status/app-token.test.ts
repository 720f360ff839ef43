// The app's own Graph token through msal-node's client-credentials grant, against a local
// HTTPS authority (msal-node talks to https only) that answers with the stand-in's grant; the token
// then reads a team's members from the Graph org stand-in. Wrong secrets and tenants are refused.
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createDevCertificate, type DevCertificate } from '../../src/stand-ins/dev-certificate';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { ADELE_ID, clientCredentialsGrant, DEV_TEAM_ID, generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { AppTokenError, createAppTokenProvider } from '../../src/graph/app-token';
import { teamMemberRosterPages } from '../../src/team-status/authorization';
import { createGraphClient } from '../../src/graph/graph-client';
import { GraphOrgServer } from './graph-org-server';

const TENANT = DEV_IDENTITIES[0]?.tenantId ?? '';
const APP = { clientId: '5e1f0c3a-2b4d-4e6f-8a1c-3d5e7f9a1b2c', clientSecret: 'local-secret' };

describe('the app token (msal-node client credentials)', function () {
  this.timeout(30_000);
  const graph = new GraphOrgServer(generateOrg({ size: 40 }));
  let tls: DevCertificate;
  let authority: https.Server;
  let authorityHost = '';
  const grants: string[] = [];

  before(async () => {
    await graph.start();
    tls = await createDevCertificate();
    authority = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', authorityHost);
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const meta = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
        if (meta) {
          const tenant = meta[1] ?? '';
          return reply(200, {
            issuer: `${authorityHost}/${tenant}/v2.0`,
            token_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/token`,
            authorization_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/authorize`,
            jwks_uri: `${authorityHost}/${tenant}/discovery/v2.0/keys`,
            response_types_supported: ['code'],
          });
        }
        const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
        if (token && req.method === 'POST') {
          grants.push(token[1] ?? '');
          const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
          return reply(
            ...clientCredentialsGrant(token[1] ?? '', form, [APP], (caller) =>
              graph.appToken(caller.tenantId, caller.appId),
            ),
          );
        }
        reply(404, { error: 'not_found' });
      });
    });
    await new Promise<void>((resolve) => authority.listen(0, '127.0.0.1', resolve));
    authorityHost = `https://127.0.0.1:${(authority.address() as AddressInfo).port}`;
  });
  after(async () => {
    authority.closeAllConnections();
    await new Promise<void>((resolve) => authority.close(() => resolve()));
    await graph.stop();
  });

  it("the bot gets an app token from the configured authority and reads a team's members with it", async () => {
    const provider = createAppTokenProvider({ ...APP, authorityHost, authorityCa: tls.cert, local: true });
    const token = await provider.token(TENANT);
    const appGraph = createGraphClient({ graphUrl: graph.url, token });
    const members: string[] = [];
    for await (const page of teamMemberRosterPages(appGraph, DEV_TEAM_ID))
      members.push(...page.people.map((p) => p.id));
    assert.ok(members.includes(ADELE_ID));
    assert.deepEqual(grants, [TENANT], 'asked for this tenant');
    assert.equal(await provider.token(TENANT), token, 'cached until it expires');
    assert.equal(grants.length, 1);
  });

  it('a wrong secret or a tenant that is not an id is an AppTokenError, not a token', async () => {
    const wrong = createAppTokenProvider({
      ...APP,
      clientSecret: 'nope',
      authorityHost,
      authorityCa: tls.cert,
      local: true,
    });
    await assert.rejects(
      wrong.token(TENANT),
      (error: unknown) => error instanceof AppTokenError && error.code === 'invalid_client',
    );
    const provider = createAppTokenProvider({ ...APP, authorityHost, authorityCa: tls.cert, local: true });
    await assert.rejects(
      provider.token('common'),
      (error: unknown) => error instanceof AppTokenError && error.code === 'bad-tenant',
    );
  });
});
