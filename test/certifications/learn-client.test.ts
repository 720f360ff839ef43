// The Learn client against the Learn stand-in over real HTTP — what is kept, each
// failure as an outcome, retries, and no secret or personal data in the result or the logs.
import assert from 'node:assert/strict';
import { LearnClient, shareRef, type TranscriptOutcome } from '../../src/certifications/learn-client';
import { retryAfterMs } from '../../src/http/retry-after';
import { DEV_SHARE_IDS, LearnStandIn, type LearnTranscriptJson } from '../../src/stand-ins/learn-stand-in';
import { identityKeys } from '../../src/storage/identity-keys';
import { capturedLogger } from './learn-log';

const NOW = new Date('2026-11-24T09:00:00Z');
const DAY = 86_400_000;

function piiOf(t: LearnTranscriptJson): string[] {
  return [
    t.contactEmail ?? '',
    t.certificationData?.legalName ?? '',
    t.certificationData?.mcid ?? '',
    t.userName,
  ].filter(Boolean);
}

describe('Learn client against the Learn stand-in', () => {
  let learn: LearnStandIn;
  let url: string;
  let sleeps: number[];
  let logged: ReturnType<typeof capturedLogger>;
  const client = (extra: Partial<ConstructorParameters<typeof LearnClient>[0]> = {}) =>
    new LearnClient({
      baseUrl: url,
      log: logged.log,
      keys,
      timeoutMs: 5_000,
      backoffBaseMs: 1,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      ...extra,
    });
  const keys = identityKeys(() => Promise.resolve(Buffer.alloc(32, 1)));

  beforeEach(async () => {
    learn = new LearnStandIn({ now: () => NOW, slowDelayMs: 3000 });
    url = await learn.start();
    sleeps = [];
    logged = capturedLogger();
  });
  afterEach(async () => learn.stop());

  function assertNoSecrets(
    outcome: TranscriptOutcome,
    shareId: string,
    transcript: LearnTranscriptJson | undefined,
  ): void {
    const everything = [JSON.stringify(outcome), ...logged.lines].join('\n');
    assert.ok(!everything.includes(shareId), 'the share id leaked');
    for (const pii of transcript ? piiOf(transcript) : []) assert.ok(!everything.includes(pii), `"${pii}" leaked`);
  }

  it('keeps only name, number, status, dates and passed exams; active, expiring, expired and Fundamentals as Learn lists them', async () => {
    const outcome = await client().fetchTranscript(DEV_SHARE_IDS.adele);
    assert.equal(outcome.kind, 'ok');
    if (outcome.kind !== 'ok') return;
    assert.equal(outcome.contactEmailKey, await keys.emailKey('adele.v@outlook.com'));
    assert.equal(outcome.transcriptKey, await keys.transcriptKey({ kind: 'user-name', value: 'adelevance-4821' }));
    const byName = new Map(outcome.record.certifications.map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(outcome.record.certifications[0] ?? {}).sort(), [
      'earnedOn',
      'expiresOn',
      'historical',
      'name',
      'number',
      'status',
    ]);
    assert.equal(
      byName.get('Microsoft Certified: Azure Solutions Architect Expert')?.expiresOn?.getTime(),
      NOW.getTime() + 90 * DAY,
    );
    assert.equal(byName.get('Microsoft 365 Certified: Fundamentals')?.expiresOn, null);
    assert.equal(byName.get('Microsoft 365 Certified: Endpoint Administrator Associate')?.historical, true);
    assert.deepEqual(Object.keys(outcome.record.exams[0] ?? {}).sort(), ['number', 'takenOn', 'title']);
    assert.ok(outcome.record.exams.some((e) => e.number === 'AZ-104'));
    assert.ok(
      logged.lines.some((l) => l.includes(shareRef(DEV_SHARE_IDS.adele))),
      'the log names the share by its short hash',
    );
    assertNoSecrets(outcome, DEV_SHARE_IDS.adele, learn.transcript(DEV_SHARE_IDS.adele));
  });

  it("a transcript's contact email and identity come out as keyed hashes only; without a user name the MCID names it, without either it is not taken", async () => {
    const outcome = await client().fetchTranscript(DEV_SHARE_IDS.someoneElse);
    assert.equal(outcome.kind === 'ok' && outcome.contactEmailKey, await keys.emailKey('nestor.wilke@gmail.example'));
    assertNoSecrets(outcome, DEV_SHARE_IDS.someoneElse, learn.transcript(DEV_SHARE_IDS.someoneElse));
    const nestor = learn.transcript(DEV_SHARE_IDS.someoneElse);
    assert.ok(nestor?.certificationData);
    learn.share('mcidonly01', { ...nestor, userName: '', contactEmail: null });
    const byMcid = await client().fetchTranscript('mcidonly01');
    assert.equal(
      byMcid.kind === 'ok' && byMcid.transcriptKey,
      await keys.transcriptKey({ kind: 'mcid', value: '990011227' }),
    );
    assert.equal(byMcid.kind === 'ok' && byMcid.contactEmailKey, null);
    learn.share('nobody01', { ...nestor, userName: '', certificationData: { ...nestor.certificationData, mcid: '' } });
    assert.deepEqual(await client().fetchTranscript('nobody01'), { kind: 'unavailable', reason: 'wrong-shape' });
    assert.ok(logged.lines.some((l) => l.includes('learn.transcript.no-identity')));
  });

  it('a link that no longer works (404) is "not shared", asked once', async () => {
    const outcome = await client().fetchTranscript(DEV_SHARE_IDS.unshared);
    assert.deepEqual(outcome, { kind: 'not-shared' });
    assert.equal(learn.requestCount(DEV_SHARE_IDS.unshared), 1);
    learn.unshare(DEV_SHARE_IDS.alex);
    assert.deepEqual(await client().fetchTranscript(DEV_SHARE_IDS.alex), { kind: 'not-shared' });
  });

  it('a slow Learn times out, is retried with backoff, then is "unavailable"', async () => {
    const outcome = await client({ timeoutMs: 150, attempts: 3 }).fetchTranscript(DEV_SHARE_IDS.slow);
    assert.deepEqual(outcome, { kind: 'unavailable', reason: 'timeout' });
    assert.equal(learn.requestCount(DEV_SHARE_IDS.slow), 3);
    assert.equal(sleeps.length, 2);
    assert.ok(logged.lines.filter((l) => l.includes('learn.transcript.retryable')).length === 3);
    assertNoSecrets(outcome, DEV_SHARE_IDS.slow, learn.transcript(DEV_SHARE_IDS.slow));
  });

  it('Learn down (503) or unreachable is retried, then "unavailable"; back up, it reads again', async () => {
    learn.mode = 'down';
    assert.deepEqual(await client().fetchTranscript(DEV_SHARE_IDS.alex), {
      kind: 'unavailable',
      reason: 'http-status',
    });
    assert.equal(learn.requestCount(DEV_SHARE_IDS.alex), 3);
    learn.mode = 'unreachable';
    assert.deepEqual(await client().fetchTranscript(DEV_SHARE_IDS.alex), { kind: 'unavailable', reason: 'network' });
    learn.mode = 'up';
    assert.equal((await client().fetchTranscript(DEV_SHARE_IDS.alex)).kind, 'ok');
    await learn.stop();
    assert.deepEqual(await client().fetchTranscript(DEV_SHARE_IDS.alex), { kind: 'unavailable', reason: 'network' });
  });

  it('429 honours Retry-After; one longer than the bound stops retrying at once', async () => {
    learn.mode = 'throttled';
    learn.retryAfterSeconds = 2;
    assert.deepEqual(await client().fetchTranscript(DEV_SHARE_IDS.megan), { kind: 'unavailable', reason: 'throttled' });
    assert.deepEqual(
      sleeps.map((ms) => ms >= 2000),
      [true, true],
    );
    sleeps = [];
    learn.retryAfterSeconds = 120;
    await client().fetchTranscript(DEV_SHARE_IDS.lee);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.lee), 1);
    assert.deepEqual(sleeps, []);
    assert.equal(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', Date.parse('2026-11-25T10:00:00Z')), 5000);
  });

  it('a response of the wrong shape is "unavailable" and logged for the operator, without personal data', async () => {
    learn.mode = 'wrong-shape';
    const outcome = await client().fetchTranscript(DEV_SHARE_IDS.megan);
    assert.deepEqual(outcome, { kind: 'unavailable', reason: 'wrong-shape' });
    assert.equal(learn.requestCount(DEV_SHARE_IDS.megan), 1);
    const line = logged.lines.find((l) => l.includes('learn.transcript.wrong-shape'));
    assert.ok(line?.includes('certificationData.activeCertifications'), line);
    assertNoSecrets(outcome, DEV_SHARE_IDS.megan, learn.transcript(DEV_SHARE_IDS.megan));
  });

  it('a response larger than the cap is refused without reading it all', async () => {
    const big = learn.transcript(DEV_SHARE_IDS.adele);
    assert.ok(big);
    big.modulesCompleted = Array.from({ length: 5000 }, (_, i) => ({
      uid: `m${i}`,
      title: 'x'.repeat(100),
      durationInMinutes: 1,
      completedOn: NOW.toISOString(),
    }));
    learn.share('bigtranscript99', big);
    assert.deepEqual(await client({ maxResponseBytes: 64 * 1024 }).fetchTranscript('bigtranscript99'), {
      kind: 'unavailable',
      reason: 'too-large',
    });
  });

  it('a 60-certification transcript is read whole (40 active incl. Fundamentals, 15 expired)', async () => {
    const outcome = await client().fetchTranscript(DEV_SHARE_IDS.sixty);
    assert.equal(outcome.kind === 'ok' && outcome.record.certifications.length, 60);
    assert.equal(outcome.kind === 'ok' && outcome.record.certifications.filter((c) => c.historical).length, 15);
  });
});
