// The source's import graph stays acyclic and layered one way: the storage engines (SQLite, Azure
// Storage) are reached only through src/storage/ and the composition root (app.ts); capabilities know
// ports, never an engine; the engines do not know each other, the router or the composition root.
import assert from 'node:assert/strict';
import { cycles, importGraph, readSources, violations, type Rule } from './support/import-graph';

const ENGINE_PACKAGES = new Set(['node:sqlite', '@azure/data-tables', '@azure/storage-queue']);
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const isEngine = (target: string) =>
  under('src/storage/sqlite')(target) || under('src/storage/azure')(target) || ENGINE_PACKAGES.has(target);

const RULES: readonly Rule[] = [
  {
    name: 'only storage and the composition root reach an engine',
    from: (f) => !under('src/storage')(f) && f !== 'src/app.ts',
    to: isEngine,
  },
  {
    name: 'the SQLite engine does not know the Azure one',
    from: under('src/storage/sqlite'),
    to: (t) => under('src/storage/azure')(t) || t.startsWith('@azure/'),
  },
  {
    name: 'the Azure engine does not know the SQLite one',
    from: under('src/storage/azure'),
    to: (t) => under('src/storage/sqlite')(t) || t === 'node:sqlite',
  },
  {
    name: 'storage does not know the router, the server or the composition root',
    from: under('src/storage'),
    to: (t) => under('src/bot')(t) || under('src/server')(t) || t === 'src/app.ts',
  },
  {
    name: 'only the process entry and dev tools import the composition root',
    from: (f) => f !== 'src/index.ts' && !under('src/dev')(f),
    to: (t) => t === 'src/index.ts' || t === 'src/app.ts',
  },
];

describe('the shape of the source', () => {
  const graph = importGraph(readSources(process.cwd(), 'src'));

  it('reads the whole source: every folder of src, both engines among them', () => {
    const files = [...graph.keys()];
    for (const folder of ['src/bot', 'src/proactive', 'src/team-status', 'src/storage/sqlite', 'src/storage/azure']) {
      assert.ok(files.some(under(folder)), `nothing read under ${folder}`);
    }
    assert.ok(
      graph.get('src/storage/open-stores.ts')?.has('src/storage/azure/azure-stores.ts'),
      'the Azure engine loaded with require() is seen',
    );
  });

  it('has no import cycle', () => {
    assert.deepEqual(
      cycles(graph),
      [],
      'each cycle is a type or function defined in the wrong file: move it to the file both sides may import',
    );
  });

  it('is layered one way: no capability imports a storage engine, and the engines know only ports', () => {
    assert.deepEqual(violations(graph, RULES), []);
  });

  it('the check itself finds a cycle through a type-only import, and a capability reaching an engine', () => {
    const made = importGraph(
      new Map([
        ['src/proactive/worker.ts', "import type { Policy } from './policy';\nexport const worker = 1;"],
        ['src/proactive/policy.ts', "import { worker } from './worker';\nexport type Policy = typeof worker;"],
        [
          'src/team-status/audit.ts',
          "import { SqliteThing } from '../storage/sqlite/thing';\nconst db = require('node:sqlite');",
        ],
        ['src/storage/sqlite/thing.ts', 'export class SqliteThing {}'],
        ['src/storage/stores.ts', "type A = typeof import('./azure/azure-stores');"],
        ['src/storage/azure/azure-stores.ts', "import type { Stores } from '../stores';"],
      ]),
    );
    assert.deepEqual(cycles(made), [
      ['src/proactive/policy.ts', 'src/proactive/worker.ts'],
      ['src/storage/azure/azure-stores.ts', 'src/storage/stores.ts'],
    ]);
    assert.deepEqual(violations(made, RULES), [
      'src/team-status/audit.ts → node:sqlite (only storage and the composition root reach an engine)',
      'src/team-status/audit.ts → src/storage/sqlite/thing.ts (only storage and the composition root reach an engine)',
    ]);
  });
});
