// Application Insights through OpenTelemetry (@azure/monitor-opentelemetry), only when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set: without it no OpenTelemetry module is even loaded and
// nothing is sent anywhere. index.ts starts it before any other module loads (telemetry-start.ts), so
// the http instrumentation sees every server and client. Traced: each turn ('turn' span: activity
// type, channel, correlation id; never text), the Azure SDK's storage calls (its own instrumentation),
// http calls (botbuilder, msal) and fetch calls (Graph, Learn, token service) through undici's
// diagnostics channels. Every span is redacted (telemetry-redaction.ts) before it is exported.
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import diagnosticsChannel from 'node:diagnostics_channel';
import type * as OpenTelemetryApi from '@opentelemetry/api';
import type * as AzureMonitor from '@azure/monitor-opentelemetry';
import { RedactingSpanProcessor, redactText, redactUrl } from './telemetry-redaction';

export interface TelemetryOptions {
  connectionString: string | undefined;
  /** Live Metrics streams raw request data outside the span pipeline: off unless asked for. */
  liveMetrics?: boolean;
}

interface Started {
  api: typeof OpenTelemetryApi;
  monitor: typeof AzureMonitor;
  tracer: OpenTelemetryApi.Tracer;
}

let started: Started | undefined;
const load = createRequire(__filename);

/** Starts Azure Monitor OpenTelemetry; a no-op without a connection string. Returns whether it runs. */
export function startTelemetry(options: TelemetryOptions): boolean {
  if (started || !options.connectionString) return started !== undefined;
  const monitor = load('@azure/monitor-opentelemetry') as typeof AzureMonitor;
  const api = load('@opentelemetry/api') as typeof OpenTelemetryApi;
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: options.connectionString },
    enableLiveMetrics: options.liveMetrics ?? false,
    instrumentationOptions: {
      // Incoming and outgoing http; no headers are recorded (none are configured), /healthz is noise.
      http: {
        enabled: true,
        ignoreIncomingRequestHook: (request: IncomingMessage) => request.url === '/healthz',
      } as AzureMonitor.InstrumentationOptions['http'],
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
    spanProcessors: [new RedactingSpanProcessor()],
  });
  started = { api, monitor, tracer: api.trace.getTracer('partner-link') };
  traceFetch(started);
  return true;
}

/** Flushes and stops telemetry (SIGTERM); a no-op when it never started. */
export async function stopTelemetry(): Promise<void> {
  const current = started;
  started = undefined;
  await current?.monitor.shutdownAzureMonitor();
}

export interface TurnLabels {
  /** The correlation id every log line of the turn carries too. */
  turn: string;
  type: string | undefined;
  name: string | undefined;
  channel: string | undefined;
  conversationType: string | undefined;
}

/**
 * Names the incoming request's span by its route ("POST /api/messages"), as Application Insights
 * groups requests; the http instrumentation alone names it by method only. A no-op when telemetry is off.
 */
export function nameRequestSpan(method: string, route: string): void {
  const span = started?.api.trace.getActiveSpan();
  span?.setAttribute('http.route', route);
  span?.updateName(`${method} ${route}`);
}

/** Runs one bot turn inside a 'turn' span (a plain call when telemetry is off). */
export async function inTurnSpan<T>(labels: TurnLabels, fn: () => Promise<T>): Promise<T> {
  if (!started) return fn();
  const { api, tracer } = started;
  const attributes: OpenTelemetryApi.Attributes = { 'partnerlink.turn': labels.turn };
  if (labels.type) attributes['activity.type'] = labels.type;
  if (labels.name) attributes['activity.name'] = labels.name;
  if (labels.channel) attributes['activity.channel'] = labels.channel;
  if (labels.conversationType) attributes['activity.conversation_type'] = labels.conversationType;
  return tracer.startActiveSpan('turn', { kind: api.SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({
        code: api.SpanStatusCode.ERROR,
        message: redactText(error instanceof Error ? error.message : String(error)),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

interface UndiciRequest {
  origin: string;
  method: string;
  path: string;
}

/** Client spans for fetch() (Node's undici), which the http instrumentation does not see. */
function traceFetch({ api, tracer }: Started): void {
  const spans = new WeakMap<object, OpenTelemetryApi.Span>();
  diagnosticsChannel.subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    let host = '';
    try {
      host = new URL(request.origin).host;
    } catch {
      return;
    }
    const url = redactUrl(`${request.origin}${request.path}`);
    const span = tracer.startSpan(`${request.method} ${new URL(url).pathname}`, {
      kind: api.SpanKind.CLIENT,
      attributes: { 'http.request.method': request.method, 'url.full': url, 'server.address': host },
    });
    spans.set(request, span);
  });
  diagnosticsChannel.subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 400) span.setStatus({ code: api.SpanStatusCode.ERROR });
    span.end();
    spans.delete(request);
  });
  diagnosticsChannel.subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    const span = spans.get(request);
    if (!span) return;
    span.setStatus({
      code: api.SpanStatusCode.ERROR,
      message: redactText(error instanceof Error ? `${error.name}: ${error.message}` : 'request failed'),
    });
    span.end();
    spans.delete(request);
  });
}
