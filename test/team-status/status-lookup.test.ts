// the per-person status a manager's view is built from, read from the real SQLite
// association store: whether each purpose is linked (never which account), certification counts
// from the certifications port, and "nothing stored" for people who never used Partner Link.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { openDatabase } from '../../src/storage/sqlite/database';
import { linkStatesFromStore, statusLookup } from '../../src/team-status/status-lookup';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const person = (n: number) => ({
  id: `3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6b${String(n).padStart(2, '0')}`,
  displayName: `Person ${n}`,
});

describe('roster statuses from the association store', () => {
  let dir: string;
  let store: SqliteAssociationStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-team-'));
    store = new SqliteAssociationStore(openDatabase(path.join(dir, 'db.sqlite')));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a page of people gets link state and certification counts, and nothing about the personal accounts', async () => {
    const [a, b, c] = [person(1), person(2), person(3)];
    const now = new Date('2026-11-25T10:00:00Z');
    const link = (p: { id: string; displayName: string }, purpose: 'training' | 'learning', n: number) =>
      store.link(
        {
          user: { tenantId: TENANT, objectId: p.id, displayName: p.displayName },
          purpose,
          personal: { accountId: `msa-${n}`, displayName: 'Private Name', maskedEmail: 'p***@outlook.com' },
        },
        now,
      );
    await link(a, 'training', 1);
    await link(a, 'learning', 2);
    await link(b, 'training', 3);
    const certifications = {
      summaries: (_t: string, ids: readonly string[]) =>
        Promise.resolve(new Map(ids.filter((id) => id === a.id).map((id) => [id, { active: 3, expiringSoon: 1 }]))),
    };
    const lookup = statusLookup(TENANT, linkStatesFromStore(store), certifications);
    const statuses = await lookup([a, b, c]);
    assert.deepEqual(statuses.get(a.id), {
      links: { training: true, learning: true },
      certifications: { active: 3, expiringSoon: 1 },
    });
    assert.deepEqual(statuses.get(b.id), { links: { training: true, learning: false }, certifications: null });
    assert.deepEqual(statuses.get(c.id), { links: { training: false, learning: false }, certifications: null });
    const json = JSON.stringify([...statuses]);
    assert.ok(!json.includes('outlook') && !json.includes('msa-') && !json.includes('Private'), json);
    // Another tenant's view of the same object ids sees nothing linked.
    const other = await statusLookup('b2d4f6a8-1c3e-4f5a-9b7d-2e4f6a8c0e1f', linkStatesFromStore(store))([a]);
    assert.deepEqual(other.get(a.id)?.links, { training: false, learning: false });
  });
});
