// restify wiring: the Bot Framework endpoint and the health probe. Bad requests get a short JSON
// error that says what was wrong; nothing reaches the bot unless the channel authenticated it.
// Bodies are read by json-body.ts only, on the routes that take one (no bodyParser: it inflated gzip
// past its limit and wrote multipart uploads to the temp folder).
import restify from 'restify';
import type { StoreHealth } from '../associations/association-store';
import type { TurnRouter } from '../channel/turn';
import type { Logger } from '../log';
import { jsonBody, MAX_ACTIVITY_BYTES, refuseUnacceptableBodies } from './json-body';
import { answerClientError } from './protocol-errors';
import { inTurnScope } from './turn-scope';
import { nameRequestSpan } from '../telemetry';

export interface HttpServerDeps {
  /** The Bot Framework channel (src/channel/): authenticates a POST and runs its turn through `router`. */
  channel: { process(req: restify.Request, res: restify.Response, router: TurnRouter): Promise<void> };
  router: TurnRouter;
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
      await inTurnScope(req.body, () => deps.channel.process(req, res, deps.router));
    } catch (error) {
      // The channel rejects activities it cannot parse before it calls the bot.
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
