// The Learn stand-in speaks the transcript JSON in its real shape (domain-facts §3),
// PII fields included, with dates relative to "now" so the dev transcripts never go stale.
import assert from 'node:assert/strict';
import { DEV_SHARE_IDS, LearnStandIn, type LearnTranscriptJson } from '../../src/stand-ins/learn-stand-in';

const DAY = 86_400_000;

describe('Learn stand-in', () => {
  let learn: LearnStandIn;
  let url: string;
  let now = new Date('2026-11-24T09:00:00Z');
  beforeEach(async () => {
    learn = new LearnStandIn({ now: () => now });
    url = await learn.start();
  });
  afterEach(async () => learn.stop());
  const get = (shareId: string, query = '?locale=en-us') =>
    fetch(`${url}/api/profiles/transcript/share/${shareId}${query}`);

  it('answers GET /api/profiles/transcript/share/{shareId} with every field Learn sends, PII included', async () => {
    const response = await get(DEV_SHARE_IDS.adele);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const body = (await response.json()) as LearnTranscriptJson;
    assert.deepEqual(Object.keys(body).sort(), [
      'certificationData',
      'contactEmail',
      'learningPathsCompleted',
      'modulesCompleted',
      'totalLearningPathsCompleted',
      'totalModulesCompleted',
      'trophies',
      'userDisplayName',
      'userName',
    ]);
    assert.deepEqual(Object.keys(body.certificationData ?? {}).sort(), [
      'activeCertifications',
      'historicalCertifications',
      'legalName',
      'mcid',
      'passedExams',
      'qualifications',
      'totalActiveCertifications',
      'totalExamsPassed',
      'totalHistoricalCertifications',
      'totalQualificationsEarned',
    ]);
    assert.deepEqual(Object.keys(body.modulesCompleted[0] ?? {}).sort(), [
      'completedOn',
      'durationInMinutes',
      'title',
      'uid',
    ]);
    assert.deepEqual(Object.keys(body.certificationData?.passedExams[0] ?? {}).sort(), [
      'examDateTaken',
      'examNumber',
      'examTitle',
    ]);
    const fundamentals = body.certificationData?.activeCertifications.find(
      (c) => c.name === 'Microsoft 365 Certified: Fundamentals',
    );
    assert.ok(fundamentals && !('expiration' in fundamentals), 'Fundamentals have no expiration');
    assert.equal(body.contactEmail, 'adele.v@outlook.com');
  });

  it('active, expiring-within-6-months and expired certifications stay so whatever "now" is', async () => {
    for (const day of ['2026-11-24T09:00:00Z', '2031-06-01T00:00:00Z']) {
      now = new Date(day);
      const body = (await (await get(DEV_SHARE_IDS.adele)).json()) as LearnTranscriptJson;
      const expiries =
        body.certificationData?.activeCertifications.flatMap((c) =>
          c.expiration ? [Date.parse(c.expiration) - now.getTime()] : [],
        ) ?? [];
      assert.ok(
        expiries.some((ms) => ms > 0 && ms < 180 * DAY),
        'one expires within 6 months',
      );
      assert.ok(
        expiries.some((ms) => ms > 200 * DAY),
        'one is comfortably active',
      );
      assert.ok(
        (body.certificationData?.historicalCertifications ?? []).every(
          (c) => Date.parse(c.expiration ?? '') < now.getTime(),
        ),
      );
      assert.equal(body.certificationData?.historicalCertifications.length, 1);
    }
  });

  it('the unshared id 404s, unknown ids 404, the slow one waits, and the sixty has 60 certifications', async () => {
    assert.equal((await get(DEV_SHARE_IDS.unshared)).status, 404);
    assert.equal((await get('neverexisted123')).status, 404);
    assert.equal((await fetch(`${url}/api/profiles/transcript/other`)).status, 404);
    const sixty = (await (await get(DEV_SHARE_IDS.sixty)).json()) as LearnTranscriptJson;
    assert.equal(
      (sixty.certificationData?.activeCertifications.length ?? 0) +
        (sixty.certificationData?.historicalCertifications.length ?? 0),
      60,
    );
    learn.slowDelayMs = 300;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(
      fetch(`${url}/api/profiles/transcript/share/${DEV_SHARE_IDS.slow}`, { signal: controller.signal }),
    );
    assert.equal((await get(DEV_SHARE_IDS.slow)).status, 200);
  });

  it('can be made to fail for tests: down (503), throttled (429 + Retry-After), wrong shape, unreachable', async () => {
    learn.mode = 'down';
    assert.equal((await get(DEV_SHARE_IDS.alex)).status, 503);
    learn.mode = 'throttled';
    const throttled = await get(DEV_SHARE_IDS.alex);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    learn.mode = 'wrong-shape';
    const odd = (await (await get(DEV_SHARE_IDS.alex)).json()) as {
      certificationData: { activeCertifications: unknown };
    };
    assert.equal(typeof odd.certificationData.activeCertifications, 'string');
    learn.mode = 'unreachable';
    await assert.rejects(get(DEV_SHARE_IDS.alex));
    assert.equal(learn.requestCount(DEV_SHARE_IDS.alex), 4);
  });
});
