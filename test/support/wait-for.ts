// Waiting for something another process or the event loop will do: poll a condition, with a bound
// made for a shared, busy machine (the e2e suite runs beside Azurite and Chromium on 2 cores).
// A test waits for the event it needs, never for a fixed time.

export const WAIT_BOUND_MS = 45_000;

/** Resolves once `condition()` holds; rejects naming `what` when it still does not after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = WAIT_BOUND_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
