// Imported first by index.ts, before any other module, so OpenTelemetry's instrumentation is in place
// before http, restify, botbuilder, msal or the Azure SDK load. It reads the one setting through
// config.ts (which loads no network module); a bad configuration is left for index.ts to report.
import { ConfigError, loadConfig } from './config';
import { startTelemetry } from './telemetry';

try {
  startTelemetry({ connectionString: loadConfig().telemetry.connectionString });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
}
