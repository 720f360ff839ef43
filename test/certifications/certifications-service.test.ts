// End to end below the bot: a pasted link read from the Learn stand-in over real
// HTTP into a real SQLite file; every failure keeps the cache and says so; whose a transcript is
// (matched by keyed email, one person per transcript, declared, decided); delete; and no PII or
// share id in the result, the logs, or the database file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CertificationsService, type LearningAssociation } from '../../src/certifications/certifications-service';
import { identityKeys } from '../../src/storage/identity-keys';
import { LearnClient } from '../../src/certifications/learn-client';
import { SqliteCertificationStore } from '../../src/storage/sqlite/sqlite-certification-store';
import { openDatabase, type Database } from '../../src/storage/sqlite/database';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { capturedLogger } from './learn-log';

const T0 = new Date('2026-11-24T09:00:00Z');
const HOUR = 3_600_000;
const adele = { tenantId: 'contoso', objectId: 'adele' };
const lee = { tenantId: 'contoso', objectId: 'lee' };
const keys = identityKeys(() => Promise.resolve(Buffer.alloc(32, 3)));
// The associations as the sign-in keeps them: the keyed hash of the personal account's address.
const adeleLearning: LearningAssociation = { id: 'assoc-adele', maskedEmail: 'a***@outlook.com', emailKey: undefined };
const leeLearning: LearningAssociation = { id: 'assoc-lee', maskedEmail: 'g***@live.com', emailKey: undefined };

const link = (id: string) => `Here you go: https://learn.microsoft.com/en-us/users/someone/transcript/${id}`;

/** Every answer of the local stand-in arrives well within this, even on a shared, busy machine. */
const LEARN_TIMEOUT_MS = 3_000;

