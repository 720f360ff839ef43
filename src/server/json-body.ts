// Request bodies, before anyone is authenticated: uncompressed UTF-8 JSON only, read only on the
// routes that take one, and never more than the route's limit. The size is counted while the body
// streams (chunked, or with a Content-Length that lies), so nothing unauthenticated can make the
// process inflate, buffer or write to disk more than that. Bot Framework never compresses.
import type restify from 'restify';
import { closeAfterAnswer, discarded } from './lingering-close';
import { PROTOCOL_ERRORS, protocolErrorJson } from './protocol-errors';

/** /api/messages: Teams messages are at most about 100 KB; invokes carry card data. */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

export type BodyRefusal = 'compressed' | 'not-json' | 'too-large' | 'not-parsable';

/**
 * Answers 4xx with `Connection: close` and stops reading the body: what the client still sends is
 * discarded, not buffered, until it closes (bounded, see lingering-close.ts), so it reads the answer
 * instead of a connection reset.
 */
function refuse(req: restify.Request, res: restify.Response, refusal: BodyRefusal, maxBytes: number): void {
  const code = `body-${refusal}` as const;
  const socket = req.socket;
  closeAfterAnswer(socket, res);
  req.on('data', () => discarded(socket));
  req.resume();
  const body = protocolErrorJson(code, { kb: String(Math.floor(maxBytes / 1024)) });
  // Connection: close tells a pooling client not to send its next request on this connection;
  // Content-Length lets it read the whole answer even if it stops reading the connection afterwards.
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (refusal === 'compressed') headers['accept-encoding'] = 'identity';
  res.sendRaw(PROTOCOL_ERRORS[code].status, body, headers);
}

/** RFC 9112: a request has a body when it says Transfer-Encoding or a non-zero Content-Length. */
function hasBody(req: restify.Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

/** What the headers alone rule out: compression, any type but JSON (no forms, no multipart), a declared size over the limit. */
function headerRefusal(req: restify.Request, maxBytes: number): BodyRefusal | undefined {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return 'compressed';
  if (!isJsonUtf8(req.headers['content-type'])) return 'not-json';
  const length = Number(req.headers['content-length'] ?? '0');
  if (!Number.isSafeInteger(length) || length > maxBytes) return 'too-large';
  return undefined;
}

/** `application/json`, with no charset or charset=utf-8 (any case, quoted or not). */
export function isJsonUtf8(contentType: string | undefined): boolean {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => {
    const at = parameter.indexOf('=');
    const name = at < 0 ? parameter : parameter.slice(0, at).trim();
    const value =
      at < 0
        ? ''
        : parameter
            .slice(at + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    return name !== 'charset' || value === 'utf-8' || value === 'utf8';
  });
}

/**
 * Runs before routing, for every request: a body that is compressed, not JSON or declared too large
 * is refused at once and never read, whatever the route.
 */
export function refuseUnacceptableBodies(maxBytes: number = MAX_ACTIVITY_BYTES): restify.RequestHandler {
  return (req, res, next) => {
    const refusal = hasBody(req) ? headerRefusal(req, maxBytes) : undefined;
    if (!refusal) return next();
    refuse(req, res, refusal, maxBytes);
    return next(false);
  };
}

/** On a route that takes a body: reads at most maxBytes of JSON into req.body, or answers 4xx and stops. */
export function jsonBody(maxBytes: number): restify.RequestHandler {
  return (req, res, next) => {
    const refusal = headerRefusal(req, maxBytes);
    if (refusal) {
      refuse(req, res, refusal, maxBytes);
      return next(false);
    }
    readAtMost(req, maxBytes).then(
      (raw) => {
        if (raw === 'too-large') {
          refuse(req, res, 'too-large', maxBytes);
          return next(false);
        }
        const parsed = parseJson(raw);
        if (parsed === undefined) {
          refuse(req, res, 'not-parsable', maxBytes);
          return next(false);
        }
        req.body = parsed.value;
        return next();
      },
      // The client went away mid-body: nobody is left to answer.
      () => next(false),
    );
  };
}

function parseJson(raw: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown };
  } catch {
    return undefined;
  }
}

/** The body, or 'too-large' the moment more than maxBytes arrived (reading stops there). */
function readAtMost(req: restify.Request, maxBytes: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish();
        req.pause();
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      finish();
      reject(error);
    };
    const onClose = () => {
      finish();
      reject(new Error('the client closed the connection before the body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
