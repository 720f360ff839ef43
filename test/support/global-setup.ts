// Mocha global fixtures. Chromium is not checked here: only the browser tests need it, and they
// fail with the one line that installs it (test/support/chromium.ts), so the other tests run without it.
import { stopSharedAzurite } from './azurite';

/** Stops the Azurite the Azure store tests shared (test/support/azurite.ts), if one was started. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedAzurite();
}