describe('certifications service (Learn stand-in over HTTP, SQLite file)', function () {
  // A slow Learn costs three time-outs of LEARN_TIMEOUT_MS.
  this.timeout(60_000);
  let learn: LearnStandIn;
  let dir: string;
  let file: string;
  let db: Database;
  let logged: ReturnType<typeof capturedLogger>;
  let service: CertificationsService;
  let now = T0;

  before(async () => {
    adeleLearning.emailKey = await keys.emailKey('adele.v@outlook.com');
    leeLearning.emailKey = await keys.emailKey('gamer.lee@live.com');
  });

  beforeEach(async () => {
    now = T0;
    // The slow transcript never answers within a test: its fetches end by the client's time-out.
    learn = new LearnStandIn({ now: () => now, slowDelayMs: 10 * 60_000 });
    const url = await learn.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-certsvc-'));
    file = path.join(dir, 'partner-link.db');
    db = openDatabase(file);
    logged = capturedLogger();
    const client = new LearnClient({
      baseUrl: url,
      log: logged.log,
      keys,
      timeoutMs: LEARN_TIMEOUT_MS,
      backoffBaseMs: 1,
    });
    service = new CertificationsService({ store: new SqliteCertificationStore(db), learn: client, log: logged.log });
  });
  afterEach(async () => {
    await learn.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function assertNoPiiAnywhere(...shareIds: string[]): void {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const stored = [file, `${file}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    const logs = logged.lines.join('\n');
    for (const id of shareIds) {
      const t = learn.transcript(id);
      for (const secret of [
        id,
        t?.contactEmail ?? '',
        t?.certificationData?.legalName ?? '',
        t?.certificationData?.mcid ?? '',
      ].filter(Boolean)) {
        assert.ok(!stored.includes(secret), `database holds "${secret}"`);
        assert.ok(!logs.includes(secret), `logs hold "${secret}"`);
      }
    }
  }

  it('paste a link, see the certifications; then Learn goes down and the cache is shown with its age', async () => {
    const read = await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.adele), now);
    assert.equal(read.kind, 'read');
    assert.ok(read.kind === 'read' && read.ownership === 'email-matched');
    assert.deepEqual(read.kind === 'read' && read.view.expiringSoon.map((l) => l.name), [
      'Microsoft Certified: Azure Solutions Architect Expert',
    ]);
    now = new Date(T0.getTime() + 5 * HOUR);
    learn.mode = 'down';
    const down = await service.refresh(adele, adeleLearning, now);
    assert.equal(down.kind, 'unavailable');
    assert.equal(down.kind === 'unavailable' && down.view.age, 'Read from Microsoft Learn 5 hours ago.');
    assert.equal(down.kind === 'unavailable' && down.view.active.length, 2);
    learn.mode = 'wrong-shape';
    assert.equal((await service.refresh(adele, adeleLearning, now)).kind, 'unavailable');
    assert.ok(logged.lines.some((l) => l.includes('learn.transcript.wrong-shape')));
    assertNoPiiAnywhere(DEV_SHARE_IDS.adele);
  });

  it('a link that stops working says "no longer shared" and keeps what was read; slow Learn is "unavailable"', async () => {
    await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.adele), now);
    learn.unshare(DEV_SHARE_IDS.adele);
    const gone = await service.refresh(adele, adeleLearning, now);
    assert.equal(gone.kind, 'not-shared');
    assert.equal(gone.kind === 'not-shared' && gone.view.active.length, 2);
    const slow = await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.slow), now);
    assert.equal(slow.kind, 'unavailable');
    assert.equal(
      slow.kind === 'unavailable' && slow.view.fetchedAt,
      null,
      'a new link starts with no cache: never show one transcript as another',
    );
  });

  it('not a link / not a valid link are told apart and change nothing', async () => {
    assert.deepEqual(await service.pasteLink(adele, adeleLearning, 'refresh please', now), { kind: 'none' });
    assert.deepEqual(
      await service.pasteLink(
        adele,
        adeleLearning,
        'http://learn.microsoft.com/en-us/users/x/transcript/abcdef123',
        now,
      ),
      { kind: 'invalid' },
    );
    assert.equal(await service.show(adele, adeleLearning, now), undefined);
  });

  it("someone else's transcript is flagged, counts for nothing when declared, and counts once a partner admin approves it; the email is never kept", async () => {
    const flagged = await service.pasteLink(lee, leeLearning, link(DEV_SHARE_IDS.someoneElse), now);
    assert.ok(flagged.kind === 'read' && flagged.ownership === 'different');
    const store = new SqliteCertificationStore(db);
    assert.equal(CertificationsService.creditable(await store.cached(lee)), null);
    const key = flagged.kind === 'read' ? (flagged.transcriptKey ?? undefined) : undefined;
    assert.deepEqual(await service.declareOwnership(lee, leeLearning, key, 'Lee Gu'), {
      kind: 'self-declared',
      linkId: (await store.cached(lee))?.linkId,
    });
    assert.equal(CertificationsService.creditable(await store.cached(lee)), null, 'self-declared counts for nothing');
    assert.equal(await service.decide(lee, key ?? '', 'approved', 'patti', now), 'decided');
    assert.ok(CertificationsService.creditable(await store.cached(lee))?.certifications.length);
    assertNoPiiAnywhere(DEV_SHARE_IDS.someoneElse);
  });

  it('an address with the same first letter and domain as the associated one is not a match', async () => {
    const adeles = learn.transcript(DEV_SHARE_IDS.adele);
    assert.ok(adeles);
    learn.share('annalink0001', { ...adeles, userName: 'annaother', contactEmail: 'anna.other@outlook.com' });
    const read = await service.pasteLink(adele, adeleLearning, link('annalink0001'), now);
    assert.ok(read.kind === 'read' && read.ownership === 'different');
    assert.equal(CertificationsService.creditable(await new SqliteCertificationStore(db).cached(adele)), null);
  });

  it('an association made before addresses were kept matches no transcript by email', async () => {
    const read = await service.pasteLink(
      adele,
      { ...adeleLearning, emailKey: undefined },
      link(DEV_SHARE_IDS.adele),
      now,
    );
    assert.ok(read.kind === 'read' && read.ownership === 'different');
  });

  it('a transcript that counts for a colleague is refused when pasted, and nothing is saved for the second person', async () => {
    await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.adele), now);
    assert.deepEqual(await service.pasteLink(lee, leeLearning, link(DEV_SHARE_IDS.adele), now), { kind: 'taken' });
    assert.equal(await service.show(lee, leeLearning, now), undefined);
    assert.equal(await new SqliteCertificationStore(db).shareLink(lee), undefined);
  });

  it('declaring a transcript that is no longer the one shown changes nothing', async () => {
    const alexs = await service.pasteLink(lee, leeLearning, link(DEV_SHARE_IDS.alex), now);
    const alexKey = alexs.kind === 'read' ? (alexs.transcriptKey ?? undefined) : undefined;
    assert.ok(alexKey);
    await service.pasteLink(lee, leeLearning, link(DEV_SHARE_IDS.someoneElse), now);
    assert.deepEqual(await service.declareOwnership(lee, leeLearning, alexKey, 'Lee Gu'), { kind: 'stale' });
    assert.deepEqual(
      await service.declareOwnership(lee, leeLearning, undefined, 'Lee Gu'),
      { kind: 'stale' },
      'a card from before buttons named their transcript',
    );
    assert.equal((await service.show(lee, leeLearning, now))?.ownership, 'different');
  });

  it("delete my data / removing the association forgets link and cache; a removed association's link is not used", async () => {
    await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.adele), now);
    assert.deepEqual(await service.refresh(adele, { ...adeleLearning, id: 'assoc-new' }, now), { kind: 'no-link' });
    await service.forget(adele);
    assert.equal(await service.show(adele, adeleLearning, now), undefined);
    assert.deepEqual(await service.refresh(adele, adeleLearning, now), { kind: 'no-link' });
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM certification_links').get(), { n: 0 });
  });

  it('the daily refresh reads whoever is a day old, and forgets people whose association is gone', async () => {
    await service.pasteLink(adele, adeleLearning, link(DEV_SHARE_IDS.adele), now);
    await service.pasteLink(lee, leeLearning, link(DEV_SHARE_IDS.lee), now);
    const before = learn.requestCount(DEV_SHARE_IDS.adele);
    assert.deepEqual(
      await service.refreshDue(new Date(T0.getTime() + HOUR), 24 * HOUR, 10, () => Promise.resolve(adeleLearning)),
      { read: 0, 'not-shared': 0, unavailable: 0, taken: 0, stale: 0, 'no-link': 0, forgotten: 0 },
    );
    now = new Date(T0.getTime() + 25 * HOUR);
    const counts = await service.refreshDue(now, 24 * HOUR, 10, (p) =>
      Promise.resolve(p.objectId === 'adele' ? adeleLearning : undefined),
    );
    assert.equal(counts.read, 1);
    assert.equal(counts.forgotten, 1);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), before + 1);
    assert.equal(await service.show(lee, leeLearning, now), undefined);
    assert.equal((await service.show(adele, adeleLearning, now))?.view.age, 'Read from Microsoft Learn just now.');
  });
});
