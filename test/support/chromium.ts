// Debian's Chromium, driven by playwright-core (no browser download). Browser tests never skip
// silently: without Chromium they fail with the one line that fixes it.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH), then npm test again.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background traffic: this machine (and CI) reaches nothing but localhost.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
