// One reading of Retry-After for every Microsoft service the bot calls (Teams' Bot Connector, Graph,
// Learn): delay-seconds (decimals tolerated, as some services send them) or an HTTP date.
// Bounded: a value of more than 9 digits, or longer than an HTTP date, is unreadable, not a wait.

/** Retry-After in ms from `nowMs`; undefined when absent or unreadable. Callers cap the wait. */
export function retryAfterMs(value: unknown, nowMs: number = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '' || text.length > 64) return undefined;
  if (/^\d{1,9}(\.\d{1,3})?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
