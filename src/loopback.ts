// "On this machine": the one test for the addresses that switch local conveniences on (the sign-in
// stand-in as token service or tab issuer) and that the stand-in sends tokens back to.
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
