// Issue 7.10: `npm ci` runs only what package-lock.json pins, every install script is a recorded
// decision, better-sqlite3 compiles from source without a download, and npm has nothing to warn
// about in the project's own configuration.
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
const withInstallScripts = [...new Set(Object.entries(lock.packages).filter(([, e]) => e.hasInstallScript).map(([key]) => nameOf(key)))];

describe('issue 7.10: install hygiene', () => {
  it('issue 7.10: .npmrc neither answers yes to npx (no download outside the lockfile) nor carries settings npm does not know', () => {
    assert.ok(!npmrc.some(([key]) => key === 'yes'), '.npmrc sets yes');
    assert.ok(!npmrc.some(([key]) => key === 'build-from-source'), 'build-from-source belongs to prebuild-install, not npm');
    assert.ok(npmrc.some(([key, value]) => key === 'strict-allow-scripts' && value === 'true'), 'an undecided install script stops the install');
  });

  it('issue 7.10: every package with an install script in package-lock.json has an allowScripts decision and a reason', () => {
    assert.ok(withInstallScripts.length >= 3, `found ${withInstallScripts.join(', ')}`);
    for (const name of withInstallScripts) {
      assert.equal(typeof pkg.allowScripts?.[name], 'boolean', `allowScripts has no decision for ${name}`);
      assert.ok((pkg['//allowScripts']?.[name] ?? '').length > 40, `no reason recorded for ${name}`);
    }
    assert.equal(pkg.allowScripts?.['better-sqlite3'], true, 'the store needs its native addon');
    assert.equal(pkg.allowScripts?.['botbuilder-dialogs'], false, 'its postinstall fetches rimraf with npx');
  });

  it('issue 7.10: denying botbuilder-dialogs loses nothing: its postinstall only deletes nested copies the lockfile no longer has', () => {
    const scripts = (JSON.parse(read('node_modules/botbuilder-dialogs/package.json')) as { scripts: Record<string, string> }).scripts;
    const install = ['preinstall', 'install', 'postinstall'].filter((s) => scripts[s]);
    assert.deepEqual(install, ['postinstall']);
    const runs = [...(scripts.postinstall ?? '').matchAll(/npm run ([\w:-]+)/g)].map((m) => scripts[m[1] ?? ''] ?? '');
    assert.ok(runs.length > 0);
    for (const command of runs) {
      const target = /^npx rimraf \.\.\/(\S+)$/.exec(command)?.[1];
      assert.ok(target, `the postinstall does more than delete a folder: ${command}`);
      assert.equal(lock.packages[`node_modules/${target}`], undefined, `package-lock.json still has ${target}`);
    }
    assert.equal(pkg.overrides?.['@microsoft/recognizers-text-number'], lock.packages['node_modules/@microsoft/recognizers-text-number']?.version);
  });

  it('issue 7.10: better-sqlite3 is built from source: prebuild-install reads .prebuild-installrc and downloads nothing', () => {
    assert.match(read('.prebuild-installrc'), /^buildFromSource=true$/m);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
    // prebuild-install as better-sqlite3's install script runs it: from the package's folder. It stops before any request.
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'prebuild-install', 'bin.js'), '--verbose'], {
      cwd: path.join(ROOT, 'node_modules', 'better-sqlite3'),
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 1, 'prebuild-install gives way to node-gyp');
    assert.match(run.stderr, /build-from-source specified, not attempting download/);
    // What node-gyp leaves behind (a download would bring only the .node file).
    for (const file of ['build/Makefile', 'build/config.gypi', 'build/Release/obj.target', 'build/Release/better_sqlite3.node']) {
      assert.ok(fs.existsSync(path.join(ROOT, 'node_modules', 'better-sqlite3', file)), `missing ${file}`);
    }
  });

  it('issue 7.10: npm reads the project configuration without a warning', function () {
    this.timeout(30_000);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    const run = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, env, encoding: 'utf8', timeout: 25_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /warn/i);
    assert.match(run.stdout, /No packages with unreviewed install scripts/);
  });

  it('issue 7.10: CI still installs with npm ci and runs the README test command', () => {
    assert.match(read('.ci/run'), /^npm ci$/m);
    assert.match(read('.ci/run'), /^npm test$/m);
  });
});
