import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { botAuthenticationOptions } from '../src/bot/bot-authentication';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  it('starts with nothing set: local defaults, channel auth off', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.channelAuthEnabled, false);
    assert.equal(config.workConnectionName, 'WorkAccount');
    assert.equal(config.personalConnectionName, 'PersonalAccount');
    assert.equal(config.graphUrl, 'https://graph.microsoft.com');
    assert.match(config.sqlitePath, /data[\\/]partner-link\.db$/);
    assert.deepEqual(config.botbuilder, {});
  });

  it('accepts .env.example as it is (what a contributor copies first)', () => {
    const lines = fs.readFileSync(path.join(process.cwd(), '.env.example'), 'utf8').split('\n').filter((l) => /^[A-Za-z_]+=/.test(l));
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.ok(Object.keys(env).length > 10);
    const config = loadConfig(env);
    assert.equal(config.channelAuthEnabled, false);
    assert.equal(config.workConnectionName, 'WorkAccount');
  });

  it('reports every bad key on its own line, naming the key and what to do', () => {
    const lines = problems({ PORT: 'eighty', GRAPH_URL: 'graph', MicrosoftAppType: 'SingleTenant', WORK_CONNECTION_NAME: 'has space' });
    assert.equal(lines.filter((l) => l.startsWith('PORT ')).length, 1);
    assert.ok(lines.some((l) => l.startsWith('GRAPH_URL must be an http(s) URL') && l.includes('got "graph"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppId is required when MicrosoftAppType is SingleTenant')));
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppTenantId is required')));
    assert.ok(lines.some((l) => l.startsWith('WORK_CONNECTION_NAME ')));
  });

  it('never prints a secret it rejects', () => {
    const lines = problems({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 's3cret-value' });
    assert.ok(lines.every((l) => !l.includes('s3cret-value')));
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppId ')));
  });

  it('issue 7 group chat: TEAMS_APP_ID (the install link\'s app id) is a GUID or unset', () => {
    assert.equal(loadConfig({}).teamsAppId, undefined);
    assert.equal(loadConfig({ TEAMS_APP_ID: '7A1C0F4E-2B3D-4E5F-8A9B-0C1D2E3F4A5B' }).teamsAppId, '7a1c0f4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b');
    const lines = problems({ TEAMS_APP_ID: 'partner-link' });
    assert.ok(lines.length === 1 && lines[0]?.startsWith("TEAMS_APP_ID must be the Teams app id (a GUID)"), lines.join('\n'));
  });

  it('refuses the same connection name for both accounts', () => {
    const lines = problems({ WORK_CONNECTION_NAME: 'Same', PERSONAL_CONNECTION_NAME: 'Same' });
    assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['PERSONAL_CONNECTION_NAME']);
  });

  it('passes botbuilder keys through unchanged and fills public-cloud issuer settings when OAuthUrl is set with auth on', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'x',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'contoso-tenant',
      OAuthUrl: 'https://token.example.test',
    });
    assert.equal(config.channelAuthEnabled, true);
    assert.equal(config.botbuilder.OAuthUrl, 'https://token.example.test');
    const options = botAuthenticationOptions(config);
    assert.equal(options.ToBotFromChannelTokenIssuer, 'https://api.botframework.com');
    assert.equal(options.ToBotFromChannelOpenIdMetadataUrl, 'https://login.botframework.com/v1/.well-known/openidconfiguration');
    assert.equal(options.ToChannelFromBotLoginUrl, 'https://login.microsoftonline.com/contoso-tenant');
    assert.equal(options.CallerId, 'urn:botframework:azure');
  });

  it('keeps an explicitly given issuer setting', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'x',
      OAuthUrl: 'http://127.0.0.1:1',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:2/v1/.well-known/openidconfiguration',
    });
    assert.equal(botAuthenticationOptions(config).ToBotFromChannelOpenIdMetadataUrl, 'http://127.0.0.1:2/v1/.well-known/openidconfiguration');
  });
});

describe('configuration of the personal tab', () => {
  const tabId = '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b';

  it('is off without TAB_CLIENT_ID, and on with Microsoft\'s sign-in service by default', () => {
    assert.equal(loadConfig({}).tab, undefined);
    const tab = loadConfig({ TAB_CLIENT_ID: tabId, TAB_CLIENT_SECRET: 'x', TAB_APP_ID_URI: `api://partnerlink.contoso.com/${tabId}` }).tab;
    assert.equal(tab?.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(tab?.local, false, 'local conveniences off');
    assert.equal(tab?.tenantId, undefined);
  });

  it('reports each bad tab key on its own line, never printing the secret', () => {
    const lines = problems({ TAB_CLIENT_ID: 'tab', TAB_APP_ID_URI: 'https://x', TAB_TENANT_ID: 'contoso', TAB_AUTHORITY_HOST: 'http://login.microsoftonline.com' });
    for (const key of ['TAB_CLIENT_ID ', 'TAB_APP_ID_URI ', 'TAB_TENANT_ID ', 'TAB_AUTHORITY_HOST must be an https URL', 'TAB_CLIENT_SECRET is required']) {
      assert.equal(lines.filter((l) => l.startsWith(key)).length, 1, `${key}\n${lines.join('\n')}`);
    }
    assert.ok(problems({ TAB_CLIENT_SECRET: 'hush-hush' }).every((l) => !l.includes('hush-hush')));
  });

  it('trusts an extra certificate only for an authority on this machine (the local stand-in)', () => {
    const lines = problems({ TAB_CLIENT_ID: tabId, TAB_CLIENT_SECRET: 'x', TAB_AUTHORITY_CA_FILE: __filename });
    assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['TAB_AUTHORITY_CA_FILE']);
    assert.match(lines[0] ?? '', /only when TAB_AUTHORITY_HOST is on this machine/);
    const notPem = problems({ TAB_CLIENT_ID: tabId, TAB_CLIENT_SECRET: 'x', TAB_AUTHORITY_HOST: 'https://127.0.0.1:39402', TAB_AUTHORITY_CA_FILE: __filename });
    assert.match(notPem[0] ?? '', /^TAB_AUTHORITY_CA_FILE must be a readable PEM file/);
  });
});
