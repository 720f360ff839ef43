// restify wiring: the Bot Framework endpoint and the health probe. Bad requests get a short JSON
// error that says what was wrong; nothing reaches the bot unless botbuilder authenticated it.
// Bodies are read by json-body.ts only, on the routes that take one (no bodyParser: it inflated gzip
// past its limit and wrote multipart uploads to the temp folder).
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { StoreHealth } from '../associations/association-store';
import type { Logger } from '../log';
import { jsonBody, MAX_ACTIVITY_BYTES, refuseUnacceptableBodies } from './json-body';
import { answerClientError } from './protocol-errors';
import { inTurnScope } from './turn-scope';
import { nameRequestSpan } from '../telemetry';

export interface HttpServerDeps {
  adapter: CloudAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  health: () => Promise<StoreHealth>;
  log: Logger;
}

export function createHttpServer(deps: HttpServerDeps): restify.Server {
  const server = restify.createServer({ name: 'partner-link', handleUncaughtExceptions: false });
  // Bytes that are not HTTP (say, past a Content-Length that lied) get an answer the client can
  // read, not the connection reset of Node's default.
  server.server.on('clientError', answerClientError);
  server.pre(refuseUnacceptableBodies(MAX_ACTIVITY_BYTES));
  server.use((req, _res, next) => {
    const route = req.getRoute()?.path;
    if (typeof route === 'string') nameRequestSpan(req.method ?? 'GET', route);
    next();
  });

  server.post('/api/messages', jsonBody(MAX_ACTIVITY_BYTES), async (req, res) => {
    try {
      // One correlation id (log lines, trace) per turn.
      await inTurnScope(req.body, () => deps.adapter.process(req, res, deps.runTurn));
    } catch (error) {
      // botbuilder rejects activities it cannot parse before it calls the bot.
      deps.log.info({ event: 'http.bad-activity', err: String(error).slice(0, 300) }, 'rejected a malformed activity');
      if (!res.headersSent) res.send(400, { error: 'Bad request: the body is not a Bot Framework activity.' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    const store = await deps.health();
    res.send(store.ok ? 200 : 503, { status: store.ok ? 'ok' : 'unhealthy', store });
  });

  return server;
}
