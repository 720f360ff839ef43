// `npm ci` runs only what package-lock.json pins, compiles nothing and fetches nothing but npm
// packages (every install script is denied, with the reason recorded), the supported Node lines are
// the ones CI tests, and npm has nothing to warn about in the project's own configuration.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface LockEntry {
  version?: string;
  hasInstallScript?: boolean;
}
interface PackageJson {
  engines?: { node?: string };
  allowScripts?: Record<string, boolean>;
  '//allowScripts'?: Record<string, string>;
  overrides?: Record<string, string>;
}

const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(read('package.json')) as PackageJson;
/** npmrc lines that set something (comments and blanks dropped), as [key, value]. */
const npmrc = read('.npmrc')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#') && !l.startsWith(';'))
  .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()] as const);

/** The package name of a lockfile key such as node_modules/a/node_modules/@scope/b. */
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
const withInstallScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([, e]) => e.hasInstallScript)
      .map(([key]) => nameOf(key)),
  ),
];

describe('installing Partner Link', () => {
  it('.npmrc neither answers yes to npx (no download outside the lockfile) nor carries settings npm does not know', () => {
    assert.ok(!npmrc.some(([key]) => key === 'yes'), '.npmrc sets yes');
    assert.ok(
      !npmrc.some(([key]) => key === 'build-from-source'),
      'build-from-source belongs to prebuild-install, not npm',
    );
    assert.ok(
      npmrc.some(([key, value]) => key === 'strict-allow-scripts' && value === 'true'),
      'an undecided install script stops the install',
    );
  });

  it('npm ci runs no install script: nothing is compiled and nothing is downloaded beyond the npm packages', () => {
    assert.ok(withInstallScripts.length >= 2, `found ${withInstallScripts.join(', ')}`);
    for (const name of withInstallScripts) {
      assert.equal(pkg.allowScripts?.[name], false, `${name}'s install script would run`);
      assert.ok((pkg['//allowScripts']?.[name] ?? '').length > 40, `no reason recorded for ${name}`);
    }
    assert.equal(
      lock.packages['node_modules/better-sqlite3'],
      undefined,
      'the embedded store is node:sqlite, built into Node',
    );
    assert.ok(!fs.existsSync(path.join(ROOT, '.prebuild-installrc')), 'nothing is built from source any more');
  });

  it('denying botbuilder-dialogs loses nothing: its postinstall only deletes nested copies the lockfile no longer has', () => {
    const scripts = (
      JSON.parse(read('node_modules/botbuilder-dialogs/package.json')) as { scripts: Record<string, string> }
    ).scripts;
    const install = ['preinstall', 'install', 'postinstall'].filter((s) => scripts[s]);
    assert.deepEqual(install, ['postinstall']);
    const runs = [...(scripts.postinstall ?? '').matchAll(/npm run ([\w:-]+)/g)].map((m) => scripts[m[1] ?? ''] ?? '');
    assert.ok(runs.length > 0);
    for (const command of runs) {
      const target = /^npx rimraf \.\.\/(\S+)$/.exec(command)?.[1];
      assert.ok(target, `the postinstall does more than delete a folder: ${command}`);
      assert.equal(lock.packages[`node_modules/${target}`], undefined, `package-lock.json still has ${target}`);
    }
    assert.equal(
      pkg.overrides?.['@microsoft/recognizers-text-number'],
      lock.packages['node_modules/@microsoft/recognizers-text-number']?.version,
    );
  });

  it('npm reads the project configuration without a warning', function () {
    this.timeout(30_000);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    const run = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, env, encoding: 'utf8', timeout: 25_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /warn/i);
    assert.match(run.stdout, /No packages with unreviewed install scripts/);
  });

  it('CI installs with npm ci and runs the README test command on Node 26, and the tests without a browser on 24 and 22', () => {
    const ci = read('.ci/run');
    assert.match(ci, /^\s*npm ci$/m);
    assert.match(ci, /^run_on 26 test$/m);
    assert.match(ci, /^run_on 24 test:no-browser$/m);
    assert.match(ci, /^run_on 22 test:no-browser$/m);
  });

  it('package.json accepts exactly the Node lines CI tests, from the first release with an unflagged node:sqlite', () => {
    assert.equal(pkg.engines?.node, '^22.13.0 || ^24.15.0 || >=26.0.0');
    const [major, minor] = process.versions.node.split('.').map(Number);
    const supported =
      (major === 22 && (minor ?? 0) >= 13) || (major === 24 && (minor ?? 0) >= 15) || (major ?? 0) >= 26;
    assert.ok(supported, `these tests run on Node ${process.versions.node}, outside the supported range`);
  });

  it('App Service runs the Node line named once in the deployment template, and CI tests that line', () => {
    const template = JSON.parse(read('deploymentTemplates/azuredeploy.json')) as {
      metadata: Record<string, unknown>;
      variables: Record<string, unknown>;
      resources: { type: string; properties?: { siteConfig?: { linuxFxVersion?: string } } }[];
    };
    const version = template.variables.appServiceNodeVersion;
    assert.equal(typeof version, 'string');
    const site = template.resources.find((r) => r.type === 'Microsoft.Web/sites');
    assert.equal(site?.properties?.siteConfig?.linuxFxVersion, "[concat('NODE|', variables('appServiceNodeVersion'))]");
    const major = /^(\d+)-lts$/.exec(String(version))?.[1];
    assert.ok(major, `not an LTS line: ${String(version)}`);
    assert.match(read('.ci/run'), new RegExp(`^run_on ${major} `, 'm'), `CI does not test Node ${major}`);
    assert.match(String(template.metadata.appServiceNodeVersionSource), /2025-10-29/);
  });
});
