// The designation catalogue as data — the shipped file is valid and keeps its sources
// and as-of dates; an operator's replacement (CATALOGUE_PATH) is validated with one clear line per problem.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogueError, loadCatalogue, type Catalogue } from '../../src/certifications/catalogue';
import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  assert.fail('expected a CatalogueError');
}

describe('designation catalogue', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-catalogue-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (value: unknown, name = 'catalogue.json') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('the shipped catalogue is valid: six areas, each with its sources and as-of date', () => {
    const catalogue = loadCatalogue();
    assert.deepEqual(
      catalogue.areas.map((a) => a.name),
      [
        'Data & AI (Azure)',
        'Infrastructure (Azure)',
        'Digital & App Innovation (Azure)',
        'Business Applications',
        'Modern Work',
        'Security',
      ],
    );
    assert.equal(catalogue.asOf, '2026-05-08');
    for (const area of catalogue.areas) {
      assert.ok(area.sources.length > 0 && /2026-05/.test(area.asOf), area.name);
      assert.equal(
        area.metrics.reduce((sum, m) => sum + m.max, 0),
        { 'data-ai': 40, security: 40, 'modern-work': 25, 'business-applications': 35 }[area.id] ?? 40,
        area.name,
      );
    }
  });

  it("an operator's file (CATALOGUE_PATH) replaces the shipped one", () => {
    const mine: Catalogue = structuredClone(loadCatalogue());
    mine.areas = mine.areas.filter((a) => a.id === 'modern-work');
    const file = write(mine);
    const config = loadConfig({ CATALOGUE_PATH: file });
    assert.equal(config.cataloguePath, file);
    assert.deepEqual(
      loadCatalogue(config.cataloguePath).areas.map((a) => a.id),
      ['modern-work'],
    );
    assert.equal(loadConfig({}).cataloguePath, undefined);
  });

  it('each problem in a replacement is one line naming where it is and what is wrong', () => {
    const bad = structuredClone(loadCatalogue()) as unknown as { asOf: string; areas: Record<string, unknown>[] };
    bad.asOf = 'May 2026';
    const infra = bad.areas[1] as { sources: unknown[]; metrics: { max: number; steps: { kind: string }[] }[] };
    infra.sources = [];
    const first = infra.metrics[0];
    assert.ok(first);
    first.max = 0;
    first.steps.reverse();
    (bad.areas[2] as { id: string }).id = 'infrastructure';
    const lines = problemsOf(() => loadCatalogue(write(bad)));
    assert.deepEqual(
      lines.sort(),
      [
        'areas[1].metrics[0].max: must be more than 0',
        'areas[1].metrics[0].steps[0].kind: must be "gate": only the last step of a metric scores per person',
        'areas[1].metrics[0].steps[1].kind: must be "scoring": the last step of a metric scores per person',
        'areas[1].sources: must cite at least one source',
        'areas[2].id: repeats the area id "infrastructure"',
        'asOf: must be a date written YYYY-MM-DD',
      ].sort(),
    );
    const error = (() => {
      try {
        loadCatalogue(write(bad));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.match(error?.message ?? '', /cannot be used; fix these problems/);
  });

  it('a missing, unreadable, oversized or non-JSON file gets one line saying so', () => {
    assert.deepEqual(
      problemsOf(() => loadCatalogue(path.join(dir, 'nope.json'))),
      ['(the whole file): cannot be read (ENOENT); check CATALOGUE_PATH'],
    );
    assert.match(
      problemsOf(() => loadCatalogue(write('{ not json')))[0] ?? '',
      /^\(the whole file\): is not valid JSON/,
    );
    assert.match(
      problemsOf(() => loadCatalogue(write(' '.repeat(1024 * 1024 + 1), 'big.json')))[0] ?? '',
      /at most 1048576 are read/,
    );
    assert.deepEqual(
      problemsOf(() => loadCatalogue(write([]))),
      ['(the whole file): Invalid input: expected object, received array'],
    );
  });
});

describe('configuration: LEARN_API_URL', () => {
  it('defaults to https://learn.microsoft.com; accepts a local stand-in; refuses plain http elsewhere', () => {
    assert.equal(loadConfig({}).learnApiUrl, 'https://learn.microsoft.com');
    assert.equal(loadConfig({ LEARN_API_URL: 'http://127.0.0.1:39404/' }).learnApiUrl, 'http://127.0.0.1:39404');
    try {
      loadConfig({ LEARN_API_URL: 'http://learn.example.com' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        'LEARN_API_URL must be an https URL (http only for a stand-in on this machine) (got "http://learn.example.com")',
      ]);
    }
  });
});
