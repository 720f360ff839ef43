// "On this machine": the one test for the addresses that switch local conveniences on (the sign-in
// stand-in as token service or tab issuer), that the stand-in sends tokens back to, and that the bot
// may listen on while channel authentication is off.

/** A host name or IP literal that only this machine can reach (URL hosts keep IPv6 brackets). */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '127.0.0.1' || bare === '::1';
}

export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  return isLoopbackHost(new URL(url).hostname);
}

/** Where the bot listens when HOST is not set with channel authentication off. */
export const LOOPBACK_HOST = '127.0.0.1';
