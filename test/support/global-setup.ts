// Mocha global setup: the browser tests need Debian's Chromium and are never skipped silently.
// In CI (CI=true, running as root) a missing Chromium is installed with apt-get; anywhere else the
// run stops at once with the one line that fixes it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { CHROMIUM } from './chromium';
import { stopSharedAzurite } from './azurite';

export function mochaGlobalSetup(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const canInstall = process.env.CI === 'true' && process.getuid?.() === 0 && CHROMIUM === '/usr/bin/chromium';
  if (!canInstall) {
    console.error(`The browser tests need Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then npm test again.`);
    process.exit(1);
  }
  console.log('Chromium is missing: installing it with apt-get (CI only)…');
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
}

/** Stops the Azurite the Azure store tests shared (test/support/azurite.ts), if one was started. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedAzurite();
}
