// Debian's Chromium, driven by playwright-core (no browser download). Browser tests never skip
// silently: without Chromium they fail with the one line that fixes it.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { isLoopbackUrl } from '../../src/loopback';
import { refuseInUnitRun } from './unit-run';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  refuseInUnitRun('Chromium');
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH), then npm test again.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background traffic: this machine (and CI) reaches nothing but localhost.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Refuses every request that would leave this machine, and records it for the test to assert on. */
export async function refuseOffMachine(context: BrowserContext): Promise<string[]> {
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopbackUrl(url)) return route.continue();
    refused.push(url);
    return route.abort();
  });
  return refused;
}

/** Numbered screenshots of a test's steps under test-results/<folder>/ (not committed). */
export class Screenshots {
  private step = 0;
  readonly dir: string;

  constructor(folder: string) {
    this.dir = path.join(process.cwd(), 'test-results', folder);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Saves `target` (a page or an element) as the next step; returns the file. */
  async take(target: Page | Locator, name: string): Promise<string> {
    this.step += 1;
    const file = path.join(this.dir, `${String(this.step).padStart(2, '0')}-${name}.png`);
    await target.screenshot({ path: file });
    return file;
  }

  /** With DOCS_SCREENSHOTS=1, a screenshot also becomes the README's picture docs/<name>. */
  static toDocs(file: string, name: string): void {
    if (process.env.DOCS_SCREENSHOTS === '1') fs.copyFileSync(file, path.join(process.cwd(), 'docs', name));
  }
}
