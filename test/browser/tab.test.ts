// The personal tab in Chromium, outside Teams, as `npm start` offers it: the page signs in through
// the local sign-in page (the stand-in acting as the issuer), shows what the bot stored, removes with
// confirmation and offers the link button again. Every request the browser makes must stay on this
// machine, and the page's Content-Security-Policy must never be violated.
// Screenshots go to test-results/tab/ (not committed); docs/tab.png is refreshed from the linked state.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { launchChromium, refuseOffMachine, Screenshots } from '../support/chromium';
import { CONTOSO, personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText } from '../support/teams-chat';
import { activeCertification } from '../support/certification-record';

describe('personal tab in Chromium (local sign-in)', function () {
  this.timeout(120_000);
  let h: TabHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let offMachine: string[] = [];
  const cspViolations: string[] = [];
  let shots: Screenshots;
  const shot = (name: string) => shots.take(page, name);

  before(async () => {
    shots = new Screenshots('tab');
    h = await new TabHarness().start();
    const adele = work('adele');
    const outcome = await h.app.store.link(
      {
        user: { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName },
        purpose: 'training',
        personal: {
          accountId: personal('adele').objectId,
          displayName: 'Adele Vance',
          maskedEmail: 'a***@outlook.com',
        },
      },
      h.clock.now(),
    );
    assert.equal(outcome.kind, 'linked');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    offMachine = await refuseOffMachine(context);
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('signs in on the local sign-in page and shows the same state as the card', async () => {
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize/);
    await page.getByRole('heading', { name: /Sign in to the Partner Link tab/ }).waitFor();
    await shot('local-sign-in-page');
    await page.locator(`button[data-email="${work('adele').email}"]`).click();

    await page.waitForURL(`${h.botUrl}/tab`); // the token in the fragment is read and wiped from the address bar
    await page.getByText('Signed in as Adele Vance').waitFor();
    const training = page.locator('section[data-purpose="training"]');
    const learning = page.locator('section[data-purpose="learning"]');
    await training.getByRole('heading', { name: 'Microsoft training & assessments' }).waitFor();
    await learning.getByRole('heading', { name: 'Microsoft exams and certifications' }).waitFor();
    assert.match(await training.innerText(), /Linked to a\*\*\*@outlook\.com since /);
    assert.equal(
      await training.getByRole('link', { name: 'View training' }).getAttribute('href'),
      'https://training.example.test/partner-university',
    );
    await training.getByRole('button', { name: 'Remove access' }).waitFor();
    assert.match(
      await learning.innerText(),
      /Associate a Microsoft account that you have used to complete exams and certifications/,
    );
    await learning.getByRole('button', { name: 'Associate Microsoft Learning account' }).waitFor();
    assert.ok(!page.url().includes('access_token'), 'no token left in the address bar');

    const file = await shot('linked');
    Screenshots.toDocs(file, 'tab.png'); // DOCS_SCREENSHOTS=1 npm test refreshes the README's picture.
  });

  it('asks for confirmation before removing; "Keep it" keeps it', async () => {
    const training = page.locator('section[data-purpose="training"]');
    await training.getByRole('button', { name: 'Remove access' }).click();
    await training
      .getByText(/^Remove Partner University access\? This personal account will no longer give you/)
      .waitFor();
    await shot('confirm-remove');
    await training.getByRole('button', { name: 'Keep it' }).click();
    await training.getByRole('button', { name: 'Remove access' }).waitFor();
    assert.equal((await h.app.store.list(work('adele'))).length, 1, 'nothing removed');
  });

  it('removes after "Yes, remove access" and offers the link button, which points to the chat', async () => {
    const training = page.locator('section[data-purpose="training"]');
    await training.getByRole('button', { name: 'Remove access' }).click();
    await training.getByRole('button', { name: 'Yes, remove access' }).click();
    await page.getByText('Partner University access removed.').waitFor();
    await training.getByRole('button', { name: 'Get Partner University access' }).click();
    await training
      .getByText(/open the local chat \(Agents Playground\) and select "Get Partner University access" there/)
      .waitFor();
    assert.equal(
      await training.getByRole('link', { name: 'Open the chat' }).getAttribute('href'),
      'http://127.0.0.1:9/playground',
    );
    await shot('removed');
    assert.deepEqual(await h.app.store.list(work('adele')), []);
  });

  it('ignores a token it did not ask for (state mismatch) and offers to sign in', async () => {
    await page.goto('about:blank'); // a fresh load, not a same-document fragment change
    await page.goto(
      `${h.botUrl}/tab#access_token=${h.signIn.tabToken(work('adele').email, { exp: Math.floor(Date.now() / 1000) - 600 })}&state=forged`,
    );
    // A token that did not come back from our own sign-in request (state mismatch) is ignored.
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.ok(!page.url().includes('access_token'));
    await shot('forged-redirect-ignored');
  });

  it('stayed on this machine and within its Content-Security-Policy', () => {
    assert.deepEqual(offMachine, []);
    assert.deepEqual(cspViolations, []);
  });
});

describe("the tab in Chromium writes dates as the chat card does, in the page's locale", function () {
  this.timeout(120_000);
  let h: TabHarness;
  let browser: Browser;

  before(async () => {
    h = await new TabHarness().start();
    const adele = work('adele');
    const outcome = await h.app.store.link(
      {
        user: { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName },
        purpose: 'training',
        personal: {
          accountId: personal('adele').objectId,
          displayName: 'Adele Vance',
          maskedEmail: 'a***@outlook.com',
        },
      },
      h.clock.now(),
    );
    assert.equal(outcome.kind, 'linked');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  for (const [locale, timezoneId] of [
    ['de-DE', 'Europe/Berlin'],
    ['en-US', 'Pacific/Niue'],
  ] as const) {
    it(`a ${locale} browser in ${timezoneId} shows the same "since" as a ${locale} Teams chat there`, async () => {
      const context = await browser.newContext({ locale, timezoneId });
      const offMachine = await refuseOffMachine(context);
      const page = await context.newPage();
      await page.goto(`${h.botUrl}/tab`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator(`button[data-email="${work('adele').email}"]`).click();
      const training = page.locator('section[data-purpose="training"]');
      await training.getByRole('button', { name: /Remove access/ }).waitFor();
      const inTab = /since (.+)\.$/.exec((await training.locator('p').first().innerText()).trim())?.[1];

      const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
      await chat.send({ type: 'message', text: 'status', locale, localTimezone: timezoneId });
      const inChat = /since ([^\n]+)\.(?:\n|$)/.exec(cardText(chat.latestCard('Your learning').card))?.[1];

      assert.equal(inTab, inChat);
      assert.equal(inTab, locale === 'de-DE' ? '24.11.2026' : 'Nov 23, 2026');
      assert.deepEqual(offMachine, []);
      await context.close();
    });
  }
});

describe("a manager's tab shows the team's skilling credit, the same lines as the bot's team card", function () {
  this.timeout(120_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 600, branching: 150 }));
  let browser: Browser;

  before(async () => {
    await h.start();
    // Megan (one of Adele's reports) holds AZ-104 and MS-102, read from her Learn transcript.
    const megan = { tenantId: work('megan').tenantId, objectId: work('megan').objectId };
    const linked = await h.app.store.link(
      {
        user: { ...megan, displayName: 'Megan Bowen' },
        purpose: 'learning',
        personal: {
          accountId: personal('megan').objectId,
          displayName: 'Megan Bowen',
          maskedEmail: 'm***@outlook.com',
        },
      },
      h.clock.now(),
    );
    assert.equal(linked.kind, 'linked');
    const association = (await h.app.store.list(megan)).find((a) => a.purpose === 'learning');
    assert.ok(association);
    const cert = (name: string) => activeCertification(name);
    const record = {
      certifications: ['Azure Administrator Associate', 'Microsoft 365 Certified: Enterprise Administrator Expert'].map(
        cert,
      ),
      exams: [],
    };
    const read = { record, fetchedAt: h.clock.now(), transcriptKey: 'c'.repeat(64), emailMatched: true };
    assert.notEqual(
      await h.app.stores.certifications.setShareLink(
        megan,
        association.id,
        'share-id-megan-credit',
        h.clock.now(),
        read,
      ),
      'taken',
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h.stop();
  });

  it('the credit lines in the tab\'s "My team" match the team card Adele gets in the chat', async () => {
    // The bot's card, as Adele sees it in her 1:1 chat after the work sign-in.
    const chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await chat.say('team status');
    const signedIn = await chat.signInAs(work('adele').email);
    const card = signedIn.replies
      .flatMap((r) => r.attachments ?? [])
      .find(
        (a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && cardText(a.content).includes('Your team'),
      )?.content as { body: { type: string; items?: { text?: string }[] }[] } | undefined;
    assert.ok(card, 'the team card');
    const section = card.body.find(
      (e) => e.type === 'Container' && e.items?.[0]?.text === 'Skilling credit from these people',
    );
    assert.ok(section, 'the card has a credit section');
    const onCard = cardText(section)
      .split('\n')
      .map((l) => l.replace(/^• /, '').trim())
      .filter(Boolean);
    assert.ok(onCard.includes('Modern Work: 15 of 25 points'), onCard.join('\n'));
    assert.ok(
      onCard.some((l) => /^1 more person with AZ-104/.test(l)),
      onCard.join('\n'),
    );

    // The tab, in Chromium, signed in as the same manager.
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const offMachine = await refuseOffMachine(context);
    const page = await context.newPage();
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`button[data-email="${work('adele').email}"]`).click();
    const credit = page.getByRole('region', { name: 'My team' }).locator('[data-part="credit"]');
    await credit.getByRole('heading', { name: 'Skilling credit from these people' }).waitFor();
    const inTab = (await credit.innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    await new Screenshots('tab').take(page, 'team-credit');
    assert.deepEqual(inTab, onCard);
    assert.deepEqual(offMachine, []);
    await context.close();
  });
});
