// The skilling forecast in the personal tab, in Chromium: Security falls to 0 on Mar 20, 2027 unless
// Lee renews. The partner admin sees it in the table (the date, the one renewal that prevents it)
// and on the chart (a line per area, a risk marker named for that month); a manager sees their
// team's contribution; an employee sees who can see the forecast and nobody's name. The chart's
// lines, names and risk markers reach contrast on Teams' light, dark and high-contrast themes.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, refuseOffMachine, Screenshots } from '../support/chromium';
import { contrast, over, parseColor, type Rgba } from '../support/contrast';
import { work } from '../support/dev-people';
import { FORECAST_ENV, forecastOrg, LEE, seedSecurityAtRisk } from '../support/forecast-seed';
import { TabHarness } from '../support/tab-harness';

describe('the skilling forecast in the tab (chart and table)', function () {
  this.timeout(120_000);
  const h = new TabHarness(() => FORECAST_ENV, forecastOrg(), {
    proactive: { background: false },
    certifications: { background: false },
  });
  let browser: Browser;
  const offMachine: string[] = [];

  before(async () => {
    await h.start();
    await seedSecurityAtRisk(h);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h.stop();
    assert.deepEqual(offMachine, []);
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, locale: 'en-US' });
    offMachine.push(...(await refuseOffMachine(context)));
    const page = await context.newPage();
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`button[data-email="${email}"]`).click();
    await page.locator('section[data-part="forecast"] h2').waitFor();
    return page;
  }

  it('the partner admin sees Security fall to 0 on Mar 20, 2027 and the one renewal that prevents it, in the table and marked on the chart', async () => {
    const page = await signedIn(work('patti').email);
    const forecast = page.getByRole('region', { name: 'Skilling forecast' });
    await forecast.getByRole('heading', { level: 2, name: 'Skilling forecast' }).waitFor();
    assert.match(
      await forecast.locator('[data-part="forecast-basis"]').innerText(),
      /^Your organization's skilling points, from the 4 linked people with verified transcripts \(read Nov 24, 2026\)/,
    );
    assert.match(
      await forecast.locator('[data-part="forecast-honesty"]').innerText(),
      /performance and customer success are not known to Partner Link/,
    );

    const table = forecast.getByRole('table', { name: /skilling forecast per area/ });
    const headers = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
    assert.ok(headers.length === 5 && headers.every((s) => s === 'col'), headers.join());
    const security = table.getByRole('row', { name: /^Security/ });
    assert.equal(await security.locator('th').getAttribute('scope'), 'row');
    const cells = await security.locator('td').allInnerTexts();
    assert.equal(cells[0], '24 of 40');
    assert.equal(cells[1], '0 by Mar 2027');
    assert.equal(cells[2], 'at risk from Mar 20, 2027');
    assert.match(cells[3] ?? '', /Security \(Skilling: intermediate\) falls to 0 on Mar 20, 2027/);
    // The first risk (its sentence, then what prevents it): Lee's renewal alone.
    const prevents = await security.locator('td ul').first().locator('li').allInnerTexts();
    assert.equal(prevents.length, 1, prevents.join('\n'));
    assert.match(
      prevents[0] ?? '',
      /^Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027; renewing keeps the Security gate met and its skilling over 0 for the next 12 months\.$/,
    );

    const chart = forecast.locator('svg[data-part="forecast-chart"]');
    const rows = await table.locator('tbody tr').count();
    assert.ok(rows >= 5, `one row per area (${rows})`);
    assert.equal(await chart.locator('g.area polyline').count(), rows, 'a line per area');
    const marker = chart.getByRole('img', {
      name: /^Security: Security \(Skilling: intermediate\) falls to 0 on Mar 20, 2027/,
    });
    assert.equal(await marker.count(), 1);
    assert.equal(await marker.getAttribute('data-month'), 'Mar 2027');
    assert.match((await marker.locator('title').textContent()) ?? '', /falls to 0 on Mar 20, 2027/);
    assert.equal(await chart.locator('[data-part="renewal-window"]').count(), 0, 'no anniversary is set');
    await new Screenshots('tab').take(forecast, 'forecast-partner-admin');

    // Light, dark and high contrast: lines and risk markers 3:1 against the chart, names 4.5:1.
    for (const theme of ['default', 'dark', 'contrast']) {
      const painted = await page.evaluate((t) => {
        document.body.dataset.theme = t;
        const svg = document.querySelector('svg[data-part="forecast-chart"]') as SVGElement;
        const style = (e: Element) => getComputedStyle(e);
        return {
          background: style(svg).backgroundColor,
          lines: [...svg.querySelectorAll('g.area polyline')].map((e) => style(e).stroke),
          names: [...svg.querySelectorAll('g.area-names text, g.axes text')].map((e) => style(e).fill),
          risks: [...svg.querySelectorAll('g.risk path')].map((e) => style(e).fill),
        };
      }, theme);
      const background: Rgba = over(parseColor(painted.background), [255, 255, 255, 1]);
      const low = (colours: string[], min: number) =>
        colours.filter((c) => contrast(over(parseColor(c), background), background) < min);
      assert.deepEqual(low(painted.lines, 3), [], `${theme}: lines`);
      assert.deepEqual(low(painted.risks, 3), [], `${theme}: risk markers`);
      assert.deepEqual(low(painted.names, 4.5), [], `${theme}: names and axes`);
      assert.ok(painted.lines.length >= 5 && painted.risks.length >= 1);
    }
  });

  it("a manager sees their team's contribution, labelled so, and only their people", async () => {
    const page = await signedIn(work('adele').email);
    const forecast = page.getByRole('region', { name: "Your team's skilling forecast" });
    await forecast.getByRole('heading', { level: 2, name: "Your team's skilling forecast" }).waitFor();
    assert.match(
      await forecast.locator('[data-part="forecast-basis"]').innerText(),
      /^Your team's contribution, not your organization's score: the skilling points of the 3 people you manage/,
    );
    assert.match(
      (await forecast.locator('svg[data-part="forecast-chart"]').getAttribute('aria-label')) ?? '',
      /^Your team's contribution, not your organization's score/,
    );
    const security = forecast
      .getByRole('table', { name: /contribution per area/ })
      .getByRole('row', { name: /^Security/ });
    assert.equal((await security.locator('td').allInnerTexts())[0], '16 of 40');
    assert.match(await security.innerText(), /Lee Gu's Cloud and AI Security Engineer Associate/);
    assert.doesNotMatch(await forecast.innerText(), /Patti/);
  });

  it('an employee who manages nobody sees who can see the forecast, and no figure or name', async () => {
    const page = await signedIn(LEE.email);
    const forecast = page.locator('section[data-part="forecast"]');
    const text = await forecast.innerText();
    assert.match(
      text,
      /The skilling forecast is for partner admins \(the whole organization\) and managers \(the people they manage\)/,
    );
    assert.equal(await forecast.locator('svg, table').count(), 0);
    assert.doesNotMatch(text, /Lee Gu|Megan|Alex|Patti|Mar 20, 2027|points from/);
  });

  it('once a partner admin sets the anniversary, the chart shades the renewal window and marks the anniversary', async () => {
    const patti = work('patti');
    const chat = h.chat({ name: patti.displayName, tenantId: patti.tenantId, aadObjectId: patti.objectId });
    h.channel.registerPersonalChat(patti.tenantId, chat.userId, chat.conversationId);
    await chat.say('set anniversary 2027-03-31');
    const page = await signedIn(patti.email);
    const forecast = page.getByRole('region', { name: 'Skilling forecast' });
    assert.match(
      await forecast.innerText(),
      /Designation anniversary: Mar 31, 2027\. It renews if the designation qualified on one day of the renewal window, from Oct 1, 2026\./,
    );
    const chart = forecast.locator('svg[data-part="forecast-chart"]');
    assert.equal(await chart.locator('[data-part="renewal-window"] text').textContent(), 'renewal window');
    assert.equal(await chart.locator('[data-part="anniversary"] text').textContent(), 'anniversary');
    const months = forecast.getByRole('table', { name: /at each month end/ });
    assert.equal(await months.getByRole('columnheader', { name: 'Mar 2027 (renewal window)' }).count(), 1);
    assert.equal(await months.getByRole('columnheader', { name: 'Apr 2027', exact: true }).count(), 1);
    Screenshots.toDocs(await new Screenshots('tab').take(forecast, 'forecast-anniversary'), 'tab-forecast.png');
  });
});
