// Microsoft Graph is read one way: every request, token and answer goes through src/graph (its one
// client pages, retries throttled calls after Retry-After, refuses links off the Graph origin and
// names each failure). A Graph path or an msal-node client anywhere else would skip all of that.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.join(process.cwd(), 'src');
/** The Graph module itself, and the local fakes that answer Graph's requests. */
const OWNERS = [path.join(SRC, 'graph'), path.join(SRC, 'stand-ins')];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code of a file without its comments (line comments and blocks), so only what runs is searched. */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const outside = sourceFiles(SRC).filter((file) => !OWNERS.some((owner) => file.startsWith(`${owner}${path.sep}`)));

describe('one way to Microsoft Graph', () => {
  it('no request path of Graph is written anywhere but src/graph', () => {
    const found = outside
      .filter((file) => /\/v1\.0\//.test(code(file)))
      .map((file) => path.relative(process.cwd(), file));
    assert.deepEqual(found, [], 'these files call Graph without the Graph module');
  });

  it('Graph tokens are asked for by src/graph only (msal-node clients are built there)', () => {
    const found = outside
      .filter(
        (file) =>
          /from '@azure\/msal-node'/.test(code(file)) &&
          !/import type \{[^}]*\} from '@azure\/msal-node'/.test(code(file)),
      )
      .map((file) => path.relative(process.cwd(), file));
    assert.deepEqual(found, [], 'these files build their own msal-node client');
  });
});
