// `npm run bench -- team`: a manager's whole-org team status (Graph walk + SQLite status lookup +
// aggregation + card) for 1,000 and 10,000 people, against just reading the same roster from the
// Graph stand-in (the org walk, pages consumed and dropped), in the same process and run. Time is
// the median of 5 alternating runs; memory is the peak heap above the baseline taken before each
// run (sampled every 2 ms). Target: team status ≤ 2× the roster read, memory flat in roster size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAssociationStore } from '../src/storage/sqlite/sqlite-association-store';
import { createLogger } from '../src/log';
import { ADELE_ID, generateOrg } from '../src/stand-ins/graph-org-stand-in';
import { SignInStandIn } from '../src/stand-ins/sign-in-stand-in';
import { openDatabase } from '../src/storage/sqlite/database';
import { createGraphClient } from '../src/graph/graph-client';
import { orgPages } from '../src/team-status/graph-roster';
import { linkStatesFromStore } from '../src/team-status/status-lookup';
import { RosterCache } from '../src/team-status/roster-cache';
import { TeamStatusService } from '../src/team-status/team-status-service';
import { SqliteTeamViewAudit } from '../src/storage/sqlite/sqlite-team-view-audit';
import { sqlitePseudonyms } from '../src/storage/sqlite/sqlite-installation-secret';
import { measure, median } from './measure';

const RUNS = 5;

export async function runTeamBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-team-'));
  const lines: string[] = [];
  try {
    for (const size of [1_000, 10_000]) {
      const org = generateOrg({ size, branching: 8 });
      const signIn = new SignInStandIn({ org });
      const graphUrl = await signIn.start();
      const db = openDatabase(path.join(dir, `team-${size}.db`));
      const store = new SqliteAssociationStore(db);
      // Every tenth person has linked both accounts.
      const tenantId = org.entries.get(ADELE_ID)?.tenantId ?? '';
      let n = 0;
      for (const id of org.entries.keys()) {
        if (n++ % 10 !== 0) continue;
        for (const purpose of ['training', 'learning'] as const) {
          await store.link(
            {
              user: { tenantId, objectId: id, displayName: 'x' },
              purpose,
              personal: {
                accountId: `${purpose === 'training' ? 'a' : 'b'}${n.toString(16).padStart(15, '0')}`,
                displayName: 'p',
                maskedEmail: 'p***@outlook.com',
              },
            },
            new Date(),
          );
        }
      }
      const service = new TeamStatusService({
        graphUrl,
        links: linkStatesFromStore(store),
        audit: new SqliteTeamViewAudit(db),
        pseudonyms: sqlitePseudonyms(db),
        orgMaxDepth: 20,
        now: () => new Date(),
        log: createLogger('silent'),
        rosterCache: new RosterCache({ ttlMs: -1 }),
      });
      // No roster cache: every team status walks Graph, the cost of a first view (pages after it read the cache).
      const token = signIn.issueToken('adele.vance@contoso.example');
      let people = 0;
      const rosterRead = async () => {
        let count = 0;
        for await (const page of orgPages(createGraphClient({ graphUrl, token }), ADELE_ID, { maxDepth: 20 }))
          count += page.people.length;
        people = count;
      };
      const teamStatus = async () => {
        const result = await service.teamStatus({
          viewer: { tenantId, oid: ADELE_ID },
          userToken: token,
          scope: 'org',
          filter: 'all',
          page: 3,
        });
        if (result.kind !== 'card') throw new Error(`team status failed: ${result.kind}`);
      };
      await rosterRead();
      await teamStatus(); // warm-up
      const roster: { ms: number; peakMb: number }[] = [];
      const team: { ms: number; peakMb: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        roster.push(await measure(rosterRead));
        team.push(await measure(teamStatus));
      }
      const r = { ms: median(roster.map((s) => s.ms)), mb: median(roster.map((s) => s.peakMb)) };
      const t = { ms: median(team.map((s) => s.ms)), mb: median(team.map((s) => s.peakMb)) };
      lines.push(
        `team ${String(people).padStart(6)} people: roster read ${r.ms.toFixed(0)} ms (peak +${r.mb.toFixed(1)} MB), team status ${t.ms.toFixed(0)} ms (peak +${t.mb.toFixed(1)} MB), ratio ${(t.ms / r.ms).toFixed(2)}, team status's own memory ${t.mb - r.mb >= 0 ? '+' : ''}${(t.mb - r.mb).toFixed(1)} MB`,
      );
      console.log(lines[lines.length - 1]);
      db.close();
      await signIn.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    "target: ratio ≤ 2.00 at each size; team status's own memory (its peak minus the roster read's) about the same at 1,000 and 10,000.",
  );
  console.log(
    'note: the Graph stand-in runs in this process, so both peaks include its work and the garbage of ~1 request per person (the walk asks every person for reports).',
  );
}
