// What an HTTP client is told when its request is refused before anyone is authenticated:
// one catalogue of client-facing protocol errors (developers and HTTP clients see these, not
// people in chat), and the answer to bytes that are not HTTP at all. Every such answer is JSON
// with a Content-Length and `Connection: close`, and the connection closes without a reset.
import { STATUS_CODES, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { closeAfterAnswer, discarded, isLingering } from './lingering-close';

export const PROTOCOL_ERRORS = {
  'body-compressed': {
    status: 415,
    message: 'Compressed request bodies are not accepted: send the JSON uncompressed, without Content-Encoding.',
  },
  'body-not-json': {
    status: 415,
    message: 'Only JSON request bodies are accepted: send Content-Type: application/json (UTF-8).',
  },
  'body-too-large': { status: 413, message: 'The request body is too large: send at most {kb} KB.' },
  'body-not-parsable': { status: 400, message: 'The request body is not valid UTF-8 JSON: send one JSON value.' },
  'bad-request': {
    status: 400,
    message:
      'The request is not valid HTTP/1.1: send one request, with a Content-Length that matches its body or a chunked body.',
  },
  'headers-too-large': { status: 431, message: 'The request headers are too large: send fewer or shorter headers.' },
  'chunk-extensions-too-large': {
    status: 413,
    message: 'The chunk extensions of the request body are too large: send the body without them.',
  },
  'request-timeout': { status: 408, message: 'The request took too long to arrive: send it again.' },
} as const;
export type ProtocolError = keyof typeof PROTOCOL_ERRORS;

/** The JSON body of a protocol error, with `{name}` placeholders filled in. */
export function protocolErrorJson(code: ProtocolError, values: Record<string, string> = {}): string {
  const message = PROTOCOL_ERRORS[code].message.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return JSON.stringify({ error: { code, message } });
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'close',
};

/** Node's parser error codes (http.Server 'clientError') mapped to what the client is told. */
function clientErrorCode(code: string | undefined): ProtocolError {
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers-too-large';
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 'chunk-extensions-too-large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request-timeout';
  return 'bad-request';
}

/**
 * http.Server 'clientError': bytes that cannot be parsed as HTTP, for example what follows a body
 * whose Content-Length understated it. Node's default answers and destroys the socket at once,
 * which resets the connection while the client is still sending; here the answer in flight (or a
 * JSON error when there is none) is written first, and the connection is closed without a reset.
 * The parser reports every later chunk on the same connection again: those are only counted.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  try {
    answer(error, socket);
  } catch {
    // Emitted from inside the parser: a throw here would end the process. Dropping the connection will do.
    socket.destroy();
  }
}

function answer(error: Error & { code?: string }, socket: Socket): void {
  if (isLingering(socket)) return discarded(socket);
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const code = clientErrorCode(error.code);
  const { status } = PROTOCOL_ERRORS[code];
  const body = protocolErrorJson(code);
  const attached = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
  if (attached instanceof ServerResponse) {
    const inFlight = attached as ServerResponse;
    closeAfterAnswer(socket, inFlight);
    // A request cut short by the error (its body was not valid HTTP) waits for a body that will
    // never end: it is answered here, on its own response. A complete one keeps its handler's answer.
    if (!inFlight.headersSent && !inFlight.req.complete) {
      inFlight.writeHead(status, JSON_HEADERS); // restify's writeHead does not return the response
      inFlight.end(body);
    }
    return;
  }
  closeAfterAnswer(socket);
  const headers = Object.entries({ ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('')}\r\n${body}`);
}
