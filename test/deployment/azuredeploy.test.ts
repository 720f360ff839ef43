// The ARM template cannot be deployed from here; what can be checked is that it is self-consistent
// and that what it configures is a configuration the bot accepts, with the connection names and the
// SSO resource the bot and the Teams manifest use.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, missingWorkConsents } from '../../src/config';
import { evaluate, type ArmContext } from './arm-expressions';

interface ArmTemplate {
  parameters: Record<string, { type: string; defaultValue?: unknown }>;
  variables: Record<string, string>;
  resources: {
    type: string;
    name: string;
    comments?: string;
    scope?: string;
    kind?: string;
    sku?: Record<string, unknown>;
    identity?: { type: string };
    dependsOn?: string[];
    properties: Record<string, unknown>;
  }[];
  outputs: Record<string, { type: string; value: string }>;
}

const dir = path.join(process.cwd(), 'deploymentTemplates');
const raw = fs.readFileSync(path.join(dir, 'azuredeploy.json'), 'utf8');
const template = JSON.parse(raw) as ArmTemplate;
const site = template.resources.find((r) => r.type === 'Microsoft.Web/sites');
const connections = template.resources.filter((r) => r.type === 'Microsoft.BotService/botServices/connections');

const botAppId = '0f0e0d0c-0b0a-4090-8070-605040302010';
const tenantId = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const principalId = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const connectionString =
  'InstrumentationKey=4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/';
