// The newcomer's first five minutes, in a real browser: the whole `npm start` stack, the Agents
// Playground as the Teams client, the sign-in page in a popup, codes typed in the chat.
// Screenshots of each step go to test-results/playground/ (not committed).
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, refuseOffMachine, Screenshots } from '../support/chromium';
import { LocalStack } from '../support/local-stack';
import { DEV_SHARE_LINKS } from '../../src/stand-ins/learn-stand-in';

describe('Agents Playground, end to end in Chromium', function () {
  this.timeout(180_000);
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let outside: string[] = [];
  let shots: Screenshots;
  const shot = (name: string) => shots.take(page, name);
  const say = async (text: string) => {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  // Anchored at the start: hero-card buttons carry more in their accessible name than their title.
  const button = (name: string) =>
    page.getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  /** Clicks the newest "Open the sign-in page", picks `email` in the popup, and returns the code shown. */
  const signInOnPage = async (email: string) => {
    const [popup] = await Promise.all([context.waitForEvent('page'), button('Open the sign-in page').last().click()]);
    await popup.waitForLoadState();
    await popup.locator(`button[data-email="${email}"]`).click();
    const code = await popup.locator('[data-magic-code]').getAttribute('data-magic-code');
    await shots.take(popup, `code-${email}`);
    await popup.close();
    assert.match(code ?? '', /^\d{6}$/);
    return code ?? '';
  };
  /** Waits until there are more than `count` elements for `locator`. */
  const waitForMore = async (name: string, count: number) => {
    await page.waitForFunction(
      ([title, n]) =>
        [...document.querySelectorAll('button')].filter((b) => b.textContent?.trim() === title).length > n,
      [name, count] as const,
    );
  };

  before(async () => {
    shots = new Screenshots('playground');
    browser = await launchChromium();
    stack = await new LocalStack().start();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Only localhost is reached: anything else is refused here and recorded.
    outside = await refuseOffMachine(context);
    page = await context.newPage();
    await page.goto(stack.playgroundUrl, { waitUntil: 'domcontentloaded' });
    await page.locator('[data-lexical-editor="true"][role="textbox"]').waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
      console.log(`--- npm start output ---\n${stack.log().slice(-4000)}`);
    }
  });
  after(async () => {
    await browser?.close();
    const code = await stack?.stop();
    assert.equal(code, 0, `Ctrl-C stops the stack cleanly:\n${stack?.log() ?? ''}`);
  });

  it('links Partner University access with the work and then the personal account', async () => {
    await say('hi');
    await button('Get Partner University access').last().waitFor();
    await shot('welcome');
    await button('Get Partner University access').last().click();
    await button('Open the sign-in page').last().waitFor();
    await page.getByText('Step 1 of 2').last().waitFor();
    await shot('work-sign-in-card');

    const signInCards = await button('Open the sign-in page').count();
    await say(await signInOnPage('adele.vance@contoso.example'));
    await waitForMore('Open the sign-in page', signInCards);
    await page.getByText('Step 2 of 2').last().waitFor();
    await shot('personal-sign-in-card');

    // The Playground's own "Redeem code" on the sign-in card (the card beside it says what it is for) opens a
    // box for the code: the code given there goes on with the sign-in, as typing it in the chat does.
    await page
      .getByText('or select Redeem code on the sign-in card and paste it into the box that opens', { exact: false })
      .last()
      .waitFor();
    const code = await signInOnPage('adele.v@outlook.com');
    const prompted = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept(code);
      }),
    );
    await button('Redeem code').last().click();
    assert.match(await prompted, /code/);
    await page.getByText('Partner University access is linked to a***@outlook.com.').last().waitFor();
    // The answer is a new card at the bottom (the one that started it is left as it was): it offers View training (an Open URL link).
    const viewTraining = page.getByRole('link', { name: /^View training/ });
    await viewTraining.scrollIntoViewIfNeeded();
    assert.equal(await viewTraining.count(), 1);
    assert.equal(await button('Remove access').count(), 1);
    await shot('linked');

    // "status" answers with a new card in the same state.
    await say('status');
    await viewTraining.nth(1).waitFor();
    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByText('Linked to a***@outlook.com since').waitFor();
    // DOCS_SCREENSHOTS=1 npm test refreshes the README's picture.
    Screenshots.toDocs(await shots.take(card, 'linked-card'), 'playground-linked.png');
  });

  it('shows the same state in the personal tab, after signing in there with the same work account', async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(`${stack.botUrl}/tab`);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.locator('button[data-email="adele.vance@contoso.example"]').click();
      await tab.getByText('Signed in as Adele Vance').waitFor();
      const training = tab.locator('section[data-purpose="training"]');
      await training.getByText('Linked to a***@outlook.com since').waitFor();
      await training.getByRole('button', { name: 'Remove access' }).waitFor();
      assert.match(
        await tab.locator('section[data-purpose="learning"]').innerText(),
        /Associate Microsoft Learning account/,
      );
      await shots.take(tab, 'tab');
    } finally {
      await tab.close();
    }
  });

  it('removes with confirmation and offers the link button again', async () => {
    // The newest card (the "status" answer) is the one pressed; it changes in place.
    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByRole('button', { name: /^Remove access/ }).click();
    await card.getByRole('button', { name: /^Yes, remove access/ }).waitFor();
    await shot('confirm-remove');
    await card.getByRole('button', { name: /^Yes, remove access/ }).click();
    await card.getByText('Partner University access removed.').waitFor();
    await card.getByRole('button', { name: /^Get Partner University access/ }).waitFor();
    assert.equal(await card.getByRole('button', { name: /^Remove access/ }).count(), 0);
    assert.equal(await card.getByRole('link', { name: /^View training/ }).count(), 0);
    await shot('removed');
  });

  it('refuses a work account where the personal one is asked', async () => {
    await say('status');
    const cards = await button('Get Partner University access').count();
    await waitForMore('Get Partner University access', cards - 1);
    const signInCards = await button('Open the sign-in page').count();
    await button('Get Partner University access').last().click();
    // The work account is still known to the token service, so the personal sign-in comes straight away.
    await waitForMore('Open the sign-in page', signInCards);
    // Only the personal step is shown, and the words say so.
    await page.getByText('Your work account is already confirmed.', { exact: false }).last().waitFor();
    assert.equal(await page.getByText('Step 2 of 2').count(), 1, 'only the first flow numbered its steps');
    await say(await signInOnPage('adele.vance@contoso.example'));
    await page
      .getByText(/^That was a work account\./)
      .last()
      .waitFor();
    await shot('refused-work-as-personal');
  });

  it('associates the Learning account, reads the pasted transcript link and shows the certifications on the card and in the tab', async () => {
    await say('status');
    await button('Associate Microsoft Learning account').last().waitFor();
    const signInCards = await button('Open the sign-in page').count();
    await button('Associate Microsoft Learning account').last().click();
    // The work account is known from the first test: only the personal step comes.
    await waitForMore('Open the sign-in page', signInCards);
    await say(await signInOnPage('adele.v@outlook.com'));
    await page.getByText('Share your Microsoft Learn transcript', { exact: false }).last().waitFor();
    await say(`My transcript: ${DEV_SHARE_LINKS[0]?.link ?? ''}`);
    await page.getByText('Read 4 certifications from your Microsoft Learn transcript.').last().waitFor();
    // The learning card with its Refresh button (the open renewal is on it: no reminder is sent for it).
    const card = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: /^Refresh/ }) })
      .last();
    await card.getByText('Microsoft Certified: Azure Solutions Architect Expert').waitFor();
    await card.getByText('Your AZ-104 counts toward', { exact: false }).waitFor();
    await card.getByRole('button', { name: /^Refresh/ }).waitFor();
    // The whole card in view (taller than the chat's window otherwise); DOCS_SCREENSHOTS=1 npm test refreshes the README's picture.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await card.scrollIntoViewIfNeeded();
    Screenshots.toDocs(await shots.take(card, 'certifications-card'), 'certifications.png');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The personal tab shows the same section (its own module, tab-certifications.js), with Refresh.
    const tab = await context.newPage();
    try {
      await tab.goto(`${stack.botUrl}/tab`);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.locator('button[data-email="adele.vance@contoso.example"]').click();
      const part = tab.locator('section[data-purpose="learning"] [data-part="certifications"]');
      await part.getByText('Microsoft Certified: Azure Solutions Architect Expert').waitFor();
      assert.match(await part.innerText(), /Renewal open \(1\)[\s\S]*Active \(2\)[\s\S]*Show 1 expired or retired/);
      await part.getByRole('button', { name: 'Refresh' }).click();
      // Read from Learn seconds ago in the chat: one read per link a minute, so the tab says when it can read again.
      await tab
        .getByText('I read this transcript from Microsoft Learn less than a minute ago', { exact: false })
        .waitFor();
      await shots.take(tab, 'tab-certifications');
    } finally {
      await tab.close();
    }
  });

  it('a manager types "team status" and sees her reports on the team card; "my whole org" pages with Next', async () => {
    const signInCards = await button('Open the sign-in page').count();
    const teamCards = await page
      .locator('.ac-adaptiveCard', { has: page.getByText('Your team', { exact: true }) })
      .count();
    await say('team status');
    // The work token is usually known from the first test; if the token service asks again, sign in as there.
    const teamCard = page
      .locator('.ac-adaptiveCard', { has: page.getByText('Your team', { exact: true }) })
      .nth(teamCards);
    const newSignIn = button('Open the sign-in page').nth(signInCards);
    await teamCard.or(newSignIn).first().waitFor();
    if ((await teamCard.count()) === 0) {
      await say(await signInOnPage('adele.vance@contoso.example'));
    }
    await teamCard.getByText('Everyone: 1–4 of 4 · page 1 of 1', { exact: false }).waitFor();
    const text = await teamCard.innerText();
    assert.match(text, /People\s+4\b/);
    for (const name of ['Alex Wilber', 'Megan Bowen', 'Lee Gu', 'Nestor Wilke']) assert.match(text, new RegExp(name));
    assert.match(text, /Partner University (✓|—) · Learning (✓|—) · \d+ active · \d+ expiring/);
    // Four people fit one page: no Next, but Apply filter, and Export CSV for the view.
    assert.equal(await teamCard.getByRole('button', { name: /^Next/ }).count(), 0);
    await teamCard.getByRole('button', { name: /^Export CSV/ }).waitFor();
    await page.setViewportSize({ width: 1280, height: 2000 });
    await teamCard.scrollIntoViewIfNeeded();
    // DOCS_SCREENSHOTS=1 npm test refreshes the README's picture.
    Screenshots.toDocs(await shots.take(teamCard, 'team-card'), 'team-card.png');

    // Down the chain: more than a page, so Next is offered and moves to page 2.
    await say('my whole org');
    const orgCard = page
      .locator('.ac-adaptiveCard', { has: page.getByText('Your organization', { exact: true }) })
      .last();
    await orgCard.getByText(/Everyone: 1–20 of \d+ · page 1 of \d+/).waitFor();
    const orgText = await orgCard.innerText();
    const people = Number(/People\s+(\d+)/.exec(orgText)?.[1] ?? 0);
    assert.ok(people > 20, `more than one page of people (${people})`);
    for (const name of ['Alex Wilber', 'Megan Bowen', 'Lee Gu', 'Nestor Wilke'])
      assert.match(orgText, new RegExp(name));
    await orgCard.getByRole('button', { name: /^Next/ }).click();
    await orgCard.getByText(/Everyone: 21–40 of \d+ · page 2 of \d+/).waitFor();
    await orgCard.getByRole('button', { name: /^Previous/ }).waitFor();
    await shot('org-card-page-2');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("Remind unlinked: the reminders for the people the Playground cannot show are on the sign-in stand-in's inbox page, and the card counts them as sent", async () => {
    const teamCard = page.locator('.ac-adaptiveCard', { has: page.getByText('Your team', { exact: true }) }).last();
    await teamCard.getByRole('button', { name: /^Remind unlinked/ }).click();
    const progress = page.locator('.ac-adaptiveCard', { has: page.getByText('Reminders', { exact: true }) }).last();
    // Updated in place as they go out: every one of the four reaches someone.
    await progress.getByText(/Not installed for them/).waitFor();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.ac-adaptiveCard')].some((c) =>
          /Sent\s+4\s+Waiting\s+0/.test((c as HTMLElement).innerText),
        ),
      undefined,
      { timeout: 60_000 },
    );
    await shots.take(progress, 'remind-progress');
    const inbox = await (await fetch(`http://127.0.0.1:${stack.ports.signIn}/inbox`)).text();
    for (const name of ['Alex Wilber', 'Megan Bowen', 'Lee Gu', 'Nestor Wilke']) {
      const section = inbox.split('<section>').find((part) => part.includes(`<h2>${name} `));
      assert.ok(section, `${name} is on the inbox page`);
      assert.match(section, /Your manager asked me to remind you/);
    }
  });

  it('in the team channel, "@Partner Link team status" shows the team\'s counts (the Playground\'s team is the one Graph knows)', async () => {
    await page.getByText('General', { exact: true }).click();
    const counts = page.locator('.ac-adaptiveCard', {
      has: page.getByText('Only counts here, for everyone in the team', { exact: false }),
    });
    const before = await counts.count();
    await page.locator('[data-lexical-editor="true"][role="textbox"]').first().click();
    await page.keyboard.type('@Partner');
    await page.getByRole('menuitem', { name: /Partner Link/ }).click();
    await page.keyboard.type(' team status');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const card = counts.nth(before);
    await card.getByText('Contoso Partner Practice', { exact: true }).waitFor();
    assert.match(await card.innerText(), /People\s+\d+/);
    assert.equal(await page.getByText(/try again/i).count(), 0, 'nothing says to try again');
    await shot('channel-team-status');
    await page.getByText('Personal Chat', { exact: true }).click();
  });

  it("asks nothing of the internet but the Playground's web fonts and assets (refused harmlessly)", () => {
    const unexpected = outside.filter((url) => !url.startsWith('https://res-1.cdn.office.net/files/fabric-cdn-prod_'));
    assert.deepEqual(unexpected, []);
  });
});
