// The whole personal tab in Teams' three themes (light, dark, high contrast), in Chromium: a partner
// admin who manages people sees every section (both links, the certifications read from the
// transcript, "My team", the skilling forecast), then a notice, a hint, a confirmation and the
// expired certifications opened. Every visible text reaches WCAG AA contrast against what is painted
// behind it (4.5:1, or 3:1 when large), and every button, select and input stands out from what is
// around it by 3:1 (its border or its fill). The forecast chart's own colours are checked in
// tab-forecast.test.ts.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Org } from '../../src/stand-ins/graph-org-stand-in';
import { launchChromium, refuseOffMachine } from '../support/chromium';
import { contrast, over, parseColor, requiredContrast, type Rgba } from '../support/contrast';
import { work } from '../support/dev-people';
import { FORECAST_ENV, forecastOrg, seedSecurityAtRisk } from '../support/forecast-seed';
import { TabHarness } from '../support/tab-harness';

/** What the page paints for one text or control: colours as the browser reports them, innermost layer first. */
interface Painted {
  what: string;
  colour: string;
  opacity: number;
  px: number;
  bold: boolean;
  layers: string[];
  /** Controls only: their fill, border and what surrounds them. */
  control?: { fill: string; border: string | null; around: string[] };
}

/** Everything visible on the page that a person reads or presses (SVG charts aside). */
function paintedOnPage(): Painted[] {
  const style = (e: Element) => getComputedStyle(e);
  const visible = (e: Element) => {
    const r = e.getBoundingClientRect();
    return (
      r.width > 0 &&
      r.height > 0 &&
      style(e).visibility === 'visible' &&
      e.closest('details:not([open]) > :not(summary)') === null
    );
  };
  const layers = (from: Element | null) => {
    const out: string[] = [];
    for (let e = from; e; e = e.parentElement) {
      const bg = style(e).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') out.push(bg);
    }
    return out;
  };
  const opacity = (from: Element) => {
    let o = 1;
    for (let e: Element | null = from; e; e = e.parentElement) o *= Number(style(e).opacity);
    return o;
  };
  const name = (e: Element) =>
    `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).replace(/ /g, '.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 50)}"`;
  const out: Painted[] = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg') || !visible(e) || (e as HTMLButtonElement).disabled) continue;
    const s = style(e);
    const ownText = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    const isControl = e.matches('button, select, input, a.button');
    if (ownText || (e.matches('input') && e.value !== ''))
      out.push({
        what: name(e),
        colour: s.color,
        opacity: opacity(e),
        px: parseFloat(s.fontSize),
        bold: Number(s.fontWeight) >= 700,
        layers: layers(e),
      });
    if (e.matches('input') && e.placeholder && e.value === '') {
      const p = getComputedStyle(e, '::placeholder');
      out.push({
        what: `${name(e)} placeholder`,
        colour: p.color,
        opacity: opacity(e),
        px: parseFloat(p.fontSize),
        bold: Number(p.fontWeight) >= 700,
        layers: layers(e),
      });
    }
    if (isControl)
      out.push({
        what: `${name(e)} (its edge)`,
        colour: s.color,
        opacity: opacity(e),
        px: 0,
        bold: false,
        layers: [],
        control: {
          fill: s.backgroundColor,
          border: parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none' ? s.borderTopColor : null,
          around: layers(e.parentElement),
        },
      });
  }
  return out;
}

/** The layers (innermost first) flattened over the white canvas. */
function flatten(layers: string[]): Rgba {
  return layers.reduceRight<Rgba>((below, layer) => over(parseColor(layer), below), [255, 255, 255, 1]);
}

/** What falls short: texts under 4.5:1 (3:1 large), controls whose edge and fill are both under 3:1. */
function shortfalls(painted: Painted[]): string[] {
  const low: string[] = [];
  for (const p of painted) {
    if (p.control) {
      const around = flatten(p.control.around);
      const fill = over(parseColor(p.control.fill), around);
      const edges = [fill, ...(p.control.border ? [over(parseColor(p.control.border), fill)] : [])];
      const best = Math.max(...edges.map((c) => contrast(c, around)));
      if (best < 3) low.push(`${p.what}: ${best.toFixed(2)}:1`);
      continue;
    }
    const background = flatten(p.layers);
    const [r, g, b, a] = parseColor(p.colour);
    const ratio = contrast(over([r, g, b, a * p.opacity], background), background);
    const needed = requiredContrast(p.px, p.bold);
    if (ratio < needed) low.push(`${p.what}: ${ratio.toFixed(2)}:1 (needs ${needed})`);
  }
  return low;
}

/** The forecast's organization, where Patti (the partner admin) also manages Megan and Alex. */
function orgWherePattiManages(): Org {
  const org = forecastOrg();
  org.reports.set(work('patti').objectId, [work('megan').objectId, work('alex').objectId]);
  return org;
}

describe("the tab's colours in Teams' themes", function () {
  this.timeout(120_000);
  const h = new TabHarness(() => FORECAST_ENV, orgWherePattiManages(), {
    proactive: { background: false },
    certifications: { background: false },
  });
  let browser: Browser;
  let page: Page;
  let offMachine: string[] = [];

  before(async () => {
    await h.start();
    await seedSecurityAtRisk(h);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, locale: 'en-US' });
    offMachine = await refuseOffMachine(context);
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await h.stop();
  });

  async function eachTheme(): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const theme of ['default', 'dark', 'contrast']) {
      await page.evaluate((t) => (document.body.dataset.theme = t), theme);
      const painted = await page.evaluate(paintedOnPage);
      assert.ok(painted.length > 40, `${theme}: the page shows its sections (${painted.length})`);
      found[theme] = shortfalls(painted);
    }
    return found;
  }

  it("every text in the tab is readable, and every button and box visible, in Teams' light, dark and high-contrast themes", async () => {
    await page.goto(`${h.botUrl}/tab`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`button[data-email="${work('patti').email}"]`).click();
    await page.locator('section[data-part="forecast"] table').first().waitFor();
    await page.getByRole('region', { name: 'My team' }).getByRole('heading', { level: 2 }).waitFor();
    await page.locator('[data-part="certifications"] ul.certifications').first().waitFor();
    const sections = await eachTheme();

    // The notice a refresh leaves, the hint for the account not linked yet, the box to paste another link.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('.notice').first().waitFor();
    const unlinked = page
      .locator('section[data-purpose]')
      .filter({ hasNot: page.locator('[data-part="certifications"]') });
    await unlinked.locator('button.primary').first().click();
    await page.locator('.hint').waitFor();
    await page.locator('details.new-link summary').click();
    await page.locator('#transcript-link').fill('not a link');
    const notices = await eachTheme();

    // The confirmation before removing the link.
    await page
      .getByRole('button', { name: /^Remove/ })
      .first()
      .click();
    await page.locator('.confirm').waitFor();
    const confirm = await eachTheme();

    assert.deepEqual(
      { sections, notices, confirm },
      {
        sections: { default: [], dark: [], contrast: [] },
        notices: { default: [], dark: [], contrast: [] },
        confirm: { default: [], dark: [], contrast: [] },
      },
    );
    assert.deepEqual(offMachine, []);
  });
});
