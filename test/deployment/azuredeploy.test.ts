// The ARM template cannot be deployed from here; what can be checked is that it is self-consistent
// and that what it configures is a configuration the bot accepts, with the connection names and the
// SSO resource the bot and the Teams manifest use.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, missingWorkConsents } from '../../src/config';

interface ArmTemplate {
  parameters: Record<string, { type: string; defaultValue?: unknown }>;
  variables: Record<string, string>;
  resources: { type: string; name: string; comments?: string; properties: Record<string, unknown> }[];
}

const dir = path.join(process.cwd(), 'deploymentTemplates');
const raw = fs.readFileSync(path.join(dir, 'azuredeploy.json'), 'utf8');
const template = JSON.parse(raw) as ArmTemplate;
const site = template.resources.find((r) => r.type === 'Microsoft.Web/sites');
const connections = template.resources.filter((r) => r.type === 'Microsoft.BotService/botServices/connections');

/** Resolves the simple expressions used in app settings: parameters('x') and variables('x'). */
function resolve(value: string, parameters: Record<string, string>): string {
  const match = /^\[(parameters|variables)\('([^']+)'\)\]$/.exec(value);
  if (match) return match[1] === 'parameters' ? (parameters[match[2] ?? ''] ?? '') : (template.variables[match[2] ?? ''] ?? '');
  // [concat('api://', variables('siteHostName'), ...)]: evaluated with a plausible host name.
  const concat = /^\[concat\((.*)\)\]$/.exec(value);
  if (!concat) return value;
  return (concat[1] ?? '')
    .split(/,\s*/)
    .map((part) => (part.startsWith("'") ? part.slice(1, -1) : part.startsWith('variables(') ? 'partnerlink-abc123.azurewebsites.net' : resolve(`[${part}]`, parameters)))
    .join('');
}

describe('Azure deployment template', () => {
  it('declares every parameter and variable it uses, and uses every one it declares', () => {
    const usedParameters = new Set([...raw.matchAll(/parameters\('([^']+)'\)/g)].map((m) => m[1]));
    const usedVariables = new Set([...raw.matchAll(/variables\('([^']+)'\)/g)].map((m) => m[1]));
    assert.deepEqual([...usedParameters].sort(), Object.keys(template.parameters).sort());
    assert.deepEqual([...usedVariables].sort(), Object.keys(template.variables).sort());
    for (const [name, parameter] of Object.entries(template.parameters)) {
      if (/Password$/.test(name)) assert.equal(parameter.type, 'securestring', `${name} is a secret`);
    }
  });

  it('configures the App Service with settings the bot accepts, single-tenant, with the store on persistent storage', () => {
    const settings = (site?.properties.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
    const parameters = { botAppId: '0f0e0d0c-0b0a-4090-8070-605040302010', botAppPassword: 'secret', tenantId: '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d', trainingUrl: 'https://partner.microsoft.com/pc/Users/MyAccount' };
    const env = Object.fromEntries(settings.map((s) => [s.name, resolve(s.value, parameters)]));
    const config = loadConfig(env);
    assert.equal(config.channelAuthEnabled, true);
    assert.equal(config.botbuilder.MicrosoftAppType, 'SingleTenant');
    assert.equal(config.sqlitePath, '/home/data/partner-link.db');
    assert.equal(env.TAB_APP_ID_URI, `api://partnerlink-abc123.azurewebsites.net/botid-${parameters.botAppId}`, 'the tab accepts the SSO resource the manifest asks Teams for');
    assert.equal(env.TAB_CLIENT_ID, parameters.botAppId);
    assert.equal(env.TAB_TENANT_ID, parameters.tenantId);
    const siteConfig = site?.properties.siteConfig as { linuxFxVersion: string; healthCheckPath: string };
    assert.equal(siteConfig.linuxFxVersion, 'NODE|22-lts');
    assert.equal(siteConfig.healthCheckPath, '/healthz');
    assert.equal(site?.properties.httpsOnly, true);
  });

  it('creates the two OAuth connections the bot asks for: work in your tenant with the Teams SSO resource, personal on consumers', () => {
    const defaults = loadConfig({});
    // Names look like [concat(variables('botName'), '/', variables('workConnectionName'))].
    const connectionName = (name: string) => template.variables[/'\/', variables\('([^']+)'\)/.exec(name)?.[1] ?? ''];
    const byName = new Map(connections.map((c) => [connectionName(c.name), c]));
    const work = byName.get(defaults.workConnectionName);
    const personal = byName.get(defaults.personalConnectionName);
    assert.ok(work && personal, `connections named ${defaults.workConnectionName} and ${defaults.personalConnectionName}`);
    const parameterOf = (c: typeof work, key: string) => (c.properties.parameters as { key: string; value: string }[]).find((p) => p.key === key)?.value;
    assert.equal(parameterOf(work, 'tenantID'), "[parameters('tenantId')]");
    assert.match(parameterOf(work, 'tokenExchangeUrl') ?? '', /'api:\/\/'.*defaultHostName, '\/botid-', parameters\('botAppId'\)/);
    assert.equal(parameterOf(personal, 'tenantID'), 'consumers');
    assert.equal(parameterOf(personal, 'tokenExchangeUrl'), undefined, 'no Teams SSO on the personal connection: SSO gives work tokens');
    const manifest = fs.readFileSync(path.join(process.cwd(), 'manifest', 'manifest.template.json'), 'utf8');
    assert.match(manifest, /"resource": "api:\/\/\$\{\{BOT_DOMAIN\}\}\/botid-\$\{\{MicrosoftAppId\}\}"/, 'the manifest asks Teams for the same SSO resource');
  });

  it('issue 7.6: the personal connection signs in through consumers only, and says why', () => {
    const personal = connections.find((c) => c.name.includes("variables('personalConnectionName')"));
    const parameters = personal?.properties.parameters as { key: string; value: string }[];
    assert.deepEqual(parameters, [{ key: 'tenantID', value: 'consumers' }], 'no other tenant, no token exchange');
    assert.match(personal?.comments ?? '', /cannot issue work or school tokens/);
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    assert.match(readme.replace(/\s+/g, ' '), /`consumers` endpoint \(tenant `consumers`, no SSO\), which cannot issue work or school tokens/);
  });

  it('issue 9.1: the work connection asks for User.ReadBasic.All (names of reports), the app setting says so, and the self-check finds nothing missing', () => {
    const work = connections.find((c) => c.name.includes("variables('workConnectionName')"));
    const scopes = (typeof work?.properties.scopes === 'string' ? work.properties.scopes : '').split(' ');
    assert.ok(scopes.includes('User.Read') && scopes.includes('User.ReadBasic.All'), scopes.join(' '));
    const settings = (site?.properties.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
    const declared = settings.find((s) => s.name === 'WORK_CONNECTION_SCOPES')?.value ?? '';
    assert.deepEqual(declared.split(' ').sort(), [...scopes].sort(), 'the self-check reads the same scopes the connection has');
    assert.deepEqual(missingWorkConsents(declared), []);
    assert.deepEqual(missingWorkConsents('openid profile User.Read'), ['User.ReadBasic.All']);
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    assert.match(readme, /User\.ReadBasic\.All/);
    assert.match(readme.replace(/\s+/g, ' '), /Grant admin consent/);
  });
});
