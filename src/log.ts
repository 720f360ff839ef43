// Structured logs (pino). Tokens, secrets and full email addresses never reach a log line:
// the redact paths cover the places botbuilder objects keep them, and callers log ids, not addresses.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'partner-link',
      level,
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'MicrosoftAppPassword', '*.MicrosoftAppPassword', 'email', '*.email'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
