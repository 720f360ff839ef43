// The tab's certification actions over real HTTP (the link box, the reminders switch): only the
// person in the SSO token is acted for, bodies that make no sense are a 400 with a plain sentence,
// and the chat's words come back in the notice.
import assert from 'node:assert/strict';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import type { TabLearningView } from '../../src/tab/tab-wire';
import { personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';

describe("the tab's link box and reminders switch, over HTTP", function () {
  this.timeout(30_000);
  let h: TabHarness;
  let learn: LearnStandIn;
  const adele = work('adele');
  const person = { tenantId: adele.tenantId, objectId: adele.objectId };

  before(async () => {
    learn = new LearnStandIn();
    const learnUrl = await learn.start();
    h = await new TabHarness(() => ({ LEARN_API_URL: learnUrl })).start();
    await h.app.store.link(
      {
        user: { ...person, displayName: adele.displayName },
        purpose: 'learning',
        personal: { accountId: personal('adele').objectId, displayName: 'Adele', maskedEmail: 'a***@outlook.com' },
      },
      h.clock.now(),
    );
  });
  after(async () => {
    await h.stop();
    await learn.stop();
  });

  it('reads a pasted link for the person in the token, and switches their reminders', async () => {
    const token = h.signIn.tabToken(adele.email);
    const read = await h.api('POST', '/api/tab/certifications/link', token, {
      link: `https://learn.microsoft.com/users/adelevance-4821/transcript/${DEV_SHARE_IDS.adele}`,
    });
    assert.equal(read.status, 200);
    const view = read.body as unknown as TabLearningView;
    assert.equal(view.notice?.text, 'Read 4 certifications from your Microsoft Learn transcript.');
    assert.deepEqual(view.certifications?.reminders, { on: true, toggleTitle: 'Turn renewal reminders off' });
    const off = (await h.api('POST', '/api/tab/certifications/reminders', token, { on: false }))
      .body as unknown as TabLearningView;
    assert.match(off.notice?.text ?? '', /^Renewal reminders are off/);
    assert.deepEqual(off.certifications?.reminders, { on: false, toggleTitle: 'Turn renewal reminders on' });
  });

  it('answers 400 for bodies it cannot use and 401 without a token, changing nothing', async () => {
    const token = h.signIn.tabToken(adele.email);
    for (const body of [
      { link: 42 },
      { link: 'x'.repeat(2001) },
      { link: 'a', tenantId: 'someone-else' },
      'not json',
    ]) {
      const answer = await h.api('POST', '/api/tab/certifications/link', token, body);
      assert.ok([400, 415].includes(answer.status), `${JSON.stringify(body).slice(0, 40)}: ${answer.status}`);
    }
    assert.equal((await h.api('POST', '/api/tab/certifications/reminders', token, { on: 'no' })).status, 400);
    assert.equal((await h.api('POST', '/api/tab/certifications/reminders', undefined, { on: false })).status, 401);
    assert.equal(
      await h.app.certifications.renewals.remindersOn({ tenantId: adele.tenantId, aadObjectId: adele.objectId }),
      false,
      'as the first test left it',
    );
  });
});
