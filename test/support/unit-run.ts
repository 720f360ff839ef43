// The unit run (`npm run test:unit`): every test but the end-to-end and browser folders and the tests
// titled "(Azurite)", so it needs neither Chromium nor Azurite. It loads unit-run-setup.ts first; a test
// that would start either of them without that title then fails at once, saying what to add.

/** Set (to 1) for the whole unit run, child processes included. */
export const UNIT_RUN_ENV = 'PARTNER_LINK_UNIT_RUN';

/** Throws, naming the fix, when a test in the unit run would start `what`. */
export function refuseInUnitRun(what: 'Azurite' | 'Chromium'): void {
  if (process.env[UNIT_RUN_ENV] !== '1') return;
  const fix = what === 'Azurite' ? 'put "(Azurite)" in its describe or it title' : 'keep it in test/browser/';
  throw new Error(
    `This test starts ${what}, which the unit run (npm run test:unit) never does: ${fix}, so that run leaves it out.`,
  );
}
