// The personal tab's certifications in Chromium, outside Teams, as `npm start` offers it: the same
// buttons as the card — a box to paste the transcript share link into, Refresh, and the renewal
// reminders switch — doing what the chat does (the chat's card shows the same state afterwards).
// Every request stays on this machine, within the page's Content-Security-Policy.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { launchChromium, refuseOffMachine, Screenshots } from '../support/chromium';
import { CONTOSO, personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { buttons, cardText } from '../support/teams-chat';

describe("the personal tab has the card's certification buttons: the link box and the reminders switch", function () {
  this.timeout(120_000);
  let learn: LearnStandIn;
  let h: TabHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let offMachine: string[] = [];
  const cspViolations: string[] = [];
  const adele = work('adele');
  const person = { tenantId: adele.tenantId, objectId: adele.objectId };
  const learningSection = () => page.locator('section[data-purpose="learning"]');
  const part = () => learningSection().locator('[data-part="certifications"]');

  before(async () => {
    learn = new LearnStandIn();
    const learnUrl = await learn.start();
    h = await new TabHarness(() => ({ LEARN_API_URL: learnUrl })).start();
    const linked = await h.app.store.link(
      {
        user: { ...person, displayName: adele.displayName },
        purpose: 'learning',
        personal: {
          accountId: personal('adele').objectId,
          displayName: 'Adele Vance',
          maskedEmail: 'a***@outlook.com',
        },
      },
      h.clock.now(),
    );
    assert.equal(linked.kind, 'linked');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    offMachine = await refuseOffMachine(context);
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`button[data-email="${adele.email}"]`).click();
    await page.getByText('Signed in as Adele Vance').waitFor();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
    await learn?.stop();
  });

  it('asks for the share link with a box to paste it into; something that is not a link changes nothing', async () => {
    assert.match(await part().innerText(), /profile → Transcript → Share link/);
    await part().getByLabel('Transcript share link').fill('learn.microsoft.com/users/me');
    await part().getByRole('button', { name: 'Read my transcript' }).click();
    await page.getByText(/^That isn't a Microsoft Learn transcript share link, so nothing was changed/).waitFor();
    assert.equal(await h.app.stores.certifications.shareLink(person), undefined);
  });

  it('a share link pasted into the box is read: the certifications show, as in the chat', async () => {
    await part()
      .getByLabel('Transcript share link')
      .fill(`https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${DEV_SHARE_IDS.adele}`);
    await part().getByLabel('Transcript share link').press('Enter');
    await page.getByText('Read 4 certifications from your Microsoft Learn transcript.').waitFor();
    assert.match(
      await part().innerText(),
      /Renewal open \(1\)[\s\S]*Azure Solutions Architect Expert[\s\S]*Active \(2\)/,
    );
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), 1);
    await new Screenshots('tab').take(page, 'tab-link-box-read');
  });

  it('turns renewal reminders off and on again; the chat card says the same', async () => {
    await part().getByRole('button', { name: 'Turn renewal reminders off' }).click();
    await page.getByText(/^Renewal reminders are off\./).waitFor();
    await part().getByRole('button', { name: 'Turn renewal reminders on' }).waitFor();
    assert.equal(
      await h.app.certifications.renewals.remindersOn({ tenantId: adele.tenantId, aadObjectId: adele.objectId }),
      false,
    );
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: adele.objectId });
    await chat.say('status');
    assert.ok(
      buttons(chat.latestCard('Your learning').card).some((b) => b.title === 'Turn renewal reminders on'),
      'the chat card offers to turn them on',
    );

    await part().getByRole('button', { name: 'Turn renewal reminders on' }).click();
    await page.getByText(/^Renewal reminders are on/).waitFor();
    assert.equal(
      await h.app.certifications.renewals.remindersOn({ tenantId: adele.tenantId, aadObjectId: adele.objectId }),
      true,
    );
  });

  it('a link that no longer answers (404): what was read before stays, with its age, as the notice says', async () => {
    h.clock.advanceMs(3 * 60 * 60 * 1000);
    learn.unshare(DEV_SHARE_IDS.adele);
    await part().getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(/no longer shared.*What I read before is kept until then/).waitFor();
    // The same link pasted again (Use a different link): still what was read before.
    await part().getByText('Use a different link').click();
    await part()
      .getByLabel('Transcript share link')
      .fill(`https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${DEV_SHARE_IDS.adele}`);
    await part().getByRole('button', { name: 'Read my transcript' }).click();
    await page.getByText(/no longer shared.*What I read before is kept until then/).waitFor();
    const text = await part().innerText();
    assert.match(text, /Azure Solutions Architect Expert/);
    assert.match(text, /Read from Microsoft Learn 3 hours ago/);
    assert.doesNotMatch(text, /have not been read/);
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: adele.objectId });
    await chat.say('status');
    assert.match(cardText(chat.latestCard('Your learning').card), /Read from Microsoft Learn 3 hours ago/);
  });

  it('stayed on this machine and within its Content-Security-Policy', () => {
    assert.deepEqual(offMachine, []);
    assert.deepEqual(cspViolations, []);
  });
});
