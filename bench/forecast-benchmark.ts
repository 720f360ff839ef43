// `npm run bench -- forecast`: a partner admin's skilling forecast of an organization of 10,000 people
// (every verified transcript read from SQLite, 12 month ends, every area, its risks and what prevents
// them, and the card), against team status of the same 10,000 people on the same data in the same run
// (a manager's whole org: the Graph walk from the stand-in, the status lookup and the skilling credit
// from the same SQLite file, and the card). Time is the median of 5 alternating runs; memory the peak
// heap above the baseline taken before each run (sampled every 2 ms). Target: ratio ≤ 2, and the
// forecast's memory no larger than team status's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalogue } from '../src/certifications/catalogue';
import { certificationLabel } from '../src/certifications/catalogue-match';
import { forecastCard } from '../src/forecast/forecast-card';
import { ForecastService } from '../src/forecast/forecast-service';
import { createLogger } from '../src/log';
import { ADELE_ID, generateOrg } from '../src/stand-ins/graph-org-stand-in';
import { SignInStandIn } from '../src/stand-ins/sign-in-stand-in';
import { openDatabase } from '../src/storage/sqlite/database';
import { SqliteAssociationStore } from '../src/storage/sqlite/sqlite-association-store';
import { SqliteCertificationStore } from '../src/storage/sqlite/sqlite-certification-store';
import { SqliteForecastSettings } from '../src/storage/sqlite/sqlite-forecast-settings';
import { sqlitePseudonyms } from '../src/storage/sqlite/sqlite-installation-secret';
import { SqliteTeamViewAudit } from '../src/storage/sqlite/sqlite-team-view-audit';
import { certificationSummariesFromStore } from '../src/team-status/certification-summaries';
import { RosterCache } from '../src/team-status/roster-cache';
import { linkStatesFromStore } from '../src/team-status/status-lookup';
import { heldCertificationsFromStore } from '../src/team-status/team-credit';
import { TeamStatusService } from '../src/team-status/team-status-service';
import { measure, median } from './measure';

const RUNS = 5;
const SIZE = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function runForecastBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bench-forecast-'));
  const now = new Date('2026-11-24T09:00:00Z');
  const catalogue = loadCatalogue();
  // Every area's certifications, as Learn names them: each person holds one to three, lapsing over the next 13 months.
  // Security's gates are rare (a few people each), so its risks and what prevents them are worked out too.
  const entries = catalogue.areas.flatMap((a) =>
    a.metrics.flatMap((m) =>
      m.steps.map((s) => ({
        rare: a.id === 'security' && s.kind === 'gate',
        names: s.certifications.map((e) => ({ name: e.name, label: certificationLabel(e) })),
      })),
    ),
  );
  const names = entries.filter((e) => !e.rare).flatMap((e) => e.names);
  const rare = entries.filter((e) => e.rare).flatMap((e) => e.names);
  try {
    const org = generateOrg({ size: SIZE, branching: 8 });
    const signIn = new SignInStandIn({ org });
    const graphUrl = await signIn.start();
    const db = openDatabase(path.join(dir, 'forecast.db'));
    const associations = new SqliteAssociationStore(db);
    const certifications = new SqliteCertificationStore(db);
    const tenantId = org.entries.get(ADELE_ID)?.tenantId ?? '';
    let n = 0;
    for (const [id, entry] of org.entries) {
      if (entry.kind !== 'user') continue;
      n += 1;
      if (n % 10 === 0)
        await associations.link(
          {
            user: { tenantId, objectId: id, displayName: 'x' },
            purpose: 'learning',
            personal: {
              accountId: n.toString(16).padStart(16, '0'),
              displayName: 'p',
              maskedEmail: 'p***@outlook.com',
            },
          },
          now,
        );
      const set = await certifications.setShareLink({ tenantId, objectId: id }, `association-${n}`, `share-${n}`, now);
      if (set === 'taken') continue;
      const held = Array.from(
        { length: 1 + (n % 3) },
        (_, k) =>
          (n % 1500 === 0 && k === 0 ? rare[(n / 1500) % rare.length] : names[(n * 7 + k * 13) % names.length]) ?? {
            name: 'x',
          },
      );
      const record = {
        certifications: held.map((c, k) => ({
          name: c.name,
          number: null,
          status: 'Active',
          earnedOn: now,
          expiresOn: new Date(now.getTime() + (((n + k * 97) % 400) + 1) * DAY_MS),
          historical: false,
        })),
        exams: [],
      };
      await certifications.saveCertifications({ tenantId, objectId: id }, set.linkId, {
        record,
        fetchedAt: now,
        transcriptKey: `transcript-${n}`,
        emailMatched: true,
      });
    }
    const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
    const teamStatus = new TeamStatusService({
      graphUrl,
      links: linkStatesFromStore(associations),
      certifications: certificationSummariesFromStore(certifications),
      credit: { catalogue, held: heldCertificationsFromStore(certifications) },
      audit: new SqliteTeamViewAudit(db),
      pseudonyms: sqlitePseudonyms(db),
      orgMaxDepth: 20,
      now: () => now,
      log,
      rosterCache: new RosterCache({ ttlMs: -1 }),
    });
    // No reuse between runs: each run works the forecast out from the stored transcripts.
    const forecast = new ForecastService({
      catalogue,
      certifications,
      settings: new SqliteForecastSettings(db),
      now: () => now,
      cacheMs: 0,
    });
    // An anniversary and a loss threshold: the risks, and what prevents each, are worked out too.
    await new SqliteForecastSettings(db).set(tenantId, { anniversary: '2027-03-31' }, now);
    await new SqliteForecastSettings(db).set(tenantId, { lossThreshold: 5 }, now);
    const token = signIn.issueToken('adele.vance@contoso.example');
    let people = 0;
    let risks = 0;
    const teamView = async () => {
      const result = await teamStatus.teamStatus({
        viewer: { tenantId, oid: ADELE_ID },
        userToken: token,
        scope: 'org',
        filter: 'all',
        page: 0,
      });
      if (result.kind !== 'card') throw new Error(`team status failed: ${result.kind}`);
    };
    const forecastView = async () => {
      const result = await forecast.organization(tenantId);
      forecastCard({ audience: 'organization', result, nameOf: () => undefined });
      people = result.basis.people;
      risks = result.forecast.areas.reduce((sum, a) => sum + a.views.reduce((s, v) => s + v.risks.length, 0), 0);
    };
    await teamView();
    await forecastView(); // warm-up
    const team: { ms: number; peakMb: number }[] = [];
    const fore: { ms: number; peakMb: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      team.push(await measure(teamView));
      fore.push(await measure(forecastView));
    }
    const t = { ms: median(team.map((s) => s.ms)), mb: median(team.map((s) => s.peakMb)) };
    const f = { ms: median(fore.map((s) => s.ms)), mb: median(fore.map((s) => s.peakMb)) };
    console.log(
      `forecast ${people} people with verified transcripts, 12 months, ${catalogue.areas.length} areas, ${risks} risks: ${f.ms.toFixed(0)} ms (peak +${f.mb.toFixed(1)} MB); team status of the same people: ${t.ms.toFixed(0)} ms (peak +${t.mb.toFixed(1)} MB)`,
    );
    console.log("target: ratio ≤ 2.00, and the forecast's peak memory no larger than team status's.");
    console.log(
      `forecast: ratio=${(f.ms / t.ms).toFixed(2)} memory=${f.mb - t.mb >= 0 ? '+' : ''}${(f.mb - t.mb).toFixed(1)}MB`,
    );
    db.close();
    await signIn.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
