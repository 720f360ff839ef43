// Closing a connection whose request the server has stopped reading, without resetting it.
// Closing a TCP socket while the client's bytes sit unread in its receive buffer sends a reset
// (RST), and a client that is still sending then loses the answer already on its way (its next
// write fails before it reads). So the server answers, half-closes (FIN after the answer), keeps
// reading and discarding what the client still had in flight, and drops the connection when the
// client closes its side, or at the latest after LINGER_MS or LINGER_BYTES.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Longest a refused connection is kept open after the decision (a slow or silent client cannot hold it longer). */
export const LINGER_MS = 10_000;
/** Most bytes read and discarded after the decision before the connection is dropped. */
export const LINGER_BYTES = 64 * 1024 * 1024;

interface Linger {
  /** socket.bytesRead when the server decided to close. */
  readFrom: number;
}

const lingering = new WeakMap<Socket, Linger>();

/** Is the connection already being closed this way? */
export function isLingering(socket: Socket): boolean {
  return lingering.has(socket);
}

/**
 * From now on, the connection ends after the answer in flight: `answer` is that response, ended by
 * the caller; without one the caller writes its own bytes and calls socket.end(). Idempotent.
 */
export function closeAfterAnswer(socket: Socket, answer?: ServerResponse): void {
  if (answer) {
    if (!answer.headersSent) answer.setHeader('connection', 'close');
    if (answer.writableFinished) socket.end();
    else answer.once('finish', () => socket.end());
  }
  if (lingering.has(socket)) return;
  lingering.set(socket, { readFrom: socket.bytesRead });
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  // Node ends a connection that is not kept alive with destroySoon() once the answer is written,
  // which destroys it (a reset, with the client's bytes unread) while the client is still sending.
  // A half-close instead: the client reads the answer, and the bounds above decide when to drop it.
  (socket as Socket & { destroySoon?: () => void }).destroySoon = () => socket.end();
}

/** Call whenever bytes were read and discarded on a lingering connection: enforces LINGER_BYTES. */
export function discarded(socket: Socket): void {
  const linger = lingering.get(socket);
  if (linger && socket.bytesRead - linger.readFrom > LINGER_BYTES) socket.destroy();
}
