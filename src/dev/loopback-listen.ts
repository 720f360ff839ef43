// The rewrite behind the loopback-only preload (loopback-only.ts), kept apart so it can be tested
// without patching anything: the same `net.Server#listen` arguments, on this machine only. A listen
// without a host, or on any host but 127.0.0.1, ::1 or localhost, gets 127.0.0.1; Unix sockets,
// named pipes and inherited handles are left as they are.
import { isLoopbackHost, LOOPBACK_HOST } from '../loopback';

export type ListenArgs = unknown[];

const loopbackOr = (host: unknown): string =>
  typeof host === 'string' && host !== '' && isLoopbackHost(host) ? host : LOOPBACK_HOST;

export function onLoopback(args: ListenArgs): ListenArgs {
  const [first, ...rest] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as Record<string, unknown>;
    // listen({ path }), listen(handle), listen({ fd }) / ({ handle }): not a TCP address we choose.
    if ('path' in options || 'fd' in options || 'handle' in options || '_handle' in options) return args;
    return [{ ...options, host: loopbackOr(options.host) }, ...rest];
  }
  // listen('/tmp/socket'): a Unix socket or named pipe.
  if (typeof first === 'string' && !/^\d+$/.test(first)) return args;
  // listen(cb): any free port.
  if (typeof first === 'function') return [0, LOOPBACK_HOST, first];
  // listen(port?, host?, backlog?, cb?)
  const port = first ?? 0;
  const [second, ...after] = rest;
  if (typeof second === 'string' || second === undefined || second === null)
    return [port, loopbackOr(second), ...after];
  return [port, LOOPBACK_HOST, ...rest];
}
