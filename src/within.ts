// Waiting for something for a bounded time: a health probe, a press's time budget, a shutdown.
// The timer never holds the process open and is cleared as soon as the work settles.

/** `{ value }` when `work` settles within `ms`, undefined when it does not; a rejection within `ms` rejects. */
export async function within<T>(ms: number, work: Promise<T>): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
