import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { botAuthenticationOptions } from '../src/channel/bot-authentication';

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
    const lines = fs
      .readFileSync(path.join(process.cwd(), '.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^[A-Za-z_]+=/.test(l));
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.ok(Object.keys(env).length > 10);
    const config = loadConfig(env);
    assert.equal(config.channelAuthEnabled, false);
    assert.equal(config.workConnectionName, 'WorkAccount');
  });

  it('listens on loopback unless channel authentication is on, and refuses anything else without it', () => {
    const appId = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' };
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '' }).host, '127.0.0.1');
    assert.equal(loadConfig(appId).host, '0.0.0.0');
    assert.equal(loadConfig({ ...appId, HOST: '10.1.2.3' }).host, '10.1.2.3');
    for (const host of ['localhost', '127.0.0.1', '::1', '[::1]']) assert.equal(loadConfig({ HOST: host }).host, host);
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'bot.contoso.example', '127.0.0.1.nip.io']) {
      const lines = problems({ HOST: host });
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0] ?? '', /^HOST .*MicrosoftAppId/);
    }
  });

  it('reports every bad key on its own line, naming the key and what to do', () => {
    const lines = problems({
      PORT: 'eighty',
      GRAPH_URL: 'graph',
      MicrosoftAppType: 'SingleTenant',
      WORK_CONNECTION_NAME: 'has space',
    });
    assert.equal(lines.filter((l) => l.startsWith('PORT ')).length, 1);
    assert.ok(
      lines.some((l) => l.startsWith('GRAPH_URL must be an http(s) URL') && l.includes('got "graph"')),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppId is required when MicrosoftAppType is SingleTenant')));
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppTenantId is required')));
    assert.ok(lines.some((l) => l.startsWith('WORK_CONNECTION_NAME ')));
  });

  it('never prints a secret it rejects', () => {
    const lines = problems({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 's3cret-value' });
    assert.ok(lines.every((l) => !l.includes('s3cret-value')));
    assert.ok(lines.some((l) => l.startsWith('MicrosoftAppId ')));
  });

  it("group chat: TEAMS_APP_ID (the install link's app id) is a GUID or unset", () => {
    assert.equal(loadConfig({}).teamsAppId, undefined);
    assert.equal(
      loadConfig({ TEAMS_APP_ID: '7A1C0F4E-2B3D-4E5F-8A9B-0C1D2E3F4A5B' }).teamsAppId,
      '7a1c0f4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
    );
    const lines = problems({ TEAMS_APP_ID: 'partner-link' });
    assert.ok(
      lines.length === 1 && lines[0]?.startsWith('TEAMS_APP_ID must be the Teams app id (a GUID)'),
      lines.join('\n'),
    );
  });

  it('refuses the same connection name for both accounts', () => {
    const lines = problems({ WORK_CONNECTION_NAME: 'Same', PERSONAL_CONNECTION_NAME: 'Same' });
    assert.deepEqual(
      lines.map((l) => l.split(' ')[0]),
      ['PERSONAL_CONNECTION_NAME'],
    );
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
    assert.equal(
      options.ToBotFromChannelOpenIdMetadataUrl,
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    );
    assert.equal(options.ToChannelFromBotLoginUrl, 'https://login.microsoftonline.com/contoso-tenant');
    assert.equal(options.CallerId, 'urn:botframework:azure');
  });

  it('keeps an explicitly given issuer setting', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'x',
      OAuthUrl: 'https://127.0.0.1:1',
      ToBotFromChannelOpenIdMetadataUrl: 'https://127.0.0.1:2/v1/.well-known/openidconfiguration',
    });
    assert.equal(
      botAuthenticationOptions(config).ToBotFromChannelOpenIdMetadataUrl,
      'https://127.0.0.1:2/v1/.well-known/openidconfiguration',
    );
  });
});