const context: ArmContext = {
  parameters: {
    ...Object.fromEntries(Object.entries(template.parameters).map(([name, p]) => [name, p.defaultValue])),
    baseName: 'partnerlink-contoso',
    location: 'westeurope',
    tenantId,
    botAppId,
    botAppPassword: 'secret',
    personalAppId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    personalAppPassword: 'personal-secret',
  },
  variables: template.variables,
  // What Azure returns at deployment time: the site's host name and managed identity, App Insights' connection string.
  reference: (id, full) => {
    if (id.includes('/Microsoft.Web/sites/')) {
      const properties = { defaultHostName: `${id.split('/').pop() ?? ''}.azurewebsites.net` };
      return full ? { identity: { type: 'SystemAssigned', principalId }, properties } : properties;
    }
    if (id.includes('/Microsoft.Insights/components/')) return { ConnectionString: connectionString };
    throw new Error(`unexpected reference(${id})`);
  },
};
const value = (v: unknown) => evaluate(v, context);
const appSettings = () =>
  (site?.properties.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
const appEnv = () => Object.fromEntries(appSettings().map((s) => [s.name, String(value(s.value))]));
const storageAccount = template.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts');
const roleAssignments = template.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
// Built-in role definition ids, from Microsoft Learn's "Azure built-in roles for Storage"
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage).
const STORAGE_TABLE_DATA_CONTRIBUTOR = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';
const STORAGE_QUEUE_DATA_CONTRIBUTOR = '974c5e8b-45b9-4653-ba55-5f855dd0fb88';

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

  it('configures the App Service with settings the bot accepts, single-tenant, with the tab on the SSO resource', () => {
    const env = appEnv();
    const config = loadConfig(env);
    assert.equal(config.channelAuthEnabled, true);
    assert.equal(config.botbuilder.MicrosoftAppType, 'SingleTenant');
    const host = String(value(template.outputs.botDomain?.value));
    assert.match(host, /^partnerlink-contoso-[a-z0-9]{13}\.azurewebsites\.net$/);
    assert.equal(
      env.TAB_APP_ID_URI,
      `api://${host}/botid-${botAppId}`,
      'the tab accepts the SSO resource the manifest asks Teams for',
    );
    assert.equal(env.TAB_CLIENT_ID, botAppId);
    assert.equal(env.TAB_TENANT_ID, tenantId);
    const siteConfig = site?.properties.siteConfig as { linuxFxVersion: string; healthCheckPath: string };
    assert.equal(siteConfig.linuxFxVersion, "[concat('NODE|', variables('appServiceNodeVersion'))]");
    assert.equal(siteConfig.healthCheckPath, '/healthz');
    assert.equal(site?.properties.httpsOnly, true);
  });

  it('creates a StorageV2 account: https only, TLS 1.2, no public blob access, no shared keys', () => {
    assert.ok(storageAccount, 'a storage account');
    assert.equal(storageAccount.kind, 'StorageV2');
    const p = storageAccount.properties;
    assert.equal(p.supportsHttpsTrafficOnly, true);
    assert.equal(p.minimumTlsVersion, 'TLS1_2');
    assert.equal(p.allowBlobPublicAccess, false);
    assert.equal(p.allowSharedKeyAccess, false, 'no account key works, so none can leak');
    const name = String(value(storageAccount.name));
    assert.match(name, /^[a-z0-9]{3,24}$/, 'a valid storage account name');
    assert.equal(String(value(context.variables.storageAccountName)), name);
  });

  it("assigns Storage Table Data Contributor and Storage Queue Data Contributor, on the storage account only, to the app's managed identity", () => {
    assert.deepEqual(site?.identity, { type: 'SystemAssigned' });
    const accountId = String(
      value(`[resourceId('Microsoft.Storage/storageAccounts', '${String(value(storageAccount?.name))}')]`),
    );
    const siteId = String(value(`[resourceId('Microsoft.Web/sites', '${String(value(site?.name))}')]`));
    const roles = roleAssignments.map((r) => ({
      role: String(value(r.properties.roleDefinitionId)),
      scope: value(r.scope),
      principal: value(r.properties.principalId),
      principalType: r.properties.principalType,
      dependsOnSite: (r.dependsOn ?? []).map((d) => value(d)).includes(siteId),
    }));
    const expected = (roleId: string) => ({
      role: `/subscriptions/${String(value('[subscription().subscriptionId]'))}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      scope: accountId,
      principal: principalId,
      principalType: 'ServicePrincipal',
      dependsOnSite: true,
    });
    assert.deepEqual(roles, [expected(STORAGE_TABLE_DATA_CONTRIBUTOR), expected(STORAGE_QUEUE_DATA_CONTRIBUTOR)]);
    // Stable names: deploying again updates the same assignments instead of failing on duplicates.
    const names = roleAssignments.map((r) => value(r.name));
    assert.equal(new Set(names).size, 2);
    assert.deepEqual(
      roleAssignments.map((r) => value(r.name)),
      names,
    );
    for (const r of roleAssignments) assert.match(r.comments ?? '', /Owner or Role Based Access Control Administrator/);
  });

  it('the app uses STORE=azure through its managed identity: no key or connection string, nothing under /home for data', () => {
    const env = appEnv();
    const config = loadConfig(env);
    const account = String(value(storageAccount?.name));
    assert.deepEqual(config.storage, {
      engine: 'azure',
      prefix: 'partnerlink',
      auth: {
        kind: 'managed-identity',
        accountName: account,
        clientId: undefined,
        tableEndpoint: `https://${account}.table.core.windows.net`,
        queueEndpoint: `https://${account}.queue.core.windows.net`,
      },
    });
    for (const key of [
      'AZURE_STORAGE_CONNECTION_STRING',
      'SQLITE_PATH',
      'WEBSITES_ENABLE_APP_SERVICE_STORAGE',
      'AZURE_CLIENT_ID',
    ])
      assert.equal(env[key], undefined, key);
    for (const [key, v] of Object.entries(env)) {
      assert.doesNotMatch(v, /AccountKey=|SharedAccessSignature=|[?&]sig=/i, `${key} carries no storage key or SAS`);
      assert.doesNotMatch(v, /^\/home\//, `${key}: nothing under /home`);
    }
    assert.doesNotMatch(raw, /listKeys|listAccountSas|\/home\//, 'the template reads no key and uses no /home path');
    assert.equal(
      appSettings().find((s) => s.name === 'AZURE_STORAGE_ENDPOINT_SUFFIX')?.value,
      '[environment().suffixes.storage]',
      'sovereign clouds get their own suffix',
    );
  });

  it('Application Insights on a Log Analytics workspace; its connection string turns telemetry on', () => {
    const workspace = template.resources.find((r) => r.type === 'Microsoft.OperationalInsights/workspaces');
    const insights = template.resources.find((r) => r.type === 'Microsoft.Insights/components');
    assert.ok(workspace && insights);
    assert.equal(
      value(insights.properties.WorkspaceResourceId),
      value(`[resourceId('Microsoft.OperationalInsights/workspaces', '${String(value(workspace.name))}')]`),
      'workspace-based',
    );
    const env = appEnv();
    assert.equal(
      env.APPLICATIONINSIGHTS_CONNECTION_STRING,
      connectionString,
      'read from the component at deployment time',
    );
    assert.equal(loadConfig(env).telemetry.connectionString, connectionString);
    assert.equal(loadConfig(env).sources.APPLICATIONINSIGHTS_CONNECTION_STRING, 'env (redacted)');
  });

  it('the plan runs instanceCount instances (default 1), without instance affinity', () => {
    const plan = template.resources.find((r) => r.type === 'Microsoft.Web/serverfarms');
    assert.equal(plan?.sku?.capacity, "[parameters('instanceCount')]");
    assert.equal(template.parameters.instanceCount?.defaultValue, 1);
    assert.equal(site?.properties.clientAffinityEnabled, false, 'any instance takes any request');
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8').replace(/\s+/g, ' ');
    assert.ok(readme.includes('instanceCount'), 'the README names the instanceCount parameter');
    assert.ok(
      /az appservice plan update [^`]*--number-of-workers/.test(readme),
      'the README says how to scale out later',
    );
  });

  it('the parameters file fills every parameter without a default, and no other', () => {
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'azuredeploy.parameters.json'), 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    const required = Object.entries(template.parameters)
      .filter(([, p]) => p.defaultValue === undefined)
      .map(([name]) => name);
    for (const name of required) assert.ok(name in file.parameters, `${name} is in azuredeploy.parameters.json`);
    for (const name of Object.keys(file.parameters))
      assert.ok(name in template.parameters, `${name} is a template parameter`);
  });

  it('creates the two OAuth connections the bot asks for: work in your tenant with the Teams SSO resource, personal on consumers', () => {
    const defaults = loadConfig({});
    // Names look like [concat(variables('botName'), '/', variables('workConnectionName'))].
    const connectionName = (name: string) => template.variables[/'\/', variables\('([^']+)'\)/.exec(name)?.[1] ?? ''];
    const byName = new Map(connections.map((c) => [connectionName(c.name), c]));
    const work = byName.get(defaults.workConnectionName);
    const personal = byName.get(defaults.personalConnectionName);
    assert.ok(
      work && personal,
      `connections named ${defaults.workConnectionName} and ${defaults.personalConnectionName}`,
    );
    const parameterOf = (c: typeof work, key: string) =>
      (c.properties.parameters as { key: string; value: string }[]).find((p) => p.key === key)?.value;
    assert.equal(parameterOf(work, 'tenantID'), "[parameters('tenantId')]");
    assert.match(
      parameterOf(work, 'tokenExchangeUrl') ?? '',
      /'api:\/\/'.*defaultHostName, '\/botid-', parameters\('botAppId'\)/,
    );
    assert.equal(parameterOf(personal, 'tenantID'), 'consumers');
    assert.equal(
      parameterOf(personal, 'tokenExchangeUrl'),
      undefined,
      'no Teams SSO on the personal connection: SSO gives work tokens',
    );
    const manifest = fs.readFileSync(path.join(process.cwd(), 'manifest', 'manifest.template.json'), 'utf8');
    assert.match(
      manifest,
      /"resource": "api:\/\/\$\{\{BOT_DOMAIN\}\}\/botid-\$\{\{MicrosoftAppId\}\}"/,
      'the manifest asks Teams for the same SSO resource',
    );
  });

  it('the personal connection signs in through consumers only, and says why', () => {
    const personal = connections.find((c) => c.name.includes("variables('personalConnectionName')"));
    const parameters = personal?.properties.parameters as { key: string; value: string }[];
    assert.deepEqual(parameters, [{ key: 'tenantID', value: 'consumers' }], 'no other tenant, no token exchange');
    assert.match(personal?.comments ?? '', /cannot issue work or school tokens/);
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    assert.match(
      readme.replace(/\s+/g, ' '),
      /`consumers` endpoint \(tenant `consumers`, no SSO\), which cannot issue work or school tokens/,
    );
  });

  it('the work connection asks for User.ReadBasic.All (names of reports), the app setting says so, and the self-check finds nothing missing', () => {
    const work = connections.find((c) => c.name.includes("variables('workConnectionName')"));
    const scopes = (typeof work?.properties.scopes === 'string' ? work.properties.scopes : '').split(' ');
    assert.ok(scopes.includes('User.Read') && scopes.includes('User.ReadBasic.All'), scopes.join(' '));
    const settings = (site?.properties.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
    const declared = settings.find((s) => s.name === 'WORK_CONNECTION_SCOPES')?.value ?? '';
    assert.deepEqual(
      declared.split(' ').sort(),
      [...scopes].sort(),
      'the self-check reads the same scopes the connection has',
    );
    assert.deepEqual(missingWorkConsents(declared), []);
    assert.deepEqual(missingWorkConsents('openid profile User.Read'), ['User.ReadBasic.All']);
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    assert.match(readme, /User\.ReadBasic\.All/);
    assert.match(readme.replace(/\s+/g, ' '), /Grant admin consent/);
  });
});
