import assert from 'node:assert/strict';
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
