// What the sign-in stand-in's services share: one parsed request, one reply shape, and the small
// HTTP helpers they all need. Each service answers the requests it owns and ignores the rest.
import type http from 'node:http';

export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  authorization: string | undefined;
  /** Came in on the HTTPS listener (the tab's issuer). */
  secure: boolean;
}

export interface StandInReply {
  status: number;
  payload?: unknown;
  contentType?: 'application/json' | 'text/html';
  headers?: Record<string, string>;
}

/** A Microsoft service the stand-in plays: its answer, or undefined when the request is not its own. */
export interface StandInService {
  handle(request: StandInRequest): StandInReply | undefined;
}

export const json = (status: number, payload?: unknown): StandInReply =>
  payload === undefined ? { status } : { status, payload };
export const html = (status: number, page: string): StandInReply => ({
  status,
  payload: page,
  contentType: 'text/html',
});

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 200;
}
