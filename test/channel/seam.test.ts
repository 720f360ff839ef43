// The bot SDK behind one seam: moving off botbuilder one day changes src/channel/ and nothing else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SDK =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](botbuilder(?:-[\w-]+)?|botframework-[\w-]+)(?:\/[^'"]*)?['"]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the channel seam', () => {
  it('only src/channel/ imports botbuilder or botframework packages', () => {
    const src = path.join(process.cwd(), 'src');
    const outside = sources(src)
      .filter((file) => !file.startsWith(path.join(src, 'channel') + path.sep))
      .filter((file) => SDK.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(process.cwd(), file));
    assert.deepEqual(outside, []);
    assert.ok(
      sources(path.join(src, 'channel')).some((file) => SDK.test(fs.readFileSync(file, 'utf8'))),
      'the seam itself still uses the SDK',
    );
  });

  it('the lint configuration refuses those imports outside src/channel/', () => {
    const config = fs.readFileSync(path.join(process.cwd(), 'eslint.config.mjs'), 'utf8');
    assert.match(
      config,
      /ignores: \['src\/channel\/\*\*'\][\s\S]*'no-restricted-imports'[\s\S]*'botbuilder'[\s\S]*'botframework-\*'/,
    );
  });
});
