// A manager's "My team" in the personal tab, in Chromium: its heading reads as the person's own
// ("My team", "My whole organization"), and each skilling credit line is shown whole, wrapped to
// the page's width rather than cut ("… points", never "poin…").
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { launchChromium, refuseOffMachine, Screenshots } from '../support/chromium';
import { work } from '../support/dev-people';
import { meganCertified, TabHarness } from '../support/tab-harness';

describe('the tab\'s "My team": its heading, and credit lines said whole', function () {
  this.timeout(120_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 300, branching: 100 }));
  let browser: Browser;

  before(async () => {
    await h.start();
    await meganCertified(h); // the raises then name long lists
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h.stop();
  });

  it('reads "My team" (not "My team — Your team"), then "My whole organization"; every raise ends with its points, wrapped within the page', async () => {
    const context = await browser.newContext({ viewport: { width: 700, height: 900 } });
    const offMachine = await refuseOffMachine(context);
    const page = await context.newPage();
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`button[data-email="${work('adele').email}"]`).click();
    const team = page.getByRole('region', { name: 'My team' });
    await team.getByRole('heading', { level: 2 }).waitFor();
    assert.equal(await team.getByRole('heading', { level: 2 }).innerText(), 'My team');

    const raises = team.locator('[data-part="credit"] ul.subtle li');
    await raises.first().waitFor();
    const lines = await raises.allInnerTexts();
    for (const line of lines) assert.match(line.trim(), / → \+[\d.]+ .+ points$/, line);
    assert.ok(
      lines.some((l) => l.length > 160),
      'including lines longer than the old cut',
    );
    const overflowing = await raises.evaluateAll(
      (items) => items.filter((li) => li.scrollWidth > li.clientWidth + 1).length,
    );
    assert.equal(overflowing, 0, 'long lines wrap within the page');
    await new Screenshots('tab').take(page, 'team-credit-wrapped');

    await team.getByRole('combobox', { name: 'Whose status' }).selectOption('org');
    await page.getByRole('heading', { level: 2, name: 'My whole organization' }).waitFor();
    assert.deepEqual(offMachine, []);
    await context.close();
  });
});
