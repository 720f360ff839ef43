// A pino logger whose lines a test can read (to check that no secret or personal data is logged).
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log';

export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}
