// In the personal tab, over real HTTP: the same certifications as the chat card (active,
// renewal open with the date, expired or retired), dates written by the same formatDate as the
// card's, the age of what was read, and a Refresh that shows the cache when Learn is down.
import assert from 'node:assert/strict';
import { formatDate } from '../../src/cards/date-format';
import { learningAssociationOf } from '../../src/certifications/certifications-service';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import type { TabCertifications } from '../../src/tab/tab-wire';
import { personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';

describe('certifications in the personal tab', function () {
  this.timeout(30_000);
  let h: TabHarness;
  let learn: LearnStandIn;

  beforeEach(async () => {
    learn = new LearnStandIn();
    const learnUrl = await learn.start();
    h = await new TabHarness(() => ({ LEARN_API_URL: learnUrl })).start();
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  it("the tab shows the card's certifications (renewal open with its date, active, expired collapsed) and refreshes, keeping the cache when Learn is down", async () => {
    const adele = work('adele');
    const user = { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName };
    const token = h.signIn.tabToken(adele.email);
    const emailKey = await h.app.stores.identityKeys.emailKey(personal('adele').email);
    const linked = await h.app.store.link(
      {
        user,
        purpose: 'learning',
        personal: {
          accountId: personal('adele').objectId,
          displayName: 'Adele',
          maskedEmail: 'a***@outlook.com',
          emailKey,
        },
      },
      h.clock.now(),
    );
    assert.equal(linked.kind, 'linked');
    const before = (await h.api('GET', '/api/tab/learning?locale=en-GB&timeZone=UTC', token)).body
      .certifications as TabCertifications;
    assert.match(before.ask ?? '', /profile → Transcript → Share link/);

    const learning = (await h.app.store.list(user)).find((a) => a.purpose === 'learning');
    assert.ok(learning);
    const read = await h.app.certifications.service.pasteLink(
      user,
      learningAssociationOf(learning),
      `https://learn.microsoft.com/users/adelevance-4821/transcript/${DEV_SHARE_IDS.adele}`,
      h.clock.now(),
    );
    assert.equal(read.kind, 'read');
    const shown = (await h.api('GET', '/api/tab/learning?locale=en-GB&timeZone=UTC', token)).body
      .certifications as TabCertifications;
    const expiring = read.kind === 'read' ? read.view.expiringSoon[0] : undefined;
    assert.deepEqual(
      shown.expiringSoon.map((l) => l.name),
      ['Microsoft Certified: Azure Solutions Architect Expert'],
    );
    assert.equal(
      shown.expiringSoon[0]?.detail,
      `renewal open, expires ${formatDate(expiring?.expiresOn ?? new Date(0), { locale: 'en-GB', timeZone: 'UTC' })}`,
    );
    assert.ok(shown.active.some((l) => l.name === 'Microsoft 365 Certified: Fundamentals' && l.detail === 'no expiry'));
    assert.equal(shown.expiredOrRetired.length, 1);
    assert.match(shown.contributions.join(' '), /Your AZ-104 counts toward/);
    assert.equal(shown.age, 'Read from Microsoft Learn just now.');

    h.clock.advanceMs(3 * 60 * 60 * 1000);
    learn.mode = 'down';
    const refreshed = await h.api('POST', '/api/tab/certifications/refresh', token);
    assert.equal(refreshed.status, 200);
    assert.match(
      (refreshed.body.notice as { text: string }).text,
      /can't reach Microsoft Learn right now\. Nothing was lost/,
    );
    const cached = refreshed.body.certifications as TabCertifications;
    assert.equal(cached.age, 'Read from Microsoft Learn 3 hours ago.');
    assert.equal(cached.expiringSoon.length, 1);
    const refused = await h.api('POST', '/api/tab/certifications/refresh', undefined);
    assert.equal(refused.status, 401);
  });
});
