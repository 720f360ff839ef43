// The project opens in the Microsoft 365 Agents Toolkit. m365agents.yml provisions,
// deploys and publishes with the same manifest/ and deploymentTemplates/ the README uses (no second
// copy), every ${{VAR}} it needs (in the yml, the ARM parameters and the manifest it renders) is
// defined in env/.env.dev or written by an earlier step, and no secret is committed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  environmentFolderPath: string;
  provision: Step[];
  deploy: Step[];
  publish: Step[];
}

const root = process.cwd();
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const project = yaml.load(read('m365agents.yml')) as ProjectFile;
const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1] ?? '');
/** KEY=value lines of an env file. */
const envKeys = (file: string) =>
  new Map([...read(file).matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
// The documented actions (https://aka.ms/teamsfx-actions).
const ACTIONS = [
  'teamsApp/create',
  'arm/deploy',
  'teamsApp/validateManifest',
  'teamsApp/zipAppPackage',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
  'teamsApp/publishAppPackage',
  'azureAppService/zipDeploy',
];
const steps = [...project.provision, ...project.deploy, ...project.publish];
function withPath(step: Step, key: string): string {
  const value = step.with?.[key];
  return typeof value === 'string' ? value : '';
}

/** What a step writes to the environment: its writeToEnvironmentFile names, or an ARM template's outputs (upper-cased, non-alphanumerics as _). */
function outputsOf(step: Step): string[] {
  if (step.uses === 'arm/deploy') {
    const templates = step.with?.templates as { path: string }[];
    return templates.flatMap((t) =>
      Object.keys((JSON.parse(read(t.path)) as { outputs: Record<string, unknown> }).outputs).map((name) =>
        name.toUpperCase().replace(/[^A-Z0-9]/g, '_'),
      ),
    );
  }
  return Object.values(step.writeToEnvironmentFile ?? {});
}

/** Every ${{VAR}} a step resolves: in its own inputs and in the files the toolkit renders for it. */
function usedBy(step: Step): string[] {
  const used = placeholders(JSON.stringify(step.with ?? {}));
  if (step.uses === 'arm/deploy')
    for (const t of step.with?.templates as { parameters: string }[]) used.push(...placeholders(read(t.parameters)));
  if (step.uses === 'teamsApp/validateManifest' || step.uses === 'teamsApp/zipAppPackage')
    used.push(...placeholders(read(withPath(step, 'manifestPath'))));
  return used;
}

describe('Microsoft 365 Agents Toolkit project', () => {
  it('provision, deploy and publish use documented actions over manifest/ and deploymentTemplates/azuredeploy.json', () => {
    assert.match(project.version, /^v1\.\d+$/);
    assert.equal(project.environmentFolderPath, './env');
    assert.ok(project.provision.length > 0 && project.deploy.length > 0 && project.publish.length > 0);
    for (const step of steps) assert.ok(ACTIONS.includes(step.uses), `${step.uses} is a documented action`);
    const arm = project.provision.find((s) => s.uses === 'arm/deploy');
    const templates = arm?.with?.templates as { path: string; parameters: string }[];
    assert.deepEqual(
      templates.map((t) => path.normalize(t.path)),
      [path.normalize('deploymentTemplates/azuredeploy.json')],
    );
    for (const step of steps.filter((s) => s.with?.manifestPath !== undefined))
      assert.equal(path.normalize(withPath(step, 'manifestPath')), path.normalize('manifest/manifest.template.json'));
    assert.ok(
      project.deploy.some(
        (s) =>
          s.uses === 'azureAppService/zipDeploy' && s.with?.resourceId === '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}',
      ),
    );
    assert.ok(project.publish.some((s) => s.uses === 'teamsApp/publishAppPackage'));
    // The ARM parameters the toolkit fills are the template's own, with every required one.
    const template = JSON.parse(read('deploymentTemplates/azuredeploy.json')) as {
      parameters: Record<string, { defaultValue?: unknown }>;
    };
    const given = Object.keys(
      (JSON.parse(read(templates[0]?.parameters ?? '')) as { parameters: Record<string, unknown> }).parameters,
    );
    for (const name of given) assert.ok(name in template.parameters, `${name} is a template parameter`);
    for (const [name, p] of Object.entries(template.parameters))
      if (p.defaultValue === undefined) assert.ok(given.includes(name), `${name} is given`);
  });

  it('no second copy of the manifest or the ARM template anywhere in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.json') || f.endsWith('.bicep'));
    const manifests = files.filter(
      (f) => fs.existsSync(f) && /"manifestVersion"\s*:/.test(read(f)) && /MicrosoftTeams\.schema\.json/.test(read(f)),
    );
    assert.deepEqual(manifests, ['manifest/manifest.template.json']);
    const templates = files.filter(
      (f) => f.endsWith('.bicep') || (fs.existsSync(f) && /deploymentTemplate\.json#/.test(read(f))),
    );
    assert.deepEqual(templates, ['deploymentTemplates/azuredeploy.json']);
  });

  for (const environment of ['dev', 'local']) {
    it(`every \${{VAR}} is defined in env/.env.${environment} or written by an earlier step; no secret committed`, () => {
      const file = `env/.env.${environment}`;
      const defined = envKeys(file);
      const comments = read(file)
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .join('\n');
      const allOutputs = new Set(steps.flatMap(outputsOf));
      const written = new Set<string>();
      for (const step of steps) {
        for (const name of usedBy(step)) {
          if (written.has(name)) continue;
          assert.ok(!allOutputs.has(name), `${step.uses} uses ${name} before the step that writes it`);
          if (name.startsWith('SECRET_'))
            assert.match(
              comments,
              new RegExp(`${name}=`),
              `${file} says where ${name} goes (env/.env.${environment}.user)`,
            );
          else assert.ok(defined.has(name), `${name} (used by ${step.uses}) is defined in ${file}`);
        }
        for (const name of outputsOf(step)) written.add(name);
      }
      assert.ok(
        written.has('BOT_DOMAIN') && written.has('BOT_AZURE_APP_SERVICE_RESOURCE_ID') && written.has('TEAMS_APP_ID'),
      );
      for (const [key, value] of defined)
        assert.ok(!key.startsWith('SECRET_') || value === '', `${key} has no committed value`);
      assert.equal(defined.get('TEAMSFX_ENV'), environment);
      execFileSync('git', ['check-ignore', '-q', `env/.env.${environment}.user`], { cwd: root }); // throws if it would be committed
    });
  }
});
