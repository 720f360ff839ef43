// The kept "whole org" rosters: read again only after their few minutes, bounded in count and in
// memory (least recently used dropped first), and never kept when the walk failed or was cut short.
import assert from 'node:assert/strict';
import { newProgress, type RosterPage } from '../../src/team-status/graph-roster';
import { RosterCache } from '../../src/team-status/roster-cache';
import type { RosterSource } from '../../src/team-status/team-view';

function walkOf(people: number, walks: { count: number }, fail = false): () => RosterSource {
  return () => {
    walks.count++;
    const progress = newProgress();
    async function* pages(): AsyncGenerator<RosterPage> {
      await Promise.resolve();
      const page = {
        people: Array.from({ length: people }, (_, i) => ({ id: `id-${i}`, displayName: `Person ${i}` })),
        skipped: { guests: 1, disabled: 0, nonUsers: 0 },
      };
      progress.listed += people;
      progress.skipped.guests += 1;
      yield page;
      if (fail) throw new Error('Graph went away');
    }
    return { pages: pages(), progress };
  };
}

async function read(source: RosterSource): Promise<number> {
  let people = 0;
  for await (const page of source.pages) people += page.people.length;
  return people;
}

describe('the kept whole-org rosters', () => {
  it('a viewer pages from memory for five minutes, then the org is walked again', async () => {
    const cache = new RosterCache();
    const walks = { count: 0 };
    assert.equal(await read(cache.source('adele', 0, walkOf(30, walks))), 30);
    const again = cache.source('adele', 4 * 60_000, walkOf(30, walks));
    assert.equal(await read(again), 30);
    assert.deepEqual(
      again.progress,
      { listed: 30, skipped: { guests: 1, disabled: 0, nonUsers: 0 } },
      'with what the walk left out',
    );
    assert.equal(walks.count, 1);
    await read(cache.source('alex', 4 * 60_000, walkOf(30, walks)));
    assert.equal(walks.count, 2, 'another viewer walks their own');
    await read(cache.source('adele', 5 * 60_000, walkOf(30, walks)));
    assert.equal(walks.count, 3, 'five minutes later, afresh');
  });

  it('keeps at most so many viewers and so many bytes, dropping the least recently used', async () => {
    const walks = { count: 0 };
    const cache = new RosterCache({ maxEntries: 2, maxBytes: 20_000 });
    for (const viewer of ['a', 'b']) await read(cache.source(viewer, 0, walkOf(10, walks)));
    await read(cache.source('a', 1, walkOf(10, walks)));
    await read(cache.source('c', 2, walkOf(10, walks)));
    assert.equal(cache.size, 2);
    await read(cache.source('a', 3, walkOf(10, walks)));
    assert.equal(walks.count, 3, '"a" was used last: kept; "b" was dropped');
    await read(cache.source('b', 4, walkOf(10, walks)));
    assert.equal(walks.count, 4);
    await read(cache.source('huge', 5, walkOf(1_000, walks)));
    await read(cache.source('huge', 6, walkOf(1_000, walks)));
    assert.equal(walks.count, 6, 'a roster larger than the memory bound is not kept');
  });

  it("a walk that failed or was not read to the end is not kept; a viewer's rosters can be forgotten", async () => {
    const walks = { count: 0 };
    const cache = new RosterCache();
    await assert.rejects(read(cache.source('a', 0, walkOf(10, walks, true))));
    const partial = cache.source('b', 0, walkOf(10, walks));
    for await (const page of partial.pages) if (page) break;
    assert.equal(cache.size, 0);
    await read(cache.source('tenant|adele|org', 0, walkOf(10, walks)));
    cache.forget('tenant|adele|');
    assert.equal(cache.size, 0);
  });
});
