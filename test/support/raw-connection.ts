// One TCP connection that writes raw bytes (a request head, then a body that keeps coming) until the
// server answers, and reports how the connection ended: with the server's FIN after its answer, or
// with a reset (which can cost a client still sending the answer already on its way).
import net from 'node:net';

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  received: string;
  /** 'closed' when the connection ended without an error; otherwise the socket's error code (ECONNRESET, EPIPE...). */
  ending: string;
  /** Body bytes written before the answer began (or in all, when it kept sending). */
  sent: number;
}

/**
 * Writes `head`, then `chunk` again and again (at most `upTo` bytes) until the first byte of an
 * answer, then ends its side; with `keepSending`, it goes on until `upTo` or the server drops it.
 */
export function rawExchange(
  port: number,
  head: string,
  chunk: Buffer,
  upTo: number,
  keepSending = false,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    // allowHalfOpen: the server's FIN after its answer does not end this side; it ends when it chooses.
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let received = '';
    let sent = 0;
    let ending = 'closed';
    socket.on('data', (data: Buffer) => {
      if (received === '' && !keepSending) socket.end();
      received += data.toString('latin1');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (ending = error.code ?? error.message));
    socket.on('close', () => resolve({ received, ending, sent }));
    socket.write(head);
    const pump = () => {
      while ((received === '' || keepSending) && socket.writable && sent < upTo) {
        sent += chunk.length;
        // After a drain, let the event loop read first: small writes can complete at once, and a
        // pump driven by drain alone would never let the answer be read.
        if (!socket.write(chunk)) return void socket.once('drain', () => setImmediate(pump));
      }
      if ((received === '' || keepSending) && socket.writable) socket.end();
    };
    pump();
  });
}

/** The status, headers (lower-case names) and body of one HTTP/1.1 answer with a Content-Length. */
export function parseAnswer(received: string): { status: number; headers: Record<string, string>; body: string } {
  const at = received.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = received.slice(0, at < 0 ? received.length : at).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).trim().toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  const length = Number(headers['content-length'] ?? NaN);
  const body =
    at < 0
      ? ''
      : Buffer.from(received.slice(at + 4), 'latin1')
          .subarray(0, Number.isNaN(length) ? undefined : length)
          .toString('utf8');
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? NaN), headers, body };
}