describe('transport with channel authentication on', () => {
  const production = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' };
  const tabId = '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b';
  const tab = { TAB_CLIENT_ID: tabId, TAB_CLIENT_SECRET: 'x' };

  it('refuses every http service URL, also on this machine, with one line naming the key', () => {
    const cases: Record<string, string[]> = {
      GRAPH_URL: ['http://graph.microsoft.com', 'http://127.0.0.1:4000', 'HTTP://localhost:4000'],
      OAuthUrl: ['http://token.botframework.com', 'http://127.0.0.1:3979'],
      ToBotFromChannelOpenIdMetadataUrl: [
        'http://login.botframework.com/v1/.well-known/openidconfiguration',
        'http://127.0.0.1:2/v1/.well-known/openidconfiguration',
      ],
      ToBotFromEmulatorOpenIdMetadataUrl: ['http://127.0.0.1:2/v2.0/.well-known/openid-configuration'],
      ToChannelFromBotLoginUrl: ['http://127.0.0.1:3/botframework.com'],
      LEARN_API_URL: ['http://learn.microsoft.com', 'http://127.0.0.1:3981'],
      TAB_AUTHORITY_HOST: ['http://login.microsoftonline.com', 'http://127.0.0.1:39402'],
    };
    for (const [key, urls] of Object.entries(cases)) {
      for (const url of urls) {
        const lines = problems({ ...production, ...(key.startsWith('TAB_') ? tab : {}), [key]: url });
        assert.equal(lines.length, 1, `${key}=${url}:\n${lines.join('\n')}`);
        assert.ok(lines[0]?.startsWith(`${key} must be an https URL`), lines[0]);
        assert.ok(lines[0]?.includes(`got "${url}"`), lines[0]);
      }
    }
  });

  it('accepts https everywhere, and http on this machine while channel authentication is off (the local stand-ins)', () => {
    const urls = {
      GRAPH_URL: 'https://127.0.0.1:4000',
      OAuthUrl: 'https://127.0.0.1:3979',
      ToBotFromChannelOpenIdMetadataUrl: 'https://127.0.0.1:2/v1/.well-known/openidconfiguration',
      LEARN_API_URL: 'https://127.0.0.1:3981',
    };
    assert.equal(loadConfig({ ...production, ...urls }).channelAuthEnabled, true);
    const local = loadConfig({
      GRAPH_URL: 'http://127.0.0.1:4000',
      OAuthUrl: 'http://127.0.0.1:3979',
      LEARN_API_URL: 'http://127.0.0.1:3981',
    });
    assert.equal(local.localStandIns, true);
  });

  it('a loopback OAuthUrl or TAB_AUTHORITY_HOST does not switch local mode on while MicrosoftAppId is set', () => {
    const config = loadConfig({
      ...production,
      ...tab,
      OAuthUrl: 'https://127.0.0.1:3979',
      TAB_AUTHORITY_HOST: 'https://127.0.0.1:39402',
      TAB_LOCAL_CHAT_URL: 'http://127.0.0.1:56150',
    });
    assert.equal(config.localStandIns, false, 'no local sign-in links, no uploads to this machine');
    assert.equal(config.tab?.local, false, 'no local tab clients');
    assert.equal(config.tab?.localChatUrl, undefined);
    assert.equal(config.teamApp?.local, false);
    const withCa = problems({
      ...production,
      ...tab,
      TAB_AUTHORITY_HOST: 'https://127.0.0.1:39402',
      TAB_AUTHORITY_CA_FILE: __filename,
    });
    assert.equal(withCa.length, 1, withCa.join('\n'));
    assert.match(withCa[0] ?? '', /^TAB_AUTHORITY_CA_FILE .*only while MicrosoftAppId is empty/);
    // The same stand-in addresses with MicrosoftAppId empty: local mode.
    const local = loadConfig({
      ...tab,
      OAuthUrl: 'http://127.0.0.1:3979',
      TAB_AUTHORITY_HOST: 'https://127.0.0.1:39402',
    });
    assert.equal(local.localStandIns, true);
    assert.equal(local.tab?.local, true);
  });
});

describe('configuration of the personal tab', () => {
  const tabId = '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b';

  it("is off without TAB_CLIENT_ID, and on with Microsoft's sign-in service by default", () => {
    assert.equal(loadConfig({}).tab, undefined);
    const tab = loadConfig({
      TAB_CLIENT_ID: tabId,
      TAB_CLIENT_SECRET: 'x',
      TAB_APP_ID_URI: `api://partnerlink.contoso.com/${tabId}`,
    }).tab;
    assert.equal(tab?.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(tab?.local, false, 'local conveniences off');
    assert.equal(tab?.tenantId, undefined);
  });

  it('reports each bad tab key on its own line, never printing the secret', () => {
    const lines = problems({
      TAB_CLIENT_ID: 'tab',
      TAB_APP_ID_URI: 'https://x',
      TAB_TENANT_ID: 'contoso',
      TAB_AUTHORITY_HOST: 'http://login.microsoftonline.com',
    });
    for (const key of [
      'TAB_CLIENT_ID ',
      'TAB_APP_ID_URI ',
      'TAB_TENANT_ID ',
      'TAB_AUTHORITY_HOST must be an https URL',
      'TAB_CLIENT_SECRET is required',
    ]) {
      assert.equal(lines.filter((l) => l.startsWith(key)).length, 1, `${key}\n${lines.join('\n')}`);
    }
    assert.ok(problems({ TAB_CLIENT_SECRET: 'hush-hush' }).every((l) => !l.includes('hush-hush')));
  });

  it('trusts an extra certificate only for an authority on this machine (the local stand-in)', () => {
    const lines = problems({ TAB_CLIENT_ID: tabId, TAB_CLIENT_SECRET: 'x', TAB_AUTHORITY_CA_FILE: __filename });
    assert.deepEqual(
      lines.map((l) => l.split(' ')[0]),
      ['TAB_AUTHORITY_CA_FILE'],
    );
    assert.match(lines[0] ?? '', /only when TAB_AUTHORITY_HOST is on this machine/);
    const notPem = problems({
      TAB_CLIENT_ID: tabId,
      TAB_CLIENT_SECRET: 'x',
      TAB_AUTHORITY_HOST: 'https://127.0.0.1:39402',
      TAB_AUTHORITY_CA_FILE: __filename,
    });
    assert.match(notPem[0] ?? '', /^TAB_AUTHORITY_CA_FILE must be a readable PEM file/);
  });
});
