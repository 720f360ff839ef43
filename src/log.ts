// Structured logs (pino). Tokens, secrets and full email addresses never reach a log line:
// the redact paths cover the places botbuilder objects keep them, and callers log ids, not addresses.
// Every line written while a turn runs carries `turn: <id>` (the activity id, else a random one), so
// one turn's lines can be found together, across instances, and next to its trace in App Insights.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export type { Logger };

const turnScope = new AsyncLocalStorage<string>();

/** Runs `fn` as part of turn `turnId`: every log line it writes, however deep, carries that id. */
export function inTurn<T>(turnId: string, fn: () => T): T {
  return turnScope.run(turnId, fn);
}

/** The id of the turn running now, if any. */
export function currentTurnId(): string | undefined {
  return turnScope.getStore();
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'partner-link',
      level,
      mixin: () => {
        const turn = turnScope.getStore();
        return turn === undefined ? {} : { turn };
      },
      redact: {
        paths: [
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'MicrosoftAppPassword',
          '*.MicrosoftAppPassword',
          'email',
          '*.email',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
