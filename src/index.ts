// Process entry: read configuration, build the app, listen, and shut down cleanly on SIGTERM/SIGINT.
// telemetry-start must stay the first import: OpenTelemetry has to hook http before anything loads it.
import './telemetry-start';
import { createApp } from './app';
import { CatalogueError, loadCatalogue } from './certifications/catalogue';
import { ConfigError, loadConfig, missingWorkConsents } from './config';
import { createLogger } from './log';
import { DatabaseVersionError } from './storage/open-stores';
import { stopTelemetry } from './telemetry';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // The designation catalogue (shipped, or CATALOGUE_PATH) is checked before anything starts.
  let catalogue;
  try {
    catalogue = loadCatalogue(config.cataloguePath);
  } catch (error) {
    if (error instanceof CatalogueError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  log.info(
    {
      event: 'catalogue',
      source: config.cataloguePath ?? 'shipped',
      asOf: catalogue.asOf,
      areas: catalogue.areas.length,
    },
    'designation catalogue loaded',
  );
  log.info(
    {
      event: 'config',
      sources: config.sources,
      host: config.host,
      port: config.port,
      store: config.storage.engine,
      ...(config.storage.engine === 'sqlite'
        ? { sqlitePath: config.sqlitePath }
        : { storagePrefix: config.storage.prefix }),
    },
    'configuration loaded',
  );
  const missingConsents = missingWorkConsents(config.workConnectionScopes);
  if (missingConsents.length > 0) {
    log.warn(
      { event: 'config.consent-missing', missing: missingConsents },
      `The work connection (${config.workConnectionName}) is set without ${missingConsents.join(' and ')}: team status needs User.ReadBasic.All with admin consent, or Graph lists a manager's reports without their names. Add it to the connection's scopes, grant admin consent in Entra ID, and set WORK_CONNECTION_SCOPES to match.`,
    );
  }
  if (!config.teamApp)
    log.warn(
      { event: 'config.team-app-missing' },
      "No app credentials for the app's own Graph token (MicrosoftAppId/MicrosoftAppPassword): a team's members cannot be read, so team channels get neither counts nor per-person detail.",
    );
  if (!config.channelAuthEnabled) {
    log.warn(
      { event: 'channel-auth.disabled' },
      `MicrosoftAppId is empty: channel authentication is OFF, so the bot listens on this machine only (${config.host}). Anyone who can reach /api/messages can talk to the bot as anyone.`,
    );
  }
  let app;
  try {
    app = createApp(config, { log, catalogue });
  } catch (error) {
    // Almost always the store: a path that cannot be a file, no permission, or a newer schema.
    const reason =
      error instanceof DatabaseVersionError
        ? error.message
        : `${error instanceof Error ? error.message : String(error)}.`;
    if (config.storage.engine === 'sqlite') {
      log.fatal(
        { event: 'start.failed', sqlitePath: config.sqlitePath },
        `Partner Link cannot open its database at ${config.sqlitePath}: ${reason} Set SQLITE_PATH to a writable file path.`,
      );
    } else {
      log.fatal(
        { event: 'start.failed', store: 'azure' },
        `Partner Link cannot open its Azure Storage stores: ${reason} Check STORE and the AZURE_STORAGE_ settings.`,
      );
    }
    process.exit(1);
  }
  app.listen(config.port, config.host).then(
    (address) =>
      log.info(
        { event: 'listening', address: `${address.address}:${address.port}` },
        `Partner Link listening on http://${address.address}:${address.port}/api/messages`,
      ),
    (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? ` Port ${config.port} is in use: set PORT to a free port.` : '';
      log.fatal({ event: 'listen.failed', code: error.code }, `could not listen.${hint}`);
      process.exit(1);
    },
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'shutdown', signal }, 'shutting down');
    // Finish the turns in flight, then send the last traces.
    app.close().then(
      () =>
        stopTelemetry().then(
          () => process.exit(0),
          () => process.exit(0),
        ),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
