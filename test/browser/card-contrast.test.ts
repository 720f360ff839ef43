// Item 14, in Chromium: every card snapshot rendered by the Adaptive Cards JavaScript
// renderer (the library the Agents Playground uses) with Teams' light, dark and high-contrast host
// configs (test/cards/host-configs); for each piece of text, the colour the browser computed against
// the background actually painted behind it must reach WCAG AA. No page is served: the renderer's
// bundle is injected from node_modules and nothing leaves the machine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, refuseOffMachine } from '../support/chromium';
import { contrast, over, parseColor, requiredContrast } from '../support/contrast';

interface Painted {
  text: string;
  color: string;
  backgrounds: string[];
  px: number;
  weight: number;
}

const ROOT = process.cwd();
const snapshotDir = path.join(ROOT, 'test', 'cards', '__snapshots__');

describe('card text contrast in Chromium (Adaptive Cards renderer, Teams host configs)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let offMachine: string[];

  before(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    offMachine = await refuseOffMachine(context);
    page = await context.newPage();
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js') });
  });
  after(async () => browser?.close());

  for (const theme of ['teams-light', 'teams-dark', 'teams-high-contrast']) {
    it(`every rendered text reaches 4.5:1 (3:1 when large) in ${theme}`, async () => {
      const hostConfig = JSON.parse(
        fs.readFileSync(path.join(ROOT, 'test', 'cards', 'host-configs', `${theme}.json`), 'utf8'),
      ) as unknown;
      const failures: string[] = [];
      let checked = 0;
      for (const file of fs.readdirSync(snapshotDir).filter((f) => f.endsWith('.json'))) {
        const card = JSON.parse(fs.readFileSync(path.join(snapshotDir, file), 'utf8')) as unknown;
        const painted = await page.evaluate(
          ({ card: json, hostConfig: config }) => {
            const AC = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
            const adaptiveCard = new AC.AdaptiveCard();
            adaptiveCard.hostConfig = new AC.HostConfig(config);
            adaptiveCard.parse(json);
            const rendered = adaptiveCard.render();
            if (!rendered) throw new Error('the card did not render');
            document.body.replaceChildren(rendered);
            const out: { text: string; color: string; backgrounds: string[]; px: number; weight: number }[] = [];
            const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const owner = node.parentElement;
              if (!owner || !node.textContent?.trim() || owner.closest('button')) continue; // buttons are the host's own controls
              const style = getComputedStyle(owner);
              const backgrounds: string[] = [];
              for (let el: Element | null = owner; el; el = el.parentElement)
                backgrounds.push(getComputedStyle(el).backgroundColor);
              out.push({
                text: node.textContent.trim().slice(0, 60),
                color: style.color,
                backgrounds,
                px: parseFloat(style.fontSize),
                weight: Number(style.fontWeight),
              });
            }
            return out;
          },
          { card, hostConfig },
        );
        for (const p of painted as Painted[]) {
          checked += 1;
          // The page behind the card is the default container's colour; paint each layer over it, outermost first.
          let background = parseColor(
            (hostConfig as { containerStyles: { default: { backgroundColor: string } } }).containerStyles.default
              .backgroundColor,
          );
          for (const layer of [...p.backgrounds].reverse()) background = over(parseColor(layer), background);
          const ratio = contrast(over(parseColor(p.color), background), background);
          const needed = requiredContrast(p.px, p.weight >= 600);
          if (ratio < needed)
            failures.push(
              `${file}: "${p.text}" ${p.color} on ${p.backgrounds.find((b) => !b.endsWith(', 0)')) ?? 'page'}: ${ratio.toFixed(2)}:1 < ${needed}:1`,
            );
        }
      }
      assert.ok(checked > 50, `only ${checked} texts rendered`);
      assert.deepEqual(failures, []);
      assert.deepEqual(offMachine, []);
    });
  }
});
